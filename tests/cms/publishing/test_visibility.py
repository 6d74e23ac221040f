"""What an anonymous visitor can reach, surface by surface, equals what is live and public.

For every API, feed, sitemap, search and page of the site, the ids an anonymous client
can reach are computed from the responses and compared with the set computed from the
database (tests/cms/publishing/visibility_data.py). A failure names the leaked (or missing)
pages. Drafts' titles, hidden pages' titles and applicants' personal data must appear in
no response at all.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from urllib.parse import urlencode, urlparse

import feedparser
import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree as ET
from django.test import Client
from wagtail.models import Page, PageViewRestriction

from articles.models import ArticlePage, SeminarReportPage, Topic
from home.models import HomePage, StandardPage, TerminologyNote
from participants.models import ParticipantIndexPage, ParticipantPage
from tests.cms.publishing import visibility_data as vd
from tests.shared_data import bilingual_home, rolled_back

pytestmark = pytest.mark.django_db

LOCALES = ("en", "fr")
PAGE_TYPES = {
    "articles.ArticlePage": ArticlePage,
    "articles.SeminarReportPage": SeminarReportPage,
    "home.StandardPage": StandardPage,
    "home.HomePage": HomePage,
    "participants.ParticipantPage": ParticipantPage,
    "participants.ParticipantIndexPage": ParticipantIndexPage,
}
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def shared_data(django_db_setup, django_db_blocker) -> Iterator[vd.Dataset]:
    """The data set, built once for the module (about 6 seconds) and rolled back at its
    end; each test's changes are undone after it (tests/shared_data.py)."""
    yield from rolled_back(django_db_blocker, lambda: vd.build(*bilingual_home()))


@pytest.fixture
def data(shared_data, db, settings, clean_caches) -> vd.Dataset:
    """The shared data set, with empty caches, and its objects copied: nothing a test
    changes, in the database or on these objects, reaches the next test."""
    settings.ALLOWED_HOSTS = ["*"]
    return copy.deepcopy(shared_data)


@pytest.fixture
def anonymous() -> Client:
    return Client()


class Leaks:
    """Collects every response body and checks none shows what must stay hidden."""

    def __init__(self) -> None:
        hidden = vd.all_page_ids() - vd.visible_page_ids()
        words = {
            title.split()[1]
            for title in Page.objects.filter(pk__in=hidden, title__startswith=vd.MARK)
            .values_list("title", flat=True)
            .distinct()
        }
        self.secrets = sorted({*words, *vd.SECRET_WORDS})
        self.pattern = re.compile(r"\b(" + "|".join(map(re.escape, self.secrets)) + r")\b")

    def check(self, url: str, body: str) -> None:
        personal = [value for value in vd.PERSONAL_DATA if value in body]
        assert not personal, f"{url} shows personal data: {personal}"
        secret = sorted(set(self.pattern.findall(body)))
        assert not secret, f"{url} shows words of drafts or hidden pages: {secret}"


@pytest.fixture
def leaks(data) -> Leaks:
    return Leaks()


