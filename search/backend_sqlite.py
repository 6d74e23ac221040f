"""The SQLite FTS5 backend (development, tests, small sites), ranking like PostgreSQL's.

Imported only when the database is SQLite (``search.backend``, at its top):
modelsearch defines its SQLite models only then.

modelsearch's SQLite search has no stemming and ranks with ``bm25()`` over the title and
body columns alike (then adds it to itself, once multiplied by the title norm), so a word
in a title counted no more than the same word in a page's body, and "seminars" did not
find "seminar". PostgreSQL stems each language and weighs titles (tsvector weight A)
over body text. Here (issue #19):

* **ranking**: pages first by how many of the query's words their title holds, then by
  ``bm25`` with column weights (a title match worth ``TITLE_WEIGHT`` body matches). FTS5's
  ``bm25`` normalises by the whole row's length, so a long report lost to a short page
  with the same words in a shorter title; counting title words is what PostgreSQL's
  weight A does in effect. A word that names a kind of content ("seminar", "news") is not
  counted when others remain: the kind ranks by kind (``search.engine.KIND_WORDS``). The
  pages of a country the query names come next (``search.countries.country_pages``), as on
  PostgreSQL;
* **light stemming**: a query word loses a plural ``s`` and matches as a prefix
  ("seminars" -> ``seminar*``, finding "seminar", "seminars"; "séminaires" ->
  ``séminaire*``); FTS5's tokenizer already folds case and accents on both sides.
"""

from __future__ import annotations

from django.db.models import Case, F, FloatField, Func, Value, When
from django.db.models.expressions import RawSQL
from modelsearch.backends.database.sqlite.query import Lexeme, SearchQueryExpression
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteFTSIndexEntry,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.query import PlainText

from search.countries import COUNTRY_BONUS, country_pages
from search.engine import title_words
from search.norms import KeptNormsIndex

# A word in the title counts as much as this many in the body (PostgreSQL's default weights
# put A at 1.0 and D at 0.1).
TITLE_WEIGHT = 10.0
# A title word outranks any difference of bm25 (a few units on this site's pages).
TITLE_WORD_BONUS = 1000.0
# Words shorter than this match whole: a prefix of two or three letters matches too much.
PREFIX_FROM = 4


def light_stem(word: str) -> str:
    """``word`` without a plural ``s`` ("seminars" -> "seminar"; "class" stays)."""
    word = word.lower()
    if len(word) > PREFIX_FROM and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def lexeme(word: str) -> Lexeme:
    stem = light_stem(word)
    return Lexeme(stem, prefix=len(stem) >= PREFIX_FROM)


def fts_term(word: str) -> str:
    """One word as an FTS5 string (quoted, prefix as ``lexeme`` makes it)."""
    stem = light_stem(word).replace('"', '""')
    return f'"{stem}"*' if len(stem) >= PREFIX_FROM else f'"{stem}"'


class TitleWordsThenBM25(Func):
    """Lower is better, as modelsearch orders it: minus ``TITLE_WORD_BONUS`` per query word
    in the title, plus ``bm25()`` over the FTS5 table's columns (autocomplete, body, title)
    weighted."""

    output_field = FloatField()

    def __init__(self, words: list[str]):
        super().__init__(F("pk"))  # the row (FTS5's rowid), under the query's alias
        self.words = words

    def as_sql(self, compiler, connection, **extra_context):
        table = SQLiteFTSIndexEntry._meta.db_table
        row, params = compiler.compile(self.source_expressions[0])
        in_title = f'{row} IN (SELECT rowid FROM "{table}" WHERE "{table}" MATCH %s)'  # noqa: S608
        bonus = " + ".join([f"({in_title})"] * len(self.words)) or "0"
        sql = f"(bm25({table}, 0.0, 1.0, {TITLE_WEIGHT}) - {TITLE_WORD_BONUS} * ({bonus}))"
        matches = [f"{{title}} : {fts_term(word)}" for word in self.words]
        return sql, [param for match in matches for param in (*params, match)]


class StemmingQueryCompiler(SQLiteSearchQueryCompiler):
    """Light stemming and prefixes for plain-text queries; weighted ranking."""

    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            words = query.query_string.split()
            if not words:
                return None
            combined = lexeme(words[0])
            for word in words[1:]:
                if query.operator.upper() == "AND":
                    combined &= lexeme(word)
                else:
                    combined |= lexeme(word)
            return SearchQueryExpression(combined, config=config)
        return super().build_search_query_content(query, config=config)

    def _build_rank_expression(self, vectors, config):
        if not isinstance(self.query, PlainText):
            return TitleWordsThenBM25([])
        rank = TitleWordsThenBM25(title_words(self.query.query_string))
        countries = country_pages(self.query.query_string)
        if countries is None:
            return rank
        # Index entries name their page by its id as text.
        as_text = f"SELECT CAST(page_id AS TEXT) FROM ({countries.sql}) AS country_pages"  # noqa: S608
        pages = RawSQL(as_text, countries.params)  # noqa: S611 - the SQL of country_pages
        return rank - Case(
            When(index_entry__object_id__in=pages, then=Value(COUNTRY_BONUS)),
            default=Value(0.0),
            output_field=FloatField(),
        )


class AllianceSQLiteIndex(KeptNormsIndex, SQLiteIndex):
    """A save sets its own entries' title norms (search/norms.py)."""


class AllianceSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = StemmingQueryCompiler
    index_class = AllianceSQLiteIndex
