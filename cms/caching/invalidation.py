"""Which cached pages a content change reaches: the tags it bumps (cms/caching/deps.py).

A page's change (publish, unpublish, a live page saved, a move) bumps, after the
transaction commits, only what can show it:

* ``tree:<its path>``: the page and its subtree (their breadcrumbs, addresses and
  privacy go through it);
* ``tk:<its translation key>``: every translation's language switcher and ``hreflang``;
* ``list:<type>`` for its type and the types it inherits from, and for the types of its
  descendants (their addresses change with it): lists of live pages;
* ``menu`` when it sits at the menu's level (a child of a home page, or a home page);
* the pages that link to it or that it links to through their own rows (related pages,
  participants of a report: ``ParentalKey`` children with a link to a page), and the
  pages whose body links to it (Wagtail's reference index), in every language (their
  ``tk`` tags: a French report names the English profile, and the French profile lists
  it). A page referenced by
  something that is not a page (an alert, a setting) is shown everywhere: the whole
  cache goes, which is also what a page with children does when its address changes
  (every link to its subtree would change).

An image, a document or a snippet declared ``deps.shown_where_referenced`` (visitors
see it only where a page references it: a chooser, a rich text link or embed, a topic of
an article) reaches the pages that reference it, each as if it had changed, plus the tags
its declaration names. Found through Wagtail's reference index, which indexes a page's
row (its live content) and its own rows; a reference from anything that is not a page
(an alert, a setting), a model holding a key to it that the index does not track, or
more than ``MAX_REFERENCING_PAGES`` pages: the whole cache goes.

Everything else that can change what a visitor sees (an undeclared snippet, a setting,
a site, privacy, a redirect, a deleted page or image) bumps the site-wide generation, as
before: a menu or a snippet used everywhere purges widely, and that is fine. Bookkeeping
rows (logs, revisions, search statistics, what an app declares ``deps.not_shown``) bump
nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from modelcluster.fields import ParentalKey
from wagtail.models import Page, ReferenceIndex, TranslatableMixin
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    pre_page_move,
    published,
    unpublished,
)

from cms.caching import deps
from cms.caching.pages import bump_generation, bump_tags

MENU_DEPTH = 3  # root 1, home pages 2, the menu's sections 3
# An image on more pages than this is treated as shown everywhere: reading each page's
# tags would cost the save more than rendering those pages again costs the visitors.
MAX_REFERENCING_PAGES = 50

# Bookkeeping that never changes what an anonymous visitor sees; saving these (on
# every login, draft, search re-index or translation edit) must not empty the cache.
IGNORED_APP_LABELS = frozenset(
    {
        "admin",
        "auth",
        "axes",
        "contenttypes",
        "sessions",
        "taggit",
        "wagtail_localize",
        "wagtailadmin",
        "wagtailembeds",
        "wagtailsearch",
        "wagtailusers",
        "modelsearch",
        "django_tasks",
    }
)
IGNORED_MODEL_NAMES = frozenset(
    {
        "revision",
        "pagelogentry",
        "modellogentry",
        "referenceindex",
        "pagesubscription",
        "workflowstate",
        "taskstate",
        "comment",
        "commentreply",
        "uploadedfile",
        "uploadedimage",
        "uploadeddocument",
        # Every visitor's search is counted: otherwise any search would empty the cache.
        "query",
        "querydailyhits",
        "queryoutcome",
        # The search index's own statistics, saved with every page's index entry.
        "indexstatistics",
    }
)
# A page row saved with only these (a draft saved, a lock taken) shows nothing new.
DRAFT_FIELDS = frozenset(
    {
        "draft_title",
        "latest_revision",
        "latest_revision_created_at",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def _is_visible_content(sender: Any) -> bool:
    meta = getattr(sender, "_meta", None)
    if meta is None:
        return True
    if meta.app_label in IGNORED_APP_LABELS or meta.model_name in IGNORED_MODEL_NAMES:
        return False
    # Renditions are derived from images and created while pages render.
    return not meta.model_name.endswith("rendition") and deps.is_shown(sender)


@cache
def _link_models() -> tuple[tuple[type[models.Model], str, tuple[str, ...]], ...]:
    """Rows a page owns that link it to other pages: (model, the page's field, the
    linked pages' fields)."""
    found = []
    for model in apps.get_models():
        parental = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, ParentalKey) and issubclass(field.related_model, Page)
        ]
        links = tuple(
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.ForeignKey)
            and not isinstance(field, ParentalKey)
            and isinstance(field.related_model, type)
            and issubclass(field.related_model, Page)
        )
        if len(parental) == 1 and links:
            found.append((model, parental[0], links))
    return tuple(found)


