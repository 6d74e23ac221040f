"""Models every app shares: the image model and site-wide settings."""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import AbstractGroupApprovalTask


class CustomImage(AbstractImage):
    """An image that carries what an accessible, properly credited photo needs.

    Wagtail's `description` field is the alternative text; the seed's photos show
    that every published picture also has a caption and a credit ("CoE").
    """

    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(
        _("credit"),
        max_length=255,
        blank=True,
        help_text=_("Who took or owns the photo, e.g. “CoE”."),
    )

    admin_form_fields = (*Image.admin_form_fields, "caption", "credit")

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    @property
    def alt_text(self) -> str:
        return self.default_alt_text


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


@register_setting(icon="site")
class SocialMediaSettings(BaseSiteSetting):
    """Links shown in every page footer, kept by editors rather than in templates."""

    facebook_url = models.URLField(_("Facebook page"), blank=True)
    twitter_url = models.URLField(_("X (Twitter) profile"), blank=True)

    panels = [FieldPanel("facebook_url"), FieldPanel("twitter_url")]

    class Meta:
        verbose_name = _("social media links")


class FourEyesReviewTask(AbstractGroupApprovalTask):
    """Group approval in which nobody approves their own words.

    Wagtail lets any member of the chosen groups (and any superuser) approve a
    submission, including their own. The Alliance requires a second person: whoever
    submitted the content, or wrote any revision of it since it was last live (for
    content never live: any revision), cannot approve or reject it, whatever their
    role, administrators included (they may break glass instead, cms/gate.py). Only
    looking at revisions since the submission let a reviewer write a draft, have an
    editor submit it unchanged, and approve their own words.
    """

    class Meta:
        verbose_name = _("four-eyes review task")
        verbose_name_plural = _("four-eyes review tasks")

    @staticmethod
    def _is_own_work(obj: models.Model, user: models.Model) -> bool:
        """Did `user` submit this content, or write a revision of it since it was live?"""
        state = getattr(obj, "current_workflow_state", None)
        if state is None:
            return False
        if state.requested_by_id == user.pk:
            return True
        revisions = obj.revisions.filter(user=user)
        live_revision_id = getattr(obj, "live_revision_id", None)
        last_published_at = getattr(obj, "last_published_at", None)
        if live_revision_id is not None:
            revisions = revisions.filter(pk__gt=live_revision_id)
        elif last_published_at is not None:
            revisions = revisions.filter(created_at__gt=last_published_at)
        return revisions.exists()

    def get_actions(self, obj: models.Model, user: models.Model) -> list:
        if self._is_own_work(obj, user):
            return []
        return super().get_actions(obj, user)

    def on_action(self, task_state, user, action_name, **kwargs):
        if user is not None and self._is_own_work(task_state.workflow_state.content_object, user):
            raise PermissionDenied(_("You cannot review your own submission."))
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        return states.exclude(workflow_state__requested_by=user)

    @classmethod
    def get_description(cls) -> str:
        return _("Members of the chosen groups approve, but never their own submissions")


class WebhookEndpoint(models.Model):
    """A front end (or build service) to notify when published content changes.

    Configured by administrators only (no group holds these permissions); each
    delivery is signed with the endpoint's secret (HMAC-SHA256, see cms/webhooks.py).
    """

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(
        _("secret"),
        max_length=200,
        help_text=_("Shared with the receiver, which checks the X-Alliance-Signature header."),
    )
    active = models.BooleanField(_("active"), default=True)

    panels = [FieldPanel("name"), FieldPanel("url"), FieldPanel("secret"), FieldPanel("active")]
    # Never listed by choosers or the translation editor's snippet API (cms/admin_only.py).
    administrators_only = True

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    """One attempt to deliver one publish event to one endpoint (the delivery log)."""

    administrators_only = True  # like its endpoint (cms/admin_only.py)

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("endpoint"),
        related_name="deliveries",
        on_delete=models.CASCADE,
    )
    event = models.CharField(_("event"), max_length=40)
    payload = models.JSONField(_("payload"))
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    succeeded = models.BooleanField(_("succeeded"), default=False)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint} (#{self.attempt})"
