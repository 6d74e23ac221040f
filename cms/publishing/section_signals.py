"""What keeps the sitemap sections' sizes (cms/publishing/sections.py) as pages change.

Each receiver works out a page's part in the sections before and after a change
(``sections.listing``) and writes the difference (``sections.apply``) in the change's
own transaction: a bounded number of queries whatever the size of the sections (#23;
they counted a whole section again, 45,000 news at 50,000 articles).

* Save: the row before the save is read in ``pre_save`` (one query, skipped for saves
  of fields that place nothing: a draft, a lock).
* Move: Wagtail saves the moved page inside the move, after its tree path has changed;
  its part before is therefore read in ``pre_page_move``, at its old place (under the
  old parent's restrictions), and the save writes the difference.
* Delete: Django sends ``pre_delete`` for every deleted page, restrictions included,
  before it deletes any row, and ``post_delete`` once the page rows are gone. The parts
  are read in the former (the restrictions once per deletion) and written at the first
  of the latter, once for the whole deletion (``origin`` is the same object for both).
* Privacy: see ``_restriction_changed``.
"""

from __future__ import annotations

import threading
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import Coalesce
from django.db.models.signals import (
    post_delete,
    post_migrate,
    post_save,
    pre_delete,
    pre_save,
)
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import post_page_move, pre_page_move

from cms.publishing import sections
from cms.publishing.models import SitemapSection
from cms.publishing.sections import LISTING_FIELDS, PLACE_FIELDS, Change, Key

_pending = threading.local()  # after the commit: every section again, per thread
_moving = threading.local()  # pages being moved: their part at the old place, by id


def _later_everything() -> None:
    """Count every section again once the transaction commits (at once outside one)."""
    _pending.everything = True
    transaction.on_commit(_flush)


def _flush() -> None:
    if getattr(_pending, "everything", False):
        _pending.everything = False
        sections.rebuild()


def _values(page: Page) -> dict[str, Any]:
    return {name: getattr(page, name) for name in LISTING_FIELDS}


