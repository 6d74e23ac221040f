"""Contributions: written in their author's language, published in the site's languages.

A member authority's contributor writes a page in any language of
``CONTRIBUTION_LANGUAGES`` (Dutch, say) under a page of the default locale (English).
When it is submitted for review (a ``WorkflowState`` is created, before its first task
starts), this module:

1. keeps the text as written (``originals.keep``: the language, title, introduction and
   body), shown to translators and reviewers by ``OriginalTextPanel``;
2. when a machine translator is configured (``WAGTAILLOCALIZE_MACHINE_TRANSLATOR``),
   translates the page's own text into its locale's language, in a new revision without
   an author (the machine is nobody: the four-eyes rule still sees the contributor as the
   one who submitted it);
3. creates or updates the page's translation into every other locale of the site through
   wagtail-localize and fills its strings by machine translation, as the translator's
   "Machine translate" button does, saved as a draft for that language's translators.

Then the review workflow's first task, ``TranslationCheckTask``, sends the page to the
translators of its own language (and the Editors), who compare it with the original,
correct it and approve; the four-eyes review follows, and the release rule
(``cms.publishing.releases``) holds the page until its required translations are
approved too. A task that has nothing to check (any page that is not a contribution in
another language) passes at once, "skipped", so the one workflow serves every page.

Without a machine translator, or when it fails, the submission still goes on: the
fields keep the author's words and the translators translate by hand.

This is kernel code: which page types are contributions, and which of their fields names
the language they were written in, is a setting (``CONTRIBUTION_PAGE_TYPES``, by default
the articles app's local news and its ``written_in``).
"""

from __future__ import annotations

import logging
from collections import Counter
from contextvars import ContextVar
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.coreutils import find_available_slug
from wagtail.models import AbstractGroupApprovalTask, Locale, Page, TaskState, WorkflowState
from wagtail.signals import task_approved, workflow_rejected
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.models import StringTranslation, Translation, TranslationSource
from wagtail_localize.segments import StringSegmentValue, TemplateSegmentValue
from wagtail_localize.segments.extract import extract_segments
from wagtail_localize.segments.ingest import ingest_segments
from wagtail_localize.strings import StringValue

from cms.translations import feedback
from cms.translations.originals import (
    ContributionOriginal,
    contribution_language,
    keep,
    may_be_contribution,
)

logger = logging.getLogger(__name__)

CHECK_TASK_NAME = "Translation check of a contribution"
# Never machine-translated: the address is derived from the translated title instead.
_KEPT_PATHS = {"slug"}

# The translators' check -------------------------------------------------------------


class TranslationCheckTask(AbstractGroupApprovalTask):
    """Members of the chosen groups check a contribution's translation before review.

    It only stops content kept with an original in another language at this
    submission (``needs_check``); anything else passes it at once, as skipped."""

    class Meta:
        verbose_name = _("translation check task")
        verbose_name_plural = _("translation check tasks")

    def start(self, workflow_state: WorkflowState, user: Any = None) -> TaskState:
        if needs_check(workflow_state):
            return super().start(workflow_state, user=user)
        return self.get_task_state_class().objects.create(
            workflow_state=workflow_state,
            task=self,
            status=TaskState.STATUS_SKIPPED,
            revision=workflow_state.content_object.get_latest_revision(),
            finished_at=timezone.now(),
        )

    @classmethod
    def get_description(cls) -> str:
        return _(
            "Members of the chosen groups compare a contribution's translation with the "
            "original text; other content passes at once"
        )


def needs_check(workflow_state: WorkflowState) -> bool:
    """Was an original in another language kept for this submission?"""
    obj = workflow_state.content_object
    if not isinstance(obj, Page) or not may_be_contribution(obj):
        return False
    return (
        ContributionOriginal.objects.filter(
            page_id=obj.pk, created_at__gte=workflow_state.created_at
        )
        .exclude(language=obj.locale.language_code)
        .exists()
    )


# On submission ----------------------------------------------------------------------


