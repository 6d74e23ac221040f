"""Listings whose cost does not grow with the content (cms/api/paging.py), in both APIs:
a cursor walks every item once, offsets stop at a window and point to the cursor, counts
stop at the same window and are kept per publish, and the queries of a listing are the
same for dozens and for hundreds of pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from articles.models import ArticlePage
from cms.api.page_keys import page_keys
from tests.cms.api.bulk import add_articles
from tests.cms.api.factories import ArticleFactory, NewsIndexFactory, ReportFactory
from tests.plans import plan
from tests.shared_data import bilingual_home, clear_caches, rolled_back

pytestmark = pytest.mark.django_db

V2 = "/api/v2/pages/?type=articles.ArticlePage&limit=7"
V3 = "/api/v3/pages/?type=articles.ArticlePage&limit=7"
WALKS = [
    (V2, ""),  # the tree order (path)
    (V2, "&order=-first_published_at"),
    (V2, "&order=-id"),
    (V3, ""),  # the id
    (V3, "&order=-first_published_at"),
]


@dataclass
class Listing:
    news: Page
    visible: set[int]
    draft: int
    private: int


def build() -> Listing:
    home_en, _home_fr = bilingual_home()
    news = NewsIndexFactory(parent=home_en)
    add_articles(news, 45)  # two a minute: ordering by date needs its tie-break
    ids = list(Page.objects.child_of(news).order_by("path").values_list("pk", flat=True))
    draft, private = ids[10], ids[20]
    Page.objects.filter(pk=draft).update(live=False)
    PageViewRestriction.objects.create(
        page_id=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    return Listing(news, set(ids) - {draft, private}, draft, private)


@pytest.fixture(scope="module")
def shared(django_db_setup, django_db_blocker) -> Iterator[Listing]:
    yield from rolled_back(django_db_blocker, build)


@pytest.fixture
def listing(shared, db, settings) -> Iterator[Listing]:
    settings.ALLOWED_HOSTS = ["*"]
    clear_caches()
    yield shared
    clear_caches()


def envelope(data: dict) -> dict:
    """The paging fields of either API: v2 keeps them in ``meta``, v3 beside ``items``."""
    return data.get("meta", data)


def walk(client, url: str, *, during=None) -> list[int]:
    """Every id of the listing, following ``next`` from ``url``; ``during()`` runs
    after the first page."""
    seen: list[int] = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        data = response.json()
        seen += [item["id"] for item in data["items"]]
        url = envelope(data)["next"]
        if during is not None:
            during()
            during = None
        assert len(seen) < 200, "the walk does not end"
    return seen


@pytest.mark.parametrize(("base", "order"), WALKS)
def test_a_cursor_walks_every_item_once_while_a_page_is_published(client, listing, base, order):
    def publish() -> None:
        ArticleFactory(parent=listing.news, title="Published mid-walk", slug="mid-walk")

    seen = walk(client, base + order, during=publish)
    assert len(seen) == len(set(seen)), "an item was shown twice"
    assert listing.visible <= set(seen), "an item was skipped"
    # Drafts and private pages never appear, however the listing is walked.
    assert not {listing.draft, listing.private} & set(seen)
    # The page published mid-walk is either before the cursor or among the rest.
    assert len(set(seen) - listing.visible) <= 1


@pytest.mark.parametrize("base", [V2, V3])
def test_a_cursor_continues_where_offsets_would(client, listing, base):
    first = client.get(base + "&order=-first_published_at").json()
    cursor = envelope(first)["next_cursor"]
    by_cursor = client.get(f"{base}&order=-first_published_at&cursor={cursor}").json()
    by_offset = client.get(base + "&order=-first_published_at&offset=7").json()
    assert [item["id"] for item in by_cursor["items"]] == [
        item["id"] for item in by_offset["items"]
    ]
    assert envelope(first)["next"].startswith("http://testserver/api/")
    assert "offset" not in envelope(first)["next"]


def message(response) -> str:
    data = response.json()
    return data.get("message") or data.get("detail")


BAD = [
    ("&cursor=not-a-cursor", "cursor: not a cursor this API gave"),
    ("&offset=7&cursor={cursor}", "cursor: cannot be combined with offset"),
    ("&order=-first_published_at&cursor={cursor}", "cursor: it continues a listing ordered by"),
    ("&order=title&cursor={cursor}", "cursor: not available for this order"),
    ("&offset=10000", "offset: must be below 10000; to go further, follow the next link"),
]


@pytest.mark.parametrize("base", [V2, V3])
@pytest.mark.parametrize(("query", "english"), BAD)
def test_a_bad_cursor_or_a_deep_offset_is_a_400_that_says_why(
    client, listing, base, query, english
):
    cursor = envelope(client.get(base).json())["next_cursor"]
    response = client.get(base + query.format(cursor=cursor))
    assert response.status_code == 400, response.content
    assert message(response).startswith(english)


@pytest.mark.parametrize("base", [V2, V3])
def test_a_bad_cursor_is_explained_in_french(client, listing, base):
    response = client.get(base + "&cursor=abc", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert message(response).startswith("cursor : ce n’est pas un curseur donné par cette API")
    response = client.get(base + "&offset=10000", HTTP_ACCEPT_LANGUAGE="fr")
    assert message(response).startswith("offset : doit être inférieur à 10000")


@pytest.mark.parametrize("base", [V2, V3])
def test_counts_stop_at_the_window_and_say_so(client, listing, base, settings):
    count = "total_count" if "v2" in base else "count"
    assert envelope(client.get(base).json())[count] == len(listing.visible) == 43
    settings.API_OFFSET_WINDOW = 30
    data = envelope(client.get(base).json())
    exact = "total_count_exact" if "v2" in base else "count_exact"
    assert (data[count], data[exact]) == (30, False)
    # The cursor still reaches every item past the window.
    assert set(walk(client, base)) == listing.visible


def test_a_limit_of_zero_gives_the_count_alone(client, listing):
    """A front end asks API v2 for ``limit=0`` to show a number ("43 results"), no items
    (the reference front end's news filter test does; API v3's schema asks limit ≥ 1)."""
    data = client.get(V2.replace("limit=7", "limit=0")).json()
    assert (data["meta"]["total_count"], data["items"]) == (len(listing.visible), [])
    assert len(listing.visible) == 43


def queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured)


def test_queries_do_not_grow_with_the_content(client, listing, settings):
    """The same listings, deep offset and cursor included, run the same queries with 45
    and with 445 articles; the window is lowered so that the larger set passes it."""
    settings.API_OFFSET_WINDOW = 100
    cursor = envelope(client.get(V2).json())["next_cursor"]
    cursor3 = envelope(client.get(V3).json())["next_cursor"]
    urls = [V2, f"{V2}&offset=35", f"{V2}&cursor={cursor}", f"{V2}&order=-first_published_at"]
    urls += [V3, f"{V3}&offset=35", f"{V3}&cursor={cursor3}"]
    small = {url: queries(client, url) for url in urls}
    add_articles(listing.news, 400, prefix="more")
    large = {url: queries(client, url) for url in urls}
    assert large == small
    assert envelope(client.get(V2).json())["total_count_exact"] is False


def counts(client, url: str) -> int:
    """How many of the request's queries count rows."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return sum("COUNT(" in query["sql"].upper() for query in captured)


