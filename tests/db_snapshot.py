"""Every row of the test database, kept in memory and put back in a few milliseconds.

`load_demo_content` takes 10 to 25 seconds (twenty bilingual profiles through
wagtail-localize, the articles, their images) and a dozen test modules need the demo
site; each used to run it. A `Snapshot` of the rows one real load produced lets the
later ones put back the same rows instead (tests/shared_data.py::load_demo).

What it copies and why it is exact:

* every table Django's introspection lists, except `django_migrations` (the same rows
  throughout a session), read with raw SQL: on PostgreSQL through `COPY` in its text
  format, which gives back tsvectors, JSON, arrays and timestamps byte for byte; on
  SQLite with a unary `+` on each column, which hides the declared type from the
  sqlite3 module's converters (Django registers them for dates and booleans), so the
  values go back with the storage class they came with;
* SQLite's full-text tables (`CREATE VIRTUAL TABLE … USING fts5`) and their shadow
  tables are not copied: Wagtail's triggers on `wagtailsearch_indexentry` fill and
  empty them as that table's rows are deleted and inserted (the FTS table is emptied
  first, so nothing can be left behind);
* a restore empties every table (TRUNCATE on PostgreSQL, DELETE on SQLite) and
  inserts the snapshot's rows in one transaction (a savepoint inside a test's
  transaction). Django declares its foreign keys DEFERRABLE
  INITIALLY DEFERRED on both databases (and no migration of ours or of a dependency
  adds one that is not: tests/test_db_snapshot.py checks), so the order of the tables
  does not matter;
* sequences only ever move forwards: a PostgreSQL sequence is set to the larger of its
  value and the table's highest id, and SQLite's AUTOINCREMENT keeps the largest id it
  has seen. A restore inside a transaction that is rolled back must not leave a
  sequence below the ids of rows that come back with the rollback (PostgreSQL does not
  roll back sequences).

Table, column and sequence names come from the database's own catalogue and are quoted
(hence the S608 exemptions: no value from outside reaches the SQL text).

A restore changes content-type ids (a flush re-creates the content types with new
ones) and every cached lookup, so the caller empties Django's caches and the
content-type cache afterwards (tests/shared_data.py).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

# The same in every state a test can leave behind, and written only by `migrate`.
UNCHANGING_TABLES = {"django_migrations"}
FTS5_SHADOW_SUFFIXES = ("_data", "_idx", "_content", "_docsize", "_config")


def _quote(connection: BaseDatabaseWrapper, name: str) -> str:
    return connection.ops.quote_name(name)


def _sqlite_virtual_tables(connection: BaseDatabaseWrapper) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND sql LIKE 'CREATE VIRTUAL TABLE%'"
        )
        return [row[0] for row in cursor.fetchall()]


def copied_tables(connection: BaseDatabaseWrapper) -> tuple[list[str], list[str]]:
    """The tables a snapshot copies, and the full-text tables it empties but leaves to
    the triggers that fill them (SQLite only)."""
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
    virtual = _sqlite_virtual_tables(connection) if connection.vendor == "sqlite" else []
    derived = {f"{table}{suffix}" for table in virtual for suffix in FTS5_SHADOW_SUFFIXES} | set(
        virtual
    )
    tables = sorted(name for name in names if name not in UNCHANGING_TABLES | derived)
    return tables, virtual


@dataclass
class Snapshot:
    """The rows of every table of one database at one moment."""

    alias: str
    vendor: str
    # PostgreSQL: COPY text per table. SQLite: (columns, rows) per table.
    postgresql_rows: dict[str, bytes] = field(default_factory=dict)
    sqlite_rows: dict[str, tuple[list[str], list[tuple]]] = field(default_factory=dict)
    fulltext_tables: list[str] = field(default_factory=list)
    sequence_sql: str = ""

    @classmethod
    def take(cls, alias: str = "default") -> Snapshot:
        connection = connections[alias]
        tables, virtual = copied_tables(connection)
        snapshot = cls(alias=alias, vendor=connection.vendor, fulltext_tables=virtual)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                for table in tables:
                    buffer = io.BytesIO()
                    cursor.copy_expert(f"COPY {_quote(connection, table)} TO STDOUT", buffer)
                    snapshot.postgresql_rows[table] = buffer.getvalue()
                snapshot.sequence_sql = _sequence_sql(connection, cursor, tables)
            elif connection.vendor == "sqlite":
                for table in tables:
                    columns = [
                        column.name
                        for column in connection.introspection.get_table_description(cursor, table)
                    ]
                    plain = ", ".join(f"+{_quote(connection, column)}" for column in columns)
                    cursor.execute(f"SELECT {plain} FROM {_quote(connection, table)}")  # noqa: S608
                    snapshot.sqlite_rows[table] = (columns, cursor.fetchall())
            else:
                # The project runs on these two only (README); say so rather than guess.
                raise ValueError(f"Snapshots cover PostgreSQL and SQLite, not {connection.vendor}.")
        return snapshot

    @property
    def tables(self) -> list[str]:
        return sorted(self.postgresql_rows or self.sqlite_rows)

    def restore(self) -> None:
        """Makes the database hold exactly the snapshot's rows (in the copied tables)."""
        connection = connections[self.alias]
        current, _virtual = copied_tables(connection)
        if set(current) != set(self.tables):
            raise RuntimeError(
                "The database's tables changed since the snapshot: "
                f"{sorted(set(current) ^ set(self.tables))}"
            )
        with transaction.atomic(using=self.alias), connection.cursor() as cursor:
            if self.vendor == "postgresql":
                self._restore_postgresql(connection, cursor)
            else:
                self._restore_sqlite(connection, cursor)

    def _restore_postgresql(self, connection: BaseDatabaseWrapper, cursor) -> None:
        # TRUNCATE (in one statement, so that foreign keys between the tables are no
        # obstacle), as Django's flush does, rather than DELETE: deleted rows stay in
        # the tables as dead tuples until a vacuum, and a dozen restores of bloated
        # tables change the planner's choices (tests/search/test_facets.py checks that
        # the search uses its index).
        # TRUNCATE refuses a table with foreign-key checks still pending in the
        # transaction (rows that the demo load or a test wrote before this restore):
        # run them now, then defer the checks again for the rows the COPYs insert.
        tables = ", ".join(_quote(connection, table) for table in self.tables)
        cursor.execute(
            f"SET CONSTRAINTS ALL IMMEDIATE; TRUNCATE {tables}; SET CONSTRAINTS ALL DEFERRED"
        )
        for table, data in self.postgresql_rows.items():
            if data:
                cursor.copy_expert(f"COPY {_quote(connection, table)} FROM STDIN", io.BytesIO(data))
        if self.sequence_sql:
            cursor.execute(self.sequence_sql)

    def _restore_sqlite(self, connection: BaseDatabaseWrapper, cursor) -> None:
        for table in self.fulltext_tables:
            cursor.execute(f"DELETE FROM {_quote(connection, table)}")  # noqa: S608
        for table in self.tables:
            cursor.execute(f"DELETE FROM {_quote(connection, table)}")  # noqa: S608
        for table, (columns, rows) in self.sqlite_rows.items():
            if not rows:
                continue
            names = ", ".join(_quote(connection, column) for column in columns)
            marks = ", ".join("%s" for _column in columns)
            cursor.executemany(
                f"INSERT INTO {_quote(connection, table)} ({names}) VALUES ({marks})",  # noqa: S608
                rows,
            )


def _sequence_sql(connection: BaseDatabaseWrapper, cursor, tables: Iterable[str]) -> str:
    """One statement that moves every sequence of `tables` to at least its column's
    highest value, never backwards."""
    calls = []
    for table in tables:
        for sequence in connection.introspection.get_sequences(cursor, table):
            name = _quote(connection, sequence["name"])
            column = _quote(connection, sequence["column"])
            highest = f"SELECT MAX({column}) FROM {_quote(connection, table)}"  # noqa: S608
            current = f"SELECT last_value FROM {name}"  # noqa: S608
            calls.append(f"setval('{name}'::regclass, GREATEST(({highest}), ({current})))")
    return f"SELECT {', '.join(calls)}" if calls else ""
