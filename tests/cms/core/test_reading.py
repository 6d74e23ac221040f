"""A reading request asks the database once which sections are private and which locales
exist (cms/core/reading.py), and never carries that answer into the next request."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page, PageViewRestriction

from cms.core.reading import RequestMemoMiddleware, reading_once, remembered
from tests.articles.factories import ArticleIndexPageFactory, ArticlePageFactory

pytestmark = pytest.mark.django_db


def _reads_of_every_restriction(queries: CaptureQueriesContext) -> int:
    """Wagtail's private_q(): all view restrictions, with no condition."""
    return sum(
        1
        for query in queries.captured_queries
        if 'FROM "wagtailcore_pageviewrestriction"' in query["sql"] and "WHERE" not in query["sql"]
    )


@pytest.fixture
def news(home_en):
    index = ArticleIndexPageFactory(parent=home_en, title="News", slug="news")
    ArticlePageFactory(parent=index, title="Open seminar", slug="open-seminar")
    ArticlePageFactory(parent=index, title="Closed seminar", slug="closed-seminar")
    return index


def test_a_page_reads_the_private_sections_and_locales_once(client: Client, news):
    client.get("/en/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/")
    assert response.status_code == 200
    # The menu, the latest news, the events and the participants headline all ask; on a
    # site without restrictions, serving the page asks nothing more.
    assert _reads_of_every_restriction(queries) == 1
    restriction_reads = [
        q for q in queries.captured_queries if '"wagtailcore_pageviewrestriction"' in q["sql"]
    ]
    assert len(restriction_reads) == 1
    locale_reads = [q for q in queries.captured_queries if 'FROM "wagtailcore_locale"' in q["sql"]]
    assert len(locale_reads) <= 1


def test_a_section_made_private_is_hidden_from_the_next_request(client: Client, news):
    assert "Closed seminar" in client.get("/en/news/").content.decode()
    closed = Page.objects.get(slug="closed-seminar")
    PageViewRestriction.objects.create(page=closed, restriction_type="login")
    html = client.get("/en/news/").content.decode()
    assert "Closed seminar" not in html and "Open seminar" in html
    # The page itself asks for a login, as Wagtail's serve view does.
    response = client.get("/en/news/closed-seminar/")
    assert response.status_code == 302 and "/login" in response["Location"]
    assert client.get("/en/news/open-seminar/").status_code == 200


def test_outside_a_request_every_call_reads_the_database(news):
    with CaptureQueriesContext(connection) as queries:
        Page.objects.live().public().count()
        Page.objects.live().public().count()
        Locale.get_active()
        Locale.get_active()
    assert _reads_of_every_restriction(queries) == 2
    with reading_once(), CaptureQueriesContext(connection) as queries:
        Page.objects.live().public().count()
        Page.objects.live().public().count()
        assert remembered("answer", lambda: 42) == 42
    assert _reads_of_every_restriction(queries) == 1


def test_only_reading_requests_get_a_memo_and_it_ends_with_them(rf):
    """A POST may change what it reads: it reads the database each time."""
    computed: list[str] = []

    def view(request):
        for _twice in range(2):
            remembered("answer", lambda: computed.append(request.method))
        return HttpResponse()

    middleware = RequestMemoMiddleware(view)
    middleware(rf.get("/"))
    assert computed == ["GET"]
    middleware(rf.post("/"))
    assert computed == ["GET", "POST", "POST"]
    middleware(rf.head("/"))
    assert computed == ["GET", "POST", "POST", "HEAD"]
