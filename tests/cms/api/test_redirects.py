"""Editors' redirects for front ends: `/api/v2/redirects/`, `pages/find/?html_path=`
following a redirect (`meta.redirected_from`), and API v3's `/api/v3/redirects/`.
Nothing about drafts or private pages reaches an anonymous consumer."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import APIToken, Page, PageViewRestriction
from wagtail.models import Site as WagtailSite

from tests.cms.api.factories import ArticleFactory
from tests.conftest import user_in

pytestmark = pytest.mark.django_db

EXTERNAL = "https://www.coe.int/en/web/congress"
PUBLIC = {
    "/en/old-seminar",
    "/en/old-news",
    "/fr/ancien-seminaire",
    "/en/congress",
    "/en/old-feed",
    "/en/everywhere",
}


@dataclass
class Redirects:
    seminar: Redirect
    news: Redirect
    french: Redirect
    external: Redirect
    feed: Redirect
    everywhere: Redirect
    draft: Redirect
    private: Redirect
    other_site: Redirect


@pytest.fixture
def redirects(site) -> Redirects:
    default = WagtailSite.objects.get(is_default_site=True)
    private = ArticleFactory(parent=site.home_en, slug="members-only")
    private.save_revision().publish()
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    other_root = Page.get_first_root_node().add_child(instance=Page(title="Other", slug="other"))
    other = WagtailSite.objects.create(hostname="other.example.org", root_page=other_root)
    other_news = other_root.add_child(instance=Page(title="Other news", slug="news"))

    def add(old_path, to, *, site=default, permanent=True, route="") -> Redirect:
        return Redirect.add_redirect(
            old_path, to, is_permanent=permanent, page_route_path=route, site=site
        )

    return Redirects(
        seminar=add("/en/old-seminar/", site.report),
        news=add("/en/old-news", site.news_en, permanent=False),
        french=add("/fr/ancien-seminaire", site.report_fr),
        external=add("/en/congress", EXTERNAL),
        feed=add("/en/old-feed", site.news_en, route="/feed/rss/"),
        everywhere=add("/en/everywhere", site.article, site=None),
        draft=add("/en/old-draft", site.draft),
        private=add("/en/old-private", private),
        other_site=add("/en/other", other_news, site=other),
    )


def listing(client, query: str = "") -> dict:
    response = client.get(f"/api/v2/redirects/{query}")
    assert response.status_code == 200, response.content
    return response.json()


def test_listing_gives_what_a_front_end_needs(client, site, redirects):
    data = listing(client, "?limit=20")
    assert data["meta"]["total_count"] == len(PUBLIC)
    items = {item["old_path"]: item for item in data["items"]}
    assert set(items) == PUBLIC
    seminar = items["/en/old-seminar"]
    assert seminar == {
        "id": redirects.seminar.pk,
        "meta": {
            "type": "wagtailredirects.Redirect",
            "detail_url": f"http://testserver/api/v2/redirects/{redirects.seminar.pk}/",
        },
        "old_path": "/en/old-seminar",
        "is_permanent": True,
        "location": "http://testserver/en/news/lithuania-seminar/",
        "page": {
            "id": site.report.pk,
            "type": "articles.SeminarReportPage",
            "title": "Seminar in Lithuania",
            "url": "http://testserver/en/news/lithuania-seminar/",
            "locale": "en",
        },
    }
    assert items["/en/old-news"]["is_permanent"] is False
    assert items["/fr/ancien-seminaire"]["page"]["locale"] == "fr"
    assert items["/en/congress"]["location"] == EXTERNAL
    assert items["/en/congress"]["page"] is None
    assert items["/en/old-feed"]["location"] == "http://testserver/en/news/feed/rss/"
    # Every address a front end would send its visitor to answers.
    for item in items.values():
        if item["location"].startswith("http://testserver/"):
            page = client.get(item["location"].removeprefix("http://testserver"))
            assert page.status_code == 200, item["location"]


def test_drafts_private_pages_and_other_sites_are_never_listed(client, site, redirects):
    hidden = (redirects.draft, redirects.private, redirects.other_site)
    body = client.get("/api/v2/redirects/?limit=20").content.decode()
    for redirect in hidden:
        assert redirect.old_path not in body
        assert client.get(f"/api/v2/redirects/{redirect.pk}/").status_code == 404
    assert "secret-draft" not in body and "members-only" not in body
    # The other site's consumers see its redirect; not one for every site that leads
    # to a page of this one, which they cannot see.
    other = client.get("/api/v2/redirects/", HTTP_HOST="other.example.org").json()
    assert [item["old_path"] for item in other["items"]] == ["/en/other"]
    assert other["items"][0]["location"] == "http://other.example.org/en/news/"


def test_a_redirect_disappears_when_its_page_is_unpublished(client, site, redirects):
    site.report.unpublish()
    old_paths = {item["old_path"] for item in listing(client, "?limit=20")["items"]}
    assert "/en/old-seminar" not in old_paths and "/en/old-news" in old_paths


def test_pagination_filters_and_order(client, site, redirects):
    first = listing(client, "?limit=2&order=old_path")
    assert first["meta"]["total_count"] == len(PUBLIC)
    assert [item["old_path"] for item in first["items"]] == sorted(PUBLIC)[:2]
    rest = listing(client, "?limit=10&offset=2&order=old_path")
    assert [item["old_path"] for item in rest["items"]] == sorted(PUBLIC)[2:]
    assert [i["old_path"] for i in listing(client, "?is_permanent=false")["items"]] == [
        "/en/old-news"
    ]
    assert listing(client, "?old_path=/en/congress")["items"][0]["location"] == EXTERNAL
    assert listing(client, "?fields=_,old_path")["items"][0].keys() == {"old_path"}


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("limit=abc", "limit"),
        ("limit=1000", "limit"),
        ("offset=-1", "offset"),
        ("colour=red", "colour"),
        ("order=password", "password"),
        ("fields=nonsense", "nonsense"),
        ("id=99999999999", "id"),
    ],
)
def test_bad_parameters_are_400_naming_them(client, site, redirects, query, named):
    response = client.get(f"/api/v2/redirects/?{query}")
    assert response.status_code == 400, response.content
    assert named in response.json()["message"]


def test_redirects_find_accepts_paths_with_or_without_prefix(client, site, redirects):
    for path in ("/en/old-seminar/", "/en/old-seminar", "/old-seminar/"):
        response = client.get("/api/v2/redirects/find/", {"html_path": path})
        assert response.status_code == 302, path
        assert response["Location"].startswith(
            f"http://testserver/api/v2/redirects/{redirects.seminar.pk}/"
        )
    for path in ("/en/old-draft/", "/en/old-private/", "/en/other/", "/en/nothing/"):
        assert client.get("/api/v2/redirects/find/", {"html_path": path}).status_code == 404


def find(client, path: str, **params: str):
    return client.get("/api/v2/pages/find/", {"html_path": path, **params})


@pytest.mark.parametrize("path", ["/en/old-seminar", "/en/old-seminar/", "/old-seminar/"])
def test_pages_find_follows_a_redirect_and_says_so(client, site, redirects, path):
    response = find(client, path)
    assert response.status_code == 200, response.content
    data = response.json()
    detail = client.get(f"/api/v2/pages/{site.report.pk}/").json()
    redirected_from = data["meta"].pop("redirected_from")
    assert data == detail  # the page's own detail, and one field more
    assert redirected_from == {
        "old_path": "/en/old-seminar",
        "is_permanent": True,
        "location": "http://testserver/en/news/lithuania-seminar/",
    }


def test_pages_find_through_a_temporary_redirect_keeps_the_fields_asked(client, site, redirects):
    data = find(client, "/en/old-news/", fields="_,title").json()
    assert data == {  # what ?fields= asked, and the redirect
        "title": site.news_en.title,
        "meta": {
            "redirected_from": {
                "old_path": "/en/old-news",
                "is_permanent": False,
                "location": "http://testserver/en/news/",
            }
        },
    }


def test_pages_find_to_another_address_is_404_with_the_redirect(client, site, redirects):
    response = find(client, "/en/congress")
    assert response.status_code == 404
    assert response.json()["redirect"] == {
        "old_path": "/en/congress",
        "is_permanent": True,
        "location": EXTERNAL,
    }
    french = client.get(
        "/api/v2/pages/find/?html_path=/en/congress", headers={"Accept-Language": "fr"}
    )
    assert french.json()["message"] == (
        "Aucune page à cette adresse : elle redirige vers une autre adresse."
    )


def test_redirects_to_drafts_and_private_pages_look_like_nothing(client, site, redirects):
    nothing = find(client, "/en/never-was/")
    assert nothing.status_code == 404
    for path in ("/en/old-draft", "/en/old-private/", "/en/other"):
        response = find(client, path)
        assert (response.status_code, response.content) == (404, nothing.content), path


def test_a_page_at_the_path_wins_over_a_redirect_from_it(client, site, redirects):
    Redirect.add_redirect("/en/news/lithuania-seminar", site.article)
    response = find(client, "/en/news/lithuania-seminar/")
    assert response.status_code == 302
    assert f"/api/v2/pages/{site.report.pk}/" in response["Location"]


def test_a_renamed_page_is_found_at_its_old_address(
    client, site, django_capture_on_commit_callbacks
):
    """Wagtail records a redirect when a live page's slug changes (the editor's way of
    moving content): front ends following old links land on the page."""
    report = site.report
    report.slug = "seminar-in-trakai"
    with django_capture_on_commit_callbacks(execute=True):
        report.save_revision().publish()
    data = find(client, "/en/news/lithuania-seminar/").json()
    assert data["id"] == report.pk
    assert data["meta"]["html_url"] == "http://testserver/en/news/seminar-in-trakai/"
    assert data["meta"]["redirected_from"]["old_path"] == "/en/news/lithuania-seminar"


def test_the_html_site_follows_the_same_redirects(client, site, redirects):
    response = client.get("/en/old-seminar/")
    assert response.status_code == 301
    assert response["Location"] == "http://testserver/en/news/lithuania-seminar/"


def test_a_cached_listing_follows_a_new_redirect(
    client, site, redirects, page_cache, django_capture_on_commit_callbacks
):
    assert client.get("/api/v2/redirects/").status_code == 200
    assert client.get("/api/v2/redirects/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        Redirect.add_redirect("/en/brand-new", site.article)
    response = client.get("/api/v2/redirects/?limit=20")
    assert "/en/brand-new" in {item["old_path"] for item in response.json()["items"]}


# The listing's queries do not grow with the number of redirects: the site and the
# visibility condition (3, from the fragment cache in production), the count, then the
# page of redirects with their pages, types and locales (the pages' URLs come from
# Wagtail's cached site root paths).
V2_REDIRECTS_LISTING = 5


def test_listing_queries_do_not_grow_with_redirects(client, site, redirects):
    def count() -> int:
        client.get("/api/v2/redirects/?limit=50")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v2/redirects/?limit=50").status_code == 200
        return len(queries)

    assert count() == V2_REDIRECTS_LISTING
    for n in range(30):
        Redirect.add_redirect(f"/en/old-{n}", site.report if n % 2 else site.report_fr)
    assert count() == V2_REDIRECTS_LISTING


# --- API v3 ---------------------------------------------------------------------------


def bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {APIToken.create_token(user=user, name='test')[1]}"}


def test_v3_redirects_anonymously_are_the_public_ones(client, site, redirects):
    response = client.get("/api/v3/redirects/?limit=50")
    assert response.status_code == 200
    assert {item["old_path"] for item in response.json()["items"]} == PUBLIC
    for hidden in (redirects.draft, redirects.private, redirects.other_site):
        assert client.get(f"/api/v3/redirects/{hidden.pk}/").status_code == 404
    assert client.get(f"/api/v3/redirects/{redirects.seminar.pk}/").json()["redirect_page_id"] == (
        site.report.pk
    )


def test_v3_redirects_find_with_or_without_prefix(client, site, redirects):
    response = client.get("/api/v3/redirects/find/?html_path=/old-seminar/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"/api/v3/redirects/{redirects.seminar.pk}/")
    assert client.get("/api/v3/redirects/find/?html_path=/en/old-draft").status_code == 404
    assert client.get("/api/v3/redirects/find/").status_code == 404


def test_v3_redirects_with_a_token_are_wagtails(client, site, redirects):
    admin = user_in("ada-admin", superuser=True)
    headers = bearer(admin)
    response = client.get("/api/v3/redirects/?limit=50", headers=headers)
    old_paths = {item["old_path"] for item in response.json()["items"]}
    assert {"/en/old-draft", "/en/old-private"} <= old_paths
    detail = client.get(f"/api/v3/redirects/{redirects.draft.pk}/", headers=headers)
    assert detail.status_code == 200
