"""The credit of a member authority's local news: "Contributed by Veldhoven, Netherlands".

Local news sits under the profile of the authority that wrote it (articles/local_news.py),
so the credit is that parent page. Lists (the news cards, the feeds, the home page's latest
news, search results) read the authorities of all their local news at once: no query when
the list has none, one when it has some, whatever their number.

Below the page types (articles/listing.py and the feeds use it): it knows local news only
through the ``localnewspage`` row that ``with_card_data`` joins and ``is_local_news``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext
from wagtail.models import Page

from participants.models import ParticipantPage

# Where the lists keep the authority they read (None: not local news, or none visible).
ATTRIBUTE = "credited_authority"


def is_local_news(page: Any) -> bool:
    """Whether ``page`` (an ArticlePage, specific or not) is local news, without a query
    when its ``localnewspage`` row was joined (``with_card_data``)."""
    if getattr(page, "is_local_news", False):
        return True
    try:
        return page.localnewspage is not None
    except (AttributeError, ObjectDoesNotExist):
        return False


def parent_path(page: Page) -> str:
    return page.path[: -page.steplen]


def attach_authorities(pages: Iterable[Any]) -> None:
    """Give each page its ``credited_authority``: the live profile its local news sits
    under, or None. One query for the local news of the list, none without any."""
    pages = list(pages)
    local = {page.pk: page for page in pages if is_local_news(page)}
    found: dict[str, ParticipantPage] = {}
    if local:
        profiles = ParticipantPage.objects.live().filter(
            path__in={parent_path(page) for page in local.values()}
        )
        found = {profile.path: profile for profile in profiles.defer("description")}
    for page in pages:
        authority = found.get(parent_path(page)) if page.pk in local else None
        setattr(page, ATTRIBUTE, authority)


def credit_line(authority: ParticipantPage | None) -> str:
    """The words crediting an authority, in the active language."""
    if authority is None:
        return ""
    if not authority.country:
        return gettext("Contributed by %(authority)s") % {"authority": authority.title}
    return gettext("Contributed by %(authority)s, %(country)s") % {
        "authority": authority.title,
        "country": authority.country.name,
    }
