"""Admin: the report of searches with no results, next to Wagtail's search terms report."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem

from search.views_admin import NoResultsReportView


@hooks.register("register_admin_urls")
def register_no_results_report_urls():
    return [
        path(
            "reports/search-no-results/",
            NoResultsReportView.as_view(),
            name="search_no_results",
        ),
        path(
            "reports/search-no-results/results/",
            NoResultsReportView.as_view(results_only=True),
            name="search_no_results_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_no_results_report_menu_item():
    return AdminOnlyMenuItem(
        _("Searches with no results"),
        reverse("search_no_results"),
        name="search-no-results",
        icon_name="search",
        order=1301,
    )
