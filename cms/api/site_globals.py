"""What a front end needs to draw the site's chrome in one language, for the globals
endpoints of both APIs (``/api/v2/globals/``, ``/api/v3/globals/``): the site name, the
home page and menu, the footer's text, social links and feeds, the languages (with the
address of the same page in each when ``page`` is given) and the active alert banners.

The same data the rendered site's header and footer are built from
(cms/chrome/navigation.py), so a front end and the site never disagree. One response
per site, language and page, kept in the fragment cache under the content generation
(cms/caching/fragments.py): any publish, menu change or settings change rebuilds it.
The alerts are the exception: they start and end with the clock, so they are chosen
per request from the live alerts (cms/alerts/live.py, itself a cached fragment).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from typing_extensions import TypedDict
from wagtail.models import Page, Site

from articles.templatetags.articles_tags import news_index_ref
from cms.alerts.live import alerts_for
from cms.api.visibility import anonymous_visibility
from cms.caching.fragments import cached_fragment
from cms.chrome import head, navigation


class LinkDict(TypedDict):
    """A page of the site in the navigation: its id, title and absolute address."""

    id: int
    title: str
    url: str


class SocialLinkDict(TypedDict):
    name: str
    url: str


class FeedsDict(TypedDict):
    """The news feeds of the language (absolute addresses), or null without a news page."""

    rss: str
    atom: str


class FooterDict(TypedDict):
    text: str
    social_links: list[SocialLinkDict]
    feeds: FeedsDict | None


class LanguageDict(TypedDict):
    """One site language: ``url`` is the same page in it when ``is_translated``,
    otherwise that language's home page."""

    code: str
    name: str
    url: str
    is_current: bool
    is_translated: bool


class AlertDict(TypedDict):
    """An alert banner active now (cms/alerts/live.py). ``language`` is the message's,
    which is the original's when the alert is not translated into ``locale``;
    ``version`` changes whenever the alert is revised (a front end remembering that a
    visitor dismissed it shows a revised alert again)."""

    id: int
    level: Literal["information", "warning"]
    level_label: str
    message: str
    language: str
    link_url: str | None
    link_text: str | None
    starts_at: datetime | None
    ends_at: datetime | None
    version: int


class SiteGlobalsDict(TypedDict):
    locale: str
    site_name: str
    home: LinkDict | None
    navigation: list[LinkDict]
    footer: FooterDict
    languages: list[LanguageDict]
    alerts: list[AlertDict]


class GlobalsError(Exception):
    """Bad input, with its HTTP status and a message in the client's language."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def parse_request(locale: str | None, page: str | None) -> tuple[str, int | None]:
    """The language and page id asked for, or :class:`GlobalsError`."""
    codes = [code for code, _name in settings.LANGUAGES]
    language = locale or settings.LANGUAGE_CODE
    if language not in codes:
        raise GlobalsError(
            400,
            _("locale: “%(value)s” is not a language of this site; use one of %(codes)s.")
            % {"value": language, "codes": ", ".join(codes)},
        )
    if page is None or page == "":
        return language, None
    if not page.isdigit() or not 0 < int(page) < 2**31:
        raise GlobalsError(400, _("page: a page id (a positive whole number) is expected."))
    return language, int(page)


def visible_page(request: HttpRequest, page_id: int) -> Page:
    """The live page a visitor may see, or a 404 :class:`GlobalsError`."""
    pages = Page.objects.live().filter(pk=page_id, depth__gt=1)
    if (visible := anonymous_visibility(request)) is not None:
        pages = pages.filter(visible)
    found = pages.first()
    if found is None:
        raise GlobalsError(404, _("page: no published page has this id."))
    return found


def site_globals(request: HttpRequest, language: str, page: Page | None) -> SiteGlobalsDict:
    """The chrome of ``language`` (and the languages of ``page``), cached, with the
    alerts active now: those change with the clock, which the cached part does not
    follow, so they are chosen on every request from the cached list of live alerts."""
    site = navigation.site_for(request)
    key = (site.pk if site else "-", language, page.pk if page else None)
    chrome = cached_fragment("site-globals", key, lambda: _build(request, language, page))
    return {**chrome, "alerts": _alerts(request, site, language, page)}


def _alerts(
    request: HttpRequest, site: Site | None, language: str, page: Page | None
) -> list[AlertDict]:
    """Without ``page``, only the alerts of the whole site."""
    with translation.override(language):
        return [
            {
                "id": alert.id,
                "level": alert.level,  # type: ignore[typeddict-item]
                "level_label": alert.level_label,
                "message": alert.message,
                "language": alert.language,
                "link_url": head.absolute(request, alert.link_url) if alert.link_url else None,
                "link_text": (alert.link_text or _("Find out more")) if alert.link_url else None,
                "starts_at": alert.starts_at,
                "ends_at": alert.ends_at,
                "version": alert.version,
            }
            for alert in alerts_for(request, site, page, language)
        ]


def _link(request: HttpRequest, item: navigation.MenuItem) -> LinkDict:
    return {"id": item.pk, "title": item.title, "url": head.absolute(request, item.url)}


def _build(request: HttpRequest, language: str, page: Page | None) -> SiteGlobalsDict:
    with translation.override(language):
        chrome = navigation.chrome_for(request, language)
        social = navigation.social_links_for(request)
        news = news_index_ref(request)
        links: list[SocialLinkDict] = []
        if social and social.facebook_url:
            links.append({"name": "Facebook", "url": social.facebook_url})
        if social and social.twitter_url:
            links.append({"name": "X (Twitter)", "url": social.twitter_url})
        return {
            "locale": language,
            "site_name": _("European Alliance of Cities and Regions for Roma Inclusion"),
            "home": _link(request, chrome.home) if chrome and chrome.home else None,
            "navigation": [_link(request, item) for item in chrome.menu] if chrome else [],
            "footer": {
                "text": _(
                    "The Alliance works under the auspices of the Congress of Local and "
                    "Regional Authorities of the Council of Europe."
                ),
                "social_links": links,
                "feeds": {
                    "rss": head.absolute(request, news.rss_path),
                    "atom": head.absolute(request, news.atom_path),
                }
                if news
                else None,
            },
            "languages": _languages(request, language, page),
            "alerts": [],  # active now, chosen per request by site_globals()
        }


def _languages(request: HttpRequest, language: str, page: Page | None) -> list[LanguageDict]:
    if page is not None:
        links = navigation.language_links_for(request, page, current=language)
    else:  # each language's home page
        links = []
        for code, name in settings.LANGUAGES:
            chrome = navigation.chrome_for(request, code)
            url = (chrome.home_url if chrome else None) or f"/{code}/"
            links.append(navigation.LanguageLink(code, name, url, code == language, True))
    return [
        {
            "code": link.code,
            "name": str(link.name),
            "url": head.absolute(request, link.url),
            "is_current": link.is_current,
            "is_translated": link.is_translated,
        }
        for link in links
    ]
