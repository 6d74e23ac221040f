"""Send reads to a PostgreSQL read replica and everything else to the primary.

Enabled by DATABASE_REPLICA_URL (cms/settings/production.py). Reads inside a
transaction stay on the primary so that code which writes and then reads (the admin,
publishing, form submissions) sees its own writes despite replication lag.
"""

from __future__ import annotations

from typing import Any

from django.db import connections


class PrimaryReplicaRouter:
    def db_for_read(self, model: type, **hints: Any) -> str:
        if connections["default"].in_atomic_block:
            return "default"
        return "replica"

    def db_for_write(self, model: type, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"
