"""Upcoming events: the seminar reports whose dates are still ahead, for the kernel's
"Upcoming events" block (through cms/core/events.py), the news page's section and the
iCalendar feed of each language.

Only live, public reports of the language asked for, from today on (the project's time
zone), earliest first, at most a given number: one query on the start-date index,
whatever the number of reports. Below the page types (articles/models.py imports it
for the news page's route): the report model is looked up by label when queried.
"""

from __future__ import annotations

import datetime
import time
from typing import TYPE_CHECKING

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from articles.ical import calendar, event_lines
from articles.topics import ArticleTopic, Topic
from cms.caching.fragments import FragmentKey, cached_fragment
from cms.core.events import (
    EventQuery,
    UpcomingEvent,
    UpcomingEvents,
    keep_page_until_the_list_changes,
)
from cms.core.reading import in_private_section, reading_once, remembered, top_pages

if TYPE_CHECKING:
    from articles.models import ArticleIndexPage, SeminarReportPage

# The most events one language's calendar feed holds: the next ones, by date.
FEED_LENGTH = 100
# The news page shows the next few above its list.
SECTION_LENGTH = 3
FEED_ROUTE = "events_feed"  # the news page's route that serves the feed


def upcoming_reports(
    locale_id: int,
    today: datetime.date,
    *,
    limit: int,
    country: str = "",
    topic: Topic | None = None,
    private: Q | None = None,
) -> QuerySet[SeminarReportPage]:
    """The next ``limit`` live, public reports of a locale starting today or later,
    optionally in one country or on one topic (of any language: by translation key).
    ``private`` is the private sections' condition when the caller has read it."""
    report_model = apps.get_model("articles", "SeminarReportPage")
    reports = (
        report_model.objects.live()
        .exclude(private if private is not None else report_model.objects.private_q())
        .filter(locale_id=locale_id, start_date__gte=today)
        # An expired page stays live until `publish_scheduled` runs: hide it already.
        .exclude(expire_at__lte=timezone.now())
    )
    if country:
        reports = reports.filter(country=country)
    if topic is not None:
        tagged = ArticleTopic.objects.filter(topic__translation_key=topic.translation_key)
        reports = reports.filter(pk__in=tagged.values("page_id"))
    return reports.select_related("locale").order_by("start_date", "pk")[:limit]


def news_index_of(locale_id: int) -> ArticleIndexPage | None:
    """The live, public news page of a locale (whose route serves the feed), read once
    per request: the header's feed link, the events and the latest news all ask."""

    def find() -> ArticleIndexPage | None:
        index_model = apps.get_model("articles", "ArticleIndexPage")
        pages = index_model.objects.live().public().filter(locale_id=locale_id)
        return pages.order_by("path").first()

    return remembered(f"news index of locale {locale_id}", find)


def find_news_index(request: HttpRequest | None, locale_id: int) -> ArticleIndexPage | None:
    """The news page of a locale on the visitor's site: the live, public one right
    below the home page, read with the header's homes and top pages (no query of its
    own, cms/core/reading.py); on a site that keeps it deeper, or without a request,
    the first live, public one of the locale (``news_index_of``, one query per request)."""
    site = Site.find_for_request(request) if request is not None else None
    pages = top_pages(site.root_page) if site is not None else None
    home = pages.home_in(locale_id) if pages is not None else None
    if pages is not None and home is not None:
        index_model = apps.get_model("articles", "ArticleIndexPage")
        index_type = ContentType.objects.get_for_model(index_model).pk
        for page in pages.below(home):
            if page.content_type_id == index_type and not in_private_section(page):
                # Its own fields are not needed: its address, feeds and articles
                # follow from the page row.
                return page.specific_deferred
    return news_index_of(locale_id)


def as_event(report: SeminarReportPage, request: HttpRequest | None) -> UpcomingEvent:
    assert report.start_date is not None
    return UpcomingEvent(
        title=report.title,
        url=report.get_url(request) or "",
        full_url=report.get_full_url(request) or "",
        start_date=report.start_date,
        end_date=report.end_date,
        place=report.place,
        country_code=report.country.code or "",
        locale=report.locale.language_code,
    )


def feed_urls(index: ArticleIndexPage | None, request: HttpRequest | None) -> tuple[str, str]:
    """The address of the news page's calendar feed on the site, and the absolute one."""
    if index is None:
        return "", ""
    route = index.reverse_subpage(FEED_ROUTE)
    url, full_url = index.get_url(request), index.get_full_url(request)
    return (url + route if url else "", full_url + route if full_url else "")


def upcoming_report_events(query: EventQuery) -> UpcomingEvents:
    """The source registered with the kernel (articles/wagtail_hooks.py): two queries, the
    private sections and the reports (the first read once per request); the news page
    whose feed holds them all comes with the homes' read (cms/core/reading.py), or
    costs a third query on a site that keeps it deeper."""
    with reading_once():
        reports = list(
            upcoming_reports(
                query.locale_id,
                query.today,
                limit=query.limit,
                country=query.country,
                topic=query.topic,
                private=Page.objects.private_q(),
            )
        )
        return _upcoming(reports, find_news_index(query.request, query.locale_id), query.request)


def _upcoming(
    reports: list[SeminarReportPage], index: ArticleIndexPage | None, request: HttpRequest | None
) -> UpcomingEvents:
    """These reports as events, with the feed of ``index`` and their first expiry."""
    feed_url, feed_full_url = feed_urls(index, request)
    expiries = [report.expire_at for report in reports if report.expire_at]
    return UpcomingEvents(
        events=tuple(as_event(report, request) for report in reports),
        feed_url=feed_url,
        feed_full_url=feed_full_url,
        expires=min(expiries).timestamp() if expiries else None,
    )


def events_feed(index: ArticleIndexPage, request: HttpRequest) -> HttpResponse:
    """The iCalendar feed of the next upcoming events of the news page's language:
    titles, places and addresses in that language, to subscribe to in a calendar app."""
    reports = upcoming_reports(index.locale_id, timezone.localdate(), limit=FEED_LENGTH)
    with translation.override(index.locale.language_code):
        name = _("Upcoming events | %(page)s") % {"page": index.title}
        body = calendar((event_lines(report, request) for report in reports), name=name)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=f"{index.slug[:40]}-events.ics"
    )
    return response


def section_fragment(index: ArticleIndexPage, site: Site | None) -> FragmentKey:
    """The news page's section of the next events, kept for today only: a report whose
    date passes leaves it the next morning without anybody publishing anything."""
    return "news-upcoming", (site.pk if site else "-", index.pk, timezone.localdate().isoformat())


def index_section(index: ArticleIndexPage, request: HttpRequest) -> UpcomingEvents:
    """The next few events of the news page's language, for the section above its list:
    two queries (the private sections, the reports), none while the fragment is kept."""

    def compute() -> UpcomingEvents:
        reports = list(
            upcoming_reports(index.locale_id, timezone.localdate(), limit=SECTION_LENGTH)
        )
        return _upcoming(reports, index, request)

    section = cached_fragment(*section_fragment(index, Site.find_for_request(request)), compute)
    if section.expires is not None and section.expires <= time.time():
        section = compute()
    keep_page_until_the_list_changes(section)
    return section
