"""What the filters of a news index offer: its live topics and the years that have
news, and when the soonest of its articles expires (which ends every kept list).

Read on every cold render of the news page (issue #19) and through indexes whatever the
number of articles (issue #23). Below the page types: it reads the articles through the
index page it is given (``index.articles()``, ``index.all_article_dates()``).
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from django.db.models import BooleanField, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.utils import timezone
from wagtail.models import Page

from articles.topics import Topic
from cms.caching.fragments import cached_fragment

if TYPE_CHECKING:  # for the hints only: articles.models imports this module
    from articles.models import ArticleIndexPage

T = TypeVar("T")
MAX_YEARS = 100  # the years filter offers at most the last hundred years that have news
RECENT_YEARS = 15  # the years probed with the span, in the facts' first query


@dataclass(frozen=True)
class IndexFacts:
    """What the filters of one news index offer: its live topics and the years that
    have news. Kept until the content changes or one of its articles expires."""

    topics: list[Topic]
    years: list[int]
    expires: float | None


def fresh(name: str, parts: tuple[object, ...], compute: Callable[[], T]) -> T:
    """A fragment whose ``expires`` has not passed; recomputed when it has."""
    value = cached_fragment(name, parts, compute)
    expires = getattr(value, "expires", None)
    if expires is not None and expires <= time.time():
        return compute()
    return value


def index_facts(index: ArticleIndexPage) -> IndexFacts:
    """Topics, years and the soonest expiry, each read through an index whatever the
    number of articles (issue #23). One query asks, per year of a recent window, whether
    this index has a live article then (an index range probe that stops at the first),
    with the span of every article's dates (two index probes) and when its first article
    expires; the years of the span outside that window, if any, are a second query.
    Grouping every article by year read them all; reading the span first cost a query
    on every cold render (#19)."""

    def compute() -> IndexFacts:
        topics = Topic.objects.filter(locale_id=index.locale_id, live=True).order_by("name")
        articles = index.articles().order_by()
        this_year = timezone.localdate().year
        recent = range(this_year - RECENT_YEARS + 1, this_year + 2)  # next year's too
        expiring = articles.filter(expire_at__isnull=False).order_by("expire_at")
        dates = index.all_article_dates()
        row = _year_probes(index, articles, recent).annotate(
            soonest=Subquery(expiring.values("expire_at")[:1]),
            first=Subquery(dates.order_by("publication_date")[:1]),
            last=Subquery(dates.order_by("-publication_date")[:1]),
        )
        found = row.values(*(f"y{year}" for year in recent), "soonest", "first", "last").get()
        years: list[int] = []
        if found["first"] is not None:
            # The last MAX_YEARS years of the span: a mistyped date (year 202) must not
            # become 1,800 probes; older years are then not offered as a filter.
            last = found["last"].year
            span = range(max(found["first"].year, last - MAX_YEARS + 1), last + 1)
            years = [year for year in span if found.get(f"y{year}")]
            older = [year for year in span if year not in recent]
            if older:
                more = _year_probes(index, articles, older).values(*(f"y{y}" for y in older))
                extra = more.get()
                years += [year for year in older if extra[f"y{year}"]]
        soonest = found["soonest"]
        return IndexFacts(
            topics=list(topics),
            years=sorted(years, reverse=True),
            expires=soonest.timestamp() if soonest is not None else None,
        )

    return fresh(*facts_fragment(index), compute)


# Stand-ins for a year's first and last day in the one compiled probe (``_year_probes``).
_PROBE_FROM, _PROBE_TO = datetime.date(1111, 1, 11), datetime.date(1111, 11, 11)


def _year_probes(index: ArticleIndexPage, articles: QuerySet, years: Iterable[int]) -> QuerySet:
    """The index page's row with, per year, whether ``articles`` has one then. The probe
    is compiled once and repeated with each year's dates: compiling an EXISTS of the
    articles' conditions per year was a fifth of the news page's time with caches off."""
    probe = articles.filter(publication_date__range=(_PROBE_FROM, _PROBE_TO)).values("pk")[:1]
    sql, params = probe.query.get_compiler(using=articles.db).as_sql()

    def dated(year: int) -> list[object]:
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        stand_ins = {_PROBE_FROM: first, str(_PROBE_FROM): str(first)}
        stand_ins |= {_PROBE_TO: last, str(_PROBE_TO): str(last)}
        return [stand_ins.get(param, param) if _hashable(param) else param for param in params]

    checks = {
        f"y{year}": RawSQL(f"EXISTS ({sql})", dated(year), output_field=BooleanField())  # noqa: S611 (Django's SQL)
        for year in years
    }
    return Page.objects.filter(pk=index.pk).annotate(**checks)


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def facts_fragment(index: ArticleIndexPage) -> tuple[str, tuple[object, ...]]:
    return "news-facts", (index.pk,)
