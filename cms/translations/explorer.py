"""The page explorer's translation buttons, from the listing's own query (issue #23).

Each row of Wagtail's page explorer has a "More" menu filled by the
``register_page_listing_more_buttons`` hook. wagtail-localize's hook asks, for every
row, whether a locale is still untranslated and whether the page is the source of
enabled translations (three or four queries a row), and ours ("Submit translation for
review") whether the page is a translation (two more): about 150 of the 187 queries of
a 50-row listing.

Here the same questions are asked once, as annotations on the explorer's queryset
(``construct_explorer_page_queryset``), which Wagtail slices to the rows shown; the
buttons then read the answers from each row. A page that does not come from that
queryset (the page header, search results of another backend) gets the original,
per-page answers, so the buttons never differ, only their cost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Exists, F, OuterRef, QuerySet
from django.db.models.functions import Length, Substr
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.widgets import Button, ListingButton
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, WorkflowPage
from wagtail_localize.models import Translation

from cms.translations import review

HOOK = "register_page_listing_more_buttons"
# wagtail-localize's function, found in the hook registry (importing its hooks module
# here would register its hooks before ours and change which admin URL wins).
_LOCALIZE_HOOK = ("wagtail_localize.wagtail_hooks", "page_listing_more_buttons")
_localize_buttons: Callable[..., Iterator[Any]] | None = None


def annotate_listing(parent_page: Page, pages: QuerySet, request: HttpRequest) -> QuerySet:
    """``construct_explorer_page_queryset``: each row's translation answers, in SQL."""
    _take_over_localize_buttons()
    if not hasattr(pages, "annotate"):
        return pages
    key = OuterRef("translation_key")
    default_language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    sources = Translation.objects.filter(
        source__object_id=key, source__locale_id=OuterRef("locale_id"), enabled=True
    )
    return pages.annotate(
        # wagtail-localize: a locale with no page of this group other than an alias.
        _cms_untranslated=Exists(
            Locale.objects.exclude(
                id__in=Page.objects.filter(
                    translation_key=OuterRef(OuterRef("translation_key")),
                    alias_of__isnull=True,
                ).values("locale_id")
            )
        ),
        # wagtail-localize: the page is the source of an enabled translation.
        _cms_synced_source=Exists(sources),
        _cms_source_id=sources.values("source_id")[:1],
        # cms.translations.review.translation_for: the target of a translation, not in
        # the default locale.
        _cms_is_translation=Exists(
            Translation.objects.filter(
                source__object_id=key, target_locale_id=OuterRef("locale_id")
            ).exclude(target_locale__language_code=default_language)
        ),
        # Page.get_workflow() is not None: the page or an ancestor has an active workflow.
        _cms_has_workflow=Exists(
            WorkflowPage.objects.annotate(
                prefix=Substr(OuterRef("path"), 1, Length("page__path"))
            ).filter(page__path=F("prefix"), workflow__active=True)
        ),
    )


def _take_over_localize_buttons() -> None:
    """Puts `localize_buttons` where wagtail-localize's listing hook was, once; by then
    every app's hooks are registered (the explorer asks for them)."""
    global _localize_buttons
    registered = hooks._hooks.get(HOOK, [])  # Wagtail has no unregister
    for index, (function, order) in enumerate(registered):
        if (function.__module__, function.__name__) == _LOCALIZE_HOOK:
            _localize_buttons = function
            registered[index] = (localize_buttons, order)


def localize_buttons(
    page: Page, user: Any, view_name: str | None = None, next_url: str | None = None
) -> Iterator[ListingButton]:
    """wagtail-localize's "Translate this page" and "Sync translated pages", the same
    buttons as its hook (wagtail_localize/wagtail_hooks.py) without a query per row."""
    if not hasattr(page, "_cms_untranslated"):
        if _localize_buttons is not None:
            yield from _localize_buttons(page, user, view_name=view_name, next_url=next_url)
        return
    if page.is_root() or not user.has_perm("wagtail_localize.submit_translation"):
        return
    if page._cms_untranslated:
        yield ListingButton(
            _("Translate this page"),
            reverse("wagtail_localize:submit_page_translation", args=[page.alias_of_id or page.id]),
            priority=60,
            icon_name="wagtail-localize-language",
        )
    if page._cms_synced_source:
        url = reverse("wagtail_localize:update_translations", args=[page._cms_source_id])
        if next_url is not None:
            url += "?" + urlencode({"next": next_url})
        yield ListingButton(_("Sync translated pages"), url, priority=60, icon_name="resubmit")


def submit_translation_button(page: Page, user: Any, next_url: str | None = None) -> Iterator[Any]:
    """The "Submit translation for review" button, by review.can_submit_translation's
    rule read from the row (the workflow states are Wagtail's prefetch, the permissions
    the user's own cache); a page not from the listing is asked the usual way."""
    if not hasattr(page, "_cms_is_translation"):
        yield from review.submit_translation_button(page, user, next_url)
        return
    if (
        page._cms_is_translation
        and page._cms_has_workflow
        and not page.workflow_in_progress
        and page.permissions_for_user(user).can_edit()
    ):
        yield Button(
            gettext_lazy("Submit translation for review"),
            reverse("cms_submit_translation_for_review", args=(page.pk,)),
            priority=5,
        )
