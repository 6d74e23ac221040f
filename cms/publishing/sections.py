"""The size of every sitemap section, kept as pages change, so ``/sitemap.xml`` reads it.

The sitemap index (cms/publishing/sitemap.py) names each non-empty section with its
number of ``?p=`` pages and its ``lastmod``. Counting them per read was one aggregate
over every listed page of the site: 31 ms at 1,000 articles, 140 ms at 50,000 (#23).
So each section, the pages of one exact type under one home page, has a row
(``SitemapSection``) that every change to what it lists updates by difference
(``apply``): a page that leaves a section takes one from its count, one that arrives
adds one, whatever the size of the section. The row is locked and written in the
transaction of the change, so a concurrent count waits and counts what is committed.
The receivers are in cms/publishing/section_signals.py:

* a page saved (publish, unpublish, a live page's new settings, a new page or alias)
  or moved: its part before (where it was listed, if it was) and after;
* a deletion: every deleted page's part, as it was before the deletion;
* a view restriction added or removed: the pages of the restricted subtree that no other
  restriction hides, counted by one grouped query over that subtree (a path prefix, on
  Wagtail's path index): its cost is the subtree's, a single page's for a restricted
  article, never the whole section's unless the subtree is the section;
* a move or an address change of a page with children, and a site's change: every
  section is counted again after the commit (the descendants' addresses are written
  after the page's own save, with no signal);
* the clock: a row knows when one of its pages expires or a scheduled one goes live
  (``next_change``) and the index counts it again from then; a change to a page that
  waits for the clock (an expiry date, a future go-live date) counts its sections again
  instead of a difference, so that ``next_change`` stays exact;
* ``migrate`` and ``manage.py rebuild_sitemap_sections`` count every section from
  scratch (bulk writes that bypass signals, such as the scale seeder, call it), and the
  index counts a home page that has no row yet (a new language).

``lastmod`` is the latest change among the listed pages: an arrival raises it, and only
the departure of the page that holds it reads the next latest one, through the index
``cms_page_section_lastmod`` (cms/migrations/0015), one row whatever the section's size.

What is counted is exactly what a section lists (``visible``), so the index never names
an empty section nor misses one; tests/cms/publishing/test_sitemap_section_sizes.py
compares the kept rows with a count from scratch after every kind of change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site, get_page_models

from cms.publishing.models import SitemapSection

Key = tuple[str, int]  # (home page's url_path, content type id)

# What decides whether and where a page is listed; a save that changes none of these
# changes no count.
PLACE_FIELDS = ("live", "expired", "expire_at", "go_live_at", "url_path", "content_type_id")
# With these, a page's ``lastmod`` (the first that is set).
LISTING_FIELDS = (*PLACE_FIELDS, "last_published_at", "latest_revision_created_at")


def shown_now(now: datetime) -> Q:
    """Live pages that the clock does not hide: neither expired nor scheduled."""
    return ~Q(expired=True) & ~Q(expire_at__lte=now) & ~Q(go_live_at__gt=now)


def visible(pages: QuerySet[Page], private: Q, now: datetime | None = None) -> QuerySet[Page]:
    """The one rule of what search engines are told of, shared by every section and
    by the counts here: live, under no view restriction, neither expired nor scheduled."""
    return pages.live().exclude(private).filter(shown_now(now or timezone.now()))


def root_paths() -> list[str]:
    """Every site's home page in every language (Wagtail's cached site root paths)."""
    return sorted({root.root_path for root in Site.get_site_root_paths()})


def keys_of(content_type_id: int, url_path: str | None) -> set[Key]:
    """The sections a page of this type at this address belongs to."""
    if not url_path:
        return set()
    return {(root, content_type_id) for root in root_paths() if url_path.startswith(root)}


def restricted_paths(exclude_pk: int | None = None) -> list[str]:
    """The tree paths of the restricted pages (one query; restrictions are few, set by
    editors, not by the amount of content). A page is private when its path starts
    with one of them, as in Wagtail's ``PageQuerySet.private_q()``."""
    restrictions = PageViewRestriction.objects.exclude(pk=exclude_pk)
    return sorted(set(restrictions.values_list("page__path", flat=True)))


def private_q(paths: Iterable[str]) -> Q:
    """``PageQuerySet.private_q()`` for these restricted paths."""
    found = Q()
    for path in paths:
        found |= Q(path__startswith=path)
    return found if found else Q(pk__in=[])


def is_restricted(path: str) -> bool:
    """Whether the page at this tree path is under a view restriction (one indexed
    query on its ancestors' paths)."""
    ancestors = [path[:end] for end in range(4, len(path) + 1, 4)]
    return PageViewRestriction.objects.filter(page__path__in=ancestors).exists()


