"""The reviewed snippet: one shape for every content snippet of the site, kernel or app.

A snippet written once, translated with wagtail-localize and published only through the
review workflow needs Wagtail's five mixins, the two generic relations that let Wagtail
delete its revisions and workflow states with it, and ``revisions`` read through them.
The kernel's snippets (alerts, terms) and the apps' (the terminology note, topics) declare
it once here, below every app, so that none writes those relations again.

An abstract model: the relations are generic (no column, nothing in a migration) and the
concrete model's ``Meta`` extends ``ReviewedSnippet.Meta`` to keep the translation key's
uniqueness per locale.
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)


class ReviewedSnippet(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, TranslatableMixin, models.Model
):
    """A snippet written once, translated, and published only through review.

    The generic relations let Wagtail delete a snippet's revisions and workflow states
    with it; their reverse query names are ``<app label>_<model>`` (``cms_alert``).
    """

    _revisions = GenericRelation(
        "wagtailcore.Revision", related_query_name="%(app_label)s_%(class)s"
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="%(app_label)s_%(class)s",
        for_concrete_model=False,
    )

    class Meta(TranslatableMixin.Meta):
        abstract = True

    @property
    def revisions(self):
        return self._revisions
