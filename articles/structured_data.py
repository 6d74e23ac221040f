"""schema.org JSON-LD for articles (`NewsArticle`) and seminars (`Event`), built from
the page's own fields so that search engines see the same facts as readers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from cms.chrome.head import social_image
from cms.core.reading import locale_by_id

if TYPE_CHECKING:
    from articles.models import ArticlePage, SeminarReportPage


def organisation() -> dict[str, str]:
    return {
        "@type": "Organization",
        "name": _("European Alliance of Cities and Regions for Roma Inclusion"),
    }


def image_url(page: ArticlePage, request: HttpRequest | None) -> str:
    """The picture shared for the page (cms/chrome/head.py): its own, else the site's."""
    return social_image(page, request).url


def news_article(page: ArticlePage, request: HttpRequest | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title,
        "description": page.get_listing_summary(),
        "datePublished": page.publication_date.isoformat(),
        "inLanguage": locale_by_id(page.locale_id).language_code,
        "url": page.get_full_url(request),
        "mainEntityOfPage": page.get_full_url(request),
        "publisher": organisation(),
        "author": organisation(),
    }
    if page.is_local_news and (authority := page.contributing_authority) is not None:
        # Local news is written by a member authority (#20): it is the author.
        data["author"] = {
            "@type": "GovernmentOrganization",
            "name": authority.title,
            "url": authority.get_full_url(request),
        }
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    if image := image_url(page, request):
        data["image"] = [image]
    return data


def event(page: SeminarReportPage, request: HttpRequest | None) -> dict[str, Any] | None:
    """The seminar as an Event; none without a start date, which schema.org requires."""
    if page.start_date is None:
        return None
    address: dict[str, str] = {"@type": "PostalAddress"}
    if page.place:
        address["addressLocality"] = page.place
    if page.country:
        address["addressCountry"] = page.country.code
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "description": page.get_listing_summary(),
        "startDate": page.start_date.isoformat(),
        "endDate": (page.end_date or page.start_date).isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "inLanguage": locale_by_id(page.locale_id).language_code,
        "url": page.get_full_url(request),
        "location": {
            "@type": "Place",
            "name": page.venue or page.place or str(page.country.name or ""),
            "address": address,
        },
        "organizer": {"@type": "Organization", "name": page.organiser}
        if page.organiser
        else organisation(),
    }
    if image := image_url(page, request):
        data["image"] = [image]
    return data
