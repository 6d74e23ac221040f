"""The translation-status report's queries: a constant number, whatever the pages.

Apart from test_dashboard.py, whose tests share translation stages built once for the
module: these make their own pages and count every row of the report."""

from __future__ import annotations

import pytest

from cms.translations.status import translation_status_rows
from tests.cms.translations.conftest import start_translation, translate_segments
from tests.cms.translations.test_dashboard import URL, client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [5, 30])
def test_the_computation_runs_a_constant_number_of_queries(
    count, make_pages, locales, django_assert_num_queries
):
    pages = make_pages(count)
    for page in pages[::2]:
        translate_segments(start_translation(page, locales["fr"]), count=1)
    translation_status_rows()  # warm Wagtail's per-process caches (snippet models)
    # locales, then pages and one per translatable snippet model (4: terminology notes,
    # topics, terms, alerts), each with its status computed in the database (was 11 when
    # sources, translations, logs and segment counts were read whole, one query each)
    with django_assert_num_queries(6):
        rows = translation_status_rows()
    assert len(rows) == count + 1


@pytest.mark.parametrize("count", [5, 30])
def test_the_report_runs_a_constant_number_of_queries(
    count, make_pages, locales, editor, django_assert_num_queries
):
    pages = make_pages(count)
    for page in pages[::2]:
        translate_segments(start_translation(page, locales["fr"]), count=1)
    client = client_for(editor)
    client.get(URL)
    with django_assert_num_queries(REPORT_QUERIES):
        response = client.get(URL)
    assert len(response.context["object_list"]) == count + 1


# Session, user, groups, locales, menu checks and Wagtail chrome, then the rows: a COUNT
# for pages and for each snippet model, and two for the 100 rows shown, their keys then
# their status (was 27 when every row was computed in Python to show 100 of them).
REPORT_QUERIES = 26
