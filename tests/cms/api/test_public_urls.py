"""Every absolute URL the API, the feeds, the calendar and the sitemap give names the public
origin (WAGTAILADMIN_BASE_URL, which the default Site follows: cms/core/sites.py), and
works when fetched, even when the request came in by another host name (a front end
rendering on its server reaches the CMS by an internal name; issue #18)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import pytest
from defusedxml import ElementTree as ET
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from wagtail.models import Site as WagtailSite

from cms.core.sites import align_default_site
from tests.conftest import user_in
from tests.shared_data import clear_caches

PUBLIC = "https://alliance.example.org"
INTERNAL_HOST = "cms.internal:8000"
URL = re.compile(r"^[a-z]+://")
NAMESPACES = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "atom": "http://www.w3.org/2005/Atom",
}


@pytest.fixture
def public(site, settings) -> Iterator[Client]:
    """The operator's configuration: the public address set (cms/settings/base.py copies
    it to WAGTAILAPI_BASE_URL), the site aligned as `migrate` does; a client on it."""
    settings.WAGTAILADMIN_BASE_URL = settings.WAGTAILAPI_BASE_URL = PUBLIC
    assert align_default_site()
    clear_caches()
    yield Client(HTTP_HOST="alliance.example.org", headers={"Accept-Language": "en"})
    clear_caches()


@pytest.fixture
def internal() -> Client:
    """A server-side front end's client: the CMS by an internal host name, plain http."""
    return Client(HTTP_HOST=INTERNAL_HOST)


