"""Many live articles in a few queries, for tests and measurements of cost against size.

Publishing a page through Wagtail (revision, signals, search index) takes tens of
milliseconds; the size tests need hundreds of pages and the measurements tens of
thousands. These rows are what publishing leaves in the tables the API reads (the page
and its article row, live, dated, under a news index), inserted in batches: the page
rows with ``bulk_create``, the article rows through Django's own insert of a model's
local fields (``bulk_create`` refuses multi-table inheritance).
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

from articles.models import ArticlePage

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's base 36, steplen 4


def _step(number: int) -> str:
    digits = ""
    for _ in range(4):
        number, rest = divmod(number, 36)
        digits = ALPHABET[rest] + digits
    return digits


def add_articles(parent: Page, count: int, *, prefix: str = "bulk", batch: int = 2000) -> None:
    """``count`` live articles under ``parent``, one per minute going back from now (ties
    of two a minute, so an ordering by date needs its tie-break), in parent's locale."""
    content_type = ContentType.objects.get_for_model(ArticlePage)
    start = parent.numchild + 1
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    if last is not None:
        start = int(last[-4:], 36) + 1
    now = timezone.now()
    for first in range(0, count, batch):
        pages = []
        for n in range(first, min(first + batch, count)):
            moment = now - datetime.timedelta(minutes=n // 2)
            slug = f"{prefix}-{n}"
            pages.append(
                ArticlePage(
                    title=f"Article {prefix} {n}",
                    draft_title=f"Article {prefix} {n}",
                    slug=slug,
                    path=parent.path + _step(start + n),
                    depth=parent.depth + 1,
                    numchild=0,
                    url_path=f"{parent.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=moment,
                    last_published_at=moment,
                    content_type=content_type,
                    locale_id=parent.locale_id,
                    publication_date=moment.date(),
                )
            )
        fields = Page._meta.concrete_fields
        bases = Page.objects.bulk_create(
            [
                Page(**{field.attname: getattr(page, field.attname) for field in fields})
                for page in pages
            ]
        )
        for page, base in zip(pages, bases, strict=True):
            page.page_ptr_id = page.id = base.pk
        ArticlePage._base_manager._insert(pages, fields=ArticlePage._meta.local_concrete_fields)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + count)
    parent.refresh_from_db()
