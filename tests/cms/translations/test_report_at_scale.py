"""The translation-status report's cost does not grow with the content (#23): it counts,
filters and slices in the database, in the same queries at any size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from cms.translations.status import PARTIAL, translation_status_rows
from tests.cms.translations.seeding import bulk_pages, bulk_translations
from tests.home.factories import TerminologyNoteFactory

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/translation-status/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def queries(client: Client, url: str, **query: str):
    client.get(url, query)  # warm per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query)
    assert response.status_code == 200
    return len(captured), response


def report_queries(home_en, home_fr, locales, editor, size: int) -> dict[str, int]:
    bulk_pages(home_en, size, 0, home_fr)
    english = list(Page.objects.child_of(home_en).order_by("path"))
    bulk_translations(english[::10], locales["fr"].pk)
    TerminologyNoteFactory()
    client = client_for(editor)
    counts = {}
    counts["first page"], response = queries(client, REPORT)
    rows = translation_status_rows()
    assert len(rows) == size + 2  # the home page, the pages, the note
    assert response.context["paginator"].count == size + 2
    assert [row.title for row in response.context["object_list"]] == [
        row.title for row in rows[:100]
    ]
    # The last page runs from the pages into the snippets.
    last = (size + 2 + 99) // 100
    counts["last page"], response = queries(client, REPORT, p=str(last))
    assert [row.title for row in response.context["object_list"]] == [
        row.title for row in rows[(last - 1) * 100 :]
    ]
    assert response.context["object_list"][-1].title == "Please note"
    counts["partial"], response = queries(client, REPORT, status=PARTIAL)
    assert response.context["paginator"].count == len(english[::10])
    assert {row.status for row in response.context["object_list"]} == {PARTIAL}
    counts["notes"], response = queries(client, REPORT, content_type="home.terminologynote")
    assert [row.title for row in response.context["object_list"]] == ["Please note"]
    return counts


# Session, user, groups, locales, menu checks and Wagtail chrome (19), then a COUNT for
# pages and for each of the 4 translatable snippet models, and the rows shown: their
# keys, then their status (twice when a page runs from pages into snippets; at once when
# filtered by status); a content type filter leaves out the other snippet models. Was 27
# whatever the filter, with every row computed in Python.
REPORT_QUERIES = {"first page": 26, "last page": 28, "partial": 25, "notes": 23}


@pytest.mark.parametrize("size", [120, 330])
def test_the_report_pages_through_the_database_at_any_size(size, home_en, home_fr, locales, editor):
    assert report_queries(home_en, home_fr, locales, editor, size) == REPORT_QUERIES
