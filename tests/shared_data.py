"""Data that the tests of one module share: built once per module, not once per test.

Loading the demo or a large data set takes seconds (several times that on a busy CI
machine); a module whose tests each rebuilt it spent most of its time doing so. A
module-scoped fixture builds it once with one of these helpers, chosen by how the
tests reach the database:

* `rolled_back`, for tests in a transaction (`django_db`): the data is built inside an
  outer transaction that is rolled back when the module ends. Each test's own
  transaction (pytest-django's) is a savepoint inside it and is rolled back after the
  test, so whatever a test changes is undone before the next one starts. Not for
  `django_db(transaction=True)` tests, which commit and flush.
* `committed`, for tests that a live server (another thread and, on PostgreSQL,
  another connection) must answer: the data is committed and shown by a live server of
  the module; the tests are not marked `django_db(transaction=True)`, whose flush after
  every test would remove the data, and the database is open to them until the module
  ends, when the same flush empties it. Only for tests that read, or whose writes no
  other test of the module can see.

Both empty every cache before building and when the module ends, so that nothing cached
from one module's data (Wagtail's site root paths, renditions, pages, fragments) is
seen by another.

`load_demo` runs `load_demo_content` for real once per run and kind of database (the
first xdist worker to ask; the others take its rows and media files from the disk,
tests/snapshot_store.py), and afterwards puts back the rows that load produced
(tests/db_snapshot.py): 0.05 s on SQLite and 0.4 s on PostgreSQL instead of 10 to 50
seconds, a dozen times per suite.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Generic, TypeVar

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import FileField
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from tests.db_snapshot import Snapshot
from tests.snapshot_store import folder_for, shared_object

T = TypeVar("T")


def clear_caches() -> None:
    for alias in caches:
        caches[alias].clear()


def forget_cached_lookups() -> None:
    """Empties what this process remembers of the database's rows: Django's caches
    (Wagtail's site root paths, renditions, the page and fragment caches with their
    generation) and the content types by id, which a restore may renumber."""
    clear_caches()
    ContentType.objects.clear_cache()


@dataclass
class DemoSnapshot:
    """The rows a real `load_demo_content` made, and the media files they refer to."""

    rows: Snapshot
    # Names in the default storage, the only one the project's file fields use.
    files: list[str]
    # The demo dates its undated news by the day it is loaded (the field's default).
    day: datetime.date = field(default_factory=timezone.localdate)

    def files_present(self) -> bool:
        """False when a test deleted a demo image (Wagtail removes the file with the
        row) or the media folder moved: the rows would then point at nothing."""
        return all(default_storage.exists(name) for name in self.files)


# By database (alias, vendor, name): the rows `migrate` left, recorded by the
# `django_db_setup` of tests/conftest.py before any test ran.
migrated_snapshots: dict[tuple[str, ...], Snapshot] = {}
# By database and the settings that change what the demo loader makes.
demo_snapshots: dict[tuple, DemoSnapshot] = {}


def database_key(alias: str = DEFAULT_DB_ALIAS) -> tuple[str, ...]:
    connection = connections[alias]
    return (alias, connection.vendor, str(connection.settings_dict["NAME"]))


def demo_key() -> tuple:
    return (
        database_key(),
        tuple(settings.LANGUAGES),
        tuple(getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", ())),
        settings.DEBUG,
        str(settings.MEDIA_ROOT),
    )


def remember_migrated_database() -> None:
    """Records the freshly migrated test database, the state every real demo load of
    `load_demo` starts from."""
    migrated_snapshots[database_key()] = Snapshot.take()


def restore_migrated_database() -> None:
    """Puts back the rows `migrate` left (site, locales, home pages, roles, workflow),
    replacing whatever is there; a flush alone (what Django's transactional tests end
    with) would leave the next test on this worker a database without its Site."""
    migrated = migrated_snapshots.get(database_key())
    if migrated is None:
        return
    migrated.restore()
    forget_cached_lookups()


# Set when a transactional test's teardown put the migrated rows back instead of
# flushing; tests/conftest.py's teardown hook then has nothing left to do.
_restored_at_teardown = False


def restore_instead_of_flush(test_case) -> bool:
    """What a transactional test's teardown does on the default database, when its
    migrated rows were recorded: put them back (TRUNCATE and insert, 0.5 s on
    PostgreSQL) instead of Django's flush (the same TRUNCATE, then every post_migrate
    handler: 0.8 s) followed by the same restore, which the suite did after every such
    test (tests/conftest.py). The rows afterwards are the same: the migrated ones.
    False, and Django flushes as usual, for anything else (other databases, a subset of
    the apps, serialized rollback)."""
    global _restored_at_teardown
    if test_case.available_apps is not None or test_case.serialized_rollback:
        return False
    if list(test_case._databases_names(include_mirrors=False)) != [DEFAULT_DB_ALIAS]:
        return False
    if database_key() not in migrated_snapshots:
        return False
    restore_migrated_database()
    _restored_at_teardown = True
    return True


def restored_at_teardown() -> bool:
    """Whether the last transactional teardown put the migrated rows back (and forgets
    it, for the next test)."""
    global _restored_at_teardown
    restored, _restored_at_teardown = _restored_at_teardown, False
    return restored


def media_files() -> list[str]:
    """Every file that a row of the database names (images, renditions, documents)."""
    files = []
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, FileField):
                if model_field.storage is not default_storage:
                    raise ValueError(f"{model_field} keeps its files outside the default storage")
                names = (
                    model._base_manager.exclude(**{model_field.attname: ""})
                    .exclude(**{f"{model_field.attname}__isnull": True})
                    .values_list(model_field.attname, flat=True)
                )
                files.extend(names)
    return files


def real_demo_load() -> None:
    """`load_demo_content` run for real on the freshly migrated database (as far as
    one was recorded), whatever earlier tests left or flushed."""
    migrated = migrated_snapshots.get(database_key())
    if migrated is not None:
        migrated.restore()
        forget_cached_lookups()
    call_command("load_demo_content", stdout=StringIO(), stderr=StringIO())


def load_demo() -> None:
    """The demo site, as `load_demo_content` makes it on the migrated database: any
    other rows, and what an earlier transactional test's flush removed (site, locales,
    roles, workflow), are replaced. The first call of a process runs the command and
    records its rows; later ones put the same rows back (tests/db_snapshot.py)."""
    key = demo_key()
    demo = demo_snapshots.get(key)
    if demo is not None and demo.files_present():
        demo.rows.restore()
        forget_cached_lookups()
        return
    demo, made_here = shared_object(
        # Another worker's database has another name but the same tables and rows.
        folder_for("demo", key[0][1], *key[1:4], timezone.localdate()),
        make=_real_demo_snapshot,
        files_of=lambda demo: demo.files,
        media_root=Path(settings.MEDIA_ROOT),
    )
    if demo is None:
        return
    demo_snapshots[key] = demo
    if not made_here:
        demo.rows.restore()
        forget_cached_lookups()


def _real_demo_snapshot() -> DemoSnapshot | None:
    """A real load, kept if it started from the migrated database (only such a load
    is worth repeating)."""
    real_demo_load()
    if database_key() not in migrated_snapshots:
        return None
    return DemoSnapshot(rows=Snapshot.take(), files=media_files())


def bilingual_home() -> tuple[Page, Page]:
    """The English home page that the migrations put at the site root and its published
    French translation, made as the suite's `home_en` and `home_fr` fixtures make them
    (tests/conftest.py), for data built before any function-scoped fixture exists."""
    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    fr = Locale.objects.get(language_code="fr")
    home_en = Site.objects.get(is_default_site=True).root_page.specific
    home_fr = home_en.get_translation_or_none(fr)
    if home_fr is None:
        home_fr = home_en.copy_for_translation(fr)
    home_fr = home_fr.specific
    home_fr.alias_of = None
    home_fr.title = "Alliance européenne des villes et des régions pour l’inclusion des Roms"
    home_fr.slug = "accueil"
    home_fr.introduction = "L’Alliance lutte contre la discrimination des Roms."
    home_fr.save_revision().publish()
    # Publishing saves the revision's copy: re-read the page, or children added to it
    # would be stored under its old address (/home-fr/), which no site serves.
    home_fr.refresh_from_db()
    return home_en, home_fr


def rolled_back(django_db_blocker, build: Callable[[], T]) -> Iterator[T]:
    """Yields what `build` made inside a transaction rolled back afterwards."""
    with django_db_blocker.unblock():
        clear_caches()
        outer = transaction.atomic()
        outer.__enter__()
        try:
            data = build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield data
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
        clear_caches()


@dataclass
class SharedSite(Generic[T]):
    """Committed data and the address of the live server that shows it."""

    url: str
    data: T


def committed(django_db_blocker, build: Callable[[], T]) -> Iterator[SharedSite[T]]:
    """Yields what `build` committed, with a live server; puts the migrated database
    back after (a flush where nothing was recorded)."""
    from pytest_django.live_server_helper import LiveServer

    server = None
    with django_db_blocker.unblock():
        try:
            clear_caches()
            data = build()
            server = LiveServer("localhost")
            yield SharedSite(url=server.url, data=data)
        finally:
            if server is not None:
                server.stop()
            if database_key() in migrated_snapshots:
                restore_migrated_database()
            else:
                call_command("flush", interactive=False, verbosity=0)
            clear_caches()
