"""Many pages at once, for tests and measurements of cost against content size (#23).

The factories save a page in a few dozen queries; these write rows in bulk, without
signals or revisions: English standard pages under a parent, their French aliases (what
wagtail-localize's tree sync makes), and tracked French translations with two segments,
one translated, as wagtail-localize would store them.
"""

from __future__ import annotations

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from wagtail.models import Page
from wagtail_localize.models import (
    String,
    StringSegment,
    StringTranslation,
    TranslatableObject,
    Translation,
    TranslationContext,
    TranslationSource,
)

from home.models import StandardPage


def bulk_pages(parent: Page, count: int, start: int, alias_parent: Page | None) -> None:
    """`count` standard pages (and their aliases under `alias_parent`), without signals."""
    content_type = ContentType.objects.get_for_model(StandardPage)
    template = StandardPage(title="t", slug="t", introduction="An introduction.", body=[])
    now = timezone.now()
    for parent_page, is_alias in ((parent, False), (alias_parent, True)):
        if parent_page is None:
            continue
        parent_page.refresh_from_db()
        pages = []
        english = (
            list(
                Page.objects.filter(depth=parent.depth + 1, path__startswith=parent.path)
                .order_by("path")
                .values_list("pk", "translation_key")[start : start + count]
            )
            if is_alias
            else None
        )
        for index in range(count):
            number = start + index
            pages.append(
                Page(
                    title=f"Scale page {number}",
                    draft_title=f"Scale page {number}",
                    slug=f"scale-page-{number}",
                    content_type=content_type,
                    path=Page._get_path(parent_page.path, parent_page.depth + 1, number + 1),
                    depth=parent_page.depth + 1,
                    numchild=0,
                    url_path=f"{parent_page.url_path}scale-page-{number}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    latest_revision_created_at=now,
                    locale_id=parent_page.locale_id,
                    translation_key=english[index][1] if is_alias else uuid.uuid4(),
                    alias_of_id=english[index][0] if is_alias else None,
                )
            )
        Page.objects.bulk_create(pages, batch_size=2000)
        Page.objects.filter(pk=parent_page.pk).update(numchild=start + count)
        fields = StandardPage._meta.local_concrete_fields
        columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        marks = ", ".join(["%s"] * len(fields))
        values = [
            [
                page.pk
                if field.attname == "page_ptr_id"
                else field.get_db_prep_save(getattr(template, field.attname), connection)
                for field in fields
            ]
            for page in pages
        ]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {StandardPage._meta.db_table} ({columns}) VALUES ({marks})",  # noqa: S608
                values,
            )


def bulk_translations(pages: list[Page], french_id: int) -> None:
    """A tracked French translation with two segments for each page, one translated."""
    content_type = ContentType.objects.get_for_model(Page)
    specific = ContentType.objects.get_for_model(StandardPage)
    now = timezone.now()
    TranslatableObject.objects.bulk_create(
        [
            TranslatableObject(translation_key=p.translation_key, content_type=content_type)
            for p in pages
        ],
        ignore_conflicts=True,
    )
    sources = TranslationSource.objects.bulk_create(
        [
            TranslationSource(
                object_id=p.translation_key,
                specific_content_type=specific,
                locale_id=p.locale_id,
                object_repr=p.title,
                content_json="{}",
                last_updated_at=now,
            )
            for p in pages
        ]
    )
    Translation.objects.bulk_create(
        [Translation(source=s, target_locale_id=french_id, enabled=True) for s in sources]
    )
    english = pages[0].locale_id
    title = String.objects.get_or_create(
        locale_id=english,
        data_hash=String._get_data_hash("Scale title"),
        defaults={"data": "Scale title"},
    )[0]
    body = String.objects.get_or_create(
        locale_id=english,
        data_hash=String._get_data_hash("Scale body"),
        defaults={"data": "Scale body"},
    )[0]
    contexts = TranslationContext.objects.bulk_create(
        [
            TranslationContext(
                object_id=p.translation_key,
                path_id=TranslationContext._get_path_id(path),
                path=path,
                field_path=path,
            )
            for p in pages
            for path in ("title", "introduction")
        ]
    )
    by_key = {}
    for context in contexts:
        by_key.setdefault(context.object_id, []).append(context)
    segments = []
    translations = []
    for source, page in zip(sources, pages, strict=True):
        title_context, body_context = by_key[page.translation_key]
        segments.append(
            StringSegment(source=source, string=title, context=title_context, order=0, attrs="{}")
        )
        segments.append(
            StringSegment(source=source, string=body, context=body_context, order=1, attrs="{}")
        )
        translations.append(
            StringTranslation(
                translation_of=title, locale_id=french_id, context=title_context, data="Titre"
            )
        )
    StringSegment.objects.bulk_create(segments, batch_size=2000)
    StringTranslation.objects.bulk_create(translations, batch_size=2000)