def _when() -> Coalesce:
    return Coalesce("last_published_at", "latest_revision_created_at")


def _facts(pages: QuerySet[Page], now: datetime) -> dict[str, Any]:
    shown = shown_now(now)
    return {
        "url_count": Count("pk", filter=shown),
        "lastmod": Max(_when(), filter=shown),
        "expires": Min("expire_at", filter=shown),
        "goes_live": Min("go_live_at", filter=Q(go_live_at__gt=now)),
    }


def _next_change(expires: datetime | None, goes_live: datetime | None) -> datetime | None:
    dates = [date for date in (expires, goes_live) if date is not None]
    return min(dates) if dates else None


def _candidates(root: str, private: Q) -> QuerySet[Page]:
    # Live and public; the clock's part is in the aggregates, so that the soonest
    # scheduled page is found by the same query.
    return Page.objects.filter(url_path__startswith=root).live().exclude(private)


class _Context:
    """The restrictions and the time of one transaction's counts, read when first needed."""

    def __init__(self) -> None:
        self.now = timezone.now()
        self._private: Q | None = None

    @property
    def private(self) -> Q:
        if self._private is None:
            self._private = Page.objects.all().private_q()
        return self._private


def _recount_row(key: Key, context: _Context) -> None:
    root, content_type_id = key
    SitemapSection.objects.get_or_create(root_path=root, content_type_id=content_type_id)
    row = SitemapSection.objects.select_for_update().get(
        root_path=root, content_type_id=content_type_id
    )
    pages = _candidates(root, context.private).filter(content_type_id=content_type_id)
    facts = pages.aggregate(**_facts(pages, context.now))
    row.url_count = facts["url_count"]
    row.lastmod = facts["lastmod"]
    row.next_change = _next_change(facts["expires"], facts["goes_live"])
    row.save(update_fields=["url_count", "lastmod", "next_change"])


def recount(keys: Iterable[Key]) -> None:
    """Count these sections again with their rows locked, in key order (a concurrent
    recount of the same section waits, then counts what is committed)."""
    keys = sorted(set(keys))
    if not keys:
        return
    # One transaction: the restrictions and the pages are read on the primary (reads
    # outside a transaction may go to a lagging replica, cms/ops/db_router.py), and
    # each row stays locked until the counts are written.
    with transaction.atomic():
        context = _Context()
        for key in keys:
            _recount_row(key, context)


# Differences -----------------------------------------------------------------------


@dataclass(frozen=True)
class Listing:
    """A page's part in the sections at one moment: the sections its type and address
    place it in, whether they list it, its ``lastmod``, and whether it waits for the
    clock (then its sections are counted again, for their ``next_change``)."""

    keys: frozenset[Key]
    listed: bool
    when: datetime | None
    timed: bool


def listing(values: Mapping[str, Any], restricted: bool, now: datetime) -> Listing:
    """A page's part from its ``LISTING_FIELDS`` (a row read before a change, or the
    instance after it), by the same rule as ``visible`` and ``_facts``."""
    expire_at, go_live_at = values["expire_at"], values["go_live_at"]
    candidate = bool(values["live"]) and not restricted
    shown = (
        not values["expired"]
        and not (expire_at is not None and expire_at <= now)
        and not (go_live_at is not None and go_live_at > now)
    )
    return Listing(
        keys=frozenset(keys_of(values["content_type_id"], values["url_path"])),
        listed=candidate and shown,
        when=values["last_published_at"] or values["latest_revision_created_at"],
        timed=candidate and (expire_at is not None or bool(go_live_at and go_live_at > now)),
    )


@dataclass
class Change:
    """What a change does to one section: pages that leave it and arrive in it, the
    latest ``lastmod`` of each, or a count from scratch."""

    removed: int = 0
    added: int = 0
    removed_latest: datetime | None = None
    added_latest: datetime | None = None
    recount: bool = False

    def remove(self, count: int, when: datetime | None) -> None:
        self.removed += count
        self.removed_latest = _later_of(self.removed_latest, when)

    def add(self, count: int, when: datetime | None) -> None:
        self.added += count
        self.added_latest = _later_of(self.added_latest, when)

    def __bool__(self) -> bool:
        return bool(
            self.removed or self.added or self.recount or self.removed_latest or self.added_latest
        )


def _later_of(first: datetime | None, second: datetime | None) -> datetime | None:
    return max(first, second) if first is not None and second is not None else first or second


