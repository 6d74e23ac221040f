"""The translation-status report in the admin: filters, pagination and CSV/XLSX export.

Wagtail's generic `ReportView` gives the filter drawer, the export buttons and the
pagination; the rows are plain objects computed by `cms.translations.status`, so the
filtering that Wagtail would do on a queryset is done here on that list.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale

from cms.translations.status import (
    STATUS_LABELS,
    StatusRow,
    content_type_choices,
    default_locale,
    translation_status_rows,
)
from cms.workflow.roles import EDITORS, REVIEWERS, translators_group_name

TRANSLATORS_PREFIX = translators_group_name("")[:-1]  # "Translators (" + code + ")"
# Filter name -> the StatusRow attribute it compares with.
ROW_FIELDS = {"locale": "locale_code", "status": "status", "content_type": "content_type"}


def visible_language_codes(user: AbstractBaseUser) -> list[str] | None:
    """The target locales the user may see: None for all, [] for none (no role)."""
    if user.is_superuser:
        return None
    names = list(user.groups.values_list("name", flat=True))
    if EDITORS in names or REVIEWERS in names:
        return None
    return [
        name[len(TRANSLATORS_PREFIX) : -1]
        for name in names
        if name.startswith(TRANSLATORS_PREFIX) and name.endswith(")")
    ]


def may_view_translation_status(user: AbstractBaseUser) -> bool:
    if not user.is_authenticated:
        return False
    codes = visible_language_codes(user)
    return codes is None or bool(codes)


def _locale_choices(request: HttpRequest) -> list[tuple[str, str]]:
    locales = list(Locale.objects.all())
    source = default_locale(locales)
    codes = visible_language_codes(request.user)
    return [
        (locale.language_code, locale.get_display_name())
        for locale in locales
        if locale.pk != source.pk and (codes is None or locale.language_code in codes)
    ]


class TranslationStatusFilterSet(WagtailFilterSet):
    """Only the form of this filter set is used: the view filters its list of rows."""

    locale = django_filters.ChoiceFilter(label=_("Language"), choices=[], empty_label=_("All"))
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=list(STATUS_LABELS.items()),
        empty_label=_("All"),
    )
    content_type = django_filters.ChoiceFilter(
        label=_("Content type"), choices=[], empty_label=_("All")
    )

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        # django-filter wants a queryset; an empty one stands in for the list of rows.
        kwargs.setdefault("queryset", Locale.objects.none())
        super().__init__(*args, request=request, **kwargs)
        self.filters["locale"].extra["choices"] = _locale_choices(request)
        self.filters["content_type"].extra["choices"] = content_type_choices()


class TranslationStatusView(ReportView):
    page_title = _("Translation status")
    header_icon = "globe"
    template_name = "cms/translation_status.html"
    results_template_name = "cms/translation_status_results.html"
    index_url_name = "translation_status"
    index_results_url_name = "translation_status_results"
    filterset_class = TranslationStatusFilterSet
    export_filename = "translation-status"
    paginate_by = 100
    list_export = [
        "title",
        "content_type_label",
        "locale_code",
        "status_label",
        "percent",
        "translated_segments",
        "total_segments",
        "source_changed_at",
        "source_synced_at",
        "translation_synced_at",
    ]
    export_headings = {
        "title": _("Page or snippet"),
        "content_type_label": _("Content type"),
        "locale_code": _("Language"),
        "status_label": _("Status"),
        "percent": _("Translated (%)"),
        "translated_segments": _("Translated segments"),
        "total_segments": _("Segments"),
        "source_changed_at": _("Source last edited"),
        "source_synced_at": _("Source last prepared for translation"),
        "translation_synced_at": _("Translation last saved"),
    }

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_view_translation_status(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self) -> list[StatusRow]:
        return translation_status_rows(visible_language_codes(self.request.user))

    def filter_queryset(self, rows: list[StatusRow]) -> list[StatusRow]:
        if not (self.filters and self.filters.is_valid()):
            return rows
        wanted = {
            ROW_FIELDS[name]: value
            for name, value in self.filters.form.cleaned_data.items()
            if value
        }
        return [
            row
            for row in rows
            if all(getattr(row, field) == value for field, value in wanted.items())
        ]
