"""Result snippets: a window of the page's text with the query's words marked.

The text is the first non-empty of the sources the page type declares
(``search_text_sources()``, home/bases.py): the search description, then e.g. the
introduction or the body. Everything is escaped first and only then wrapped in <mark>,
so nothing a page or a visitor typed can become markup. Words are compared without
accents and by a shared prefix, a cheap stand-in for the stemming the index does
("logements" marks "logement").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from wagtail.blocks import StreamValue
from wagtail.models import Page
from wagtail.rich_text import RichText

from home.bases import BasePageMixin, TextSource

SNIPPET_WORDS = 30
TOKEN = re.compile(r"(\w+)")


@lru_cache(maxsize=8192)  # a site's vocabulary repeats: each snippet folds dozens of words
def fold(word: str) -> str:
    """Lower case without accents: "Séminaire" -> "seminaire"."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def stem_prefix(term: str) -> str:
    folded = fold(term)
    return folded[: max(4, len(folded) - 3)] if len(folded) > 4 else folded


def raw_strings(value) -> Iterable[str]:
    """Every string inside a StreamField's raw data (text, rich text, captions)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from raw_strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from raw_strings(item)


def text_sources(page: Page) -> Sequence[TextSource]:
    """What the page type declares as its text; a page whose type is not one of ours (or
    whose code is gone) has its search description."""
    if isinstance(page, BasePageMixin):
        return page.search_text_sources()
    return (page.search_description,)


def page_text(page: Page) -> str:
    """The first readable text of a page, without markup and without database queries."""
    for value in text_sources(page):
        if isinstance(value, StreamValue):
            value = " ".join(
                text
                for text in raw_strings(list(value.raw_data))
                if " " in text and not text.startswith(("http://", "https://"))
            )
        elif isinstance(value, RichText):
            value = value.source
        if isinstance(value, str) and value.strip():
            return " ".join(strip_tags(value).split())
    return ""


def is_match(word: str, prefixes: list[str]) -> bool:
    folded = fold(word)
    return any(folded.startswith(prefix) for prefix in prefixes)


def highlight(text: str, query: str, words: int = SNIPPET_WORDS) -> SafeString:
    """About `words` words of text around the first match, escaped, matches in <mark>."""
    prefixes = [stem_prefix(term) for term in query.split() if len(term) > 1]
    parts = TOKEN.split(text)
    word_positions = range(1, len(parts), 2)
    first = next(
        (
            number
            for number, position in enumerate(word_positions)
            if is_match(parts[position], prefixes)
        ),
        None,
    )
    start_word = 0 if first is None else max(0, first - words // 3)
    selected = word_positions[start_word : start_word + words]
    if not selected:
        return mark_safe("")
    begin, end = selected[0], selected[-1]
    html = []
    if start_word > 0:
        html.append("… ")
    plain: list[str] = []  # text between marks, escaped in one call
    for index in range(begin, end + 1):
        if index % 2 == 1 and prefixes and is_match(parts[index], prefixes):
            html.append(escape("".join(plain)))
            plain = []
            html.append(f"<mark>{escape(parts[index])}</mark>")
        else:
            plain.append(parts[index])
    html.append(escape("".join(plain)))
    if start_word + words < len(word_positions):
        html.append(" …")
    return mark_safe("".join(html))  # noqa: S308 - every piece escaped above
