"""Countries named in a query: their pages weigh more than body text (issue #19).

A profile's country name is one of its body fields ("Lithuania" on an English profile,
"Lituanie" on a French one), so it ranked as body text: a Dutch city's profile that
mentions Lithuania could pass the Lithuanian members' own. Both backends now add
``COUNTRY_BONUS`` to the rank of the pages of a country the query names, in the same
expression as the title words (search/backend.py, search/backend_sqlite.py): after pages
with more of the query's words in their title, before pages that only mention it. The
countries are read at query time from the pages' fields and links, so nothing in the
index depends on them.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import translation
from django_countries import countries
from wagtail.models import Page

from search.engine import WORD, optional_model, unaccented

# A page of a country the query names ranks above pages with as many of the query's words
# in their title and none of that country, below a page with one more such word
# (search.backend.TITLE_WORD_BONUS, 1000): more than any difference of ts_rank or bm25.
COUNTRY_BONUS = 100.0


@cache
def country_names() -> dict[tuple[str, ...], str]:
    """Every country's name in each site language, as unaccented lowercase words, with
    its code: ("lithuania",), ("lituanie",) -> "LT"; ("pays", "bas",) -> "NL"."""
    names: dict[tuple[str, ...], str] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for code, name in countries:
                words = tuple(unaccented(word).lower() for word in WORD.findall(str(name)))
                names.setdefault(words, code)
    return names


def named_countries(query: str) -> set[str]:
    """Codes of the countries the query names, in any site language ("Lituanie",
    "Pays-Bas", "United Kingdom"): their pages rank above pages that only mention them."""
    words = [unaccented(word).lower() for word in WORD.findall(query)]
    names = country_names()
    longest = max(map(len, names), default=0)
    return {
        names[run]
        for start in range(len(words))
        for end in range(start + 1, min(start + longest, len(words)) + 1)
        if (run := tuple(words[start:end])) in names
    }


@cache
def country_pages_sql() -> list[str]:
    """The statements that select the ids of a country's pages, ``IN_COUNTRIES`` standing
    for the list of codes: its participants' profiles, their local news (a child of the
    profile), the articles they took part in, its seminar reports. Names from the models,
    read once."""
    quote = connection.ops.quote_name
    page, path, page_id = quote(Page._meta.db_table), quote("path"), quote("id")
    statements: list[str] = []
    participant = optional_model("participants.ParticipantPage")
    if participant is not None:
        table, pk = quote(participant._meta.db_table), quote(participant._meta.pk.column)
        statements.append(f"SELECT p.{pk} AS page_id FROM {table} p WHERE p.country IN_COUNTRIES")  # noqa: S608
        local_news = optional_model("articles.LocalNewsPage")
        if local_news is not None:
            news, news_pk = quote(local_news._meta.db_table), quote(local_news._meta.pk.column)
            parent = f"SUBSTR(np.{path}, 1, LENGTH(np.{path}) - {int(Page.steplen)})"
            statements.append(
                f"""SELECT n.{news_pk} AS page_id FROM {news} n
                JOIN {page} np ON np.{page_id} = n.{news_pk}
                JOIN {page} pp ON pp.{path} = {parent} JOIN {table} p ON p.{pk} = pp.{page_id}
                WHERE p.country IN_COUNTRIES"""  # noqa: S608 - names from the models
            )
        link = optional_model("articles.ArticleParticipant")
        if link is not None:
            links, article = quote(link._meta.db_table), quote(link._meta.get_field("page").column)
            member = quote(link._meta.get_field("participant").column)
            statements.append(
                f"""SELECT a.{article} AS page_id FROM {links} a
                JOIN {table} p ON p.{pk} = a.{member} WHERE p.country IN_COUNTRIES"""  # noqa: S608 - names from the models
            )
    report = optional_model("articles.SeminarReportPage")
    if report is not None:
        table, pk = quote(report._meta.db_table), quote(report._meta.pk.column)
        statements.append(f"SELECT r.{pk} AS page_id FROM {table} r WHERE r.country IN_COUNTRIES")  # noqa: S608
    return statements


def country_pages(query: str) -> RawSQL | None:
    """Ids of the pages of the countries the query names (``country_pages_sql``), or
    None when it names none (or no page type has a country).

    Both backends rank these pages after those with more of the query's words in their
    title and before the rest (``COUNTRY_BONUS``): a country weighs more than body text
    (issue #19; a profile's country name had been one of its body fields). Plain SQL:
    the backends copy the rank expression into several nested queries, and as ORM
    subqueries it cost 4 ms a search to build."""
    codes = sorted(named_countries(query))
    statements = country_pages_sql()
    if not codes or not statements:
        return None
    in_countries = "IN (" + ", ".join(["%s"] * len(codes)) + ")"
    sql = " UNION ALL ".join(statements).replace("IN_COUNTRIES", in_countries)
    return RawSQL(sql, codes * len(statements))  # noqa: S611 - names from models, codes as parameters
