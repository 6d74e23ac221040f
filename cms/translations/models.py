"""What the translation package stores: the digests sent to each language's translators."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale


class TranslationDigest(models.Model):
    """One digest to the translators of one language: every source changed up to
    `covers_until` whose translation fell behind was listed. The next digest lists only
    what changed after it, so nobody is told twice about the same change."""

    locale = models.ForeignKey(
        Locale, on_delete=models.CASCADE, related_name="+", verbose_name=_("language")
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    covers_until = models.DateTimeField(_("covers changes until"))
    items = models.PositiveIntegerField(_("pages and snippets listed"))
    recipients = models.PositiveIntegerField(_("recipients"))

    class Meta:
        verbose_name = _("translation digest")
        verbose_name_plural = _("translation digests")
        indexes = [models.Index(fields=["locale", "-covers_until"], name="digest_locale_covers")]

    def __str__(self) -> str:
        return f"{self.locale.language_code} {self.covers_until:%Y-%m-%d %H:%M}"
