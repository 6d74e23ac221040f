"""Two people on one page: nobody's edit is overwritten without them being told.

Wagtail 8 already shows who else has a page open and refuses an *autosave* based on an
old revision (its editing sessions). It does not refuse the Publish or Submit buttons of
a form loaded before someone else saved: that publish would silently replace the
colleague's newer version. Two pieces close the gap:

- ``hold_stale_publish`` (``before_edit_page``): a publish or a submission for review
  whose form was loaded from an older revision than the page's latest is turned into a
  plain save. The editor's work is kept as a draft, nothing goes live or to review, and
  the message names who saved the newer version and links to the comparison.
- ``keep_revision_pointers_true`` (``page_published``): Wagtail writes the whole page
  row when it publishes, including the ``latest_revision`` it read before the publish
  began. A revision saved by someone else in between was then forgotten, and
  ``has_unpublished_changes`` said "draft" while ``latest_revision`` was the live one.
  After each publish, both fields are recomputed from the revisions table, under the
  page row's lock, so they always describe the revisions as they are.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail.admin.utils import get_user_display_name
from wagtail.models import Page, Revision
from wagtail.signals import page_published

# The edit view's buttons that send the form's content onward (live, or to review).
ONWARD_ACTIONS = ("action-publish", "action-submit")


def _newer_revision(request: HttpRequest, page: Page) -> Revision | None:
    """The page's latest revision, if the form being posted was loaded from an older one.

    The same rule, in the same order, as Wagtail's own check for autosaves
    (``EditView.is_out_of_date``): a form whose own autosave made a revision is current
    exactly when that revision is the latest, whatever the revision it was loaded from.
    An editor's own autosave rewrites its revision in place (same id, newer time), so
    checking the load time first would hold the editor's own Submit as a conflict."""
    latest = page.latest_revision
    if latest is None or latest.user_id == request.user.pk:
        # The editor's own newer draft (their autosave, a quality-gate refusal, another
        # tab) is theirs to replace: only a colleague's work is protected here.
        return None
    latest_id = str(latest.pk)
    if own_autosave := request.POST.get("overwrite_revision_id"):
        return None if own_autosave == latest_id else latest
    loaded_id = request.POST.get("loaded_revision_id", "")
    if not loaded_id:
        return None
    if loaded_id != latest_id:
        return latest
    # Same revision, but an autosave by another session may have rewritten it since.
    loaded_at = request.POST.get("loaded_revision_created_at", "")
    return latest if loaded_at != latest.created_at.isoformat() else None


def hold_stale_publish(request: HttpRequest, page: Page) -> None:
    """before_edit_page: keep a stale publish or submission as a draft and say why."""
    if request.method != "POST" or not any(name in request.POST for name in ONWARD_ACTIONS):
        return
    newer = _newer_revision(request, page)
    if newer is None:
        return
    loaded_id = request.POST.get("loaded_revision_id", "")
    post = request.POST.copy()
    for name in ONWARD_ACTIONS:
        post.pop(name, None)
    request.POST = post
    compare_url = reverse(
        "wagtailadmin_pages:revisions_compare",
        kwargs={"pk": page.pk, "revision_id_a": loaded_id, "revision_id_b": newer.pk},
    )
    who = get_user_display_name(newer.user) if newer.user else _("someone")
    messages.warning(
        request,
        format_html(
            '{} <a href="{}">{}</a>',
            _(
                "Not published and not submitted: %(user)s saved a newer version of this "
                "page after you opened it. Your changes are kept as a draft; compare the "
                "two versions, then publish or submit again."
            )
            % {"user": who},
            compare_url,
            _("Compare with their version"),
        ),
    )


def keep_revision_pointers_true(
    sender: Any, instance: Page, revision: Revision, **kwargs: Any
) -> None:
    """page_published: latest_revision and has_unpublished_changes from the revisions table."""
    with transaction.atomic():
        page = (
            Page.objects.select_for_update()
            .filter(pk=instance.pk)
            .values("latest_revision_id", "live_revision_id", "has_unpublished_changes")
            .first()
        )
        if page is None:
            return
        latest_id = (
            Revision.objects.for_instance(instance)
            .order_by("-created_at", "-pk")
            .values_list("pk", flat=True)
            .first()
        )
        unpublished = latest_id != page["live_revision_id"]
        if (latest_id, unpublished) == (
            page["latest_revision_id"],
            page["has_unpublished_changes"],
        ):
            return
        Page.objects.filter(pk=instance.pk).update(
            latest_revision_id=latest_id, has_unpublished_changes=unpublished
        )
        instance.latest_revision_id = latest_id
        instance.has_unpublished_changes = unpublished


def connect_signals() -> None:
    page_published.connect(keep_revision_pointers_true, dispatch_uid="cms_revision_pointers")
