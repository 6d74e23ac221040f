"""A task for the worker tests: the worker process imports it by its dotted path."""

from __future__ import annotations

from django_tasks import task


@task(backend="webhooks", queue_name="webhooks")
def echo(value: str) -> str:
    """Returns its argument: a task whose result shows that a worker ran it."""
    return value
