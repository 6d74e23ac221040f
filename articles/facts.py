"""What the filters of a news index offer: its live topics and the years that have
news, and when the soonest of its articles expires (which ends every kept list).

Read on every cold render of the news page (issue #19) and through indexes whatever the
number of articles (issue #23). Below the page types: it reads the articles through the
index page it is given (``index.articles()``, ``index.all_article_dates()``).
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from django.db import connections
from django.db.models import CharField, QuerySet, Subquery
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
        row = Page.objects.filter(pk=index.pk).annotate(
            years=_years_with_news(articles, recent),
            soonest=Subquery(expiring.values("expire_at")[:1]),
            first=Subquery(dates.order_by("publication_date")[:1]),
            last=Subquery(dates.order_by("-publication_date")[:1]),
        )
        found = row.values("years", "soonest", "first", "last").get()
        years: list[int] = []
        if found["first"] is not None:
            # The last MAX_YEARS years of the span: a mistyped date (year 202) must not
            # become 1,800 probes; older years are then not offered as a filter.
            last = found["last"].year
            span = range(max(found["first"].year, last - MAX_YEARS + 1), last + 1)
            years = [year for year in _listed(found["years"]) if year in span]
            older = [year for year in span if year not in recent]
            if older:
                more = Page.objects.filter(pk=index.pk).annotate(
                    years=_years_with_news(articles, older)
                )
                years += _listed(more.values_list("years", flat=True).get())
        soonest = found["soonest"]
        return IndexFacts(
            topics=list(topics),
            years=sorted(years, reverse=True),
            expires=soonest.timestamp() if soonest is not None else None,
        )

    return fresh(*facts_fragment(index), compute)


# Stand-ins for a year's first and last day in the one compiled probe (``_years_with_news``).
_PROBE_FROM, _PROBE_TO = datetime.date(1111, 1, 11), datetime.date(1111, 11, 11)


def _years_with_news(articles: QuerySet, years: Sequence[int]) -> RawSQL:
    """The years among ``years`` in which ``articles`` has one, as one scalar subquery
    (a comma-separated list): a table of the years' first and last days, each probed by
    one correlated subquery (an index range probe that stops at the first article). The
    probe is compiled once, its stand-in dates replaced by the table's columns: compiling
    one per year was a fifth of the news page's time with caches off (#19), and
    PostgreSQL took 8 ms to plan one subquery per year for a probe that runs in 1 ms.
    A scalar subquery, not EXISTS: PostgreSQL turns an EXISTS into a semi join that
    reads every article (its LIMIT dropped), where a scalar one stays a probe per year."""
    probe = articles.filter(publication_date__range=(_PROBE_FROM, _PROBE_TO)).values("pk")[:1]
    connection = connections[articles.db]
    sql, params = probe.query.get_compiler(using=articles.db).as_sql()
    stand_ins = {
        _PROBE_FROM: "probe_years.first_day",
        str(_PROBE_FROM): "probe_years.first_day",
        _PROBE_TO: "probe_years.last_day",
        str(_PROBE_TO): "probe_years.last_day",
    }
    pieces = sql.split("%s")
    if len(pieces) != len(params) + 1:  # a literal "%s" in Django's SQL: never seen
        raise ValueError("cannot place the probe's dates")
    probe_sql, probe_params = [pieces[0]], []
    for param, piece in zip(params, pieces[1:], strict=True):
        column = stand_ins.get(param) if _hashable(param) else None
        probe_sql.append(column or "%s")
        if column is None:
            probe_params.append(param)
        probe_sql.append(piece)
    day = connection.ops.adapt_datefield_value
    rows = ", ".join(["(%s, %s, %s)"] * len(years))
    rows_params = [
        value
        for year in years
        for value in (year, day(datetime.date(year, 1, 1)), day(datetime.date(year, 12, 31)))
    ]
    listed = (
        "string_agg(CAST(probe_years.y AS text), ',')"
        if connection.vendor == "postgresql"
        else "group_concat(probe_years.y, ',')"
    )
    return RawSQL(  # noqa: S611 (Django's SQL and placeholders; the values are parameters)
        f"WITH probe_years(y, first_day, last_day) AS (VALUES {rows}) "  # noqa: S608
        f"SELECT {listed} FROM probe_years WHERE ({''.join(probe_sql)}) IS NOT NULL",
        [*rows_params, *probe_params],
        output_field=CharField(),
    )


def _listed(years: str | None) -> list[int]:
    return [int(year) for year in years.split(",")] if years else []


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def facts_fragment(index: ArticleIndexPage) -> tuple[str, tuple[object, ...]]:
    return "news-facts", (index.pk,)