def _owner_field(model: type[models.Model]) -> str | None:
    for field in model._meta.concrete_fields:
        if isinstance(field, ParentalKey) and issubclass(field.related_model, Page):
            return field.name
    return None


def _listing_tags(page_class: type[Page]) -> set[str]:
    return {
        deps.listing_tag(cls)
        for cls in page_class.__mro__
        if isinstance(cls, type) and issubclass(cls, Page) and not cls._meta.abstract
    }


def _translations_of(ids: Iterable[object]) -> set[str]:
    """The linked pages in every language: a French report may name the English profile,
    and the French profile lists it too (``tk`` tags: every translation of each)."""
    keys = Page.objects.filter(pk__in=ids).values_list("translation_key", flat=True)
    return {deps.translation_tag(key) for key in keys}


def page_tags(page: Page) -> set[str] | None:
    """What a change to `page` reaches (module docstring); None: everything."""
    tags = {f"tree:{page.path}", deps.translation_tag(page.translation_key)}
    tags |= _listing_tags(page.specific_class or type(page))
    if page.depth <= MENU_DEPTH:
        tags.add(deps.MENU)
    if page.numchild:
        types = Page.objects.descendant_of(page).values_list("content_type", flat=True).distinct()
        for content_type in ContentType.objects.filter(pk__in=set(types)):
            model = content_type.model_class()
            if model is not None:
                tags |= _listing_tags(model)
    linked: set[object] = set()
    for model, owner, links in _link_models():
        for link in links:
            linked.update(model.objects.filter(**{link: page.pk}).values_list(owner, flat=True))
            linked.update(model.objects.filter(**{owner: page.pk}).values_list(link, flat=True))
    page_type = ContentType.objects.get_for_model(Page)
    for base_type, object_id in (
        ReferenceIndex.objects.filter(to_content_type=page_type, to_object_id=str(page.pk))
        .values_list("base_content_type", "object_id")
        .distinct()
    ):
        if base_type != page_type.pk:
            return None  # an alert, a setting: shown on every page
        linked.add(object_id)
    linked.discard(page.pk)
    linked.discard(str(page.pk))
    return tags | _translations_of(linked)


