"""Send reads to a PostgreSQL read replica and everything else to the primary.

Enabled by DATABASE_REPLICA_URL (cms/settings/production.py). Reads inside a
transaction stay on the primary so that code which writes and then reads (the admin,
publishing, form submissions) sees its own writes despite replication lag.
"""

from __future__ import annotations

from typing import Any

from django.db import connections

# Wagtail's editing records, which it reaches through generic relations
# (page.revisions, page.workflow_states): Django pins such a relation's queryset to the
# read database, and Wagtail updates through it when publishing and unpublishing
# (`page.revisions.update(approved_go_live_at=None)`), which a read-only replica refuses.
PRIMARY_ONLY = {"wagtailcore.revision", "wagtailcore.workflowstate", "wagtailcore.taskstate"}


class PrimaryReplicaRouter:
    def db_for_read(self, model: type, **hints: Any) -> str:
        if connections["default"].in_atomic_block:
            return "default"
        if any(
            parent._meta.label_lower in PRIMARY_ONLY
            for parent in (model, *model._meta.get_parent_list())
        ):
            return "default"
        return "replica"

    def db_for_write(self, model: type, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"
