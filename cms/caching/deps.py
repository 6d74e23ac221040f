"""What a cached page was built from, and per-tag version counters that say when it changed.

A site-wide generation made every publish empty the whole page cache: one news item
published at noon and the participants' map, every profile and every other article were
rendered again. Instead, each cached page records the *tags* of what it was built from
and the version of each tag when it was built; an event bumps only the tags it touches,
and an entry is served only while all its versions are unchanged.

* **Tags.** ``tree:<path>`` for the page itself and each of its ancestors (the title in
  the breadcrumbs, the address, privacy: a change to an ancestor reaches its whole
  subtree); ``tk:<translation key>`` for the language switcher and ``hreflang`` links
  (any translation's publish); ``list:<app.model>`` for a list of live pages of a type
  (the news list, the participants' index, the home page's latest news); ``menu`` for
  the header of a locale; ``pages`` for anything else that read pages (a search, a
  feed, a page linked from rich text): bumped by *every* page change, the safe default.
* **Collector.** While a cacheable request renders, ``record()`` adds tags to it. The
  fragment cache records the tags declared for each fragment name (``describe``) on a
  hit as on a miss, and ``pages`` for a fragment nobody described. A database watcher
  records ``pages`` for any query on a page table made outside a described fragment or
  the routing (``covered()``): code that reads pages without saying so makes its page
  depend on every publish, never stale.
* **Versions.** One counter per tag in the shared cache, started from the clock when
  missing (an evicted counter can never match a recorded version again) and read with
  one ``get_many``; unreachable means unknown, and unknown means stale
  (``versions`` returns None). Bumps go through the same breaker as everything else;
  one that cannot reach the cache falls back to the site-wide generation bump owed by
  this process (cms/caching/pages.py), which reaches everything.

Bumps increment ``pages`` first and the narrow tags after: a render that reads the
versions after rendering and finds ``pages`` unchanged since it started therefore saw
no bump begin, and its narrow versions are older than any content it may have missed
(cms/caching/middleware.py).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from functools import cache
from typing import Any

from django.apps import apps
from django.db import connections
from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.models import Page

PAGES = "pages"
MENU = "menu"
TAG_PREFIX = "pagecache:tag:"
NOT_SHOWN = frozenset({"comment"})  # a page's rows that no visitor sees
STEPLEN = 4  # Wagtail's materialised path: four characters per level

# The tags recorded by the request being rendered (None: nobody is collecting).
_collected: ContextVar[set[str] | None] = ContextVar("cache_deps", default=None)
# > 0 inside code that records its own tags: its page reads are accounted for.
_covered: ContextVar[int] = ContextVar("cache_deps_covered", default=0)

# Which sections are private (Wagtail's ``public()``), read with their pages' paths:
# any change to a restriction bumps the generation, a moved section its subtree.
_RESTRICTIONS = re.compile(
    r'^SELECT (?:(?!FROM ).)*FROM ["`]wagtailcore_pageviewrestriction["`]', re.DOTALL
)

TagsOf = Callable[[tuple[object, ...]], Iterable[str]]
_described: dict[str, list[TagsOf]] = {}


def tree_tags(path: str) -> list[str]:
    """The page at `path` and each of its ancestors."""
    return [f"tree:{path[:end]}" for end in range(STEPLEN, len(path) + 1, STEPLEN)]


def translation_tag(translation_key: object) -> str:
    return f"tk:{translation_key}"


def listing_tag(model: type | str) -> str:
    """Lists of live pages of `model` (a class, or its ``app_label.model_name``)."""
    label = model if isinstance(model, str) else model._meta.label_lower
    return f"list:{label.lower()}"


def describe(name: str, tags: TagsOf | Iterable[str] = ()) -> None:
    """Declare what the fragment `name` reads beside the page it is shown on: fixed
    tags, or ``tags(parts)``, including what the fragments it contains read (a hit does
    not run them). Declarations add up: an app whose template tag a kernel template
    uses inside a fragment (the feed links in the footer) adds its own tags to it.
    Called at import time (``wagtail_hooks``) by the app owning the fragment."""
    if callable(tags):
        _described.setdefault(name, []).append(tags)
    else:
        fixed = tuple(tags)
        _described.setdefault(name, []).append(lambda _parts: fixed)


_shown_where_referenced: dict[type, tuple[str, ...]] = {}
_not_shown: set[type] = set()


def shown_where_referenced(model: type, *tags: str) -> None:
    """Declare that visitors see rows of `model` (an image, a document, a snippet) only
    on the pages that reference them (Wagtail's reference index: a chooser, a rich text
    link, a page's own rows), plus what `tags` name (a list of every topic): a change
    then reaches those pages, not the whole site (cms/caching/invalidation.py).
    Undeclared models keep the safe default, the site-wide generation."""
    _shown_where_referenced[model] = tuple(tags)


def where_shown(model: type) -> tuple[str, ...] | None:
    """The tags always reached by a change to `model` (declared), or None (undeclared)."""
    hooks.search_for_hooks()
    for cls in model.__mro__:
        if cls in _shown_where_referenced:
            return _shown_where_referenced[cls]
    return None


def not_shown(*models: type) -> None:
    """Declare rows no visitor sees (admin records, deliveries, invitations): saving
    them bumps nothing. Called by the app owning them, in its ``wagtail_hooks``."""
    _not_shown.update(models)


def is_shown(model: type) -> bool:
    hooks.search_for_hooks()
    return not any(cls in _not_shown for cls in model.__mro__)


def fragment_tags(name: str, parts: tuple[object, ...]) -> Iterable[str]:
    """What a fragment depends on, for the page showing it; ``pages`` if undeclared."""
    hooks.search_for_hooks()  # the apps' declarations (once per process)
    describers = _described.get(name)
    if describers is None:
        return (PAGES,)
    return [tag for describer in describers for tag in describer(parts)]


def collecting() -> bool:
    return _collected.get() is not None


def record(*tags: str) -> None:
    """The request being rendered depends on `tags` (nothing when nobody collects)."""
    collected = _collected.get()
    if collected is not None:
        collected.update(tags)


def record_fragment(name: str, parts: tuple[object, ...]) -> None:
    collected = _collected.get()
    if collected is not None:
        collected.update(fragment_tags(name, parts))


@contextmanager
def covered() -> Iterator[None]:
    """Page reads inside are accounted for by what the code records itself."""
    token = _covered.set(_covered.get() + 1)
    try:
        yield
    finally:
        _covered.reset(token)


@contextmanager
def collect() -> Iterator[set[str]]:
    """Collect the tags of what is rendered inside, watching the database for page
    reads nobody declared (each one records ``pages``)."""
    tags: set[str] = set()
    token = _collected.set(tags)
    try:
        with ExitStack() as stack:
            for alias in connections:
                stack.enter_context(connections[alias].execute_wrapper(_watch))
            yield tags
    finally:
        _collected.reset(token)


def _watch(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
    if not _covered.get():
        collected = _collected.get()
        if (
            collected is not None
            and PAGES not in collected
            and _page_tables().search(sql)
            and not _RESTRICTIONS.search(sql)
        ):
            collected.add(PAGES)
    return execute(sql, params, many, context)


@cache
def _page_tables() -> re.Pattern[str]:
    """Tables holding what a live page shows: pages of every type and the rows they
    own (``ParentalKey`` children: related pages, participants, topics)."""
    tables = set()
    for model in apps.get_models():
        if issubclass(model, Page):
            tables.add(model._meta.db_table)
            continue
        for field in model._meta.concrete_fields:
            remote = getattr(field, "related_model", None)
            if (
                isinstance(field, ParentalKey)
                and isinstance(remote, type)
                and issubclass(remote, Page)
                and model._meta.model_name not in NOT_SHOWN
            ):
                tables.add(model._meta.db_table)
    names = "|".join(re.escape(table) for table in sorted(tables))
    return re.compile(rf'["`]({names})["`]')


def versions(cache: Any, tags: Iterable[str]) -> dict[str, int] | None:
    """The current version of each tag (missing ones started from the clock), or None
    when the cache cannot tell: unknown is stale."""
    keys = {tag: TAG_PREFIX + tag for tag in tags}
    if not keys:
        return {}
    try:
        found = cache.get_many(list(keys.values()))
        missing = [key for key in keys.values() if key not in found]
        if missing:
            now = time.time_ns()
            for key in missing:
                cache.add(key, now, timeout=None)
            found.update(cache.get_many(missing))
    except Exception:
        return None
    result = {}
    for tag, key in keys.items():
        value = found.get(key)
        if not isinstance(value, int):
            return None  # skipped by the breaker, or not a counter
        result[tag] = value
    return result


def bump(cache: Any, tags: Iterable[str]) -> bool:
    """Increment `tags`, ``pages`` first (module docstring); False if any bump may not
    have been made."""
    ordered = [PAGES, *sorted(set(tags) - {PAGES})]
    for tag in ordered:
        key = TAG_PREFIX + tag
        try:
            try:
                done = cache.incr(key)
            except ValueError:
                cache.set(key, time.time_ns(), timeout=None)
                done = True
        except Exception:
            return False
        if done is None:
            return False  # the breaker skipped it
    return True