def changes(before: Listing | None, after: Listing | None) -> dict[Key, Change]:
    """The difference between a page's part before a change and after it."""
    found: dict[Key, Change] = {}
    was = before if before is not None and before.listed else None
    now = after if after is not None and after.listed else None
    for key in (was.keys if was else frozenset()) | (now.keys if now else frozenset()):
        change = found.setdefault(key, Change())
        if was and now and key in was.keys and key in now.keys:
            # Listed before and after: the count is the same; only a lastmod that goes
            # back can leave the section's lastmod to another page.
            if was.when is not None and (now.when is None or now.when < was.when):
                change.remove(0, was.when)
            change.add(0, now.when)
        elif was and key in was.keys:
            change.remove(1, was.when)
        else:
            change.add(1, now.when if now else None)
    for part in (before, after):
        if part is not None and part.timed:
            for key in part.keys:
                found.setdefault(key, Change()).recount = True
    return found


def apply(found: Mapping[Key, Change]) -> None:
    """Write these differences, each section's row locked in key order within the
    transaction of the change (a concurrent count waits and then counts the change).
    A section with no row, a count that would go below zero or a page that waits for
    the clock is counted from scratch instead."""
    keys = sorted(key for key, change in found.items() if change)
    if not keys:
        return
    with transaction.atomic():
        context = _Context()
        for key in keys:
            change = found[key]
            root, content_type_id = key
            row = (
                None
                if change.recount
                else SitemapSection.objects.select_for_update()
                .filter(root_path=root, content_type_id=content_type_id)
                .first()
            )
            count = row.url_count - change.removed + change.added if row else -1
            if row is None or count < 0:
                _recount_row(key, context)
                continue
            lastmod = row.lastmod
            if count == 0:
                lastmod = None
            elif change.removed_latest is not None and (
                lastmod is None or change.removed_latest >= lastmod
            ):
                lastmod = _latest(key, context)  # the page that held it left
            else:
                lastmod = _later_of(lastmod, change.added_latest)
            if (count, lastmod) != (row.url_count, row.lastmod):
                row.url_count, row.lastmod = count, lastmod
                row.save(update_fields=["url_count", "lastmod"])


def _latest(key: Key, context: _Context) -> datetime | None:
    """The latest ``lastmod`` of a section's listed pages: the first row of the index
    ``cms_page_section_lastmod`` (type, then date) that the section lists."""
    root, content_type_id = key
    pages = visible(
        Page.objects.filter(url_path__startswith=root, content_type_id=content_type_id),
        context.private,
        context.now,
    )
    return (
        pages.annotate(when=_when())
        .filter(when__isnull=False)
        .order_by("-when")
        .values_list("when", flat=True)
        .first()
    )


def rebuild(roots: Iterable[str] | None = None) -> int:
    """Count every section of these home pages (every site's by default) from
    scratch: one grouped query per home page. Rows of home pages that are no longer
    any site's are removed on a full rebuild. Returns the number of rows written."""
    full = roots is None
    roots = root_paths() if roots is None else sorted(set(roots))
    types = [
        ContentType.objects.get_for_model(model, for_concrete_model=False).pk
        for model in get_page_models()
    ]
    written = 0
    with transaction.atomic():  # on the primary, as recount()
        private = Page.objects.all().private_q()
        now = timezone.now()
        if full:
            SitemapSection.objects.exclude(root_path__in=roots).delete()
        for root in roots:
            list(SitemapSection.objects.select_for_update().filter(root_path=root))
            pages = _candidates(root, private)
            found = {
                row.pop("content_type_id"): row
                for row in pages.values("content_type_id").annotate(**_facts(pages, now)).order_by()
            }
            for content_type_id in sorted(set(types) | set(found)):
                facts = found.get(content_type_id)
                SitemapSection.objects.update_or_create(
                    root_path=root,
                    content_type_id=content_type_id,
                    defaults={
                        "url_count": facts["url_count"] if facts else 0,
                        "lastmod": facts["lastmod"] if facts else None,
                        "next_change": (
                            _next_change(facts["expires"], facts["goes_live"]) if facts else None
                        ),
                    },
                )
                written += 1
    return written


def read(roots: Iterable[str]) -> list[SitemapSection]:
    """The rows of these home pages, brought up to date first where needed: a home
    page with no row is counted whole, a row whose ``next_change`` has come again.
    One query when nothing is due."""
    roots = sorted(set(roots))
    rows = list(SitemapSection.objects.filter(root_path__in=roots))
    missing = set(roots) - {row.root_path for row in rows}
    if missing:
        rebuild(missing)
    now = timezone.now()
    due = [
        (row.root_path, row.content_type_id)
        for row in rows
        if row.next_change is not None and row.next_change <= now
    ]
    recount(due)
    if missing or due:
        rows = list(SitemapSection.objects.filter(root_path__in=roots))
    return rows
