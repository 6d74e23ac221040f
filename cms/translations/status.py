"""How far each page and content snippet is translated into each locale.

Wagtail-localize answers this one object at a time (`Translation.get_progress()`),
which would cost several queries per row; the dashboard needs every row at once, so
this module reads the same tables in a fixed number of queries (one per table, and
one more per translatable snippet model) and derives the status in Python.

A row's status, in order of precedence:
- "not started": no enabled wagtail-localize translation (the locale has nothing, or
  only the alias that wagtail-localize's tree sync creates), or none of its segments
  is translated yet;
- "out of date": the source changed after the translation last caught up with it,
  either edited since its content was last extracted for translation
  (`TranslationSource.last_updated_at`), or re-extracted (`update_from_db()`, the
  "Sync translated pages" action) since the translation was last saved (the newest
  `TranslationLog`, or the translation's creation when it was never saved);
- "translated": every segment of the extracted source has a translation;
- "partially translated": some of them do.

A page edited directly in another locale, outside wagtail-localize (not an alias, no
enabled translation), counts as translated unless the source has a newer revision.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Max, Model
from django.urls import reverse
from django.utils.translation import get_supported_language_variant
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page, TranslatableMixin, get_page_models
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.models import (
    StringSegment,
    Translation,
    TranslationLog,
    TranslationSource,
)

from cms.publishing.releases import release_type_keys, waiting_sources

NOT_STARTED = "not_started"
PARTIAL = "partial"
OUT_OF_DATE = "out_of_date"
TRANSLATED = "translated"
STATUS_LABELS = {
    TRANSLATED: _("Translated"),
    PARTIAL: _("Partially translated"),
    NOT_STARTED: _("Not started"),
    OUT_OF_DATE: _("Out of date"),
}


@dataclass(frozen=True)
class StatusRow:
    """One page or snippet in one target locale."""

    title: str
    content_type: str  # "app_label.model", the key the content type filter uses
    content_type_label: str
    locale_code: str
    locale_name: str
    status: str
    total_segments: int | None  # None when wagtail-localize does not track the object
    translated_segments: int | None
    source_changed_at: datetime | None
    source_synced_at: datetime | None
    translation_synced_at: datetime | None
    edit_url: str
    # wagtail-localize's TranslationSource of the row, when it tracks the translation.
    translation_source_id: int | None = None
    # The languages a held release of the source waits for ("fr"), cms/publishing/releases.py.
    release_waiting: str = ""

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def percent(self) -> int | None:
        if self.total_segments is None:
            return None
        if self.total_segments == 0:
            return 100
        return self.translated_segments * 100 // self.total_segments


@dataclass(frozen=True)
class _Item:
    """One instance of a translatable object, in whatever locale, reduced to what counts."""

    pk: Any
    translation_key: Any
    locale_id: int
    title: str
    content_type: str
    content_type_label: str
    changed_at: datetime | None
    is_alias: bool
    edit_url: str


def default_locale(locales: Iterable[Locale]) -> Locale:
    code = get_supported_language_variant(settings.LANGUAGE_CODE)
    return next(locale for locale in locales if locale.language_code == code)


def language_name(language_code: str) -> str:
    """The language's name in the reader's language ("French" in English, "Français" in
    French), for sentences; the locale's own name where Django does not know it."""
    locale = Locale(language_code=language_code)
    try:
        return locale.language_name_localized
    except KeyError:
        return locale.get_display_name()


def translatable_snippet_models() -> list[type[Model]]:
    return [
        model
        for model in get_snippet_models()
        if issubclass(model, TranslatableMixin) and not issubclass(model, Page)
    ]


def content_type_choices() -> list[tuple[str, str]]:
    """Every kind of object the dashboard can list, for the content type filter."""
    models = [model for model in get_page_models() if model is not Page]
    models += translatable_snippet_models()
    return sorted(
        ((model._meta.label_lower, str(model._meta.verbose_name).capitalize()) for model in models),
        key=lambda choice: choice[1],
    )


def _page_items() -> list[_Item]:
    pages = (
        Page.objects.filter(depth__gt=1)
        .select_related("content_type")
        .only(
            "pk",
            "translation_key",
            "locale_id",
            "title",
            "draft_title",
            "latest_revision_created_at",
            "alias_of_id",
            "content_type",
        )
        .order_by("path")
    )
    items = []
    for page in pages:
        model = page.content_type.model_class()
        items.append(
            _Item(
                pk=page.pk,
                translation_key=page.translation_key,
                locale_id=page.locale_id,
                title=page.draft_title or page.title,
                content_type=f"{page.content_type.app_label}.{page.content_type.model}",
                content_type_label=str(model._meta.verbose_name).capitalize()
                if model
                else page.content_type.model,
                changed_at=page.latest_revision_created_at,
                is_alias=page.alias_of_id is not None,
                edit_url=reverse("wagtailadmin_pages:edit", args=[page.pk]),
            )
        )
    return items


