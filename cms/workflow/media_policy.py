"""What visitors read is reviewed: images and documents shown on live content are locked.

Pages and snippets reach the public only through the four-eyes workflow, but an image's
caption, credit, alternative text and title, a document's title, and the files
themselves are edited in the media library, outside any workflow. Without a rule, an
Editor who changes a caption (admin, multiple-upload form, bulk action or API v3 PATCH)
changes what every live page shows at once, unreviewed.

The rule, enforced in one place: a user who is not a superuser (an Administrator) may
change or delete an image or a document only while no live page and no live snippet
uses it. Usage comes from Wagtail's reference index, which records foreign keys,
StreamField chooser blocks and rich-text embeds and links of every indexed model, from
the saved row: for a live page that is the published version (drafts live in revisions),
so a draft that merely mentions an image does not lock it. Editors keep uploading new
images and choosing them in pages, and that page change goes through review.

Every path asks Wagtail's permission policy registry
(``policy_registry.get_by_type(model)``) at request time: the admin edit, delete and
multiple-upload views, the bulk actions, and the API v3 edit and delete actions. So the
policy below is registered there for the exact image and document models
(``install()``, from ``CmsConfig.ready``); an exact-class entry wins over the one that
``wagtail.images`` and ``wagtail.documents`` register later in their own ``ready()``.

The same lock covers items in a private collection (a collection, or an ancestor, with
a view restriction): moving a board's minutes into a public collection would publish
them, and changing privacy is for administrators only (docs/security.md).

Per-language, per-use image text (caption and alt text chosen inside the page, and so
reviewed with it) is a later issue ("Equal languages"); this lock is what keeps the
shared library text honest until then.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja.errors import HttpError
from wagtail.actions import action_registry
from wagtail.actions.delete import DeleteAction
from wagtail.actions.edit import EditAction
from wagtail.documents import get_document_model, get_document_model_string
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, ReferenceIndex
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permissions import register_permission_policy

# Actions that change what visitors read; "choose" (using an item in a page) stays open.
LOCKED_ACTIONS = frozenset({"change", "delete"})

# Explanations of the refusals made while handling the current request (admin messages).
_refusals: ContextVar[list[str] | None] = ContextVar("media_refusals", default=None)


def used_live(instance: Model) -> bool:
    """Whether a live page or a live snippet (or any object without a draft state,
    such as a site setting) refers to `instance` in its published content."""
    if instance.pk is None:
        return False
    ids_by_type: dict[int, set[str]] = defaultdict(set)
    references = ReferenceIndex.get_references_to(instance).values_list(
        "base_content_type_id", "object_id"
    )
    for content_type_id, object_id in references.distinct():
        ids_by_type[content_type_id].add(object_id)
    for content_type_id, object_ids in ids_by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:  # a model removed since it was indexed
            continue
        sources = model._default_manager.filter(pk__in=object_ids)
        if any(field.name == "live" for field in model._meta.get_fields()):
            sources = sources.filter(live=True)
        if sources.exists():
            return True
    return False


def in_private_collection(instance: Model) -> bool:
    """Whether the item's collection, or one above it, has a view restriction."""
    collection = getattr(instance, "collection", None)
    if collection is None:
        return False
    return CollectionViewRestriction.objects.filter(
        collection__path__in=[
            collection.path[:length]
            for length in range(collection.steplen, len(collection.path) + 1, collection.steplen)
        ]
    ).exists()


def is_locked(instance: Model) -> bool:
    """Only administrators change or delete this item: it is shown live, or private."""
    return in_private_collection(instance) or used_live(instance)


def refusal_message(instance: Model) -> str:
    """The explanation an Editor gets, in the active language."""
    if in_private_collection(instance):
        return gettext(
            "“%(title)s” is in a private collection, so only an administrator may change, "
            "move or delete it: moving it out would make it public."
        ) % {"title": getattr(instance, "title", str(instance))}
    return gettext(
        "“%(title)s” is shown on live pages, so only an administrator may change or "
        "delete it: what visitors read is reviewed first. Ask an administrator, or "
        "upload a new file and choose it in the page (that change goes through review)."
    ) % {"title": getattr(instance, "title", str(instance))}


class ReviewedMediaPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's collection-and-owner policy, plus the live-usage lock on change/delete."""

    def refused_for_live_use(self, user: Any, actions: Iterable[str], instance: Model) -> bool:
        """True when the collection permissions allow the action but the lock refuses it."""
        actions = set(actions)
        if not actions or not actions <= LOCKED_ACTIONS:
            return False
        if user.is_active and user.is_superuser:
            return False
        if not super().user_has_any_permission_for_instance(user, actions, instance):
            return False
        return is_locked(instance)

    def user_has_any_permission_for_instance(
        self, user: Any, actions: Iterable[str], instance: Model
    ) -> bool:
        actions = set(actions)
        if not super().user_has_any_permission_for_instance(user, actions, instance):
            return False
        if (user.is_active and user.is_superuser) or not actions & LOCKED_ACTIONS:
            return True
        open_actions = actions - LOCKED_ACTIONS
        if open_actions and super().user_has_any_permission_for_instance(
            user, open_actions, instance
        ):
            return True
        if not is_locked(instance):
            return True
        recorded = _refusals.get()
        if recorded is not None:
            recorded.append(refusal_message(instance))
        return False


def _explained(action_class: type[EditAction] | type[DeleteAction]) -> type:
    """The action with the policy's refusal explained in the error (API v3's `detail`).

    The error is still the action's PermissionDenied subclass for Django and any
    caller; it is also django-ninja's HttpError (first in its MRO), whose handler
    answers a 403 problem with this message as `detail`, where the API's generic
    PermissionDenied handler would give a reason that does not fit (about publishing).
    """

    class Explained(action_class):  # type: ignore[misc, valid-type]
        def check(self, skip_permission_checks: bool = False) -> None:
            try:
                super().check(skip_permission_checks=skip_permission_checks)
            except PermissionDenied:
                policy = self.permission_policy
                if isinstance(policy, ReviewedMediaPermissionPolicy) and (
                    policy.refused_for_live_use(
                        self.user, [self.permission_policy_action], self.instance
                    )
                ):
                    locked = type("MediaLockedError", (HttpError, self.permission_error_class), {})
                    raise locked(403, refusal_message(self.instance)) from None
                raise

    Explained.__name__ = f"ReviewedMedia{action_class.__name__}"
    Explained.__qualname__ = Explained.__name__
    return Explained


def install() -> None:
    """Register the policy and the explaining actions for the image and document models."""
    image_model = get_image_model()
    document_model = get_document_model()
    policies = {
        image_model: ReviewedMediaPermissionPolicy(
            image_model, auth_model="wagtailimages.Image", owner_field_name="uploaded_by_user"
        ),
        document_model: ReviewedMediaPermissionPolicy(
            get_document_model_string(),
            auth_model="wagtaildocs.Document",
            owner_field_name="uploaded_by_user",
        ),
    }
    for model, policy in policies.items():
        register_permission_policy(model, policy, exact_class=True)
        action_registry.register(model, _explained(EditAction))
        action_registry.register(model, _explained(DeleteAction))


class MediaRefusalMessageMiddleware:
    """Tells an admin user why a used image or document was refused.

    Wagtail's admin turns a refusal into a redirect to the dashboard with a generic
    "Sorry, you do not have permission"; the policy records its reason during the
    request and this adds it (already in the admin user's language) to that redirect,
    or to a bulk action's redirect when some items were left alone. It decides nothing.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _refusals.set([])
        try:
            response = self.get_response(request)
            reasons = _refusals.get() or []
        finally:
            _refusals.reset(token)
        if reasons and response.status_code == 302 and hasattr(request, "_messages"):
            for reason in dict.fromkeys(reasons):
                messages.error(request, reason)
        return response
