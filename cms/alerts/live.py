"""Which alerts a visitor sees now, on which page, in which language.

The live alerts of a site are few and change only when one is published, unpublished
or edited, which bumps the content generation (cms/caching/pages.py): so they are kept
as one fragment under that generation (cms/caching/fragments.py), read in the same round
trip as the page's other fragments, and built with one query (two when an alert links
to a page, to find that page in every language). Time is the one thing the generation
does not follow: whether an alert has started or ended is decided in Python on every
request, and the moment the next alert starts or ends is handed to the page cache
(``cms.caching.pages.keep_until``), which serves no page or API answer past it.

Rules, read by the banner (cms/templates/includes/alert_banner.html) and the globals
endpoints (cms/api/site_globals.py) alike:

* Only live alerts count: a draft, a submission or an unpublished alert is never shown.
* The original alert decides: its level, dates, section and page link apply to all its
  translations (a translation waiting to be synchronised cannot keep an alert up that
  the original took down), and while the original is not live, neither is any
  translation.
* The text is the live translation in the visitor's language, else the original's,
  marked with its language.
* A section alert shows on its page and every page below it, and on the page's
  translations and theirs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import OuterRef, Subquery
from django.http import HttpRequest
from django.utils import timezone
from wagtail.models import Page, Site

from cms.alerts.models import Alert
from cms.caching.fragments import FragmentKey, cached_fragment
from cms.caching.pages import keep_until
from cms.core.reading import all_locales, in_reading_memo, locale_by_id, top_pages

FRAGMENT = "alerts"


@dataclass(frozen=True)
class AlertText:
    """An alert's words in one language."""

    language: str
    message: str
    link_url: str | None
    link_text: str
    version: int


@dataclass(frozen=True)
class LiveAlert:
    """A live alert with its translations, as the original decides it."""

    id: int
    level: str
    starts_at: datetime | None
    ends_at: datetime | None
    # The tree paths of the section page in every language; empty: the whole site.
    section_paths: tuple[str, ...]
    source_language: str
    texts: dict[str, AlertText]

    def is_active(self, now: datetime) -> bool:
        started = self.starts_at is None or self.starts_at <= now
        return started and (self.ends_at is None or now < self.ends_at)

    def covers(self, page: Page | None) -> bool:
        if not self.section_paths:
            return True
        path = getattr(page, "path", None) or ""
        return any(path.startswith(section) for section in self.section_paths)


@dataclass(frozen=True)
class ShownAlert:
    """An alert as one visitor sees it: ``language`` is the text's, which differs from
    the visitor's when the alert is not translated into theirs."""

    id: int
    level: str
    message: str
    link_url: str | None
    link_text: str
    language: str
    version: int
    starts_at: datetime | None
    ends_at: datetime | None

    @property
    def level_label(self) -> str:
        return str(dict(Alert._meta.get_field("level").flatchoices).get(self.level, self.level))


def fragment_key(site: Site | None) -> FragmentKey:
    return (FRAGMENT, (site.pk if site else "-",))


def live_alerts(request: HttpRequest | None, site: Site | None) -> list[LiveAlert]:
    """Every live alert of the site, whatever the time: shared under the generation."""
    name, parts = fragment_key(site)
    return cached_fragment(name, parts, lambda: _build(request, site))


def alerts_for(
    request: HttpRequest | None, site: Site | None, page: Page | None, language: str
) -> list[ShownAlert]:
    """The alerts to show now on `page` (None: a page outside the tree, which gets the
    whole site's only) to a visitor reading `language`, warnings first."""
    now = timezone.now()
    alerts = live_alerts(request, site)
    _keep_cached_answers_until_next_change(alerts, now)
    shown = [
        _shown(alert, language) for alert in alerts if alert.is_active(now) and alert.covers(page)
    ]
    return sorted(shown, key=lambda alert: (alert.level != "warning", -alert.id))


def _keep_cached_answers_until_next_change(alerts: list[LiveAlert], now: datetime) -> None:
    """Whatever is rendered from these alerts is right until the next start or end."""
    moments = [
        moment
        for alert in alerts
        for moment in (alert.starts_at, alert.ends_at)
        if moment is not None and moment > now
    ]
    if moments:
        keep_until(min(moments))


