"""The size of every sitemap section, kept as pages change, so ``/sitemap.xml`` reads it.

The sitemap index (cms/publishing/sitemap.py) names each non-empty section with its
number of ``?p=`` pages and its ``lastmod``. Counting them per read was one aggregate
over every listed page of the site: 31 ms at 1,000 articles, 140 ms at 50,000 (#23).
So each section, the pages of one exact type under one home page, has a row
(``SitemapSection``) that is counted again, for that section only, when something that
decides what it lists changes:

* a page saved (publish, unpublish, a live page's new settings, a new page or alias): its
  section where it was and where it is, counted again within the saving transaction
  while the row is locked, so two publishes of the same section never leave the count
  of the first; a live page published again with nothing but its content changed only
  raises ``lastmod`` (no count);
* a move or an address change of a page with children (their sections may change),
  and a site's change: every section, after the commit (the descendants' addresses are
  written after the page's own save);
* a deletion: the deleted pages' sections, after the commit;
* a view restriction added, changed or removed: the sections of the restricted page's
  subtree, at once;
* the clock: a row knows when one of its pages expires or a scheduled one goes live
  (``next_change``) and the index counts it again from then;
* ``migrate`` and ``manage.py rebuild_sitemap_sections`` count every section from
  scratch (bulk writes that bypass signals, such as the scale seeder, call it), and the
  index counts a home page that has no row yet (a new language).

What is counted is exactly what a section lists (``visible``), so the index never names
an empty section nor misses one.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_migrate, post_save, pre_save
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site, get_page_models
from wagtail.signals import post_page_move

from cms.publishing.models import SitemapSection

Key = tuple[str, int]  # (home page's url_path, content type id)

# What decides whether and where a page is listed; a save that changes none of these
# changes no count.
PLACE_FIELDS = ("live", "expired", "expire_at", "go_live_at", "url_path", "content_type_id")

_pending = threading.local()  # keys to count again after the commit, per thread


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


def _facts(pages: QuerySet[Page], now: datetime) -> dict[str, Any]:
    shown = shown_now(now)
    return {
        "url_count": Count("pk", filter=shown),
        "lastmod": Max(Coalesce("last_published_at", "latest_revision_created_at"), filter=shown),
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
        private = Page.objects.all().private_q()
        now = timezone.now()
        for root, content_type_id in keys:
            SitemapSection.objects.get_or_create(root_path=root, content_type_id=content_type_id)
            row = SitemapSection.objects.select_for_update().get(
                root_path=root, content_type_id=content_type_id
            )
            pages = _candidates(root, private).filter(content_type_id=content_type_id)
            facts = pages.aggregate(**_facts(pages, now))
            row.url_count = facts["url_count"]
            row.lastmod = facts["lastmod"]
            row.next_change = _next_change(facts["expires"], facts["goes_live"])
            row.save(update_fields=["url_count", "lastmod", "next_change"])


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


# Signals ---------------------------------------------------------------------------


def _later(keys: Iterable[Key] = (), everything: bool = False) -> None:
    """Count these sections again once the transaction commits (at once outside one)."""
    if not hasattr(_pending, "keys"):
        _pending.keys, _pending.everything = set(), False
    _pending.keys.update(keys)
    _pending.everything = _pending.everything or everything
    transaction.on_commit(_flush)


def _flush() -> None:
    keys, everything = getattr(_pending, "keys", set()), getattr(_pending, "everything", False)
    _pending.keys, _pending.everything = set(), False
    if everything:
        rebuild()
    elif keys:
        recount(keys)


def _place(page: Page) -> dict[str, Any]:
    return {name: getattr(page, name) for name in PLACE_FIELDS}


def _before_save(sender: Any, instance: Any = None, raw: bool = False, **kwargs: Any) -> None:
    if raw or not isinstance(instance, Page) or instance.pk is None:
        return
    fields = kwargs.get("update_fields")
    if fields and not set(fields) & {*PLACE_FIELDS, "content_type", "last_published_at", "slug"}:
        return
    instance._sitemap_place = (  # type: ignore[attr-defined]
        Page.objects.filter(pk=instance.pk).values(*PLACE_FIELDS).first()
    )


def _is_restricted(page: Page) -> bool:
    ancestors = [page.path[:end] for end in range(4, len(page.path) + 1, 4)]
    return PageViewRestriction.objects.filter(page__path__in=ancestors).exists()


def _after_save(sender: Any, instance: Any = None, raw: bool = False, **kwargs: Any) -> None:
    if raw or not isinstance(instance, Page):
        return
    before = instance.__dict__.pop("_sitemap_place", None)
    after = _place(instance)
    if before is None and not kwargs.get("created"):
        return  # a save of fields that place nothing (a draft, a lock)
    if before is not None and before == after:
        if instance.live and not _is_restricted(instance):
            _raise_lastmod(instance)
        return
    if not (before or {}).get("live") and not after["live"]:
        return  # a draft before and after
    if before is None and _add_new(instance):
        return
    if before is not None and before["url_path"] != after["url_path"] and instance.numchild:
        _later(everything=True)  # its descendants' addresses are written after this save
    keys = keys_of(after["content_type_id"], after["url_path"])
    if before is not None:
        keys |= keys_of(before["content_type_id"], before["url_path"])
    recount(keys)


def _add_new(page: Page) -> bool:
    """A new live page (an article, its alias in another language) adds one URL to its
    sections without counting them (a count of 45,000 news at 50,000 articles), when
    nothing about it waits for the clock. False when it must be counted instead."""
    if page.expire_at or page.go_live_at or page.expired or _is_restricted(page):
        return page.expired  # an expired page is in no section: nothing to add
    when = page.last_published_at or page.latest_revision_created_at
    for root, content_type_id in keys_of(page.content_type_id, page.url_path):
        with transaction.atomic():
            rows = SitemapSection.objects.select_for_update().filter(
                root_path=root, content_type_id=content_type_id
            )
            row = rows.first()
            if row is None:
                recount([(root, content_type_id)])
                continue
            row.url_count += 1
            if when is not None and (row.lastmod is None or row.lastmod < when):
                row.lastmod = when
            row.save(update_fields=["url_count", "lastmod"])
    return True


def _raise_lastmod(page: Page) -> None:
    """A listed page published again in place: its section's count is unchanged."""
    when = page.last_published_at or page.latest_revision_created_at
    now = timezone.now()
    if when is None or page.expired or (page.expire_at and page.expire_at <= now):
        return
    if page.go_live_at and page.go_live_at > now:
        return
    for root, content_type_id in keys_of(page.content_type_id, page.url_path):
        updated = (
            SitemapSection.objects.filter(root_path=root, content_type_id=content_type_id)
            .filter(Q(lastmod__lt=when) | Q(lastmod__isnull=True), url_count__gt=0)
            .update(lastmod=when)
        )
        if (
            not updated
            and not SitemapSection.objects.filter(
                root_path=root, content_type_id=content_type_id, url_count__gt=0
            ).exists()
        ):
            recount([(root, content_type_id)])  # no row yet: count it


