"""How far each page and content snippet is translated into each locale.

Wagtail-localize answers this one object at a time (`Translation.get_progress()`),
which would cost several queries per row. Here the status is an SQL expression over
the same tables (`_annotated`), so the database filters, counts and slices the rows:
the report shows its 100 rows of 50,000 pages in the same queries, and about the same
time, as of 1,000 (issue #23). A `StatusListing` is the rows of one query per kind
of content (pages, then each translatable snippet model) and target locale, in that
order; the number of queries never depends on how much content there is.

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

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    CharField,
    Count,
    DateTimeField,
    F,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
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


def _first(queryset: QuerySet, field: str, output_field: Any) -> Subquery:
    return Subquery(queryset.order_by().values(field)[:1], output_field=output_field)


def _count(segments: QuerySet) -> Coalesce:
    """How many of the one source's segments: a correlated COUNT, 0 when there are none."""
    counted = (
        segments.order_by().values("source_id").annotate(n=Count("pk", distinct=True)).values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _annotated(model: type[Model], source_locale: Locale, target: Locale) -> QuerySet:
    """The source-locale objects of `model` (pages when it is Page), each annotated with
    its status in `target` and what the row shows: one SELECT with correlated subqueries
    on indexed columns (the translation key and locale), evaluated only for the rows the
    database returns, or filters on when the status is asked for."""
    key = OuterRef("translation_key")
    dates = DateTimeField()
    sources = TranslationSource.objects.filter(object_id=key, locale=source_locale)
    translations = Translation.objects.filter(
        source__object_id=key, source__locale=source_locale, target_locale=target, enabled=True
    )
    logs = TranslationLog.objects.filter(
        source__object_id=key, source__locale=source_locale, locale=target
    )
    segments = StringSegment.objects.filter(source__object_id=key, source__locale=source_locale)
    # The same test as Translation.get_progress(), in one join.
    translated = segments.filter(
        string__translations__context_id=F("context_id"),
        string__translations__has_error=False,
        string__translations__locale=target,
    )
    is_page = issubclass(model, Page)
    if is_page:
        queryset = (
            Page.objects.filter(depth__gt=1, locale=source_locale)
            .only("pk", "translation_key", "title", "draft_title", "content_type_id", "path")
            .order_by("path")
        )
        changed_field = "latest_revision_created_at"
    else:
        queryset = model._default_manager.filter(locale=source_locale)
        queryset = queryset.order_by(*queryset.query.order_by or model._meta.ordering, "pk")
        changed_field = "latest_revision__created_at" if hasattr(model, "latest_revision") else None
    targets = model._default_manager.filter(translation_key=key, locale=target)
    queryset = queryset.annotate(
        _changed=F(changed_field) if changed_field else Value(None, output_field=dates),
        _source_pk=_first(sources, "pk", IntegerField()),
        _source_updated=_first(sources, "last_updated_at", dates),
        _translation_created=_first(translations, "created_at", dates),
        _logged=Subquery(logs.order_by("-created_at").values("created_at")[:1], output_field=dates),
        _total=_count(segments),
        _translated=_count(translated),
        _target_pk=_first(targets, "pk", IntegerField()),
        _target_alias=_first(targets, "alias_of_id", IntegerField())
        if is_page
        else Value(None, output_field=IntegerField()),
        _target_changed=_first(targets, changed_field, dates)
        if changed_field
        else Value(None, output_field=dates),
    )
    untracked = Q(_translation_created__isnull=True)  # implies a source exists otherwise
    synced = Coalesce("_logged", "_translation_created")
    return queryset.annotate(
        _status=Case(
            When(
                untracked & (Q(_target_pk__isnull=True) | Q(_target_alias__isnull=False)),
                then=Value(NOT_STARTED),
            ),
            # Edited directly in its locale: only revisions tell whether it kept up.
            When(untracked & Q(_changed__gt=F("_target_changed")), then=Value(OUT_OF_DATE)),
            When(untracked, then=Value(TRANSLATED)),
            When(_translated=0, then=Value(NOT_STARTED)),
            # Edited since its content was extracted, or re-extracted since the
            # translation last caught up.
            When(
                Q(_changed__gt=F("_source_updated")) | Q(_source_updated__gt=synced),
                then=Value(OUT_OF_DATE),
            ),
            When(_translated__gte=F("_total"), then=Value(TRANSLATED)),
            default=Value(PARTIAL),
            output_field=CharField(),
        )
    )


def _edit_urls(model: type[Model]) -> Callable[[Any], str]:
    """The admin edit URL of an object of `model` by primary key, reversed once."""
    sentinel = 987654321
    name = (
        "wagtailadmin_pages:edit"
        if issubclass(model, Page)
        else model.snippet_viewset.get_url_name("edit")
    )
    prefix, suffix = reverse(name, args=[sentinel]).split(str(sentinel))
    return lambda pk: f"{prefix}{pk}{suffix}"


def _label(model: type[Model] | None, fallback: str) -> str:
    return str(model._meta.verbose_name).capitalize() if model else fallback


@dataclass(frozen=True)
class _Segment:
    """The rows of one kind of content in one target locale."""

    model: type[Model]
    target: Locale
    queryset: QuerySet
    # Without a status filter, the rows to show are found without their status: the
    # database then skips earlier rows without computing theirs (an OFFSET does not).
    keyed: bool


class StatusListing:
    """The status rows as a lazy sequence: `count()` and slices run in the database.

    What Django's Paginator and Wagtail's report need of a queryset (`count`, slicing,
    iteration, `ordered`), over several querysets: one per kind of content and target
    locale, counted once each, and sliced only where the asked-for rows are.
    """

    ordered = True

    def __init__(
        self,
        language_codes: Iterable[str] | None = None,
        *,
        locale: str | None = None,
        status: str | None = None,
        content_type: str | None = None,
    ) -> None:
        locales = list(Locale.objects.all())
        self.source_locale = default_locale(locales)
        targets = [each for each in locales if each.pk != self.source_locale.pk]
        if language_codes is not None:
            wanted = set(language_codes)
            targets = [each for each in targets if each.language_code in wanted]
        if locale:
            targets = [each for each in targets if each.language_code == locale]
        models: list[type[Model]] = [Page, *translatable_snippet_models()]
        page_filter = Q()
        if content_type:
            app_label, _dot, model_name = content_type.partition(".")
            models = [
                model
                for model in models
                if model._meta.label_lower == content_type or model is Page
            ]
            page_filter = Q(content_type__app_label=app_label, content_type__model=model_name)
        self._segments = []
        for target in targets:
            for model in models:
                queryset = _annotated(model, self.source_locale, target)
                if model is Page:
                    queryset = queryset.filter(page_filter)
                if status:
                    queryset = queryset.filter(_status=status)
                self._segments.append(_Segment(model, target, queryset, keyed=not status))

    # Count at most this many rows and one (None: every row); see `bound_count`.
    count_limit: int | None = None

    def bound_count(self, limit: int) -> None:
        """Count no further than `limit` rows and one, across every query: a COUNT over
        every page of a locale grows with the site (88 ms at 50,000 articles against
        13 ms at 1,000, issue #23), while a report page only needs to know that rows go
        on past it. `count()` is then at most `limit + 1`, and `count_exact` says whether
        it is the whole. The queries after the one that fills the window are not run."""
        self.count_limit = limit
        self.__dict__.pop("_counts", None)

    @cached_property
    def _counts(self) -> list[int]:
        if self.count_limit is None:
            return [segment.queryset.count() for segment in self._segments]
        budget = self.count_limit + 1
        counts = []
        for segment in self._segments:
            # COUNT(*) over a LIMITed subquery of keys: the database stops at the budget.
            found = segment.queryset.order_by().values("pk")[:budget].count() if budget else 0
            counts.append(found)
            budget -= found
        return counts

    def count(self) -> int:
        return sum(self._counts)

    @property
    def count_exact(self) -> bool:
        """Whether `count()` is every row, not only as far as `bound_count` reached."""
        return self.count_limit is None or self.count() <= self.count_limit

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: int | slice) -> list[StatusRow] | StatusRow:
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(self.count())
        rows: list[StatusRow] = []
        offset = 0
        for segment, size in zip(self._segments, self._counts, strict=True):
            low, high = max(start - offset, 0), min(stop - offset, size)
            if low < high:
                instances = segment.queryset[low:high]
                if segment.keyed:
                    keys = segment.queryset.values_list("pk", flat=True)[low:high]
                    instances = segment.queryset.filter(pk__in=list(keys))
                rows += self._rows(segment, instances)
            offset += size
            if offset >= stop:
                break
        return rows

    def __iter__(self) -> Iterator[StatusRow]:
        for segment in self._segments:
            chunk: list[Model] = []
            for instance in segment.queryset.iterator(chunk_size=2000):
                chunk.append(instance)
                if len(chunk) == 2000:
                    yield from self._rows(segment, chunk)
                    chunk = []
            yield from self._rows(segment, chunk)

    def _rows(self, segment: _Segment, instances: Iterable[Model]) -> list[StatusRow]:
        instances = list(instances)
        if not instances:
            return []
        edit_url = _edit_urls(segment.model)
        is_page = segment.model is Page
        waiting: dict[Any, list[str]] = {}
        if is_page and (release_types := release_type_keys()):
            waiting = waiting_sources(
                instance.translation_key
                for instance in instances
                if _content_type_key(instance.content_type_id) in release_types
            )
        locale_name = segment.target.get_display_name()
        rows = []
        for instance in instances:
            if is_page:
                content_type = ContentType.objects.get_for_id(instance.content_type_id)
                content_type_key = f"{content_type.app_label}.{content_type.model}"
                label = _label(content_type.model_class(), content_type.model)
                title = instance.draft_title or instance.title
            else:
                content_type_key = segment.model._meta.label_lower
                label = _label(segment.model, content_type_key)
                title = str(instance)
            tracked = instance._translation_created is not None
            has_target = instance._target_pk is not None and instance._target_alias is None
            if tracked:
                synced_at = instance._logged or instance._translation_created
            else:
                synced_at = instance._target_changed if has_target else None
            total, translated = instance._total, instance._translated
            rows.append(
                StatusRow(
                    title=title,
                    content_type=content_type_key,
                    content_type_label=label,
                    locale_code=segment.target.language_code,
                    locale_name=locale_name,
                    status=instance._status,
                    total_segments=total if tracked else None,
                    translated_segments=min(translated, total) if tracked else None,
                    source_changed_at=instance._changed,
                    source_synced_at=instance._source_updated,
                    translation_synced_at=synced_at,
                    edit_url=edit_url(instance._target_pk if has_target else instance.pk),
                    translation_source_id=instance._source_pk if tracked else None,
                    release_waiting=", ".join(waiting.get(instance.translation_key, [])),
                )
            )
        return rows


def _content_type_key(content_type_id: int) -> str:
    content_type = ContentType.objects.get_for_id(content_type_id)
    return f"{content_type.app_label}.{content_type.model}"


def out_of_date_rows(language_codes: Iterable[str] | None = None) -> list[StatusRow]:
    """The out-of-date rows only, filtered in the database (the dashboard's panel and the
    digest need no others)."""
    return list(iter(StatusListing(language_codes, status=OUT_OF_DATE)))


def translation_status_rows(language_codes: Iterable[str] | None = None) -> list[StatusRow]:
    """Every translatable page and snippet of the default locale, once per other locale.

    `language_codes` limits the target locales (a translator sees their own); the
    number of queries does not depend on how many pages or snippets there are.
    """
    # Iterated, not list()-ed: list() would ask for the length, one COUNT per query.
    return list(iter(StatusListing(language_codes)))