def absolute_urls(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from absolute_urls(item)
    elif isinstance(value, list):
        for item in value:
            yield from absolute_urls(item)
    elif isinstance(value, str) and URL.match(value):
        yield value


def api_urls(client: Client) -> set[str]:
    """The absolute URLs of v2 and v3 listings and of every page's detail in both."""
    found: set[str] = set()
    for path in (
        "/api/v2/pages/?fields=*&limit=100",
        "/api/v2/images/?fields=*",
        "/api/v2/documents/",
        "/api/v3/pages/?limit=100",
    ):
        response = client.get(path)
        assert response.status_code == 200, (path, response.content[:300])
        found |= set(absolute_urls(response.json()))
    listing = client.get("/api/v2/pages/?limit=100").json()["items"]
    assert len(listing) >= 10
    for item in listing:
        for version in ("v2", "v3"):
            detail = client.get(f"/api/{version}/pages/{item['id']}/")
            assert detail.status_code == 200
            found |= set(absolute_urls(detail.json()))
    return found


@pytest.mark.django_db
def test_every_url_of_the_api_names_the_public_origin_and_answers(public, internal):
    urls = api_urls(internal)
    kinds = {urlsplit(url).path.split("/")[1] for url in urls}
    assert {"api", "media", "en", "fr"} <= kinds  # details, renditions, pages, translations
    assert [url for url in urls if not url.startswith(PUBLIC + "/")] == []
    for url in sorted(urls):
        parts = urlsplit(url)
        if parts.path.startswith(settings.STATIC_URL):
            # Served by whitenoise in production and runserver in development, not here.
            assert finders.find(parts.path.removeprefix(settings.STATIC_URL)), url
            continue
        response = public.get(parts.path, dict(_query(parts.query)), secure=True)
        assert response.status_code == 200, url


def _query(query: str) -> list[tuple[str, str]]:
    return [tuple(pair.split("=", 1)) for pair in query.split("&") if "=" in pair]


@pytest.mark.django_db
def test_v2_detail_url_and_html_url_agree(public, internal, site):
    meta = internal.get(f"/api/v2/pages/{site.report.pk}/").json()["meta"]
    assert meta["detail_url"] == f"{PUBLIC}/api/v2/pages/{site.report.pk}/"
    assert meta["html_url"] == f"{PUBLIC}/en/news/lithuania-seminar/"
    assert meta["translations"][0]["url"] == f"{PUBLIC}/fr/actualites/seminaire-lituanie/"
    v3 = internal.get(f"/api/v3/pages/{site.report.pk}/").json()["meta"]
    assert (v3["detail_url"], v3["html_url"]) == (
        f"{PUBLIC}/api/v3/pages/{site.report.pk}/",
        meta["html_url"],
    )


@pytest.mark.django_db
@pytest.mark.parametrize("feed", ["rss", "atom"])
def test_feeds_name_the_public_origin_whatever_host_they_are_fetched_by(public, internal, feed):
    response = internal.get(f"/en/news/feed/{feed}/")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    addresses = [link.text for link in root.iter("link") if link.text]  # RSS
    addresses += [guid.text for guid in root.iter("guid")]
    addresses += [element.get("href") for element in root.iter(f"{{{NAMESPACES['atom']}}}link")]
    addresses += [element.text for element in root.iter(f"{{{NAMESPACES['atom']}}}id")]
    addresses += [element.get("url") for element in root.iter("enclosure")]
    assert len(addresses) >= 5
    assert f"{PUBLIC}/en/news/lithuania-seminar/" in addresses
    assert f"{PUBLIC}/en/news/feed/{feed}/" in addresses  # the feed's own address
    assert [a for a in addresses if not a.startswith(f"{PUBLIC}/")] == []
    assert "localhost" not in response.content.decode() and INTERNAL_HOST not in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_calendar_and_sitemap_name_the_public_origin(public, internal):
    calendar = internal.get("/en/news/lithuania-seminar/ical/").content.decode()
    assert f"URL:{PUBLIC}/en/news/lithuania-seminar/\r\n" in calendar
    index = ET.fromstring(internal.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iter(f"{{{NAMESPACES['s']}}}loc")]
    assert sections and all(url.startswith(f"{PUBLIC}/sitemap-") for url in sections)
    locations, alternates = [], []
    for section in sections:
        root = ET.fromstring(internal.get(section.removeprefix(PUBLIC)).content)
        locations += [loc.text for loc in root.iter(f"{{{NAMESPACES['s']}}}loc")]
        alternates += [link.get("href") for link in root.iter(f"{{{NAMESPACES['xhtml']}}}link")]
    assert f"{PUBLIC}/fr/actualites/seminaire-lituanie/" in locations
    assert alternates and all(url.startswith(f"{PUBLIC}/") for url in locations + alternates)


@pytest.mark.django_db
def test_article_page_shares_its_public_address(public, internal):
    html = internal.get("/en/news/lithuania-seminar/").content.decode()
    assert f'property="og:url" content="{PUBLIC}/en/news/lithuania-seminar/"' in html
    assert f'"url": "{PUBLIC}/en/news/lithuania-seminar/"' in html  # JSON-LD
    assert "localhost" not in html


@pytest.mark.django_db
def test_every_absolute_address_of_a_page_names_the_public_origin(public, internal, site):
    """Canonical, Open Graph, hreflang, feed links and the participants' map, fetched by
    an internal host name: nothing names the host the request used."""
    site.participant.latitude, site.participant.longitude = Decimal("51.4167"), Decimal("5.4")
    site.participant.save_revision().publish()
    for path in ("/en/news/lithuania-seminar/", "/fr/participants/", "/en/participants/"):
        html = internal.get(path).content.decode()
        absolute = re.findall(r'(?:href|content)="(https?://[^"]+)"', html)
        absolute += re.findall(r'"(?:item|url)": "(https?://[^"]+)"', html)  # JSON-LD, map
        ours = [url for url in absolute if "example.org" in url or INTERNAL_HOST in url]
        assert len(ours) >= 4, (path, absolute)
        assert [url for url in ours if not url.startswith(f"{PUBLIC}/")] == [], path
    features = internal.get("/api/participants.geojson?locale=en").json()["features"]
    assert features and all(f["properties"]["url"].startswith(f"{PUBLIC}/") for f in features)


@pytest.mark.django_db
def test_admin_dashboard_is_titled_with_the_site_name_not_a_host(client, site):
    """The migrated site has a name, so the dashboard of an editor (whose explorable root
    is a site's home) no longer says "localhost" (nor "testserver")."""
    site_record = WagtailSite.objects.get(is_default_site=True)
    assert site_record.site_name
    client.force_login(user_in("dana-editor", "Editors"))
    html = client.get("/admin/").content.decode()
    assert site_record.site_name in html
    assert "localhost" not in html and "testserver" not in html
