"""What editors and administrators see of releases in the admin (the rule: releases.py).

A held page says so where editors look: a button in the page listing and in the page's
header ("Approved, waiting for: fr"), its history (the audit-log entries below), and the
translation dashboard (cms/translations/status.py). Administrators reach, from the same
button, the page that publishes the source now without waiting, with a reason.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import widgets as wagtailadmin_widgets
from wagtail.log_actions import LogFormatter
from wagtail.models import Page

from cms.publishing import releases

MAX_REASON_LENGTH = 500


def waiting_label(missing: list[str]) -> str:
    """ "Approved, waiting for: fr" in the reader's language."""
    return _("Approved, waiting for: %(languages)s") % {"languages": ", ".join(missing)}


class OverrideForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why publish now, without the missing languages?"),
        help_text=gettext_lazy("Kept in the page's history and the audit log."),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def override_view(request: HttpRequest, page_id: int) -> HttpResponse:
    """Administrators only: publish a waiting source now, with its approved translations."""
    if not request.user.is_superuser:
        # A plain 403, not PermissionDenied: Wagtail's admin turns that into a redirect to
        # the dashboard, which reads to scripts (and the tests) like a success.
        return HttpResponseForbidden(_("Only administrators may publish without waiting."))
    page = get_object_or_404(Page, pk=page_id).specific
    missing = releases.waiting_for(page)
    if missing is None or releases.source_of(page) != page:
        messages.error(request, _("This page is not waiting for its translations."))
        return redirect("wagtailadmin_pages:edit", page.pk)
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        live = releases.override(page, request.user, form.cleaned_data["reason"])
        if live:
            message = _("“%(title)s” was published without waiting for: %(languages)s.")
        else:
            message = _("“%(title)s” is scheduled without waiting for: %(languages)s.")
        messages.success(
            request,
            message % {"title": page.get_admin_display_title(), "languages": ", ".join(missing)},
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return TemplateResponse(
        request,
        "cms/release_override.html",
        {"page": page, "form": form, "waiting": waiting_label(missing), "missing": missing},
    )


def register_release_urls() -> list:
    return [path("releases/<int:page_id>/override/", override_view, name="cms_release_override")]


def _state_button(page: Page, user: Any, button_class: type, priority: int):
    """The waiting state, leading administrators to the override and others to the history."""
    if not releases.required_languages(page):
        return
    missing = releases.waiting_for(page)
    if missing is None:
        return
    is_source = releases.source_of(page) == page
    if user.is_superuser and is_source:
        url = reverse("cms_release_override", args=(page.pk,))
    else:
        url = reverse("wagtailadmin_pages:history", args=(page.pk,))
    yield button_class(
        waiting_label(missing),
        url,
        icon_name="time",
        attrs={"data-release-waiting": ",".join(missing)},
        priority=priority,
    )


def listing_buttons(page: Page, user: Any, next_url: str | None = None):
    """register_page_listing_buttons: the state beside the title, for everyone."""
    yield from _state_button(page, user, wagtailadmin_widgets.ListingButton, priority=40)


def header_buttons(page: Page, user: Any, view_name: str, next_url: str | None = None):
    """register_page_header_buttons: the same, in the page's own header menu."""
    yield from _state_button(page, user, wagtailadmin_widgets.Button, priority=5)


def register_release_log_actions(actions: Any) -> None:
    """register_log_actions hook: how page history and the audit log show releases."""

    @actions.register_action(releases.RELEASE_HELD)
    class HeldFormatter(LogFormatter):
        label = gettext_lazy("Release: approved, waiting for other languages")

        def format_message(self, log_entry: Any) -> str:
            return waiting_label((log_entry.data or {}).get("missing", []))

    @actions.register_action(releases.RELEASE_PUBLISHED)
    class PublishedFormatter(LogFormatter):
        label = gettext_lazy("Release: languages published together")

        def format_message(self, log_entry: Any) -> str:
            locales = ", ".join((log_entry.data or {}).get("locales", []))
            return _("Published together in: %(languages)s") % {"languages": locales}

    @actions.register_action(releases.RELEASE_OVERRIDE)
    class OverrideFormatter(LogFormatter):
        label = gettext_lazy("Release override (administrator)")

        def format_message(self, log_entry: Any) -> str:
            data = log_entry.data or {}
            return _("Published without waiting for: %(languages)s. Reason: %(reason)s") % {
                "languages": ", ".join(data.get("missing", [])),
                "reason": data.get("reason", ""),
            }