def _contribution_page(workflow_state: WorkflowState) -> tuple[Page, str] | None:
    """The reviewed page and its author's language, for a contribution in the default
    locale (a translation is checked by its own translators when they submit it)."""
    obj = workflow_state.content_object
    if not isinstance(obj, Page) or not may_be_contribution(obj):
        return None
    page = obj.specific
    if page.locale_id != Locale.get_default().pk:
        return None
    # The language as the latest revision says: a draft's row keeps its first values.
    language = contribution_language(page.get_latest_revision_as_object())
    return (page, language) if language is not None else None


def on_submission(sender: Any, instance: WorkflowState, created: bool, **kwargs: Any) -> None:
    """post_save of a WorkflowState: Wagtail saves a new one before its first task
    starts, and a resubmitted one ("resume" after changes were requested) in progress
    without a task before it restarts the task that asked for the changes."""
    if kwargs.get("raw"):
        return
    resumed = (
        not created
        and instance.status == WorkflowState.STATUS_IN_PROGRESS
        and instance.current_task_state_id is None
    )
    if not (created or resumed):
        return
    contribution = _contribution_page(instance)
    if contribution is None:
        return
    page, language = contribution
    if resumed and language != page.locale.language_code:
        start_again(instance, page)
        return
    prepare_contribution(page, language, instance.requested_by)


def start_again(workflow_state: WorkflowState, page: Page) -> None:
    """A contribution resubmitted after changes goes through its whole path again: its
    fields are back in its author's language (``back_to_the_author``), so it is kept,
    translated and checked anew, which Wagtail's resume (straight back to the task that
    asked for changes) would skip. The resumed state ends cancelled; a new one starts."""
    workflow_state.status = WorkflowState.STATUS_CANCELLED
    workflow_state.save(update_fields=["status"])
    workflow_state.workflow.start(page, workflow_state.requested_by)


def back_to_the_author(sender: Any, instance: WorkflowState, user: Any = None, **kw: Any) -> None:
    """workflow_rejected: the proposal goes back to its author in their own words (the
    original they submitted last), so that they change what they wrote, not a machine's
    English; the translators' English of that round stays in the page's history."""
    contribution = _contribution_page(instance)
    if contribution is None:
        return
    page, language = contribution
    original = (
        ContributionOriginal.objects.filter(page_id=page.pk, revision__isnull=False)
        .order_by("-created_at", "-pk")
        .first()
    )
    if original is None or language == page.locale.language_code:
        return
    words = original.revision.as_object()
    words.slug = page.get_latest_revision_as_object().slug
    words.save_revision(user=None, log_action=True)


def prepare_contribution(page: Page, language: str, user: Any = None) -> None:
    """Keep the original, translate the page's own text, prepare its translations."""
    revision = page.get_latest_revision()
    draft = revision.as_object() if revision is not None else page
    own_language = page.locale.language_code
    translator = get_machine_translator()
    if language != own_language:
        keep(draft, language, revision=revision, user=user)
        if translator is not None:
            draft = translate_page_text(draft, language, translator)
    if _created_in_this_request(page):
        # The admin's create view submits before wagtail-localize mirrors the new page
        # into the other locales (its after_create_page hook): the translations are
        # prepared after that (``prepare_after_creation``), not in its way.
        _creating.set((page.get_parent().pk, page.pk))
        return
    prepare_translations(draft, translator)


# (parent page id, page id or None) of the page the admin's create view is making.
_creating: ContextVar[tuple[int, int | None] | None] = ContextVar(
    "cms_contribution_creating", default=None
)


def _created_in_this_request(page: Page) -> bool:
    """Is this the page the create view is saving, not yet mirrored into other locales?
    (A page already mirrored, edited in a later request on this thread, is not.)"""
    creating = _creating.get()
    if creating is None or creating[1] is not None or creating[0] != page.get_parent().pk:
        return False
    return (
        not Page.objects.filter(translation_key=page.translation_key).exclude(pk=page.pk).exists()
    )


def note_creation(request: Any, parent_page: Page, page_class: Any = None) -> None:
    """before_create_page: a page is being saved under ``parent_page`` in this request
    (a form only shown, GET, saves nothing)."""
    _creating.set((parent_page.pk, None) if request.method == "POST" else None)


