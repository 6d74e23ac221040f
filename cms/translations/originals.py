"""The text of a contribution as its author wrote it, kept beside its translations.

A member authority's contributor writes in their own language (``CONTRIBUTION_LANGUAGES``),
which need not be a language of the site. Their page is then machine-translated and
checked by translators, so its fields soon hold English; the words the author actually
wrote would be lost, and the translators and reviewers who judge the translation could not
read them. Each submission keeps them here (``keep``), and ``OriginalTextPanel`` shows
the latest one above the fields of the edit form, read-only, to whoever opens it.

This module is kernel code: it knows pages, not the page types that contributors write
(those are the articles app's). It reads a page's ``title``, its introduction (the first
of ``INTRO_FIELDS`` the page has) and its ``body``, a StreamField or text.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel
from wagtail.blocks import StreamValue
from wagtail.models import Page

from cms.core.language_names import language_name

# The introduction of a page, by the names page types give it.
INTRO_FIELDS = ("standfirst", "intro", "summary")
# Where a paragraph ends in rich text: the panel shows paragraphs, never the author's HTML.
_PARAGRAPH_END = re.compile(r"</(?:p|h[1-6]|li|blockquote)>|<br\s*/?>", re.IGNORECASE)


# The page types contributors write, by label, and the field naming the language their
# author wrote them in (``CONTRIBUTION_PAGE_TYPES`` overrides it). Labels, not imports:
# the kernel never imports the apps that define them.
DEFAULT_CONTRIBUTION_PAGE_TYPES = {"articles.LocalNewsPage": "written_in"}


def contribution_page_types() -> dict[str, str]:
    return getattr(settings, "CONTRIBUTION_PAGE_TYPES", DEFAULT_CONTRIBUTION_PAGE_TYPES)


def may_be_contribution(obj: Any) -> bool:
    """Without a query: could this object be a contribution? (A base Page might be.)"""
    model = type(obj)
    return model is Page or model._meta.label in contribution_page_types()


def contribution_language(page: Page) -> str | None:
    """The language the page's author wrote it in, when it is a contribution."""
    field = contribution_page_types().get(type(page)._meta.label)
    value = getattr(page, field, None) if field else None
    return value or None


class ContributionOriginal(models.Model):
    """One submission's text in the language its author wrote it in."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="contribution_originals",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=10)
    title = models.CharField(_("title"), max_length=255)
    intro = models.TextField(_("introduction"), blank=True)
    # The StreamField's raw data (a list of blocks), or a text body as a string.
    body = models.JSONField(_("body"), default=list, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("original text of a contribution")
        verbose_name_plural = _("original texts of contributions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["page", "-created_at"], name="original_page_created")]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"

    @property
    def language_name(self) -> str:
        """The language named in the reader's language ("néerlandais")."""
        try:
            return language_name(self.language)
        except KeyError:
            return self.language

    def paragraphs(self) -> list[str]:
        """The body as plain paragraphs: what the author wrote, without their markup."""
        return body_paragraphs(self.body)


def page_intro(page: Page) -> str:
    for name in INTRO_FIELDS:
        value = getattr(page, name, None)
        if isinstance(value, str):
            return value
    return ""


def page_body(page: Page) -> Any:
    """The body as stored: a StreamField's raw data, or its text."""
    value = getattr(page, "body", None)
    if isinstance(value, StreamValue):
        # Through JSON, so lazy values (rich text objects) become plain data.
        return json.loads(json.dumps(list(value.raw_data), default=str))
    return "" if value is None else str(value)


def keep(page: Page, language: str, revision: Any = None, user: Any = None) -> ContributionOriginal:
    """Keep the page's text as it stands now, in ``language``, the author's."""
    return ContributionOriginal.objects.create(
        page=page,
        revision=revision,
        language=language,
        title=page.title,
        intro=page_intro(page),
        body=page_body(page),
        submitted_by=user if getattr(user, "pk", None) else None,
    )


def latest_original(page: Page) -> ContributionOriginal | None:
    """The latest original of this page or of any of its translations (a French
    translator sees the Dutch text the English page was translated from)."""
    if page is None or page.pk is None:
        return None
    return (
        ContributionOriginal.objects.filter(page__translation_key=page.translation_key)
        .order_by("-created_at", "-pk")
        .first()
    )


def _strings(value: Any) -> list[str]:
    """Every text of a block's raw value, in order (ids, types and numbers left out)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    if isinstance(value, dict):
        if "type" in value and "value" in value:
            return _strings(value["value"])
        return [text for key, item in value.items() if key != "id" for text in _strings(item)]
    return []


def body_paragraphs(body: Any) -> list[str]:
    """Plain paragraphs of a body kept by ``keep``, for display (escaped by the template)."""
    paragraphs = []
    for text in _strings(body):
        for piece in _PARAGRAPH_END.split(text):
            plain = " ".join(strip_tags(piece).split())
            # Block values that are not prose (an embed's address, a choice) read as
            # single words; they are kept: the translator compares everything.
            if plain:
                paragraphs.append(plain)
    return paragraphs


class OriginalTextPanel(Panel):
    """Read-only: the page's original text and its language, above the fields, for the
    translators and reviewers comparing it with the translation. Nothing when the page
    has no original (anything not written by a contributor in another language)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("heading", _("Original text"))
        kwargs.setdefault("icon", "openquote")
        super().__init__(**kwargs)

    @property
    def clean_name(self) -> str:
        return super().clean_name or "original_text"

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/translations/original_text_panel.html"

        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.original = latest_original(self.instance)

        def is_shown(self) -> bool:
            return self.original is not None

        def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
            context = super().get_context_data(parent_context)
            context["original"] = self.original
            return context
