"""The translation-status report in the admin: filters, pagination and CSV/XLSX export.

Wagtail's generic `ReportView` gives the filter drawer, the export buttons and the
pagination; the rows come from `cms.translations.status.StatusListing`, which the
filters narrow and the paginator counts and slices in the database, so a page of the
report costs the same queries and about the same time whatever the size of the site.

The count stops at a window (``TRANSLATION_STATUS_COUNT_WINDOW``, 1,000 rows, or the end
of the page asked for when that is further): past it the report says "1,000+" and
"Page 1 of 10+", and offers the next page, which counts a page further (issue #23).
``cms.api.paging.bounded_count`` is not reused: its window is the API's offset window and
it counts one queryset, where this report's rows run over several.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import django_filters
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale

from cms.translations.status import (
    OUT_OF_DATE,
    STATUS_LABELS,
    StatusListing,
    StatusRow,
    content_type_choices,
    default_locale,
    language_name,
)
from cms.translations.sync import outdated_sources, update_drafts
from cms.workflow.roles import EDITORS, REVIEWERS, translators_group_name

TRANSLATORS_PREFIX = translators_group_name("")[:-1]  # "Translators (" + code + ")"


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
    """Only the form of this filter set is used: its values go to `StatusListing`."""

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


def count_window() -> int:
    """How many rows the report counts before it says "N+" (issue #23)."""
    return int(getattr(settings, "TRANSLATION_STATUS_COUNT_WINDOW", 1_000))


class StatusPaginator(WagtailPaginator):
    """Wagtail's paginator over a `StatusListing` whose count may stop at a window:
    `count` is then the window and one row, so the page after the window exists (its
    request counts further), and the labels say the total is more than they show."""

    @cached_property
    def count_exact(self) -> bool:
        return getattr(self.object_list, "count_exact", True)

    @cached_property
    def shown_count(self) -> int:
        """The rows known to exist: every row, or the window when counting stopped."""
        return self.count if self.count_exact else self.count - 1

    @cached_property
    def shown_pages(self) -> int:
        """The pages known to be full: every page, or those up to the window."""
        return self.num_pages if self.count_exact else -(-self.shown_count // self.per_page)

    @cached_property
    def items_count_label(self) -> str:
        if self.count_exact:
            return super().items_count_label
        return gettext("%(count)s+ items") % {"count": intcomma(self.shown_count)}


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

    paginator_class = StatusPaginator

    def paginate_queryset(self, queryset: StatusListing, page_size: int) -> Any:
        """Counts as far as the window, or to the end of the page asked for, and one."""
        try:
            asked = min(max(int(self.request.GET.get(self.page_kwarg, 1)), 1), 10**9)
        except ValueError:
            asked = 1
        queryset.bound_count(max(count_window(), asked * page_size))
        return super().paginate_queryset(queryset, page_size)

    def get_queryset(self) -> StatusListing:
        return StatusListing(visible_language_codes(self.request.user))

    def get_context_data(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(*args, **kwargs)
        # The export streams every row; the buttons belong to the page of rows shown.
        rows = [] if self.is_export else context.get("object_list") or []
        context["updatable"] = updatable_languages(rows)
        return context

    def filter_queryset(self, rows: StatusListing) -> StatusListing:
        if not (self.filters and self.filters.is_valid()):
            return rows
        wanted = {name: value for name, value in self.filters.form.cleaned_data.items() if value}
        return StatusListing(visible_language_codes(self.request.user), **wanted)


def updatable_languages(rows: list[StatusRow]) -> list[dict[str, Any]]:
    """Per language of `rows`, how many out-of-date translations one click updates."""
    languages: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row.status == OUT_OF_DATE and row.translation_source_id is not None:
            entry = languages.setdefault(
                row.locale_code,
                {"code": row.locale_code, "name": language_name(row.locale_code), "count": 0},
            )
            entry["count"] += 1
    return list(languages.values())


class UpdateOutdatedTranslationsView(View):
    """POST: every out-of-date translation of one language, updated as drafts
    (cms.translations.sync); for whoever may see that language's status and may
    submit translations."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        code = request.POST.get("locale", "")
        codes = visible_language_codes(request.user)
        allowed = codes is None or code in codes
        if not (allowed and request.user.has_perm("wagtail_localize.submit_translation")):
            raise PermissionDenied
        locale = Locale.objects.filter(language_code=code).first()
        report = reverse("translation_status")
        if locale is None or locale == default_locale(list(Locale.objects.all())):
            messages.error(request, _("There is no language to update with that code."))
            return redirect(report)
        rows = StatusListing([code], status=OUT_OF_DATE)
        updated = update_drafts(outdated_sources(rows), locale, request.user)
        messages.success(
            request,
            ngettext(
                "%(count)d translation (%(language)s) updated as a draft: translate what "
                "changed, then submit it for review.",
                "%(count)d translations (%(language)s) updated as drafts: translate what "
                "changed, then submit them for review.",
                updated,
            )
            % {"count": updated, "language": language_name(code)},
        )
        return redirect(report + "?" + urlencode({"locale": code}))