def _shown(alert: LiveAlert, language: str) -> ShownAlert:
    text = alert.texts.get(language) or alert.texts[alert.source_language]
    return ShownAlert(
        id=alert.id,
        level=alert.level,
        message=text.message,
        link_url=text.link_url,
        link_text=text.link_text,
        language=text.language,
        version=text.version,
        starts_at=alert.starts_at,
        ends_at=alert.ends_at,
    )


# What an alert shows and where (``_build``, ``_text``): its section and linked page
# are read for their translation key (and the section's path) only. With every column
# of the two pages and the locale, the statement took 1.7 ms to build, on every page
# the alerts' fragment is cold for.
ALERT_COLUMNS = (
    "translation_key", "locale__language_code", "live_revision_id", "level", "message",
    "link_url", "link_text", "starts_at", "ends_at",
    "section__translation_key", "section__path", "link_page__translation_key",
)  # fmt: skip


def _build(request: HttpRequest | None, site: Site | None) -> list[LiveAlert]:
    original = Alert.objects.filter(translation_key=OuterRef("translation_key")).order_by("pk")
    rows = list(
        Alert.objects.filter(live=True)
        .annotate(original_pk=Subquery(original.values("pk")[:1]))
        .select_related("locale", "section", "link_page")
        .only(*ALERT_COLUMNS)
        .order_by("pk")
    )
    groups: dict[object, list[Alert]] = defaultdict(list)
    for row in rows:
        groups[row.translation_key].append(row)
    sources = [
        row for row in rows if row.pk == row.original_pk
    ]  # the original of each group, when it is live
    pages = _pages_in_every_language(sources, site)
    alerts = []
    for source in sources:
        section_paths: tuple[str, ...] = ()
        if source.section_id:
            section_paths = tuple(
                page.path for page in pages.get(source.section.translation_key, {}).values()
            ) or (source.section.path,)
        texts = {
            row.locale.language_code: _text(request, site, row, source, pages)
            for row in groups[source.translation_key]
        }
        alerts.append(
            LiveAlert(
                id=source.pk,
                level=source.level,
                starts_at=source.starts_at,
                ends_at=source.ends_at,
                section_paths=section_paths,
                source_language=source.locale.language_code,
                texts=texts,
            )
        )
    return alerts


def _pages_in_every_language(
    sources: list[Alert], site: Site | None
) -> dict[object, dict[str, Page]]:
    """The sections and linked pages of `sources` in every language: translation key →
    language → page. No query in a request when each of them is a home page or a live
    page right below one in every language (the request's read of the homes, which the
    header makes anyway: cms/core/reading.py), else one query; none without sections or
    page links."""
    keys = {alert.section.translation_key for alert in sources if alert.section_id}
    keys |= {alert.link_page.translation_key for alert in sources if alert.link_page_id}
    if not keys:
        return {}
    if site is not None and in_reading_memo():
        top = top_pages(site.root_page)
        found = _grouped(
            page for page in (*top.homes, *top.sections) if page.translation_key in keys
        )
        # A page has one translation per locale: with one in every locale among the top
        # pages there is no other, and the query would find these same rows.
        every = len(all_locales())
        if len(found) == len(keys) and all(len(group) == every for group in found.values()):
            return found
    return _grouped(
        Page.objects.filter(translation_key__in=keys).select_related("locale"),
        lambda page: page.locale.language_code,
    )


def _grouped(
    pages: Iterable[Page],
    language: Callable[[Page], str] = lambda page: locale_by_id(page.locale_id).language_code,
) -> dict[object, dict[str, Page]]:
    found: dict[object, dict[str, Page]] = defaultdict(dict)
    for page in pages:
        found[page.translation_key][language(page)] = page
    return found


def _text(
    request: HttpRequest | None,
    site: Site | None,
    row: Alert,
    source: Alert,
    pages: dict[object, dict[str, Page]],
) -> AlertText:
    language = row.locale.language_code
    link_url: str | None = row.link_url or None
    if source.link_page_id:
        translations = pages.get(source.link_page.translation_key, {})
        target = translations.get(language)
        if target is None or not target.live:
            target = translations.get(source.locale.language_code)
        link_url = target.get_url(request, current_site=site) if target and target.live else None
    return AlertText(
        language=language,
        message=row.message,
        link_url=link_url,
        link_text=row.link_text,
        version=row.live_revision_id or 0,
    )
