"""What the search page remembers about visitors' queries, beyond Wagtail's hit counts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class QueryOutcome(models.Model):
    """How many results a logged query found, per language, when it was last searched.

    Wagtail's search promotions count hits per query but not whether anything was found;
    editors need the searches that find nothing to know what content or synonyms are missing.
    """

    query = models.ForeignKey(
        "wagtailsearchpromotions.Query",
        verbose_name=_("query"),
        on_delete=models.CASCADE,
        related_name="outcomes",
    )
    locale = models.ForeignKey(
        "wagtailcore.Locale", verbose_name=_("locale"), on_delete=models.CASCADE, related_name="+"
    )
    result_count = models.PositiveIntegerField(_("results"))
    last_searched_at = models.DateTimeField(_("last searched"), auto_now=True)

    class Meta:
        verbose_name = _("query outcome")
        verbose_name_plural = _("query outcomes")
        constraints = [
            models.UniqueConstraint(fields=["query", "locale"], name="search_outcome_per_locale")
        ]

    def __str__(self) -> str:
        return f"{self.query} ({self.locale}): {self.result_count}"
