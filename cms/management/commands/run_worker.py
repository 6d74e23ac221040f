"""Run the database task worker (webhook deliveries) and keep it running.

    python manage.py run_worker            # the webhooks queue, as `make run` starts it

Why: django-tasks-db's `db_worker` exits at the first database error, so a PostgreSQL
restart or failover stopped webhook deliveries until someone noticed. This command runs
the same worker loop in-process and, when it stops because the database went away,
closes the broken connections, logs one line and starts it again after a backoff
(1 s, 2 s, 4 s, ... up to --max-backoff; back to 1 s after a minute of health). A task
that was running when the connection broke is put back in the queue (at-least-once:
a receiver may see a delivery twice; each carries its event and timestamp). Any other
error is a bug and still ends the process, for the service manager to report.
SIGTERM or Ctrl-C stop it cleanly (after the running task). See docs/operations.md.
"""

from __future__ import annotations

import contextlib
import logging
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import Error as DatabaseError
from django.db import connections
from django_tasks.base import TaskResultStatus
from django_tasks.utils import get_random_id
from django_tasks_db.management.commands.db_worker import (
    Worker,
    valid_backend_name,
    valid_interval,
)
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("cms.worker")
HEALTHY_SECONDS = 60


def _close_connections() -> None:
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(DatabaseError):  # already broken: closing is all we want
            connection.close()


def _requeue_interrupted(worker_id: str, backend_name: str) -> int:
    """Put back the task this worker had claimed when its connection broke."""
    running = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, backend_name=backend_name
    )
    ours = [task.pk for task in running if task.worker_ids and task.worker_ids[-1] == worker_id]
    return DBTaskResult.objects.filter(pk__in=ours, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.READY, started_at=None
    )


class Command(BaseCommand):
    help = "Run the webhook task worker; restart it with backoff when the database goes away."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--backend", default="webhooks", type=valid_backend_name)
        parser.add_argument("--queue-name", default="webhooks", help="Comma-separated queues.")
        parser.add_argument(
            "--interval",
            default=1.0,
            type=valid_interval,
            help="Seconds between polls of an empty queue (default 1).",
        )
        parser.add_argument(
            "--max-backoff",
            default=60.0,
            type=valid_interval,
            help="Longest wait between restarts, in seconds (default 60).",
        )

    def handle(
        self,
        *args: Any,
        backend: str,
        queue_name: str,
        interval: float,
        max_backoff: float,
        **options: Any,
    ) -> None:
        worker_id = get_random_id()
        worker = Worker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=False,
            backend_name=backend,
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
        )
        worker.configure_signals()
        logger.warning("Task worker %s started on queues %s.", worker_id, queue_name)
        delay = 1.0
        pending_requeue = False
        while worker.running:
            started = time.monotonic()
            try:
                if pending_requeue:
                    requeued = _requeue_interrupted(worker_id, backend)
                    pending_requeue = False
                    if requeued:
                        logger.warning("Put %d interrupted task(s) back in the queue.", requeued)
                worker.run()
                return
            except DatabaseError as error:
                _close_connections()
                pending_requeue = True
                if time.monotonic() - started > HEALTHY_SECONDS:
                    delay = 1.0
                logger.warning(
                    "Task worker lost the database (%s: %s); restarting in %g s.",
                    type(error).__name__,
                    str(error).strip().splitlines()[0] if str(error).strip() else "",
                    delay,
                )
                time.sleep(delay)
                delay = min(delay * 2, max_backoff)
