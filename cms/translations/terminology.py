"""Terminology: the approved and deprecated words of each language, and the gate's rule.

The Alliance writes about people, and the words it uses for them are a matter of the
Council of Europe's policy: "Roma and Travellers" (« Roms et Gens du voyage ») is the
umbrella term, while "Gypsies" (« Tsiganes ») used as one is not. A ``Term`` is one word
or phrase of one language with its status; the English term and its French wording are
translations of each other (same ``translation_key``), so that a translator is shown
"Roma and Travellers → Roms et Gens du voyage", the machine translator gets the pair as a
glossary (``cms.translations.machine``) and the quality gate lists every deprecated term a
submission still uses, with its replacement.

The home app's ``TerminologyNote`` is the explanation visitors read on a page; terms are
the short list translators and the gate work from. They are reviewed like every other
snippet (drafts, revisions, the review workflow); only live terms count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, TranslatableMixin

from cms.core.snippets import ReviewedSnippet
from cms.workflow.quality import TEXT_FIELD_TYPES, register_check

# Fields that repeat another one or are not read by anyone: checking them would list the
# same deprecated term twice, or one nobody can see.
NOT_CHECKED_FIELDS = {"slug", "url_path", "draft_title", "latest_revision_created_at"}


class TermStatus(models.TextChoices):
    APPROVED = "approved", _("approved")
    DEPRECATED = "deprecated", _("deprecated")


class Term(ReviewedSnippet):
    """One approved or deprecated word or phrase of one language.

    The status is synchronised between translations (wagtail-localize treats a field
    with choices as such), so an approved English term's French wording is approved too.
    A deprecated term names the approved term of the same language to use instead.
    """

    term = models.CharField(_("term"), max_length=255)
    status = models.CharField(
        _("status"), max_length=20, choices=TermStatus.choices, default=TermStatus.APPROVED
    )
    replacement = models.ForeignKey(
        "self",
        verbose_name=_("use instead"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_terms",
        limit_choices_to={"status": TermStatus.APPROVED},
        help_text=_("For a deprecated term: the approved term of the same language to use."),
    )
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("When the term applies, or why it is deprecated: shown to translators."),
    )

    panels = [
        FieldPanel("term"),
        FieldPanel("status"),
        FieldPanel("replacement"),
        FieldPanel("note"),
    ]

    class Meta(ReviewedSnippet.Meta):
        verbose_name = _("term")
        verbose_name_plural = _("terminology")
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(Lower("term"), "locale", name="cms_term_unique_per_locale"),
        ]

    def __str__(self) -> str:
        return self.term

    def clean(self) -> None:
        super().clean()
        replacement = self.replacement
        if replacement is None:
            return
        if self.status != TermStatus.DEPRECATED:
            raise ValidationError(
                {"replacement": _("Only a deprecated term has a term to use instead.")}
            )
        if replacement.locale_id != self.locale_id:
            raise ValidationError(
                {"replacement": _("The term to use instead must be of the same language.")}
            )
        if replacement.status != TermStatus.APPROVED:
            raise ValidationError(
                {"replacement": _("The term to use instead must be an approved term.")}
            )


def live_terms(locale: Locale, status: TermStatus | None = None) -> models.QuerySet[Term]:
    """The terms of `locale` that count: the live ones (a draft is not yet the rule)."""
    terms = Term.objects.filter(locale=locale, live=True).select_related("replacement")
    return terms.filter(status=status) if status else terms


@dataclass(frozen=True)
class TermPair:
    """An approved term of the source language and its wording in the target language
    (``None`` while nobody has translated it)."""

    source: Term
    target: Term | None


def approved_pairs(source_locale: Locale, target_locale: Locale) -> list[TermPair]:
    """Every live approved term of `source_locale` with its live translation in
    `target_locale`: what translators are shown and the glossary is made of."""
    sources = list(live_terms(source_locale, TermStatus.APPROVED))
    targets = {
        term.translation_key: term
        for term in live_terms(target_locale, TermStatus.APPROVED).filter(
            translation_key__in=[source.translation_key for source in sources]
        )
    }
    return [TermPair(source, targets.get(source.translation_key)) for source in sources]


@dataclass(frozen=True)
class TranslatorTerminology:
    """What a translator from `source_locale` into `target_locale` is shown beside the
    segments: the approved terms with their wording, and the words not to use."""

    source_locale: Locale
    target_locale: Locale
    approved: list[TermPair]
    deprecated: list[Term]

    def __bool__(self) -> bool:
        return bool(self.approved or self.deprecated)


def terminology_for_translation(
    source_locale: Locale, target_locale: Locale
) -> TranslatorTerminology:
    """The translation editor's terminology panel for one language pair."""
    return TranslatorTerminology(
        source_locale=source_locale,
        target_locale=target_locale,
        approved=approved_pairs(source_locale, target_locale),
        deprecated=list(live_terms(target_locale, TermStatus.DEPRECATED)),
    )


def term_pattern(term: str) -> re.Pattern[str]:
    """A whole-word, case-insensitive match of `term`, whatever the spaces between its
    words ("Gens  du\nvoyage" is still the term)."""
    words = r"\s+".join(re.escape(word) for word in term.split())
    return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)


def text_of(instance: models.Model) -> list[str]:
    """The text a reader of `instance` sees: its text fields and the text of its rich
    text and StreamField blocks, through Wagtail's own search extraction (which walks
    every block, so the gate and the search index read the same words)."""
    texts: list[str] = []
    for field in instance._meta.concrete_fields:
        if field.name in NOT_CHECKED_FIELDS or not field.editable:
            continue
        value = getattr(instance, field.name, None)
        if not value:
            continue
        if isinstance(field, StreamField | RichTextField):
            texts += [str(text) for text in field.get_searchable_content(value)]
        elif isinstance(field, TEXT_FIELD_TYPES) and not field.choices:
            texts.append(str(value))
    return texts


def deprecated_terms_in(texts: list[str], locale: Locale) -> list[Term]:
    """The live deprecated terms of `locale` that occur in `texts`, in term order."""
    return [
        term
        for term in live_terms(locale, TermStatus.DEPRECATED)
        if any(term_pattern(term.term).search(text) for text in texts)
    ]


@register_check
def deprecated_term_problems(instance: models.Model) -> list[str]:
    """The quality gate's rule: every deprecated term of the content's language found in
    its text, with the term to use instead. Registered when the app's models load
    (``cms.models`` imports this module), so the gate has it before any request."""
    if isinstance(instance, Term) or not isinstance(instance, TranslatableMixin):
        return []  # a deprecated term's own entry names it, rightly
    if not instance.locale_id:
        return []
    problems = []
    for term in deprecated_terms_in(text_of(instance), instance.locale):
        if term.replacement is not None:
            problems.append(
                gettext("The term “%(term)s” is deprecated: use “%(replacement)s”.")
                % {"term": term.term, "replacement": term.replacement.term}
            )
        else:
            problems.append(gettext("The term “%(term)s” is deprecated.") % {"term": term.term})
    return problems