def _place(values: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(values[name] for name in PLACE_FIELDS)


# Save and move ---------------------------------------------------------------------


def _before_save(sender: Any, instance: Any = None, raw: bool = False, **kwargs: Any) -> None:
    if raw or not isinstance(instance, Page) or instance.pk is None:
        return
    moving = getattr(_moving, "pages", {}).get(instance.pk)
    if moving is not None and moving[0] == instance.url_path:
        instance._sitemap_before = moving[1]  # type: ignore[attr-defined]
        return  # its part before, at its old place (``_before_move``)
    fields = kwargs.get("update_fields")
    if fields and not set(fields) & {*PLACE_FIELDS, "content_type", "last_published_at", "slug"}:
        return
    instance._sitemap_before = (  # type: ignore[attr-defined]
        Page.objects.filter(pk=instance.pk).values(*LISTING_FIELDS, "path").first()
    )


def _after_save(sender: Any, instance: Any = None, raw: bool = False, **kwargs: Any) -> None:
    if raw or not isinstance(instance, Page):
        return
    before = instance.__dict__.pop("_sitemap_before", None)
    if before is None and not kwargs.get("created"):
        return  # a save of fields that place nothing (a draft, a lock)
    moved = before is not None and "restricted" in before  # read at its old place
    if moved:
        _moving.pages.pop(instance.pk, None)
    after = _values(instance)
    if before is not None and _place(before) == _place(after) and not moved:
        if instance.live and not sections.is_restricted(instance.path):
            _raise_lastmod(instance)
        return
    if not (before or {}).get("live") and not after["live"]:
        return  # a draft before and after
    if before is not None and before["url_path"] != after["url_path"] and instance.numchild:
        _later_everything()  # its descendants' addresses are written after this save
        return
    now = timezone.now()
    restricted = sections.is_restricted(instance.path)
    # A save leaves the tree path as it was, so its restrictions too; a move does not.
    was = (
        None
        if before is None
        else sections.listing(before, before.get("restricted", restricted), now)
    )
    sections.apply(sections.changes(was, sections.listing(after, restricted, now)))


def _raise_lastmod(page: Page) -> None:
    """A listed page published again in place: its section's count is unchanged."""
    when = page.last_published_at or page.latest_revision_created_at
    now = timezone.now()
    if when is None or page.expired or (page.expire_at and page.expire_at <= now):
        return
    if page.go_live_at and page.go_live_at > now:
        return
    for root, content_type_id in sections.keys_of(page.content_type_id, page.url_path):
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
            sections.recount([(root, content_type_id)])  # no row yet: count it


def _before_move(sender: Any, instance: Any = None, **kwargs: Any) -> None:
    """Keeps the moved page's part at its old place for the save inside the move,
    matched by its new address (a move that fails leaves an entry no save matches)."""
    if not isinstance(instance, Page) or instance.pk is None:
        return
    before = Page.objects.filter(pk=instance.pk).values(*LISTING_FIELDS, "path").first()
    if before is None:
        return
    before["restricted"] = sections.is_restricted(before["path"])
    if not hasattr(_moving, "pages"):
        _moving.pages = {}
    _moving.pages[instance.pk] = (kwargs.get("url_path_after"), before)


def _after_move(sender: Any, instance: Any = None, **kwargs: Any) -> None:
    if not isinstance(instance, Page):
        return
    if getattr(_moving, "pages", {}).pop(instance.pk, None) is None:
        return  # the save inside the move wrote the difference
    # The move's save was not seen (a move made without Wagtail's save): count both.
    content_type_id = instance.content_type_id
    keys = sections.keys_of(content_type_id, kwargs.get("url_path_before"))
    sections.recount(keys | sections.keys_of(content_type_id, kwargs.get("url_path_after")))


# Delete ----------------------------------------------------------------------------


class _Removal:
    """The parts of the pages one deletion removes, read before any row is deleted."""

    def __init__(self) -> None:
        self.restricted = sections.restricted_paths()
        self.now = timezone.now()
        self.parts: dict[int, sections.Listing] = {}
        self.applied = False


def _holder(instance: Page, origin: Any) -> Any:
    """What both delete signals of one deletion share: its ``origin`` (the queryset of
    pages treebeard deletes), or the page itself."""
    return origin if origin is not None else instance


def _before_delete(sender: Any, instance: Any = None, origin: Any = None, **kwargs: Any) -> None:
    if not isinstance(instance, Page) or instance._meta.concrete_model is not Page:
        return  # the specific page's row: the same page as its ``Page`` row
    holder = _holder(instance, origin)
    removal = getattr(holder, "_sitemap_removal", None)
    if removal is None or removal.applied:
        removal = _Removal()
        holder._sitemap_removal = removal
    restricted = any(instance.path.startswith(path) for path in removal.restricted)
    removal.parts[instance.pk] = sections.listing(_values(instance), restricted, removal.now)


def _after_delete(sender: Any, instance: Any = None, origin: Any = None, **kwargs: Any) -> None:
    if not isinstance(instance, Page) or instance._meta.concrete_model is not Page:
        return
    removal = getattr(_holder(instance, origin), "_sitemap_removal", None)
    if removal is None or removal.applied:
        return
    removal.applied = True  # every page row of the deletion is gone by now
    found: dict[Key, Change] = {}
    for part in removal.parts.values():
        for key, change in sections.changes(part, None).items():
            total = found.setdefault(key, Change())
            total.remove(change.removed, change.removed_latest)
            total.recount = total.recount or change.recount
    sections.apply(found)


# Privacy ---------------------------------------------------------------------------


def _restriction_before(sender: Any, instance: Any = None, **kwargs: Any) -> None:
    if instance.pk is not None:
        instance._sitemap_page_before = (  # type: ignore[attr-defined]
            PageViewRestriction.objects.filter(pk=instance.pk)
            .values_list("page_id", flat=True)
            .first()
        )


def _restriction_changed(sender: Any, instance: Any = None, **kwargs: Any) -> None:
    """A restriction added or removed changes the listing of its page's subtree, less
    the pages another restriction hides: one grouped query over that subtree (by path
    prefix) finds them per section, with their latest ``lastmod``. Its cost is the
    subtree's: a page's for a restricted article, the section's only when the subtree
    is the whole section (a restricted news index), as a count from scratch would."""
    origin = kwargs.get("origin")
    removed_with_page = isinstance(origin, Page) or (
        isinstance(origin, QuerySet) and issubclass(origin.model, Page)
    )
    if removed_with_page:
        return  # deleted with its page: the deletion counts its pages
    deleted = kwargs.get("signal") is post_delete
    if not deleted and not kwargs.get("created"):
        page_before = instance.__dict__.pop("_sitemap_page_before", instance.page_id)
        if page_before == instance.page_id:
            return  # a new password or groups: the same pages are private
        _recount_subtree(page_before)
        _recount_subtree(instance.page_id)
        return
    page = Page.objects.filter(pk=instance.page_id).values("path", "url_path").first()
    if page is None:
        return
    now = timezone.now()
    others = sections.private_q(sections.restricted_paths(exclude_pk=instance.pk))
    subtree = Page.objects.filter(path__startswith=page["path"]).live().exclude(others)
    roots = _roots_around(page["url_path"])
    if not roots:
        return
    shown, timed = sections.shown_now(now), Q(expire_at__isnull=False) | Q(go_live_at__gt=now)
    aggregates: dict[str, Any] = {}
    for number, root in enumerate(roots):
        under = Q(url_path__startswith=root)
        aggregates[f"n{number}"] = Count("pk", filter=under & shown)
        aggregates[f"latest{number}"] = Max(
            Coalesce("last_published_at", "latest_revision_created_at"), filter=under & shown
        )
        aggregates[f"timed{number}"] = Count("pk", filter=under & timed)
    found: dict[Key, Change] = {}
    for row in subtree.values("content_type_id").annotate(**aggregates).order_by():
        for number, root in enumerate(roots):
            change = Change(recount=bool(row[f"timed{number}"]))
            count, latest = row[f"n{number}"], row[f"latest{number}"]
            if count:
                (change.add if deleted else change.remove)(count, latest)
            found[(root, row["content_type_id"])] = change
    sections.apply(found)


def _roots_around(url_path: str) -> list[str]:
    """The home pages whose sections a subtree at this address can hold pages of."""
    return [
        root
        for root in sections.root_paths()
        if url_path.startswith(root) or root.startswith(url_path)
    ]


def _recount_subtree(page_id: int | None) -> None:
    page = Page.objects.filter(pk=page_id).values("path", "url_path").first()
    if page is None:
        return
    types = set(
        Page.objects.filter(path__startswith=page["path"])
        .values_list("content_type_id", flat=True)
        .distinct()
    )
    roots = _roots_around(page["url_path"])
    sections.recount((root, content_type_id) for root in roots for content_type_id in types)


# Sites and migrations --------------------------------------------------------------


def _site_changed(sender: Any, **kwargs: Any) -> None:
    Site.clear_site_root_paths_cache()  # before Wagtail's own receiver may have
    _later_everything()


def _after_migrate(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    # ``flush`` sends post_migrate too, with no plan, while its content types are being
    # made again: nothing to count then (the index counts a home page with no row).
    if using != DEFAULT_DB_ALIAS or kwargs.get("plan") is None:
        return
    if SitemapSection._meta.db_table in connection.introspection.table_names():
        ContentType.objects.clear_cache()  # ids read before the migration may be gone
        sections.rebuild()


def connect() -> None:
    """Called at start-up (cms/publishing/signals.py), so commands keep counts too."""
    pre_save.connect(_before_save, dispatch_uid="sitemap-sections-pre-save")
    post_save.connect(_after_save, dispatch_uid="sitemap-sections-post-save")
    pre_delete.connect(_before_delete, dispatch_uid="sitemap-sections-pre-delete")
    post_delete.connect(_after_delete, dispatch_uid="sitemap-sections-post-delete")
    pre_page_move.connect(_before_move, dispatch_uid="sitemap-sections-pre-move")
    post_page_move.connect(_after_move, dispatch_uid="sitemap-sections-move")
    pre_save.connect(
        _restriction_before, sender=PageViewRestriction, dispatch_uid="sitemap-sections-pvr"
    )
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
