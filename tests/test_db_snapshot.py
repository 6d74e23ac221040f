"""`load_demo` puts back the demo site exactly as a real `load_demo_content` makes it.

The tests of a dozen modules see the restored rows, not the command's own work
(tests/shared_data.py, tests/db_snapshot.py); a difference between the two would make
them test something the command never produces.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.utils import timezone
from wagtail.models import Page

from cms.core.models import CustomImage
from tests.db_snapshot import copied_tables
from tests.shared_data import demo_key, demo_snapshots, load_demo, real_demo_load

pytestmark = pytest.mark.django_db

SEARCHES = [("en", "seminar Lithuania"), ("fr", "séminaire Espagne"), ("en", "housing")]


def visible_text(html: bytes) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "template"]):
        hidden.decompose()
    return " ".join(soup.get_text(" ").split())


def table_counts() -> dict[str, int]:
    """Rows per table, except the b-tree segments of SQLite's full-text index, whose
    number depends on how the same rows were batched into it (the searches of
    `what_people_see` compare what it finds)."""
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        counts = {}
        for name in names:
            if name.endswith(("_fts_data", "_fts_idx")):
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608 (a name from the catalogue)
            counts[name] = cursor.fetchone()[0]
    return counts


def what_people_see() -> dict[str, object]:
    """The demo site as editors, visitors and the search see it, without what differs
    between any two real loads (ids on PostgreSQL, whose sequences never go back;
    uuids; timestamps; stored file names, which get a random suffix when taken)."""
    pages = list(
        Page.objects.order_by("path").values_list(
            "path",
            "slug",
            "title",
            "url_path",
            "live",
            "has_unpublished_changes",
            "locale__language_code",
            "content_type__app_label",
            "content_type__model",
            "alias_of__url_path",
        )
    )
    translations = defaultdict(set)
    for key, url_path in Page.objects.values_list("translation_key", "url_path"):
        translations[key].add(url_path)
    client = Client()
    rendered = {}
    for page in Page.objects.live().filter(depth__gt=1).order_by("path"):
        response = client.get(page.url)
        rendered[page.url] = (response.status_code, visible_text(response.content))
    for language, query in SEARCHES:
        response = client.get(f"/{language}/search/", {"q": query})
        rendered[f"search {language} {query}"] = (
            response.status_code,
            visible_text(response.content),
        )
    images = sorted(CustomImage.objects.values_list("title", "width", "height", "collection__name"))
    groups = {
        group.name: sorted(group.permissions.values_list("codename", flat=True))
        for group in Group.objects.all()
    }
    users = sorted(get_user_model().objects.values_list("username", "is_superuser"))
    return {
        "pages": pages,
        "translations": sorted(sorted(paths) for paths in translations.values()),
        "rendered": rendered,
        "images": images,
        "groups": groups,
        "users": users,
    }


class StatementCounter:
    """Counts the statements a block sends to the database (Django's CaptureQueriesContext
    loses count once its 9,000-query log is full, as it is after a demo load)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def test_a_restored_demo_equals_a_real_load():
    load_demo()  # the process's real load, unless an earlier test made it
    assert demo_key() in demo_snapshots, "the first load_demo() of a process is kept"
    restore = StatementCounter()
    with connection.execute_wrapper(restore):
        load_demo()
    restored_counts = table_counts()
    restored = what_people_see()

    real_load = StatementCounter()
    with connection.execute_wrapper(real_load):
        real_demo_load()
    if demo_snapshots[demo_key()].day != timezone.localdate():
        pytest.skip(
            "the two loads fell on either side of midnight: the demo dates its undated news "
            "by the day it is loaded, so their pages differ by that date alone"
        )
    real_counts = table_counts()
    real = what_people_see()

    assert restored_counts == real_counts
    assert restored_counts["wagtailcore_page"] > 60
    for part in real:
        assert restored[part] == real[part], part
    # Every live page renders and the searches find something.
    assert {status for status, _text in restored["rendered"].values()} == {200}
    # A restore is a few bulk statements per table, not a load: the real load runs
    # thousands of queries (pages, revisions, translations, renditions). Counted, not
    # timed, so that a busy machine cannot fail it.
    assert restore.count * 10 < real_load.count, (restore.count, real_load.count)


def test_a_restore_replaces_what_tests_added_and_keeps_ids_ahead():
    load_demo()
    pages = Page.objects.count()
    visitor = get_user_model().objects.create_user("visitor-from-another-test")
    Page.objects.filter(depth__gt=2).first().delete()
    load_demo()
    assert Page.objects.count() == pages
    assert not get_user_model().objects.filter(username="visitor-from-another-test").exists()
    # New rows get ids never used before, after those of the snapshot and of the rows
    # the restore removed (which a rolled-back restore would bring back).
    user = get_user_model().objects.create_user("after-the-restore")
    assert user.pk > visitor.pk
    home = Page.objects.get(depth=2, locale__language_code="en").specific
    page = home.add_child(instance=Page(title="Added after the restore", slug="added"))
    assert page.pk > max(Page.objects.exclude(pk=page.pk).values_list("pk", flat=True))
    assert Client().get(page.url).status_code == 200


def test_every_foreign_key_is_deferred_so_table_order_does_not_matter():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT conrelid::regclass::text, conname FROM pg_constraint "
                "WHERE contype = 'f' AND NOT (condeferrable AND condeferred)"
            )
            assert cursor.fetchall() == []
        else:
            tables, _virtual = copied_tables(connection)
            immediate = []
            for table in tables:
                cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [table])
                sql = cursor.fetchone()[0] or ""
                for reference in re.findall(r"REFERENCES [^,]*", sql):
                    if "DEFERRABLE INITIALLY DEFERRED" not in reference:
                        immediate.append((table, reference))
            assert immediate == []