def _untracked_holders(model: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    """Models with a key to `model` whose rows the reference index does not track."""
    tracked = set(ReferenceIndex.tracked_models)
    holders = []
    for holder in apps.get_models():
        if holder in tracked or issubclass(holder, Page) or not _is_visible_content(holder):
            continue
        if _owner_field(holder) is not None:
            continue  # a page's own rows: indexed with their page
        for field in holder._meta.concrete_fields:
            remote = getattr(field, "related_model", None)
            if (
                isinstance(field, models.ForeignKey)
                and isinstance(remote, type)
                and (issubclass(model, remote) or issubclass(remote, model))
            ):
                holders.append((holder, field.name))
    return holders


def object_tags(instance: models.Model) -> set[str] | None:
    """What a change to an image, a document or a snippet reaches (module docstring);
    None: everything."""
    declared = deps.where_shown(type(instance))
    if declared is None or instance.pk is None:
        return None
    for holder, field in _untracked_holders(type(instance)):
        if holder.objects.filter(**{field: instance.pk}).exists():
            return None
    page_type = ContentType.objects.get_for_model(Page)
    # A translated snippet is shown in a page's language through the translation that
    # the page's own row names (a French article lists the French name of its topic).
    same = (
        type(instance)._default_manager.filter(translation_key=instance.translation_key)
        if isinstance(instance, TranslatableMixin)
        else type(instance)._default_manager.filter(pk=instance.pk)
    )
    ids = [str(pk) for pk in same.values_list("pk", flat=True)] or [str(instance.pk)]
    sources = set(
        ReferenceIndex.objects.filter(
            to_content_type=ReferenceIndex._get_base_content_type(instance),
            to_object_id__in=ids,
        )
        .values_list("base_content_type", "object_id")
        .distinct()[: MAX_REFERENCING_PAGES + 1]
    )
    if len(sources) > MAX_REFERENCING_PAGES or any(base != page_type.pk for base, _id in sources):
        return None
    tags = set(declared)
    for page in Page.objects.filter(pk__in=[object_id for _base, object_id in sources]):
        reached = page_tags(page)
        if reached is None:
            return None
        # The menu shows the page's title and address, which an image or a snippet of
        # it does not change: every page shows the menu.
        tags |= reached - {deps.MENU}
    return tags


# Inside ``everything_changes()``: each change is only noted, and the whole cache goes
# once when the block ends.
_changing_everything: ContextVar[bool] = ContextVar("changing_everything", default=False)


@contextmanager
def everything_changes() -> Iterator[None]:
    """For a change of much of the site at once (the demo load: some 400 page and row
    changes): the site-wide generation is bumped once, after the commit, instead of
    finding the tags of each change (queries of the reference index and the tree, about
    5 ms a page: 1.6 of the demo load's 15.7 seconds on SQLite). What the block's
    changes reach is a subset of everything, so nothing can be left stale."""
    token = _changing_everything.set(True)
    try:
        yield
    finally:
        _changing_everything.reset(token)
        bump_generation()


def object_changed(instance: models.Model) -> None:
    if _changing_everything.get():
        return
    tags = object_tags(instance)
    if tags is None:
        bump_generation()
    else:
        bump_tags(tags)


def page_changed(page: Page) -> None:
    if _changing_everything.get():
        return
    tags = page_tags(page)
    if tags is None:
        bump_generation()
    else:
        bump_tags(tags)


def _on_model_change(sender: Any, instance: Any = None, **kwargs: Any) -> None:
    if kwargs.get("raw") or _changing_everything.get() or not _is_visible_content(sender):
        return
    if isinstance(instance, Page):
        if kwargs.get("signal") is post_delete:
            bump_generation()
            return
        fields = kwargs.get("update_fields")
        if fields and set(fields) <= DRAFT_FIELDS:
            return
        page_changed(instance)
        return
    owner = _owner_field(type(instance)) if instance is not None else None
    if owner is not None and kwargs.get("signal") is not m2m_changed:
        # A page's own row (a related page, a participant): that page and the pages
        # the row links to (a participant's profile lists the reports naming it).
        ids = {getattr(instance, f"{owner}_id", None)}
        for model, model_owner, links in _link_models():
            if model is type(instance) and model_owner == owner:
                ids |= {getattr(instance, f"{link}_id", None) for link in links}
        ids.discard(None)
        bump_tags(_translations_of(ids))
        return
    if kwargs.get("signal") is post_save and instance is not None:
        object_changed(instance)
        return
    bump_generation()


def _before_page_save(sender: Any, instance: Any = None, **kwargs: Any) -> None:
    """A page with children whose address changes: every link to its subtree changes."""
    if kwargs.get("raw") or _changing_everything.get():
        return
    if not isinstance(instance, Page) or instance.pk is None:
        return
    if not instance.numchild:
        return
    before = Page.objects.filter(pk=instance.pk).values_list("url_path", flat=True).first()
    if before is not None and before != instance.url_path:
        bump_generation()


def _on_publication(sender: Any = None, instance: Any = None, **kwargs: Any) -> None:
    if isinstance(instance, Page):
        page_changed(instance)
    elif instance is not None and _is_visible_content(type(instance)):
        object_changed(instance)  # a snippet: where it is referenced, or everywhere


def _before_move(sender: Any = None, instance: Any = None, **kwargs: Any) -> None:
    if _changing_everything.get():
        return
    if isinstance(instance, Page) and instance.numchild:
        bump_generation()  # every link to its subtree changes
    elif isinstance(instance, Page):
        page_changed(instance)  # where it was: its old path, its old neighbours


def _after_move(sender: Any = None, instance: Any = None, **kwargs: Any) -> None:
    if isinstance(instance, Page) and not _changing_everything.get():
        page_changed(Page.objects.get(pk=instance.pk))  # where it is now


def connect_signals() -> None:
    """Called from CmsConfig.ready so that commands (publish_scheduled) invalidate too."""
    post_save.connect(_on_model_change, dispatch_uid="pagecache-post-save")
    post_delete.connect(_on_model_change, dispatch_uid="pagecache-post-delete")
    m2m_changed.connect(_on_model_change, dispatch_uid="pagecache-m2m")
    pre_save.connect(_before_page_save, dispatch_uid="pagecache-pre-save")
    for signal in (page_published, page_unpublished, published, unpublished):
        signal.connect(_on_publication, dispatch_uid=f"pagecache-{id(signal)}")
    pre_page_move.connect(_before_move, dispatch_uid="pagecache-pre-move")
    post_page_move.connect(_after_move, dispatch_uid="pagecache-post-move")
