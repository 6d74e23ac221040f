"""The sitemap index reads each section's size as kept on publish (cms/publishing/sections.py)
instead of counting every listed page per request (#23).

After every change a visitor or an editor can make, the index names exactly the sections
that list something, with as many ``?p=`` pages as they need, and the kept sizes are
those a count from scratch finds."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from cms.models import SitemapSection
from cms.publishing import sections, sitemap
from tests.articles.factories import ArticlePageFactory, SeminarReportPageFactory
from tests.cms.publishing.test_sitemap_sections import (
    BASE,
    INDEX_QUERIES,
    entries,
    index,
    publish,
    translate,
)
from tests.cms.publishing.test_sitemap_sections import news as news  # the fixture
from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

EN, FR = f"{BASE}/sitemap-news-articles-en.xml", f"{BASE}/sitemap-news-articles-fr.xml"


def kept() -> dict[tuple[str, int], tuple[int, object]]:
    """The non-empty sections of today's home pages (a renamed home page's old rows go
    at the next full rebuild, after the commit; the index never reads them)."""
    rows = SitemapSection.objects.filter(url_count__gt=0, root_path__in=sections.root_paths())
    return {(row.root_path, row.content_type_id): (row.url_count, row.lastmod) for row in rows}


def assert_as_counted_from_scratch() -> None:
    """The sizes kept as pages changed are those a rebuild from scratch finds."""
    before = kept()
    sections.rebuild()
    assert kept() == before


def test_publish_and_unpublish_add_and_remove_a_section(client: Client, news) -> None:
    assert EN not in index(client)
    article = publish(ArticlePageFactory(parent=news["en"], slug="housing", live=False))
    assert EN in index(client)
    assert entries(client, EN).keys() == {f"{BASE}/en/news/housing/"}
    assert_as_counted_from_scratch()
    article.unpublish()
    assert EN not in index(client)  # never an empty section
    assert_as_counted_from_scratch()


def test_a_draft_changes_no_size_and_a_republish_moves_lastmod(client: Client, news) -> None:
    article = ArticlePageFactory(parent=news["en"], slug="housing")
    ArticlePageFactory(parent=news["en"], slug="draft", live=False)
    article.title = "Housing again"
    article.save_revision()  # a draft of a live page: still one URL
    assert [loc for loc in index(client) if "news-articles" in loc] == [EN]
    republished = publish(article)
    row = SitemapSection.objects.get(url_count__gt=0, content_type=article.content_type)
    assert (row.url_count, row.lastmod) == (1, republished.last_published_at)
    assert_as_counted_from_scratch()


def test_the_index_pages_a_section_by_its_kept_size(client: Client, news, monkeypatch) -> None:
    monkeypatch.setattr(sitemap.SectionSitemap, "limit", 2)
    pages = [ArticlePageFactory(parent=news["en"], slug=f"item-{n}") for n in range(5)]
    assert [loc for loc in index(client) if "news-articles" in loc] == [
        EN,
        f"{EN}?p=2",
        f"{EN}?p=3",
    ]
    pages[0].unpublish()
    assert [loc for loc in index(client) if "news-articles" in loc] == [EN, f"{EN}?p=2"]
    assert sum(len(entries(client, loc)) for loc in (EN, f"{EN}?p=2")) == 4


def test_a_translation_into_french_adds_the_french_section(client: Client, news, locales) -> None:
    article = ArticlePageFactory(parent=news["en"], slug="housing")
    assert FR not in index(client)
    translate(article, locales, "logement")
    assert FR in index(client)
    assert entries(client, FR).keys() == {f"{BASE}/fr/actualites/logement/"}
    assert_as_counted_from_scratch()


def test_a_privacy_change_hides_and_shows_a_section(client: Client, news, locales) -> None:
    article = ArticlePageFactory(parent=news["en"], slug="housing")
    translate(article, locales, "logement")
    french = Page.objects.get(slug="logement")
    restriction = PageViewRestriction.objects.create(page=french, restriction_type="login")
    assert FR not in index(client)
    assert EN in index(client)
    assert_as_counted_from_scratch()
    restriction.delete()
    assert FR in index(client)
    # A restriction on a whole section of the tree: every type under it.
    PageViewRestriction.objects.create(page=news["en"], restriction_type="password", password="x")
    assert not [loc for loc in index(client) if loc.endswith("-en.xml") and "news" in loc]
    assert_as_counted_from_scratch()


def test_a_deletion_removes_its_section(
    client: Client, news, django_capture_on_commit_callbacks
) -> None:
    report = SeminarReportPageFactory(parent=news["en"], slug="trakai")
    ArticlePageFactory(parent=news["en"], slug="housing")
    assert f"{BASE}/sitemap-seminar-reports-en.xml" in index(client)
    with django_capture_on_commit_callbacks(execute=True):
        report.delete()
    assert f"{BASE}/sitemap-seminar-reports-en.xml" not in index(client)
    assert EN in index(client)
    assert_as_counted_from_scratch()
    # A page with children: theirs go too.
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=news["en"].pk).delete()
    assert not [loc for loc in index(client) if "news" in loc and loc.endswith("-en.xml")]
    assert_as_counted_from_scratch()


def test_a_move_to_the_other_language_moves_the_page_between_sections(
    client: Client, news, django_capture_on_commit_callbacks
) -> None:
    home_en, home_fr = news["en"].get_parent(), news["fr"].get_parent()
    about = StandardPageFactory(parent=home_en, slug="about-us")
    standard_en, standard_fr = (
        f"{BASE}/sitemap-standard-pages-{lang}.xml" for lang in ["en", "fr"]
    )
    assert standard_en in index(client) and standard_fr not in index(client)
    about.move(home_fr, pos="last-child")
    assert standard_fr in index(client) and standard_en not in index(client)
    assert_as_counted_from_scratch()
    # A page with children: every section is counted again after the commit.
    ArticlePageFactory(parent=news["en"], slug="housing")
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=news["en"].pk).move(home_fr, pos="last-child")
    assert FR in index(client) and EN not in index(client)
    assert_as_counted_from_scratch()


def test_a_rebuild_from_scratch_finds_every_section(client: Client, news, locales) -> None:
    article = ArticlePageFactory(parent=news["en"], slug="housing")
    translate(article, locales, "logement")
    SeminarReportPageFactory(parent=news["en"], slug="trakai")
    listed = index(client)
    before = kept()
    SitemapSection.objects.all().delete()  # as after writes that send no signals
    assert index(client) == listed  # a home page with no row is counted whole
    SitemapSection.objects.update(url_count=0)
    call_command("rebuild_sitemap_sections", verbosity=0)
    assert kept() == before
    assert index(client) == listed


@pytest.mark.parametrize("count", [3, 30])
def test_the_index_reads_no_page_row_at_any_size(client: Client, news, locales, count) -> None:
    for number in range(count):
        article = ArticlePageFactory(parent=news["en"], slug=f"item-{number}")
        if number < 2:
            translate(article, locales, f"element-{number}")
    client.get("/sitemap.xml")  # warm Wagtail's site root paths, as on a running site
    with CaptureQueriesContext(connection) as queries:
        locations = index(client)
    assert len(queries.captured_queries) == INDEX_QUERIES
    # The site's own lookup joins its home page; nothing reads the pages themselves.
    assert not [q for q in queries.captured_queries if 'FROM "wagtailcore_page"' in q["sql"]]
    assert EN in locations and FR in locations


# The cost of keeping the sizes: the same at any size -------------------------------


def grow(parent, start: int, stop: int) -> None:
    """Articles ``item-<start>`` to ``item-<stop - 1>``, published a minute apart in that
    order (the last is the section's ``lastmod``), then counted as after a bulk write."""
    base = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    for number in range(start, stop):
        page = ArticlePageFactory(parent=parent, slug=f"item-{number}")
        when = base + datetime.timedelta(minutes=number)
        Page.objects.filter(pk=page.pk).update(last_published_at=when)
    sections.rebuild()


def statements(operation, capture_on_commit) -> list[str]:
    """The SQL of one editor's action, with what runs when its transaction commits."""
    with CaptureQueriesContext(connection) as queries, capture_on_commit(execute=True):
        operation()
    return [query["sql"] for query in queries.captured_queries]


def counts_pages(sql: str) -> bool:
    """A statement that aggregates over the page table (the count of a whole section)."""
    return 'FROM "wagtailcore_page"' in sql and ("COUNT(" in sql or "MAX(" in sql)


def page(slug: str) -> Page:
    return Page.objects.get(slug=slug).specific


def test_unpublish_delete_move_and_privacy_cost_the_same_at_20_and_200_articles(
    client: Client, news, django_capture_on_commit_callbacks
) -> None:
    def actions(size: int) -> dict[str, list[str]]:
        newest, first = f"item-{size - 1}", size - 20
        restricted = page(f"item-{first + 4}")
        found = {
            name: statements(operation, django_capture_on_commit_callbacks)
            for name, operation in {
                "unpublish the newest": lambda: page(newest).unpublish(),
                "unpublish": lambda: page(f"item-{first + 1}").unpublish(),
                "delete": lambda: page(f"item-{first + 2}").delete(),
                "move to French": lambda: page(f"item-{first + 3}").move(
                    news["fr"], pos="last-child"
                ),
                "restrict": lambda: PageViewRestriction.objects.create(
                    page=restricted, restriction_type="login"
                ),
                "lift": lambda: PageViewRestriction.objects.get(page=restricted).delete(),
            }.items()
        }
        # The restriction's counts read its own subtree (one page), not its section.
        subtree = re.compile(
            rf"""(NOT \()?"wagtailcore_page"\."path"(::text)? LIKE '{restricted.path}%'"""
        )
        for name in ["restrict", "lift"]:
            aggregates = [sql for sql in found[name] if counts_pages(sql)]
            assert aggregates, name
            for sql in aggregates:  # within it, not as the private part of a section
                assert [m.group(1) for m in subtree.finditer(sql)] == [None], (name, sql)
        return found

    ArticlePageFactory(parent=news["fr"], slug="logement")  # moves add a sibling
    grow(news["en"], 0, 20)
    small = actions(20)
    assert_as_counted_from_scratch()
    grow(news["en"], 20, 200)
    large = actions(200)
    assert_as_counted_from_scratch()

    assert {name: len(sql) for name, sql in large.items()} == {
        name: len(sql) for name, sql in small.items()
    }
    for name in ["unpublish the newest", "unpublish", "delete", "move to French"]:
        assert not [sql for sql in large[name] if counts_pages(sql)], name
    # What the kept rows say: 200 English news less four of each size's actions (an
    # unpublished newest, one unpublished, one deleted, one moved), three in French.
    english, french = (news[lang].get_parent().url_path for lang in ["en", "fr"])
    article = page("item-5").content_type_id
    latest = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(minutes=198)
    assert kept()[(english, article)] == (192, latest)
    assert kept()[(french, article)][0] == 3


def test_private_and_scheduled_pages_keep_exact_sizes(
    client: Client, news, django_capture_on_commit_callbacks
) -> None:
    grow(news["en"], 0, 6)
    # A private article deleted: its restriction goes with it; it was never counted.
    PageViewRestriction.objects.create(page=page("item-1"), restriction_type="login")
    with django_capture_on_commit_callbacks(execute=True):
        page("item-1").delete()
    assert_as_counted_from_scratch()
    # Moved under a restricted page, an article leaves the sitemap; back, it returns.
    PageViewRestriction.objects.create(page=news["fr"], restriction_type="login")
    assert FR not in index(client)
    page("item-5").move(news["fr"], pos="last-child")  # the newest: lastmod goes back
    assert FR not in index(client)
    assert_as_counted_from_scratch()
    page("item-5").move(news["en"], pos="last-child")
    assert_as_counted_from_scratch()
    # An article that expires tomorrow, then unpublished: its section's next change goes.
    article = page("item-2")
    article.expire_at = timezone.now() + datetime.timedelta(days=1)
    article.save()
    row = SitemapSection.objects.get(root_path="/home/", content_type=article.content_type)
    assert row.next_change == article.expire_at
    article.unpublish()
    row.refresh_from_db()
    assert row.next_change is None
    assert_as_counted_from_scratch()
    # A restriction lifted from a page whose subtree another one still hides.
    PageViewRestriction.objects.create(page=page("item-3"), restriction_type="login")
    PageViewRestriction.objects.get(page=news["fr"]).delete()
    assert FR not in index(client)  # the French news index lists no article
    assert_as_counted_from_scratch()
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=news["en"].pk).delete()  # a subtree, one private page in it
    assert not [loc for loc in index(client) if "news" in loc and loc.endswith("-en.xml")]
    assert_as_counted_from_scratch()
