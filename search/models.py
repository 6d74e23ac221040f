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


class IndexStatistics(models.Model):
    """The search index's average title length, kept so that a save does not measure it.

    modelsearch ranks a title match by ``title_norm`` = average title length / this title's
    length, and measured the average over the whole index table after every save, then
    rewrote every entry still at the default norm: two statements over the whole table
    per save. The average moves slowly; it is measured by ``update_index`` and
    ``manage.py refresh_search_norms`` (daily), and a save only sets its own entry's norm
    (search/norms.py), measuring again only while the index is small. One row.
    """

    average_title_length = models.FloatField(_("average title length"))
    # Entries with a title when it was measured: a small index is measured at every save.
    entries = models.PositiveIntegerField(_("entries"), default=0)
    measured_at = models.DateTimeField(_("measured at"), auto_now=True)

    class Meta:
        verbose_name = _("search index statistics")
        verbose_name_plural = _("search index statistics")

    def __str__(self) -> str:
        return f"{self.average_title_length:.2f} ({self.measured_at:%Y-%m-%d %H:%M})"
