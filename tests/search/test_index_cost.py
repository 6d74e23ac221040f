"""Publishing costs the same whatever the size of the search index (#23): a save updates
its own index entry, and nothing reads or rewrites the whole index table.

modelsearch refreshed every entry's title norm after each save (the average title length
over the whole table, then an UPDATE of every entry still at the default norm: ~80 ms
each at 50,000 pages, three saves per new article); the average is now kept in
``search.IndexStatistics`` and refreshed by ``manage.py refresh_search_norms``.
"""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models.functions import Length
from django.test.utils import CaptureQueriesContext
from wagtail.search.models import IndexEntry

from search.models import IndexStatistics
from tests.search.conftest import standard_page

pytestmark = pytest.mark.django_db

# Statements on the index table (wagtailsearch_indexentry, or SQLite's FTS5 copy of it).
INDEX_TABLE = re.compile(r"wagtailsearch_indexentry", re.IGNORECASE)
# What limits a statement to the saved object's entry.
ONE_OBJECT = re.compile(r"object_id\"?\s*(=|IN)\s*\(?\s*('|%s|\d)", re.IGNORECASE)


def index_statements(sql: list[str]) -> list[str]:
    return [statement for statement in sql if INDEX_TABLE.search(statement)]


def test_publishing_a_page_runs_no_statement_over_the_whole_index(home_en, settings):
    settings.SEARCH_NORMS_MEASURED_BELOW = 2  # as a site past its first thousand pages
    standard_page(home_en, "Warm up", "Anything computed once is out of the way.")
    page = standard_page(home_en, "Housing in Kirtimai", "Roma families moved.")
    page.title = "Housing in Kirtimai, a year on"
    with CaptureQueriesContext(connection) as queries:
        page.save_revision().publish()
    touched = index_statements([query["sql"] for query in queries])
    assert touched, "the publish did not update the search index"
    whole = [
        sql
        for sql in touched
        if not sql.lstrip().upper().startswith("INSERT") and not ONE_OBJECT.search(sql)
    ]
    assert not whole, "\n\n".join(whole)
    # The saved entry's norm is set from the kept average, as modelsearch would have.
    entry = IndexEntry.objects.annotate(length=Length("title")).get(
        content_type_id=page.content_type_id, object_id=str(page.pk)
    )
    kept = IndexStatistics.objects.get().average_title_length
    assert entry.title_norm == pytest.approx(kept / entry.length)


def test_the_daily_refresh_measures_the_average_and_rewrites_every_norm(home_en):
    for title in ("Housing", "Roma housing in Kirtimai and Vilnius"):
        standard_page(home_en, title, "Roma families moved.")
    IndexStatistics.objects.update(average_title_length=100.0)
    call_command("refresh_search_norms", stdout=StringIO())
    entries = IndexEntry.objects.annotate(length=Length("title")).filter(length__gt=0)
    average = sum(entry.length for entry in entries) / len(entries)
    assert IndexStatistics.objects.get().average_title_length == pytest.approx(average)
    assert {round(entry.title_norm * entry.length, 6) for entry in entries} == {round(average, 6)}
