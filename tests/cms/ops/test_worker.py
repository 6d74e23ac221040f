"""The task worker survives the database going away, and a stalled queue is visible.

The reconnect test runs `manage.py run_worker` as a real process against the
PostgreSQL test database, cuts it off (connections refused, its backends terminated,
as during a restart), lets the database back and checks that a task enqueued afterwards
runs. `db_worker` alone exits at the first of those errors.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psycopg2
import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.cms.ops.tasks import echo

pytestmark = pytest.mark.resilience

BASE_DIR = Path(__file__).resolve().parents[3]
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


def wait_until(condition: Callable[[], bool], seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def finished(task_id: str) -> bool:
    return DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.SUCCESSFUL).exists()


def maintenance(sql: str, *params: object) -> list[tuple]:
    """Run SQL from the "postgres" database, as an operator would during a restart."""
    database = connection.settings_dict
    admin = psycopg2.connect(
        dbname="postgres",
        host=database["HOST"],
        port=database["PORT"],
        user=database["USER"],
        password=database["PASSWORD"],
    )
    try:
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else []
    finally:
        admin.close()


def cut_off_database(name: str) -> int:
    """Refuse new connections to the database and end the worker's (ours stays)."""
    maintenance(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def allow_connections(name: str) -> None:
    maintenance(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')


@pytest.mark.skipif(not ON_POSTGRES, reason="terminates PostgreSQL backends")
@pytest.mark.django_db(transaction=True)
def test_worker_reconnects_after_the_database_goes_away(tmp_path: Path):
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    log_path = tmp_path / "worker.log"
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        # Persistent connections, as in production: the broken one is reused, not replaced.
        "CONN_MAX_AGE": "600",
    }
    with log_path.open("w") as log:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.2", "--max-backoff", "1"],
            cwd=BASE_DIR,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        before = echo.enqueue("before the restart")
        assert wait_until(lambda: finished(before.id)), log_path.read_text()

        try:
            assert cut_off_database(database["NAME"]) >= 1
            assert wait_until(lambda: "lost the database" in log_path.read_text(), 20)
            time.sleep(2)  # the worker retries against a database that refuses it
        finally:
            allow_connections(database["NAME"])

        after = echo.enqueue("after the restart")
        assert wait_until(lambda: finished(after.id)), log_path.read_text()
        assert worker.poll() is None
        restarts = [
            line for line in log_path.read_text().splitlines() if "lost the database" in line
        ]
        assert len(restarts) >= 2  # one line per restart, with backoff
        assert "Traceback" not in log_path.read_text()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert worker.returncode == 0


@pytest.mark.django_db
def test_readyz_reports_the_oldest_due_task_and_stalled(settings):
    settings.TASK_STALL_SECONDS = 300
    client = Client()
    body = client.get("/readyz").json()
    assert body["tasks"] == {
        "status": "ok",
        "oldest_pending_seconds": None,
        "stall_threshold_seconds": 300,
    }

    fresh = echo.enqueue("fresh")
    body = client.get("/readyz").json()
    assert body["tasks"]["status"] == "ok"
    assert body["tasks"]["oldest_pending_seconds"] < 60

    # Done tasks and retries scheduled for later do not count, however old.
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    DBTaskResult.objects.filter(pk=fresh.id).update(
        enqueued_at=long_ago, status=TaskResultStatus.SUCCESSFUL
    )
    later = echo.using(run_after=timezone.now() + datetime.timedelta(minutes=5)).enqueue("x")
    DBTaskResult.objects.filter(pk=later.id).update(enqueued_at=long_ago)
    assert client.get("/readyz").json()["tasks"]["oldest_pending_seconds"] is None

    stuck = echo.enqueue("stuck")
    DBTaskResult.objects.filter(pk=stuck.id).update(enqueued_at=long_ago)
    response = client.get("/readyz")
    assert response.status_code == 200  # the app servers still serve pages
    assert response.json()["tasks"]["status"] == "stalled"
    assert response.json()["tasks"]["oldest_pending_seconds"] >= 7200


@pytest.mark.django_db
def test_admin_dashboard_shows_a_stalled_queue_to_administrators_only(administrator, editor):
    stuck = echo.enqueue("stuck")
    DBTaskResult.objects.filter(pk=stuck.id).update(
        enqueued_at=timezone.now() - datetime.timedelta(hours=1)
    )
    client = Client()
    client.force_login(administrator)
    page = client.get("/admin/").content.decode()
    assert "Background tasks (webhook deliveries)" in page
    assert "Stalled: a task has waited" in page

    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Background tasks" not in response.content.decode()


def test_run_worker_refuses_bad_arguments():
    result = subprocess.run(
        [sys.executable, "manage.py", "run_worker", "--backend", "default"],
        cwd=BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "is not a database backend" in result.stderr
    assert "Traceback" not in result.stderr