def get(client: Client, url: str, leaks: Leaks, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, f"{url}: {response.status_code}"
    leaks.check(url, response.content.decode())
    return response


def assert_same(
    data: vd.Dataset, surface: str, found: set[int], expected: set[int], name: str
) -> None:
    """found == expected, with the difference named page by page."""
    leaked, missing = found - expected, expected - found
    assert not leaked and not missing, (
        f"{surface} vs {name}: leaked {data.names(leaked)}; missing {data.names(missing)}"
    )


def path_of(url: str) -> str:
    return urlparse(url).path


def hidden_page_ids() -> set[int]:
    return vd.all_page_ids() - vd.visible_page_ids()


# API v2


def api_page_ids(client: Client, leaks: Leaks, version: str, **params: str) -> set[int]:
    """Every page id of an API version's page listing, page after page (v2's with every
    field, so that a leak in any of them is seen)."""
    fields = {"fields": "*"} if version == "v2" else {}
    found: set[int] = set()
    offset = 0
    while True:
        query = urlencode({**params, "limit": 100, "offset": offset, **fields})
        body = get(client, f"/api/{version}/pages/?{query}", leaks).json()
        found |= {item["id"] for item in body["items"]}
        offset += 100
        total = body["meta"]["total_count"] if version == "v2" else body["count"]
        if offset >= total:
            return found


def v2_ids(client: Client, leaks: Leaks, **params: str) -> set[int]:
    return api_page_ids(client, leaks, "v2", **params)


def assert_lists_the_visible_pages(
    data: vd.Dataset, client: Client, leaks: Leaks, version: str, locale: str
) -> None:
    """The API version's pages of `locale`, all and of each page type, are exactly the
    live public ones."""
    assert_same(
        data,
        f"/api/{version}/pages/?locale={locale}",
        api_page_ids(client, leaks, version, locale=locale),
        vd.visible_page_ids(locale),
        f"visible pages ({locale})",
    )
    for label, model in PAGE_TYPES.items():
        assert_same(
            data,
            f"/api/{version}/pages/?locale={locale}&type={label}",
            api_page_ids(client, leaks, version, locale=locale, type=label),
            vd.visible_page_ids(locale, model),
            f"visible {label} pages ({locale})",
        )


@pytest.mark.parametrize("locale", LOCALES)
def test_api_v2_pages_list_exactly_the_live_public_pages(data, anonymous, leaks, locale):
    assert_lists_the_visible_pages(data, anonymous, leaks, "v2", locale)


def test_api_v2_pages_without_locale_list_every_language(data, anonymous, leaks):
    assert_same(
        data, "/api/v2/pages/", v2_ids(anonymous, leaks), vd.visible_page_ids(), "visible pages"
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_api_v2_search_finds_only_live_public_pages(data, anonymous, leaks, locale):
    assert_same(
        data,
        f"/api/v2/pages/?search={vd.MARK}&locale={locale}",
        v2_ids(anonymous, leaks, search=vd.MARK, locale=locale),
        vd.marked_ids(vd.visible_page_ids(locale)),
        f"visible pages titled {vd.MARK} ({locale})",
    )
    for word in vd.SECRET_WORDS:
        found = v2_ids(anonymous, leaks, search=word, locale=locale)
        assert found == set(), f"?search={word} finds {data.names(found)}"


def test_api_v2_hidden_pages_are_404_by_id_and_by_path(data, anonymous, leaks):
    paths = {page_id: path for path, page_id in vd.page_ids_by_path().items()}
    for page_id in hidden_page_ids():
        get(anonymous, f"/api/v2/pages/{page_id}/", leaks, status=404)
        if page_id in paths:
            get(anonymous, f"/api/v2/pages/find/?html_path={paths[page_id]}", leaks, status=404)
    live = data.pages["with_draft_en"]
    detail = get(anonymous, f"/api/v2/pages/{live.pk}/", leaks).json()
    assert detail["title"] == f"{vd.MARK} Delta live title"


def listed_ids(client: Client, leaks: Leaks, endpoint: str, **params: str) -> set[int]:
    body = get(client, f"/api/v2/{endpoint}/?{urlencode({**params, 'limit': 100})}", leaks)
    body = body.json()
    assert body["meta"]["total_count"] <= 100
    return {item["id"] for item in body["items"]}


def test_api_v2_images_and_documents_of_private_collections_are_never_listed(
    data, anonymous, leaks
):
    for endpoint, expected, objects in (
        ("images", vd.visible_image_ids(), data.images),
        ("documents", vd.visible_document_ids(), data.documents),
    ):
        assert expected == {objects["public"].pk}
        found = listed_ids(anonymous, leaks, endpoint)
        assert found == expected, f"/api/v2/{endpoint}/ lists {found}, expected {expected}"
        searched = listed_ids(anonymous, leaks, endpoint, search=vd.MARK)
        assert searched <= expected, f"/api/v2/{endpoint}/?search= finds {searched - expected}"
        for name in ("private", "private_child"):
            get(anonymous, f"/api/v2/{endpoint}/{objects[name].pk}/", leaks, status=404)
            body = anonymous.get(f"/api/v2/{endpoint}/?limit=100").content.decode()
            assert objects[name].title not in body
        get(anonymous, f"/api/v2/{endpoint}/{objects['public'].pk}/", leaks)


@pytest.mark.parametrize("locale", LOCALES)
def test_api_v2_snippets_list_live_ones_of_the_locale(data, anonymous, leaks, locale):
    for endpoint, model in (("topics", Topic), ("terminology-notes", TerminologyNote)):
        expected = set(
            model.objects.filter(live=True, locale__language_code=locale).values_list(
                "pk", flat=True
            )
        )
        found = listed_ids(anonymous, leaks, endpoint, locale=locale)
        assert found == expected, f"/api/v2/{endpoint}/?locale={locale}: {found} != {expected}"
        for hidden in model.objects.filter(live=False):
            get(anonymous, f"/api/v2/{endpoint}/{hidden.pk}/", leaks, status=404)


# API v3


@pytest.mark.parametrize("locale", LOCALES)
def test_api_v3_pages_list_exactly_the_live_public_pages(data, anonymous, leaks, locale):
    assert_lists_the_visible_pages(data, anonymous, leaks, "v3", locale)


def test_api_v3_details_of_hidden_pages_are_404_and_drafts_stay_private(data, anonymous, leaks):
    for page_id in hidden_page_ids():
        get(anonymous, f"/api/v3/pages/{page_id}/", leaks, status=404)
        get(anonymous, f"/api/v3/pages/{page_id}/?version=draft", leaks, status=404)
        response = anonymous.get(f"/api/v3/pages/{page_id}/revisions/")
        assert response.status_code in (401, 403, 404), response.status_code
    for page_id in vd.visible_page_ids():
        get(anonymous, f"/api/v3/pages/{page_id}/", leaks)
    live = data.pages["with_draft_en"]
    draft = get(anonymous, f"/api/v3/pages/{live.pk}/?version=draft", leaks).json()
    assert draft["title"] == f"{vd.MARK} Delta live title"


# Feeds, sitemap, map


@pytest.mark.parametrize("kind", ["rss", "atom"])
@pytest.mark.parametrize("locale", LOCALES)
def test_feeds_list_exactly_the_visible_articles(data, anonymous, leaks, kind, locale):
    index = data.pages[f"news_{locale}"]
    url = f"{index.url}feed/{kind}/"
    feed = feedparser.parse(get(anonymous, url, leaks).content)
    assert not feed.bozo, feed.bozo_exception
    by_path = vd.page_ids_by_path()
    links = [path_of(entry.link) for entry in feed.entries]
    unknown = [link for link in links if link not in by_path]
    assert not unknown, f"{url} links to no page: {unknown}"
    assert_same(
        data,
        url,
        {by_path[link] for link in links},
        vd.visible_article_ids(index),
        f"visible articles of news ({locale})",
    )


def sitemap_urls(client: Client, leaks: Leaks) -> Iterator[ET.Element]:
    """The ``<url>`` entries of every section the sitemap index lists."""
    index = ET.fromstring(get(client, "/sitemap.xml", leaks).content)
    for section in index.iter(f"{SITEMAP}loc"):
        address = urlparse(section.text)._replace(scheme="", netloc="").geturl()  # keeps ?p=
        yield from ET.fromstring(get(client, address, leaks).content).iter(f"{SITEMAP}url")


def test_sitemap_lists_each_locale_with_alternates_of_visible_pages_only(data, anonymous, leaks):
    by_path = vd.page_ids_by_path()
    visible = vd.visible_page_ids()
    per_locale: dict[str, set[int]] = {code: set() for code in LOCALES}
    for url in sitemap_urls(anonymous, leaks):
        location = path_of(url.findtext(f"{SITEMAP}loc"))
        assert location in by_path, f"sitemap lists {location}, which is no page"
        page_id = by_path[location]
        per_locale[location.split("/")[1]].add(page_id)
        alternates = {
            link.get("hreflang"): path_of(link.get("href"))
            for link in url.iter(f"{XHTML}link")
            if link.get("rel") == "alternate"
        }
        alternate_ids = {by_path.get(path) for code, path in alternates.items() if code in LOCALES}
        assert alternate_ids <= visible, (
            f"{location} advertises hidden alternates {data.names(alternate_ids - visible)}"
        )
        page = Page.objects.get(pk=page_id)
        translations = {p.pk for p in page.get_translations(inclusive=True) if p.pk in visible}
        expected_alternates = translations if len(translations) > 1 else set()
        assert alternate_ids == expected_alternates, (
            f"{location}: alternates {data.names(alternate_ids)}, "
            f"expected {data.names(expected_alternates)}"
        )
    for code in LOCALES:
        assert_same(
            data,
            f"sitemap.xml /{code}/",
            per_locale[code],
            vd.visible_page_ids(code),
            f"visible pages ({code})",
        )


@pytest.mark.parametrize("locale", LOCALES)
def test_participants_geojson_shows_visible_active_profiles(data, anonymous, leaks, locale):
    url = f"/api/participants.geojson?locale={locale}"
    features = get(anonymous, url, leaks).json()["features"]
    by_path = vd.page_ids_by_path()
    found = {by_path[path_of(feature["properties"]["url"])] for feature in features}
    assert_same(data, url, found, vd.visible_map_ids(locale), f"visible active profiles ({locale})")


# Search page and autocomplete


def search_result_ids(client: Client, leaks: Leaks, locale: str, query: str) -> set[int]:
    """The pages the search page lists for `query`, following its pagination."""
    by_path = vd.page_ids_by_path()
    found: set[int] = set()
    url: str | None = f"/{locale}/search/?{urlencode({'q': query})}"
    while url:
        soup = BeautifulSoup(get(client, url, leaks).content, "html.parser")
        for link in soup.select(".search-result h3 a"):
            assert link["href"] in by_path, f"{url} links to no page: {link['href']}"
            found.add(by_path[link["href"]])
        following = soup.select_one('.pagination a[rel="next"]')
        url = f"/{locale}/search/{following['href']}" if following else None
    return found


@pytest.mark.parametrize("locale", LOCALES)
def test_search_page_finds_exactly_the_visible_pages(data, anonymous, leaks, locale):
    assert_same(
        data,
        f"/{locale}/search/?q={vd.MARK}",
        search_result_ids(anonymous, leaks, locale, vd.MARK),
        vd.marked_ids(vd.visible_page_ids(locale)),
        f"visible pages titled {vd.MARK} ({locale})",
    )
    for word in vd.SECRET_WORDS:
        response = anonymous.get(f"/{locale}/search/?{urlencode({'q': word})}")
        soup = BeautifulSoup(response.content, "html.parser")
        results = [a.get_text() for a in soup.select(".search-result h3 a")]
        assert results == [], f"/{locale}/search/?q={word} finds {results}"


def autocomplete_ids(client: Client, leaks: Leaks, locale: str, query: str) -> set[int]:
    url = f"/{locale}/search/autocomplete/?{urlencode({'q': query})}"
    by_path = vd.page_ids_by_path()
    return {by_path[path_of(r["url"])] for r in get(client, url, leaks).json()["results"]}


@pytest.mark.parametrize("locale", LOCALES)
def test_autocomplete_suggests_exactly_the_visible_pages(data, anonymous, leaks, locale):
    visible = vd.visible_page_ids(locale)
    titles = Page.objects.filter(locale__language_code=locale, title__startswith=vd.MARK)
    words = {title.split()[1] for title in titles.values_list("title", flat=True)}
    for word in sorted({*words, *vd.SECRET_WORDS}):
        expected = {
            page.pk for page in Page.objects.filter(pk__in=visible, title__contains=f" {word} ")
        } | {page.pk for page in Page.objects.filter(pk__in=visible, title__endswith=f" {word}")}
        assert_same(
            data,
            f"/{locale}/search/autocomplete/?q={word[:4]}",
            autocomplete_ids(anonymous, leaks, locale, word[:4]),
            expected,
            f"visible pages with {word!r} in the title ({locale})",
        )


# The rendered site


def test_pages_link_only_to_visible_pages_and_hidden_pages_do_not_render(data, anonymous, leaks):
    """Every visible page renders and links (news lists, latest news, participants,
    language switcher, hreflang) only to visible pages; hidden pages show nothing."""
    by_path = vd.page_ids_by_path()
    visible = vd.visible_page_ids()
    for path, page_id in sorted(by_path.items()):
        response = anonymous.get(path)
        page = Page.objects.get(pk=page_id)
        if page_id not in visible:
            body = response.content.decode()
            assert response.status_code != 200 or page.title not in body, (
                f"hidden page {data.name_of(page_id)} renders at {path}"
            )
            continue
        assert response.status_code == 200, f"{path}: {response.status_code}"
        leaks.check(path, response.content.decode())
        soup = BeautifulSoup(response.content, "html.parser")
        targets = {
            by_path[path_of(tag["href"])]
            for tag in soup.select("a[href], link[href]")
            if path_of(tag["href"]) in by_path
        }
        assert targets <= visible, f"{path} links to {data.names(targets - visible)}"


def test_making_a_page_public_again_lists_its_french_alias_again(data, anonymous, leaks):
    """The aliases follow their source both ways: no page stays hidden by a stale copy."""
    alias = data.pages["private_article_fr_alias"]
    assert alias.pk not in v2_ids(anonymous, leaks, locale="fr")
    PageViewRestriction.objects.filter(page=data.pages["private_article_en"]).delete()
    assert alias.pk in vd.visible_page_ids("fr")
    assert alias.pk in v2_ids(anonymous, Leaks(), locale="fr")