def prepare_after_creation(request: Any, page: Page) -> None:
    """after_create_page, after wagtail-localize's own (a later ``order``): a new
    contribution submitted on creation gets its translations now, over the aliases."""
    creating = _creating.get()
    _creating.set(None)
    if creating is None or creating[1] != page.pk:
        return
    page = Page.objects.get(pk=page.pk).specific
    revision = page.get_latest_revision()
    draft = revision.as_object() if revision is not None else page
    prepare_translations(draft, get_machine_translator())


def _machine_translate(translator: Any, source: Locale, target: Locale, strings: list) -> dict:
    """The translator's answer, or nothing when it cannot or fails: a provider that is
    down must not stop a submission (the translators translate by hand then)."""
    if not strings:
        return {}
    try:
        if not translator.can_translate(source, target):
            return {}
        return translator.translate(source, target, strings) or {}
    except Exception:  # any provider error: the proposal goes on untranslated
        logger.exception(
            "Machine translation %s -> %s failed", source.language_code, target.language_code
        )
        return {}


def translate_page_text(draft: Page, language: str, translator: Any) -> Page:
    """A new revision of the page with its text machine-translated from ``language``
    into the page's own language; the draft unchanged when nothing was translated."""
    # Not saved: the machine translators only read its code, and the author's language
    # need not be a locale of the site.
    source_locale = Locale(language_code=language)
    segments = extract_segments(draft)
    strings = list(
        dict.fromkeys(
            segment.string
            for segment in segments
            if isinstance(segment, StringSegmentValue) and segment.path not in _KEPT_PATHS
        )
    )
    translated = _machine_translate(translator, source_locale, draft.locale, strings)
    if not translated:
        return draft
    values = []
    for segment in segments:
        if isinstance(segment, TemplateSegmentValue):
            values.append(segment)
        elif isinstance(segment, StringSegmentValue):
            result = translated.get(segment.string)
            string = result if result is not None and result.data else segment.string
            values.append(
                StringSegmentValue(segment.path, string, attrs=segment.attrs).with_order(
                    segment.order
                )
            )
    latest = draft.get_latest_revision()
    target = latest.as_object() if latest is not None else type(draft).objects.get(pk=draft.pk)
    ingest_segments(draft, target, draft.locale, draft.locale, values)
    if target.first_published_at is None and target.get_parent() is not None:
        # A page never published takes the address of its translated title.
        target.slug = find_available_slug(
            target.get_parent(), slugify(target.title) or target.slug, ignore_page_id=target.pk
        )
    target.save_revision(user=None, log_action=True)
    return target


def _authors_strings(page: Page) -> tuple[dict[tuple[str, int], StringValue], str | None]:
    """The author's strings of the page's latest original, by place (path, rank among
    the strings of that path), and their language; nothing without an original."""
    original = (
        ContributionOriginal.objects.filter(page_id=page.pk, revision__isnull=False)
        .select_related("revision")
        .order_by("-created_at", "-pk")
        .first()
    )
    if original is None or original.language == page.locale.language_code:
        return {}, None
    strings: dict[tuple[str, int], StringValue] = {}
    ranks: Counter[str] = Counter()
    for segment in extract_segments(original.revision.as_object()):
        if isinstance(segment, StringSegmentValue):
            strings[(segment.path, ranks[segment.path])] = segment.string
            ranks[segment.path] += 1
    return strings, original.language


