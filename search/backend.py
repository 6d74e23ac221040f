"""The search backend: PostgreSQL full-text search in each page's own language.

modelsearch's PostgreSQL backend (behind ``wagtail.search.backends.database``) builds every
tsvector and every tsquery with one configuration, ``SEARCH_CONFIG`` (PostgreSQL's default,
usually ``english``, when unset). One configuration cannot stem both "logements" and
"seminars", so this backend indexes each object with the configuration of its locale and
queries with the configuration of the language being searched (all of the site's languages
when none is given). The configurations (``alliance_<stemmer>``) are copies of PostgreSQL's
own with ``unaccent`` in front of the stemmer, created by migration ``search.0001``, so
"seminaire" finds "séminaire".

Any other database falls back to modelsearch's own database backend (SQLite FTS5), and an
Elasticsearch or OpenSearch backend can be configured instead (see README.md, Search).
"""

from __future__ import annotations

import copy
from collections import defaultdict
from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.db.models import BooleanField, Case, F, FloatField, Func, IntegerField, Value, When
from django.db.models.functions import Cast
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend
from modelsearch.backends.database.fallback import DatabaseSearchBackend as WithoutFullText
from modelsearch.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.backends.database.sqlite.utils import fts5_available
from modelsearch.query import Fuzzy, MatchAll, Not, PlainText
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.models import Locale, Page

from search.countries import COUNTRY_BONUS, country_pages
from search.engine import title_words
from search.norms import KeptNormsIndex

# modelsearch defines its SQLite models, which the SQLite backend builds on, only when the
# database is SQLite with FTS5: its module can be imported then only (not inside a function, so
# that readers and import-linter see the dependency).
if connection.vendor == "sqlite" and fts5_available():
    from search.backend_sqlite import AllianceSQLiteSearchBackend

# A title word outranks any difference of ts_rank (title norms included).
TITLE_WORD_BONUS = 1000.0

CONFIG_PREFIX = "alliance_"
# PostgreSQL's Snowball stemmers by ISO 639-1 code; other languages are only unaccented.
STEMMERS = {
    "ar": "arabic",
    "ca": "catalan",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "ne": "nepali",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}
SIMPLE_CONFIG = f"{CONFIG_PREFIX}simple"


def config_for_language(language_code: str | None) -> str:
    """The text-search configuration for a language code such as "fr" or "pt-br"."""
    if not language_code:
        language_code = settings.LANGUAGE_CODE
    stemmer = STEMMERS.get(language_code.split("-")[0].lower())
    return f"{CONFIG_PREFIX}{stemmer}" if stemmer else SIMPLE_CONFIG


def site_configs() -> tuple[str, ...]:
    """One configuration per site language, in order and without duplicates."""
    return tuple(dict.fromkeys(config_for_language(code) for code, _ in settings.LANGUAGES))


class SearchDocument(Func):
    """``alliance_search_document(title, body)``: an index entry's title and body as one
    vector, the expression the GIN index of migration ``search.0004`` is built on.

    modelsearch matches ``title || body``; PostgreSQL costs that concatenation like an
    addition and, for a word on most pages, read and concatenated every entry instead of
    reading the index (70 ms instead of 10 at 10,000 pages). The function is the same
    concatenation with its real cost declared, so the planner keeps to the index.
    """

    function = "alliance_search_document"
    output_field = SearchVectorField()


class LocalisedQueryCompiler(PostgresSearchQueryCompiler):
    """Accepts several configurations: a document matches if any of them matches; matches
    through the indexed ``SearchDocument``."""

    def build_tsquery(self, query, config=None):
        if isinstance(config, tuple):
            build = super().build_tsquery  # zero-argument super() fails in a generator
            return reduce(or_, (build(query, config=each) for each in config))
        return super().build_tsquery(query, config=config)

    def get_fields_vectors(self, search_query):
        # Searching named fields compiles a vector with the query's configuration, which a
        # combined query does not have: fall back to the default language's.
        if getattr(search_query, "config", None) is None:
            search_query.config = config_for_language(None)
        return super().get_fields_vectors(search_query)

    def search(self, config, start, stop, score_field=None, backend=None):
        # modelsearch's own search, except that the index entries' title and body are
        # matched as one SearchDocument. Named fields, fuzzy and match-all searches keep
        # modelsearch's way: they do not read the index entries' vectors.
        if (
            self.fields is not None
            or isinstance(self.query, (MatchAll, Fuzzy))
            or (isinstance(self.query, Not) and isinstance(self.query.subquery, MatchAll))
        ):
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        search_query = self.build_tsquery(self.query, config=config)
        rank_expression = self._build_rank_expression(self.get_index_vectors(search_query), config)
        if isinstance(self.query, PlainText):
            rank_expression = (
                self.title_words_first(config) + self.countries_first() + rank_expression
            )
        document = SearchDocument(F("index_entries__title"), F("index_entries__body"))
        queryset = self.queryset.annotate(_vector_=document).filter(_vector_=search_query)
        return self._apply_ordering_and_scoring(queryset, rank_expression, start, stop, score_field)

    def title_words_first(self, config):
        """``TITLE_WORD_BONUS`` per query word in the page's title: pages rank first by how
        many of the query's words their title holds, then by ``ts_rank``, as on SQLite
        (search/backend_sqlite.py). ``ts_rank`` weighs a title word above body text, but
        a long report mentioning "Spain" and "region" often could pass "Sierra Media
        Region" (Spain) for "Spain region"."""
        bonus = None
        for word in title_words(self.query.query_string):
            in_title = Cast(
                TitleMatches(
                    F("index_entries__title"), self.build_tsquery(PlainText(word), config)
                ),
                IntegerField(),
            )
            bonus = in_title if bonus is None else bonus + in_title
        return Value(TITLE_WORD_BONUS) * bonus if bonus is not None else Value(0.0)

    def countries_first(self):
        """``COUNTRY_BONUS`` for a page of a country the query names (its profile, its
        seminar report, an article with its members, its members' local news): after
        the title's words, before body text (``search.countries.country_pages``)."""
        countries = country_pages(self.query.query_string)
        if countries is None:
            return Value(0.0)
        return Case(
            When(pk__in=countries, then=Value(COUNTRY_BONUS)),
            default=Value(0.0),
            output_field=FloatField(),
        )


