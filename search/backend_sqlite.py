"""The SQLite FTS5 backend (development, tests, small sites), with the project's rules.

Imported only when the database is SQLite with FTS5 (``search.backend.SearchBackend``):
modelsearch defines its SQLite models only then.
"""

from __future__ import annotations

from modelsearch.backends.database.sqlite.sqlite import SQLiteIndex, SQLiteSearchBackend

from search.norms import KeptNormsIndex


class AllianceSQLiteIndex(KeptNormsIndex, SQLiteIndex):
    """A save sets its own entries' title norms (search/norms.py)."""


class AllianceSQLiteSearchBackend(SQLiteSearchBackend):
    index_class = AllianceSQLiteIndex
