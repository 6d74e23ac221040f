"""The translation-status report counts no further than a window (#23): past it, it says
"N+" and still pages through every row, each page counting only as far as its own end."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page

from cms.translations.status import translation_status_rows
from tests.cms.translations.seeding import bulk_pages, bulk_translations
from tests.home.factories import TerminologyNoteFactory
from tests.shared_data import bilingual_home, rolled_back

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/translation-status/"
SIZE = 330  # pages, with the home page and a note: 332 rows, four pages of 100


def build_rows() -> None:
    home_en, home_fr = bilingual_home()
    bulk_pages(home_en, SIZE, 0, home_fr)
    english = list(Page.objects.child_of(home_en).order_by("path"))
    bulk_translations(english[::10], Locale.objects.get(language_code="fr").pk)
    TerminologyNoteFactory()


@pytest.fixture(scope="module")
def rows(django_db_setup, django_db_blocker) -> Iterator[None]:
    """The report's rows, built once for the module (they were built for each test:
    about a second apiece on PostgreSQL) inside a transaction rolled back when the
    module ends; each test's own transaction is rolled back after it, so every test
    starts from these same rows (tests/shared_data.py, `rolled_back`)."""
    yield from rolled_back(django_db_blocker, build_rows)


@pytest.fixture
def report(rows, editor, settings) -> Client:
    settings.TRANSLATION_STATUS_COUNT_WINDOW = 150
    client = Client()
    client.force_login(editor)
    client.get(REPORT)  # warm per-process caches
    return client


def get(client: Client, **query: str):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(REPORT, query)
    assert response.status_code == 200
    return response, [each["sql"] for each in captured.captured_queries]


def counts(statements: list[str]) -> list[str]:
    return [sql for sql in statements if sql.startswith("SELECT COUNT(*)")]


def test_the_first_page_counts_to_the_window_and_says_so(report):
    response, statements = get(report)
    paginator = response.context["paginator"]
    assert (paginator.count_exact, paginator.shown_count, paginator.shown_pages) == (False, 150, 2)
    page = response.content.decode()
    assert "150+ items" in page
    assert "Page 1 of 2+" in page
    assert [row.title for row in response.context["object_list"]] == [
        row.title for row in translation_status_rows()[:100]
    ]
    # One COUNT, of the pages, stopped at the window and one; the snippets are not counted.
    (count,) = counts(statements)
    assert "LIMIT 151" in count
    assert len(statements) == WINDOWED_FIRST_PAGE_QUERIES


def test_a_filtered_report_past_the_window_says_n_plus_matches(report):
    response, _statements = get(report, content_type="home.standardpage")
    assert "There are 150+ matches" in response.content.decode()
    assert response.context["paginator"].count_exact is False


def test_every_page_past_the_window_is_reached_by_its_next_link(report):
    rows = [row.title for row in translation_status_rows()]
    assert len(rows) == SIZE + 2
    seen: list[str] = []
    number, labels = 1, []
    while True:
        response, statements = get(report, p=str(number))
        page_obj = response.context["page_obj"]
        assert page_obj.number == number
        seen += [row.title for row in response.context["object_list"]]
        labels.append(response.context["paginator"].items_count_label)
        # Counted to the end of the page shown and one row, never further (the snippets
        # with what the pages left of that budget).
        assert f"LIMIT {max(150, number * 100) + 1}" in counts(statements)[0]
        if not page_obj.has_next():
            break
        number = page_obj.next_page_number()
    assert seen == rows
    assert labels == ["150+ items", "200+ items", "300+ items", "332 items"]
    assert "Page 4 of 4" in response.content.decode()


def test_a_window_past_every_row_counts_them_all(report, settings):
    settings.TRANSLATION_STATUS_COUNT_WINDOW = 1_000
    response, _statements = get(report)
    paginator = response.context["paginator"]
    assert (paginator.count_exact, paginator.count, paginator.num_pages) == (True, SIZE + 2, 4)
    assert "data-count-bounded" not in response.content.decode()


# As the first page of test_report_at_scale.py (26), less the COUNTs of the four snippet
# models, which the window leaves out.
WINDOWED_FIRST_PAGE_QUERIES = 22
