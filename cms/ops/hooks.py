"""Admin hooks of operations: the dashboard's "Background tasks" panel."""

from __future__ import annotations

from wagtail import hooks

from cms.ops.task_queue import add_task_queue_panel

hooks.register("construct_homepage_panels", add_task_queue_panel)
