"""Admin report: the searches that found nothing, most frequent first."""

from __future__ import annotations

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn
from wagtail.admin.views.reports import ReportView

from search.models import QueryOutcome


class NoResultsReportView(ReportView):
    """Wagtail's “Search terms” report counts searches; this one lists those that failed,
    so editors know which content, spelling or translation visitors looked for in vain."""

    page_title = _("Searches with no results")
    header_icon = "search"
    index_url_name = "search_no_results"
    index_results_url_name = "search_no_results_results"
    columns = [
        Column("query", label=_("Search term(s)")),
        Column("locale", label=_("Language")),
        NumberColumn("hits", label=_("Views")),
        DateColumn("last_searched_at", label=_("Last searched")),
    ]
    list_export = ["query", "locale", "hits", "last_searched_at"]
    export_headings = {
        "query": _("Search term(s)"),
        "locale": _("Language"),
        "hits": _("Views"),
        "last_searched_at": _("Last searched"),
    }

    def get_base_queryset(self):
        return (
            QueryOutcome.objects.filter(result_count=0)
            .select_related("query", "locale")
            .annotate(hits=Sum("query__daily_hits__hits"))
            .order_by("-hits", "-last_searched_at")
        )

    def dispatch(self, request, *args, **kwargs):
        # Same audience as Wagtail's search terms report: visitors' queries may hold
        # personal data, so only administrators see them.
        if not request.user.is_superuser:
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)
