"""Live Wagtail pages written in bulk: the tree, the page tables, revisions, search index.

``Page.add_child()`` + ``save_revision().publish()`` cost about 200 ms a page (tree
locks, signals, the search and reference indexes, the page cache), so a 50,000-article
data set took hours. Here a batch of pages of one parent is written with a few bulk
statements and ends in the state a publish leaves: treebeard path, depth and numchild
consistent (``Page.find_problems()`` finds nothing), ``live`` with a live and a latest
revision whose content is the page (so the editor opens it and can publish it again),
and one search index entry per page from the configured backends' own bulk indexing.

Not written: Wagtail's reference index (the "usage" counts), which no measured request
reads; ``manage.py rebuild_references_index`` builds it when needed.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import CharField, F, Model, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from wagtail.models import Page, Revision
from wagtail.search.backends import get_search_backends


def child_paths(parent: Page, count: int) -> list[str]:
    """Treebeard paths for ``count`` new last children of ``parent``, in order."""
    last = parent.get_children().order_by("-path").values_list("path", flat=True).first()
    start = Page._str2int(last[-Page.steplen :]) + 1 if last else 1
    return [Page._get_path(parent.path, parent.depth + 1, start + i) for i in range(count)]


def place_under(parent: Page, pages: Sequence[Page]) -> None:
    """Sets the tree fields of ``pages`` as the new last children of ``parent``."""
    for page, path in zip(pages, child_paths(parent, len(pages)), strict=True):
        page.path = path
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = parent.locale_id


def published_fields(title: str, now) -> dict[str, object]:
    """The page fields a first publish leaves set (Wagtail's PublishRevisionAction)."""
    return {
        "title": title,
        "draft_title": title,
        "live": True,
        "has_unpublished_changes": False,
        "first_published_at": now,
        "last_published_at": now,
        "latest_revision_created_at": now,
    }


def _insert_table(model: type[Model], objs: Sequence[Model]) -> None:
    """One multi-table-inheritance level: Django's own insert of a model's local columns
    (what ``Model.save_base`` does per object; ``bulk_create`` refuses child models)."""
    fields = list(model._meta.local_concrete_fields)
    size = connection.ops.bulk_batch_size(fields, objs) or len(objs)
    for start in range(0, len(objs), size):
        model._base_manager._insert(objs[start : start + size], fields=fields, raw=True)


def insert_pages(parent: Page, pages: Sequence[Page]) -> None:
    """Writes ``pages`` (all of one specific type) as live children of ``parent``; their
    child objects (e.g. topic links) can then be written, before ``publish_pages()``."""
    if not pages:
        return
    model = type(pages[0])
    place_under(parent, pages)
    Page.objects.bulk_create(pages)  # the base table; sets each object's id
    chain = [*reversed(model._meta.get_parent_list()), model]
    for level in chain[1:]:  # e.g. articles_articlepage, then articles_seminarreportpage
        for page in pages:
            setattr(page, level._meta.pk.attname, page.id)
        _insert_table(level, pages)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    parent.numchild += len(pages)


def publish_pages(pages: Sequence[Page]) -> None:
    """A published revision per page, made its latest and live revision (its content
    is the page with its child objects as they are on the objects), and the pages'
    search index entries, written by each configured backend's bulk indexing."""
    if not pages:
        return
    for page in pages:
        # A new page has no child objects but those the seeder set: say so, or
        # serializing each unset relation for the revision reads the database.
        for relation in get_all_child_relations(page):
            name = relation.get_accessor_name()
            if name not in getattr(page, "_cluster_related_objects", {}):
                setattr(page, name, [])
    now = timezone.now()
    base_type = ContentType.objects.get_for_model(Page)
    revisions = Revision.objects.bulk_create(
        Revision(
            content_type_id=page.content_type_id,
            base_content_type=base_type,
            object_id=str(page.pk),
            created_at=now,
            object_str=page.title,
            content=page.serializable_data(),
        )
        for page in pages
    )
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision_id = page.live_revision_id = revision.pk
    # One UPDATE reading the revisions back (bulk_update's CASE per row cost 5 ms a page).
    newest = (
        Revision.objects.filter(
            base_content_type=base_type, object_id=Cast(OuterRef("pk"), CharField())
        )
        .order_by("-pk")
        .values("pk")[:1]
    )
    Page.objects.filter(pk__in=[page.pk for page in pages]).update(
        latest_revision_id=Subquery(newest), live_revision_id=Subquery(newest)
    )
    for model in {type(page) for page in pages}:
        group = [page for page in pages if type(page) is model]
        for backend in get_search_backends():
            backend.add_bulk(model, group)