def _after_delete(sender: Any, instance: Any = None, **kwargs: Any) -> None:
    if isinstance(instance, Page):
        _later(keys_of(instance.content_type_id, instance.url_path))


def _after_move(sender: Any, instance: Any = None, **kwargs: Any) -> None:
    if not isinstance(instance, Page):
        return
    if instance.numchild:
        _later(everything=True)
        return
    keys = keys_of(instance.content_type_id, kwargs.get("url_path_before"))
    recount(keys | keys_of(instance.content_type_id, kwargs.get("url_path_after")))


def _restriction_changed(sender: Any, instance: Any = None, **kwargs: Any) -> None:
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:
        return  # deleted with its page: the deletion counts its sections
    types = set(
        Page.objects.filter(path__startswith=page.path)
        .values_list("content_type_id", flat=True)
        .distinct()
    )
    roots = [
        root
        for root in root_paths()
        if page.url_path.startswith(root) or root.startswith(page.url_path)
    ]
    recount((root, content_type_id) for root in roots for content_type_id in types)


def _site_changed(sender: Any, **kwargs: Any) -> None:
    Site.clear_site_root_paths_cache()  # before Wagtail's own receiver may have
    _later(everything=True)


def _after_migrate(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    # ``flush`` sends post_migrate too, with no plan, while its content types are being
    # made again: nothing to count then (the index counts a home page with no row).
    if using != DEFAULT_DB_ALIAS or kwargs.get("plan") is None:
        return
    if SitemapSection._meta.db_table in connection.introspection.table_names():
        ContentType.objects.clear_cache()  # ids read before the migration may be gone
        rebuild()


def connect_signals() -> None:
    """Called from cms/publishing/signals.py at start-up, so commands keep counts too."""
    pre_save.connect(_before_save, dispatch_uid="sitemap-sections-pre-save")
    post_save.connect(_after_save, dispatch_uid="sitemap-sections-post-save")
    post_delete.connect(_after_delete, dispatch_uid="sitemap-sections-post-delete")
    post_page_move.connect(_after_move, dispatch_uid="sitemap-sections-move")
    for signal in (post_save, post_delete):
        signal.connect(
            _restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"sitemap-sections-privacy-{id(signal)}",
        )
        uid = f"sitemap-sections-site-{id(signal)}"
        signal.connect(_site_changed, sender=Site, dispatch_uid=uid)
    post_migrate.connect(
        _after_migrate, sender=apps.get_app_config("cms"), dispatch_uid="sitemap-sections-migrate"
    )
