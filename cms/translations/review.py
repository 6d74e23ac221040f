"""Translations go through the same review as their source.

wagtail-localize lets anyone who may publish the target page publish a translation
from its editor, and its "sync" screen can publish every translation at once. Here
only administrators publish directly; everyone else saves the translated text as a
draft revision and submits it to the "Editorial review" workflow with the action
below ("Submit translation for review"), which is offered in the page listing and at
the top of the translation editor.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import widgets as wagtailadmin_widgets
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation
from wagtail_localize.views.update_translations import UpdateTranslationsView

from cms.workflow.quality import quality_problems


def translation_for(page: Page) -> Translation | None:
    """The wagtail-localize translation whose target is `page`, if it was made that way."""
    if page.locale_id == Locale.get_default().pk:
        return None
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id
        )
        .select_related("source", "target_locale")
        .first()
    )


def can_submit_translation(page: Page, user: Any) -> bool:
    permissions = page.permissions_for_user(user)
    return (
        translation_for(page) is not None
        and permissions.can_edit()
        and not page.workflow_in_progress
        and page.get_workflow() is not None
    )


class NotReadyForReview(Exception):
    """The quality gate's refusal of a translation: what to fix, in the user's language."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def submit_translation_for_review(page: Page, user: Any) -> None:
    """Write the translated strings into a draft revision and start the review.

    wagtail-localize's own "save as draft" writes the translated fields into the page's
    database row, which for a live page is what readers see; so the translation is
    built in memory and stored only as a revision, leaving the live version untouched.
    The quality gate runs first, as for any submission: a refused translation is not
    saved as a revision (its translated strings are kept where the translator typed them).
    """
    translation = translation_for(page)
    if translation is None:
        raise PermissionDenied(_("This page is not a translation."))
    draft = translation.source.get_ephemeral_translated_instance(page.locale, fallback=True)
    if problems := quality_problems(draft):
        raise NotReadyForReview(problems)
    draft.save_revision(user=user)
    page = Page.objects.get(pk=page.pk).specific
    page.get_workflow().start(page, user)


def submit_view(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(Page, pk=page_id).specific
    if not can_submit_translation(page, request.user):
        raise PermissionDenied
    if request.method == "POST":
        try:
            submit_translation_for_review(page, request.user)
        except NotReadyForReview as refusal:
            # Said as a refusal, never next to "Saved": nothing went to review.
            messages.error(
                request,
                _("Not submitted for review: fix these first (your translations are kept)."),
                extra_tags="cms-refusal",
            )
            for problem in refusal.problems:
                messages.error(request, problem)
            return redirect("wagtailadmin_pages:edit", page.pk)
        messages.success(
            request,
            _("The %(language)s translation of “%(title)s” was submitted for review.")
            % {"language": page.locale.get_display_name(), "title": page.get_admin_display_title()},
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return TemplateResponse(
        request, "cms/submit_translation.html", {"page": page, "header_title": page.title}
    )


class ReviewedUpdateTranslationsView(UpdateTranslationsView):
    """wagtail-localize's "sync translated pages", without "publish immediately" for
    anyone but administrators: syncing a changed source never publishes by itself."""

    def get_form(self):
        form = super().get_form()
        if not self.request.user.is_superuser:
            form.fields.pop("publish_translations", None)
        return form

    def form_valid(self, form):
        form.cleaned_data["publish_translations"] = self.request.user.is_superuser and (
            form.cleaned_data.get("publish_translations", False)
        )
        return super().form_valid(form)


def register_translation_review_urls() -> list:
    return [
        path(
            "translations/submit/<int:page_id>/",
            submit_view,
            name="cms_submit_translation_for_review",
        ),
        # Same address as wagtail-localize's view, registered first, so it wins.
        path(
            "localize/update/<int:translation_source_id>/",
            ReviewedUpdateTranslationsView.as_view(),
            name="cms_update_translations",
        ),
    ]


def refuse_publishing_from_the_translation_editor(request: HttpRequest, page: Page) -> None:
    publishing = request.method == "POST" and request.POST.get("action") == "publish"
    if publishing and not request.user.is_superuser:
        raise PermissionDenied(_("Translations go through review: submit it instead."))


def refuse_publishing_snippet_translations(request: HttpRequest, instance: Any) -> None:
    refuse_publishing_from_the_translation_editor(request, instance)


def submit_translation_button(page: Page, user: Any, next_url: str | None = None):
    if can_submit_translation(page.specific, user):
        yield wagtailadmin_widgets.Button(
            gettext_lazy("Submit translation for review"),
            reverse("cms_submit_translation_for_review", args=(page.pk,)),
            priority=5,
        )