class TitleMatches(Func):
    """``vector @@ query``."""

    template = "(%(expressions)s)"
    arg_joiner = " @@ "
    output_field = BooleanField()


class LocalisedPostgresIndex(KeptNormsIndex, PostgresIndex):
    """Writes each object's vectors with the configuration of the object's locale; a save
    sets its own entries' title norms (search/norms.py)."""

    def write_items(self, model, objs):
        codes = dict(Locale.objects.values_list("pk", "language_code"))
        groups: dict[str, list] = defaultdict(list)
        for obj in objs:
            groups[config_for_language(codes.get(getattr(obj, "locale_id", None)))].append(obj)
        for config, group in groups.items():
            index = LocalisedPostgresIndex(self.backend.with_config(config))
            PostgresIndex.add_items(index, model, group)  # its norm refresh: skipped


class LocalisedPostgresSearchBackend(PostgresSearchBackend):
    """PostgreSQL full-text search with one unaccented, stemmed configuration per language."""

    query_compiler_class = LocalisedQueryCompiler
    index_class = LocalisedPostgresIndex

    def __init__(self, params):
        super().__init__(params)
        self.config = params.get("SEARCH_CONFIG") or site_configs()
        self.autocomplete_config = SIMPLE_CONFIG

    def with_config(self, config: str | tuple[str, ...]) -> LocalisedPostgresSearchBackend:
        backend = copy.copy(self)
        backend.config = config
        return backend

    def for_language(self, language_code: str) -> LocalisedPostgresSearchBackend:
        """This backend, querying with the configuration of one language."""
        return self.with_config(config_for_language(language_code))


def SearchBackend(params):
    """PostgreSQL: the localised backend; SQLite with FTS5: its own backend with the same
    per-save cost rules (search/backend_sqlite.py); any other database: modelsearch's."""
    if connection.vendor == "postgresql":
        return LocalisedPostgresSearchBackend(params)
    backend = DatabaseSearchBackend(params)
    if connection.vendor == "sqlite" and not isinstance(backend, WithoutFullText):
        return AllianceSQLiteSearchBackend(params)
    return backend


# Autocomplete looks at this many of the most recent searchable pages (#23).
AUTOCOMPLETE_RECENT = 2000


def recent_autocomplete(
    backend: LocalisedPostgresSearchBackend, query: str, pages, limit: int
) -> list[tuple[int, int]]:
    """(id, content type id) of the pages among the ``SEARCH_AUTOCOMPLETE_RECENT`` most
    recent of ``pages`` whose autocomplete words start with the query's words, best
    first (``ts_rank``), at most ``limit``.

    modelsearch's autocomplete matches through the GIN index and ranks every match: a
    prefix in most titles ("allian") read 50,000 entries at 50,000 pages. PostgreSQL
    estimates a prefix query at 2% of the rows when the column's statistics know fewer
    than 100 words, so no bound in the query changed its plan. Here the window of recent
    pages is read first (the pages' primary key backwards, one index entry each), and
    only then matched: the cost is the window's, whatever the query. Older pages are
    found by the search itself."""
    words = [word.replace("'", "") for word in query.split()]
    words = [word for word in words if word]
    if not words:
        return []
    tsquery = " & ".join(f"'{word}':*" for word in words)
    window = int(getattr(settings, "SEARCH_AUTOCOMPLETE_RECENT", AUTOCOMPLETE_RECENT))
    recent = pages.order_by("-pk").values_list("pk", "content_type_id")[:window]
    page_sql, page_params = recent.query.sql_with_params()
    content_types = tuple(get_descendants_content_types_pks(Page))
    # OFFSET 0 keeps the match out of the window: PostgreSQL may not push it down.
    sql = (
        "SELECT id, content_type_id FROM ("  # noqa: S608 (constants and parameters)
        " SELECT recent.id, recent.content_type_id, e.autocomplete"
        f" FROM ({page_sql}) recent(id, content_type_id)"
        " JOIN wagtailsearch_indexentry e ON e.object_id = recent.id::varchar(50)"
        " AND e.content_type_id = ANY(%s) OFFSET 0) window_entries"
        " WHERE autocomplete @@ to_tsquery(%s::regconfig, %s)"
        " ORDER BY ts_rank(autocomplete, to_tsquery(%s::regconfig, %s)) DESC, id DESC"
        " LIMIT %s"
    )
    config = backend.autocomplete_config
    params = [*page_params, list(content_types), config, tsquery, config, tsquery, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(pk, content_type_id) for pk, content_type_id in cursor.fetchall()]