def fill_translation(translation: Translation, translator: Any, page: Page) -> int:
    """Fill the translation's untranslated strings, as wagtail-localize's "Machine
    translate" button does (without its user check: this is the system at submission),
    but from the author's own words where the page has an original: copied as they are
    into the author's own language (a contribution written in French keeps its French),
    machine-translated from it into any other (Dutch to French directly, not through
    the English). Strings with no counterpart in the original are translated from the
    source. Strings a translator already translated are kept. Returns how many."""
    by_place, authors_language = _authors_strings(page)
    source_language = translation.source.locale.language_code
    target = translation.target_locale
    pending: dict[tuple[str, StringValue], list[tuple[int, int]]] = {}
    ranks: Counter[str] = Counter()
    segments = translation.source.stringsegment_set.select_related("context", "string")
    for segment in segments.order_by("order"):
        path = segment.context.path
        rank = ranks[path]
        ranks[path] += 1
        if (
            path in _KEPT_PATHS
            or StringTranslation.objects.filter(
                translation_of_id=segment.string_id, locale=target, context_id=segment.context_id
            ).exists()
        ):
            continue
        words = by_place.get((path, rank))
        key = (authors_language, words) if words is not None else None
        key = key or (source_language, segment.string.as_value())
        pending.setdefault(key, []).append((segment.string_id, segment.context_id))
    results: dict[tuple[str, StringValue], tuple[StringValue, str, str]] = {}
    for language in {language for language, _string in pending}:
        strings = [string for code, string in pending if code == language]
        if language == target.language_code:
            manual = StringTranslation.TRANSLATION_TYPE_MANUAL
            results.update({(language, string): (string, manual, "") for string in strings})
        elif translator is not None:
            source = translation.source.locale
            if language != source_language:
                source = Locale(language_code=language)  # the machine reads only its code
            answer = _machine_translate(translator, source, target, strings)
            machine = StringTranslation.TRANSLATION_TYPE_MACHINE
            name = str(translator.display_name)
            results.update(
                {(language, string): (value, machine, name) for string, value in answer.items()}
            )
    filled = 0
    for key, places in pending.items():
        value, kind, tool = results.get(key, (None, "", ""))
        if value is None or value.data is None:
            continue
        for string_id, context_id in places:
            StringTranslation.objects.get_or_create(
                translation_of_id=string_id,
                locale=target,
                context_id=context_id,
                defaults={
                    "data": value.data,
                    "translation_type": kind,
                    "tool_name": tool,
                    "has_error": False,
                    "field_error": "",
                },
            )
            filled += 1
    return filled


def prepare_translations(draft: Page, translator: Any = None) -> list[Page]:
    """Bring the page's translation into every other locale up to this text, as drafts,
    filled from the author's words and by machine translation when a translator is
    given. Returns the translated pages."""
    source, _created = TranslationSource.update_or_create_from_instance(draft)
    pages = []
    for locale in Locale.objects.exclude(pk=draft.locale_id).order_by("language_code"):
        translation, _created = Translation.objects.get_or_create(
            source=source, target_locale=locale, defaults={"enabled": True}
        )
        fill_translation(translation, translator, draft)
        target = draft.get_translation_or_none(locale)
        if target is not None and target.alias_of_id is None and target.live:
            # A live translation keeps what visitors read: the update is only a revision
            # (cms.translations.sync), reviewed like any translation.
            ephemeral = source.get_ephemeral_translated_instance(locale, fallback=True)
            ephemeral.slug = target.slug
            ephemeral.save_revision(user=None)
        else:
            translation.save_target(user=None, publish=False)
        pages.append(draft.get_translation(locale))
    return pages


def after_check(sender: Any, instance: TaskState, user: Any = None, **kwargs: Any) -> None:
    """task_approved: the translators' checked text becomes the translations' source, so
    that what the other languages translate is the corrected text, not the first draft."""
    task_state = instance.specific
    if not isinstance(task_state.task.specific, TranslationCheckTask):
        return
    obj = task_state.workflow_state.content_object
    if not isinstance(obj, Page) or task_state.status != TaskState.STATUS_APPROVED:
        return
    page = obj.specific
    revision = page.get_latest_revision()
    draft = revision.as_object() if revision is not None else page
    with transaction.atomic():
        prepare_translations(draft, get_machine_translator())


# Connected when the models load (cms/models.py imports this module for its task model),
# so every process that can start a workflow runs the pipeline.
post_save.connect(on_submission, sender=WorkflowState, dispatch_uid="contribution_submitted")
task_approved.connect(after_check, dispatch_uid="contribution_checked")
workflow_rejected.connect(back_to_the_author, dispatch_uid="contribution_back_to_author")
feedback.connect()  # each decision told to the author
