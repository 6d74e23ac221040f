"""Contributors: people of a member authority who write for their own participant.

A contributor is an ordinary Django user bound to one participant profile (the profile
in the default locale). Everything they may do comes from ONE place: the per-participant
group "Contributors: <slug>" (admin access, add + change on that profile page and so on
its subtree, where their local news lives, and add/change/choose in the participant's own
image collection), read by Wagtail's own permission policies on every path (admin,
choosers, bulk actions, API v3). They are never staff and no contributor group holds
"publish" (cms/workflow/roles.py keeps that for superusers), so what they write reaches
the public only through the review workflow.

Invitations are one-time links: only a hash of the token is stored, so a copy of the
database does not let anyone sign up as someone else. Revoking deactivates the account
(Django refuses inactive users' sessions at the next request), takes away its group,
its API tokens and its open invitations.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import (
    APIToken,
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
)

GROUP_PREFIX = "Contributors: "
COLLECTION_PREFIX = "Contributors: "
# Wagtail asks image permissions on wagtailimages.Image (the policy's auth model).
IMAGE_PERMISSIONS = ("add_image", "change_image", "choose_image")
PAGE_PERMISSIONS = ("add_page", "change_page")
ACCEPT_URL_NAME = "contributor_invitation"
CONTRIBUTE_PERMISSION = "participants.contribute"


class Contributor(models.Model):
    """A member authority's writer, bound to the participant they write for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="contributor",
    )
    participant = models.ForeignKey(
        "participants.ParticipantPage",
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="contributors",
    )
    # A code of settings.CONTRIBUTION_LANGUAGES, checked by invite_contributor (no
    # `choices` here: the list is a setting, and must not change the migrations).
    language = models.CharField(_("language they write in"), max_length=10)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")
        ordering = ["-created_at"]
        # Held through the participant's group only: it tells the admin's menu and
        # dashboard hooks who is a contributor from the permissions Django has already
        # read for the request, without a query for every other user.
        permissions = [("contribute", _("Can write for their own participant"))]

    def __str__(self) -> str:
        return f"{self.user.email} ({self.participant.title})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.user.is_active


class ContributorInvitation(models.Model):
    """A one-time link to set a password: stored as a hash, expires, used once."""

    contributor = models.ForeignKey(
        Contributor,
        verbose_name=_("contributor"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("contributor invitation")
        verbose_name_plural = _("contributor invitations")

    def __str__(self) -> str:
        return str(self.contributor)

    @property
    def state(self) -> str:
        """ "valid", "used", "revoked" or "expired": what the link's page says."""
        if self.revoked_at is not None or self.contributor.revoked_at is not None:
            return "revoked"
        if self.used_at is not None:
            return "used"
        if self.expires_at <= timezone.now():
            return "expired"
        return "valid"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def find_invitation(token: str) -> ContributorInvitation | None:
    return (
        ContributorInvitation.objects.select_related(
            "contributor__user", "contributor__participant"
        )
        .filter(token_hash=hash_token(token))
        .first()
    )


def contributor_for(user: Any) -> Contributor | None:
    """The user's contributor binding, or None for anyone else and for revoked ones."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser or not user.has_perm(CONTRIBUTE_PERMISSION):
        return None
    cached = getattr(user, "_contributor_cache", False)
    if cached is not False:
        return cached
    contributor = (
        Contributor.objects.select_related("participant")
        .filter(user_id=user.pk, revoked_at__isnull=True)
        .first()
    )
    user._contributor_cache = contributor
    return contributor


def group_name(participant: Page) -> str:
    return (GROUP_PREFIX + participant.slug)[:150]


def collection_for(participant: Page) -> Collection:
    """The participant's own image collection, made on first use under the root."""
    name = (COLLECTION_PREFIX + participant.title)[:255]
    existing = Collection.objects.filter(name=name).first()
    if existing is not None:
        return existing
    return Collection.get_first_root_node().add_child(name=name)


def group_for(participant: Page) -> Group:
    """The one place a contributor's rights come from (idempotent: run at each invitation)."""
    group, _created = Group.objects.get_or_create(name=group_name(participant))
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="participants", codename="contribute"),
    )
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS
    ):
        GroupPagePermission.objects.get_or_create(
            group=group, page=participant, permission=permission
        )
    collection = collection_for(participant)
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailimages", codename__in=IMAGE_PERMISSIONS
    ):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )
    return group


class InvitationError(ValueError):
    """Bad input to an invitation: the message is for the person who typed it."""


def language_codes() -> list[str]:
    return [code for code, _name in settings.CONTRIBUTION_LANGUAGES]


def invitation_days() -> int:
    return int(getattr(settings, "CONTRIBUTOR_INVITATION_DAYS", 7))