def test_counts_are_kept_until_something_is_published(
    client, listing, fragments, django_capture_on_commit_callbacks
):
    """With the shared cache, an anonymous listing's count is read once per generation,
    whatever page of it is asked for, until a publish."""
    assert counts(client, V2) == 1
    assert counts(client, V2 + "&offset=7") == 0
    assert counts(client, V3) == 1
    assert counts(client, V3 + "&offset=7") == 0
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(parent=listing.news, title="Fresh", slug="fresh").save_revision().publish()
    assert counts(client, V2 + "&offset=7") == 1
    assert envelope(client.get(V2).json())["total_count"] == len(listing.visible) + 1


def statements(client, url: str) -> list[str]:
    """The SQL of a request to ``url``, after one that made what is made once."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return [query["sql"] for query in captured]


def scans(plan_text: str) -> list[str]:
    """The lines of a plan that read a table or an index."""
    return [line.strip() for line in plan_text.splitlines() if " Scan " in f" {line} "]


@pytest.mark.parametrize("order", ["", "&order=-first_published_at"])
def test_a_deep_offset_runs_the_queries_of_the_first_page_through_indexes(client, listing, order):
    """Issue #23: with a few hundred articles, v2's listing near its end runs as many
    queries as its first page, and on PostgreSQL the statement that finds and reads the
    page can be served by indexes alone (no sequential scan of the page or article
    tables, whose skipped rows a deep offset would otherwise read)."""
    add_articles(listing.news, 300, prefix="deep")
    base = f"/api/v2/pages/?type=articles.ArticlePage&fields=*&limit=7{order}"
    total = envelope(client.get(base).json())["total_count"]
    assert total == len(listing.visible) + 300
    deep_offset = total - 5
    first = statements(client, base)
    deep = statements(client, f"{base}&offset={deep_offset}")
    assert len(deep) == len(first)
    items = client.get(f"{base}&offset={deep_offset}").json()["items"]
    assert len(items) == 5
    if connection.vendor != "postgresql":
        return
    # The statement that reads the page: its ids by offset in a subquery.
    (page,) = [sql for sql in deep if f"OFFSET {deep_offset}" in sql]
    lines = scans(plan(page))
    assert lines, page
    for table in ("wagtailcore_page", "articles_articlepage"):
        assert not [line for line in lines if f"Seq Scan on {table} " in f"{line} "], lines
    assert any("Index" in line for line in lines), lines


def limits(plan_text: str) -> list[list[str]]:
    """The scans under each ``Limit`` of a plan: the walk to the offset, the bounded count."""
    lines = plan_text.splitlines()
    found = []
    for number, line in enumerate(lines):
        if line.strip().removeprefix("->").strip().startswith("Limit "):
            indent = len(line) - len(line.lstrip())
            below = []
            for deeper in lines[number + 1 :]:
                if len(deeper) - len(deeper.lstrip()) <= indent:
                    break
                below.append(deeper)
            found.append(scans("\n".join(below)))
    return found


LIVE_LISTING = "cms_page_live_listing"


@pytest.mark.parametrize("cache", ["", "fragments"])
def test_a_deep_offset_is_walked_and_counted_on_one_index_of_the_page_table(
    client, listing, cache, request
):
    """Issue #23: the walk to a deep offset and the count up to the window read, for each
    skipped page, an entry of one index of live pages (cms.0016) and nothing else: not
    the page's row, not its article row. Before, both joined the article table to the
    page table, so 9,000 skipped articles read 76,467 shared buffers at 50,000 articles.
    Without the item cache the walk and the count are subqueries of the statement that
    reads the page; with it (``fragments``) the walk is a statement of its own."""
    if cache:
        request.getfixturevalue(cache)
    add_articles(listing.news, 300, prefix="keys")
    base = "/api/v2/pages/?type=articles.ArticlePage&limit=7"
    deep_offset = len(listing.visible) + 300 - 5
    deep = statements(client, f"{base}&offset={deep_offset}")
    (walk,) = [sql for sql in deep if f"OFFSET {deep_offset}" in sql]
    # On every database: the walk (7 items and one) and the bounded count (the window
    # and one), each the innermost SELECT before its LIMIT, read the page table alone.
    bounded = [
        sql[sql.rfind("SELECT", 0, found.start()) : found.end()]
        for sql in deep
        for found in re.finditer(rf"LIMIT (10001|8 OFFSET {deep_offset})\b", sql)
    ]
    assert len(bounded) == (1 if cache else 2), deep
    for select in bounded:
        assert 'FROM "wagtailcore_page"' in select, select
        assert "articles_articlepage" not in select, select
    if connection.vendor != "postgresql" or not may_mark_all_visible():
        return  # index-only scans: PostgreSQL's plans, priced as vacuum leaves the tables
    found = limits(vacuumed_plan(walk))
    assert len(found) == (1 if cache else 2), found  # (the count and) the walk
    for lines in found:
        assert len(lines) == 1, lines
        scan = lines[0].removeprefix("->").strip()
        assert scan.startswith(f"Index Only Scan using {LIVE_LISTING} on wagtailcore_page"), lines


def may_mark_all_visible() -> bool:
    """Whether the test database's user may write ``pg_class`` (a superuser, as in CI):
    ``vacuumed_plan`` needs it; a project's own test user may not be one."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        return bool(cursor.fetchone()[0])


