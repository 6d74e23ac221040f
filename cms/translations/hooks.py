"""Admin hooks of translations: the status report, review of translations, terminology."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.translations import contributions, digest, explorer, feedback, image_text, review, slugs
from cms.translations.terminology import Term
from cms.translations.views import (
    TranslationStatusView,
    UpdateOutdatedTranslationsView,
    may_view_translation_status,
)
from cms.workflow.quality import register_check


class TranslationStatusMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return may_view_translation_status(request.user)


@hooks.register("register_admin_urls")
def register_translation_status_urls() -> list:
    return [
        path(
            "reports/translation-status/",
            TranslationStatusView.as_view(),
            name="translation_status",
        ),
        path(
            "reports/translation-status/results/",
            TranslationStatusView.as_view(results_only=True),
            name="translation_status_results",
        ),
        path(
            "reports/translation-status/update/",
            UpdateOutdatedTranslationsView.as_view(),
            name="translation_status_update",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_translation_status_menu_item() -> MenuItem:
    return TranslationStatusMenuItem(
        _("Translation status"),
        reverse("translation_status"),
        name="translation-status",
        icon_name="globe",
        order=750,
    )


hooks.register("register_admin_urls", review.register_translation_review_urls)
hooks.register("before_edit_page", review.refuse_publishing_from_the_translation_editor)
hooks.register("before_edit_snippet", review.refuse_publishing_snippet_translations)
hooks.register("register_page_listing_more_buttons", explorer.submit_translation_button)
# The explorer's translation buttons answered from its listing query (explorer.py).
hooks.register("construct_explorer_page_queryset", explorer.annotate_listing)
hooks.register("construct_homepage_panels", digest.add_fallen_behind_panel)
# A contribution submitted as it is created: its translations after wagtail-localize's
# aliases (contributions.py); order 100 runs after wagtail-localize's own hook.
hooks.register("before_create_page", contributions.note_creation)
hooks.register("after_create_page", contributions.prepare_after_creation, order=100)
# Authors of contributions see what was decided about each (feedback.py).
hooks.register("construct_homepage_panels", feedback.add_contributions_panel)


class TermViewSet(SnippetViewSet):
    """Terminology in the admin: Editors and Reviewers write it, Translators read it."""

    model = Term
    icon = "openquote"
    menu_label = _("Terminology")
    list_display = ["term", "status", "replacement", "locale", "live"]
    list_filter = ["status", "locale"]
    search_fields = ["term"]


register_snippet(TermViewSet)

# The quality gate's rule that a translation describes its images in its own language.
register_check(image_text.untranslated_image_text_problems)
# A translated title brings the page's slug along (the translator never types one).
slugs.connect()