def _snippet_items(model: type[Model]) -> list[_Item]:
    has_revisions = hasattr(model, "latest_revision")
    queryset = model._default_manager.all()
    if has_revisions:
        queryset = queryset.select_related("latest_revision")
    edit_url_name = model.snippet_viewset.get_url_name("edit")
    return [
        _Item(
            pk=instance.pk,
            translation_key=instance.translation_key,
            locale_id=instance.locale_id,
            title=str(instance),
            content_type=model._meta.label_lower,
            content_type_label=str(model._meta.verbose_name).capitalize(),
            changed_at=instance.latest_revision.created_at
            if has_revisions and instance.latest_revision
            else None,
            is_alias=False,
            edit_url=reverse(edit_url_name, args=[instance.pk]),
        )
        for instance in queryset
    ]


def _status(
    target: _Item | None,
    source_item: _Item,
    source: dict | None,
    translation: dict | None,
    total: int,
    translated: int,
    logged_at: datetime | None,
) -> tuple[str, datetime | None]:
    """The status of one row, and when the translation last caught up with the source."""
    if translation is None or source is None:
        if target is None or target.is_alias:
            return NOT_STARTED, None
        # Edited directly in its locale: only revisions tell whether it kept up.
        changed = source_item.changed_at
        if changed and target.changed_at and changed > target.changed_at:
            return OUT_OF_DATE, target.changed_at
        return TRANSLATED, target.changed_at
    synced_at = logged_at or translation["created_at"]
    if translated == 0:
        return NOT_STARTED, synced_at
    edited_since_extraction = (
        source_item.changed_at is not None and source_item.changed_at > source["last_updated_at"]
    )
    if edited_since_extraction or source["last_updated_at"] > synced_at:
        return OUT_OF_DATE, synced_at
    if translated >= total:
        return TRANSLATED, synced_at
    return PARTIAL, synced_at


def translation_status_rows(language_codes: Iterable[str] | None = None) -> list[StatusRow]:
    """Every translatable page and snippet of the default locale, once per other locale.

    `language_codes` limits the target locales (a translator sees their own); the
    number of queries does not depend on how many pages or snippets there are.
    """
    locales = list(Locale.objects.all())
    source_locale = default_locale(locales)
    targets = [locale for locale in locales if locale.pk != source_locale.pk]
    if language_codes is not None:
        wanted = set(language_codes)
        targets = [locale for locale in targets if locale.language_code in wanted]
    if not targets:
        return []

    items = _page_items()
    for model in translatable_snippet_models():
        items += _snippet_items(model)
    by_key_and_locale = {(item.translation_key, item.locale_id): item for item in items}
    release_types = release_type_keys()
    waiting = waiting_sources(
        item.translation_key
        for item in items
        if item.locale_id == source_locale.pk and item.content_type in release_types
    )

    sources = {
        row["object_id"]: row
        for row in TranslationSource.objects.filter(locale=source_locale).values(
            "pk", "object_id", "last_updated_at"
        )
    }
    translations = {
        (row["source_id"], row["target_locale_id"]): row
        for row in Translation.objects.filter(source__locale=source_locale, enabled=True).values(
            "source_id", "target_locale_id", "created_at"
        )
    }
    last_logged = {
        (row["source_id"], row["locale_id"]): row["last"]
        for row in TranslationLog.objects.filter(source__locale=source_locale)
        .values("source_id", "locale_id")
        .annotate(last=Max("created_at"))
    }
    segments = StringSegment.objects.filter(source__locale=source_locale)
    totals = {
        row["source_id"]: row["total"]
        for row in segments.values("source_id").annotate(total=Count("pk"))
    }
    # The same test as Translation.get_progress(), for every translation at once.
    translated_counts = {
        (row["source_id"], row["locale"]): row["done"]
        for row in segments.filter(
            string__translations__context_id=F("context_id"),
            string__translations__has_error=False,
        )
        .values("source_id", locale=F("string__translations__locale_id"))
        .annotate(done=Count("pk", distinct=True))
    }

    rows = []
    for locale in targets:
        locale_name = locale.get_display_name()
        for item in items:
            if item.locale_id != source_locale.pk:
                continue
            source = sources.get(item.translation_key)
            source_pk = source["pk"] if source else None
            translation = translations.get((source_pk, locale.pk))
            target = by_key_and_locale.get((item.translation_key, locale.pk))
            tracked = translation is not None and source is not None
            total = totals.get(source_pk, 0)
            translated = translated_counts.get((source_pk, locale.pk), 0)
            status, synced_at = _status(
                target,
                item,
                source,
                translation,
                total,
                translated,
                last_logged.get((source_pk, locale.pk)),
            )
            rows.append(
                StatusRow(
                    title=item.title,
                    content_type=item.content_type,
                    content_type_label=item.content_type_label,
                    locale_code=locale.language_code,
                    locale_name=locale_name,
                    status=status,
                    total_segments=total if tracked else None,
                    translated_segments=min(translated, total) if tracked else None,
                    source_changed_at=item.changed_at,
                    source_synced_at=source["last_updated_at"] if source else None,
                    translation_synced_at=synced_at,
                    edit_url=target.edit_url if target and not target.is_alias else item.edit_url,
                    translation_source_id=source_pk if tracked else None,
                    release_waiting=", ".join(waiting.get(item.translation_key, [])),
                )
            )
    return rows