def absolute_url(path: str) -> str:
    base = (getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").rstrip("/")
    return base + path


def new_invitation(contributor: Contributor) -> tuple[ContributorInvitation, str]:
    """A fresh link for `contributor`; earlier unused links stop working."""
    now = timezone.now()
    contributor.invitations.filter(used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    token = secrets.token_urlsafe(32)
    invitation = ContributorInvitation.objects.create(
        contributor=contributor,
        token_hash=hash_token(token),
        expires_at=now + timedelta(days=invitation_days()),
    )
    return invitation, absolute_url(reverse(ACCEPT_URL_NAME, args=[token]))


def _check_address(email: str, participant: Page) -> Any:
    """The existing user of that address, if it may become this participant's contributor."""
    try:
        validate_email(email)
    except ValidationError:
        raise InvitationError(
            _("“%(email)s” is not a valid email address.") % {"email": email}
        ) from None
    user = get_user_model().objects.filter(email__iexact=email).first()
    if user is None:
        return None
    contributor = Contributor.objects.filter(user=user).select_related("participant").first()
    if contributor is None:
        raise InvitationError(
            _("%(email)s already belongs to a staff account; contributors need their own.")
            % {"email": email}
        )
    if contributor.participant_id != participant.pk:
        raise InvitationError(
            _("%(email)s is already a contributor for %(participant)s.")
            % {"email": email, "participant": contributor.participant.title}
        )
    return user


def _username_for(email: str) -> str:
    base = email.lower()[:140]
    username, number = base, 2
    while get_user_model().objects.filter(username=username).exists():
        username, number = f"{base}-{number}", number + 1
    return username


def default_locale_profile(participant: Page) -> Page:
    """The profile in the default locale: contributors are bound to that one."""
    default = participant.get_translation_or_none(participant.get_default_locale())
    return default.specific if default is not None else participant


@transaction.atomic
def invite_contributor(
    participant: Page, email: str, language: str, invited_by: Any = None
) -> tuple[Contributor, str]:
    """Create (or renew) the contributor account of `email` for `participant` and return
    it with a fresh one-time link. Raises InvitationError, with a message for the person
    who typed the input, for a malformed address, an address bound elsewhere or to a
    staff account, or a language the site does not take contributions in."""
    participant = default_locale_profile(participant)
    email = (email or "").strip()
    if language not in language_codes():
        raise InvitationError(
            _("“%(language)s” is not a contribution language; use one of: %(codes)s.")
            % {"language": language, "codes": ", ".join(language_codes())}
        )
    user = _check_address(email, participant)
    if user is None:
        user = get_user_model().objects.create_user(
            username=_username_for(email), email=email, password=None, is_staff=False
        )
        contributor = Contributor.objects.create(
            user=user, participant=participant, language=language, invited_by=invited_by
        )
    else:
        contributor = user.contributor
        contributor.language = language
        contributor.revoked_at = None
        contributor.invited_by = invited_by or contributor.invited_by
        contributor.save(update_fields=["language", "revoked_at", "invited_by"])
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
    user.groups.add(group_for(participant))
    _invitation, url = new_invitation(contributor)
    return contributor, url


def mail_language(contributor: Contributor) -> str:
    """The contributor's language where the site has translations, else English."""
    available = {code for code, _name in settings.LANGUAGES}
    return contributor.language if contributor.language in available else "en"


def send_invitation(contributor: Contributor, url: str) -> None:
    """The invitation email, in the contributor's language when we have it."""
    with translation.override(mail_language(contributor)):
        context = {
            "contributor": contributor,
            "participant": contributor.participant,
            "url": url,
            "days": invitation_days(),
        }
        subject = render_to_string("participants/email/invitation_subject.txt", context)
        body = render_to_string("participants/email/invitation_body.txt", context)
    message = EmailMessage(
        " ".join(subject.split()),
        body,
        to=[contributor.user.email],
        headers={"Content-Language": mail_language(contributor)},
    )
    message.send()


@transaction.atomic
def revoke_contributor(contributor: Contributor, by: Any = None) -> None:
    """Take everything away at once: the account (sessions end at the next request, as
    Django refuses inactive users), the group, API tokens and open invitations."""
    now = timezone.now()
    user = contributor.user
    contributor.revoked_at = now
    contributor.save(update_fields=["revoked_at"])
    contributor.invitations.filter(revoked_at__isnull=True, used_at__isnull=True).update(
        revoked_at=now
    )
    user.is_active = False
    user.save(update_fields=["is_active"])
    user.groups.remove(*user.groups.filter(name__startswith=GROUP_PREFIX))
    APIToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