def vacuumed_plan(sql: str) -> str:
    """The plan that reads the fewest pages, on tables as a site's autovacuum leaves them.

    tests/plans.py's settings (no sequential scan, no sort), and two more: every page of
    the page and article tables all-visible, which is what lets PostgreSQL answer a query
    from an index alone (a test's rows are new, and no VACUUM runs in a transaction);
    and pages alone priced, all alike, not the rows' CPU (on a table of a few hundred rows
    the CPU of filtering an index's entries outweighs the few heap pages it saves, as it
    never does at the size of a site; the buffers bench/scale/buffers.py counts are pages).
    All are ``SET`` in the test's transaction and end with it."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute(
            "UPDATE pg_class SET relallvisible = relpages "
            "WHERE relname IN ('wagtailcore_page', 'articles_articlepage')"
        )
        for setting, value in [
            ("enable_seqscan", "off"),
            ("enable_sort", "off"),
            ("random_page_cost", "1"),
            ("cpu_tuple_cost", "0"),
            ("cpu_index_tuple_cost", "0"),
            ("cpu_operator_cost", "0"),
        ]:
            cursor.execute(f"SET LOCAL {setting} = {value}")
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def deep_ids(client, url: str) -> list[int]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


@pytest.mark.parametrize("cache", ["", "fragments"])
def test_a_deep_offset_lists_the_pages_of_the_type_and_its_subclasses_in_tree_order(
    client, listing, cache, request
):
    """The walk on the page table lists what the join of the type's table listed: the
    type's pages and its subclasses' (a seminar report is a news article), never a draft,
    a private page or a page of another type under the same index, in tree order."""
    if cache:
        request.getfixturevalue(cache)
    report = ReportFactory(parent=listing.news, title="A report", slug="a-report")
    other = NewsIndexFactory(parent=listing.news.get_parent(), title="Other", slug="other")
    expected = list(
        ArticlePage.objects.filter(pk__in=listing.visible | {report.pk})
        .order_by("path")
        .values_list("pk", flat=True)
    )
    assert report.pk in expected and other.pk not in expected
    total = len(expected)
    url = f"/api/v2/pages/?type=articles.ArticlePage&limit=7&offset={total - 9}"
    assert deep_ids(client, url) == expected[-9:-2]
    data = client.get(url).json()["meta"]
    assert (data["total_count"], data["total_count_exact"]) == (total, True)
    # A filter on a column of the type's own table keeps the walk on that table.
    since = ArticlePage.objects.get(pk=expected[-1]).publication_date
    dated = list(
        ArticlePage.objects.filter(pk__in=expected, publication_date__gte=since)
        .order_by("path")
        .values_list("pk", flat=True)
    )
    url = f"/api/v2/pages/?type=articles.ArticlePage&published_after={since}&offset=1"
    assert len(dated) > 2
    assert deep_ids(client, url) == dated[1:21]


def test_the_page_table_walk_is_used_only_when_every_condition_is_on_that_table(listing):
    """Conditions on the type's own columns, ``pk IN`` or a join elsewhere keep the
    queryset as it is; conditions and order on inherited columns move to the page table."""
    visible = ArticlePage.objects.filter(live=True, path__startswith=listing.news.path)
    moved = page_keys(visible)
    assert moved.model is Page
    assert list(moved.values_list("pk", flat=True)) == list(
        visible.order_by("path").values_list("pk", flat=True)
    )
    for kept in [
        visible.filter(publication_date__isnull=False),
        visible.filter(pk__in=[listing.draft]),
        visible.filter(topic_links__isnull=True),
        visible.order_by("publication_date"),
        visible.filter(first_published_at__year=2020),
        ArticlePage.objects.filter(pk__in=Page.objects.filter(live=True).values("pk")),
    ]:
        assert page_keys(kept) is kept
    assert page_keys(visible, ["standfirst"]) is visible
    # ``?locale=`` filters on the page's own column: the join to the locale table that
    # Django set up for it and then trimmed is not in the SQL, so the walk still moves.
    in_english = visible.filter(locale=listing.news.locale)
    assert page_keys(in_english).model is Page
    assert list(page_keys(in_english).values_list("pk", flat=True)) == list(
        in_english.order_by("path").values_list("pk", flat=True)
    )
    assert page_keys(Page.objects.filter(live=True)).model is Page
