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

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Substr
from django.utils.translation import gettext
from rest_framework.fields import Field
from typing_extensions import TypedDict
from wagtail.models import Page

from cms.core.representation import BatchContext, batch_for, page_url
from participants.models import ParticipantPage

# Where the lists keep the authority they read (None: not local news, or none visible).
ATTRIBUTE = "credited_authority"


def is_local_news(page: Any) -> bool:
    """Whether ``page`` is local news, never with a query: a specific page says so
    itself, an ArticlePage of a list by the ``localnewspage`` row ``with_card_data``
    joined (any other page is not local news)."""
    if getattr(page, "is_local_news", False):
        return True
    joined = getattr(getattr(page, "_state", None), "fields_cache", {})
    return joined.get("localnewspage") is not None


def parent_path(page: Page) -> str:
    return page.path[: -page.steplen]


# What a credit shows of the authority, read with the list's articles (``with_credit``).
CREDIT_FIELDS = ("pk", "title", "country")


def with_credit(articles: QuerySet) -> QuerySet:
    """``articles`` with the id, title and country of the live profile each one sits
    under (local news; None for the others): a probe of the unique path index per
    article, in the list's own query, so that a list with local news asks no query more
    for its credits (#19)."""
    parent = ParticipantPage.objects.live().filter(
        path=Substr(OuterRef("path"), 1, (OuterRef("depth") - 1) * Page.steplen)
    )
    return articles.annotate(
        **{f"credit_{name}": Subquery(parent.values(name)[:1]) for name in CREDIT_FIELDS}
    )


def _read_credit(page: Any) -> ParticipantPage | None:
    if page.credit_pk is None:
        return None
    return ParticipantPage(
        pk=page.credit_pk,
        title=page.credit_title,
        country=page.credit_country,
        path=parent_path(page),
        live=True,
    )


def attach_authorities(pages: Iterable[Any]) -> None:
    """Give each page its ``credited_authority``: the live profile its local news sits
    under, or None. Read with the list when it was (``with_credit``), else one query for
    the local news of the list, none without any."""
    pages = list(pages)
    local = {page.pk: page for page in pages if is_local_news(page)}
    if all(hasattr(page, "credit_pk") for page in local.values()):
        for page in pages:
            setattr(page, ATTRIBUTE, _read_credit(page) if page.pk in local else None)
        return
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


class AuthorityDict(TypedDict):
    id: int
    title: str
    country: str
    url: str | None


def _visible_authorities(batch: BatchContext) -> dict[str, ParticipantPage]:
    """The live, public profiles holding the batch's local news, by path: one query for
    the whole response, none when it has no local news."""
    paths = {parent_path(page) for page in batch.pages if is_local_news(page)}
    if not paths:
        return {}
    visible = batch.live_public().filter(path__in=paths).values("pk")
    profiles = ParticipantPage.objects.filter(pk__in=visible).defer("description")
    return {profile.path: profile for profile in profiles}


class ContributingAuthorityField(Field):
    """API v2 and v3 (``represent``): the authority that contributed local news, as
    ``{id, title, country, url}``; null when its profile is not visible to everyone."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance: Any) -> Any:
        return instance

    def to_representation(self, page: Any) -> AuthorityDict | None:
        return self.represent(page, self.context)

    @staticmethod
    def represent(page: Any, context: dict) -> AuthorityDict | None:
        batch = batch_for(context, page)
        found = batch.memo("articles.authorities", lambda: _visible_authorities(batch))
        authority = found.get(parent_path(page))
        if authority is None:
            return None
        return {
            "id": authority.pk,
            "title": authority.title,
            "country": authority.country.code or "",
            "url": page_url(authority, context.get("request")),
        }
