"""Admin rules that Wagtail's permissions alone cannot express.

Reviewers hold Wagtail's "publish" permission because Wagtail ties unpublishing to
it; these hooks make sure that only administrators publish or delete live content
directly, so every other change reaches the public through the four-eyes workflow.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail import hooks

PUBLISH_ACTION = "action-publish"


def _may_bypass_review(request: HttpRequest) -> bool:
    return request.user.is_superuser


@hooks.register("before_edit_page")
@hooks.register("before_create_page")
def refuse_direct_publish_of_pages(request: HttpRequest, *args: Any) -> HttpResponse | None:
    posted_publish = request.method == "POST" and PUBLISH_ACTION in request.POST
    if posted_publish and not _may_bypass_review(request):
        raise PermissionDenied(_("Publishing goes through review: submit it instead."))
    return None


@hooks.register("before_edit_snippet")
@hooks.register("before_create_snippet")
def refuse_direct_publish_of_snippets(request: HttpRequest, *args: Any) -> HttpResponse | None:
    return refuse_direct_publish_of_pages(request)


@hooks.register("construct_page_action_menu")
@hooks.register("construct_snippet_action_menu")
def hide_publish_button(menu_items: list, request: HttpRequest, context: dict) -> None:
    if not _may_bypass_review(request):
        menu_items[:] = [item for item in menu_items if item.name != PUBLISH_ACTION]


@hooks.register("before_delete_page")
def refuse_deleting_live_pages(request: HttpRequest, page: Any) -> HttpResponse | None:
    if _may_bypass_review(request):
        return None
    if page.get_descendants(inclusive=True).live().exists():
        raise PermissionDenied(_("Only administrators may delete live pages: unpublish it first."))
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_publish_and_delete(
    request: HttpRequest, action_type: str, objects: list, action_class_instance: Any
) -> HttpResponse | None:
    if _may_bypass_review(request):
        return None
    if action_type == "publish":
        raise PermissionDenied(_("Publishing goes through review: submit it instead."))
    if action_type == "delete" and any(getattr(obj, "live", False) for obj in objects):
        raise PermissionDenied(_("Only administrators may delete live pages: unpublish it first."))
    return None


@hooks.register("register_admin_urls")
def register_two_factor_urls() -> list:
    """The optional staff second factor's pages (cms/two_factor.py)."""
    from cms.two_factor import admin_urls

    return admin_urls()


@hooks.register("insert_editor_js")
def hold_submit_while_autosaving() -> str:
    """See cms/static/cms/js/submit-after-autosave.js: Wagtail 8 lets a manual submit race
    an autosave, which on a new page ends in a server error on the duplicate slug."""
    return format_html('<script src="{}"></script>', static("cms/js/submit-after-autosave.js"))


# Hooks kept in their own modules, registered by importing them here.
from cms import translation_hooks, translation_review  # noqa: E402, F401
from cms import review_ux  # noqa: E402, F401
