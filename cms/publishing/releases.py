"""Releases: the languages of a page go live together.

The Council of Europe publishes in its two official languages at once; a seminar report
live in English days before its French version breaks that. ``REQUIRED_LANGUAGES``
(settings, per page type) names the languages a source page waits for. This module owns
the rule, through the finish interceptor of the review gate (cms/workflow/gate.py):

- an approved source whose required translations are not all ready is *held*: it stays
  approved but unpublished ("approved, waiting for: fr"; a ``cms.release_held`` entry in
  its history);
- a required language is ready when its translation has an approved revision waiting
  too, or is live with no review in progress (an update of a live page does not wait for
  a translation nobody is changing: the freshness notice covers that lag);
- a translation approved while its source waits joins the release; a translation
  approved before its never-published source waits for the source;
- when the last one is approved, the source and every waiting translation are published
  in one transaction (one failure publishes none) with one ``release.published`` webhook
  event naming every locale, instead of one event per page;
- a go-live date on the source's approved revision schedules the whole release; our
  ``publish_scheduled`` command publishes it together when due (``publish_due_releases``);
- an administrator may publish a waiting source now with a reason (``override``,
  audited as ``cms.release_override``); its approved translations go with it, as they
  do when an administrator publishes the source directly (``follow_the_source``).

No new model: the state is the workflow's own (the newest workflow state approved and
its revision not yet published) and the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import checks
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Locale, Page, Revision, WorkflowState
from wagtail.signals import page_published

from cms.publishing.events import emit_many, held_publish_events
from cms.workflow.gate import approved_publishing, hold, register_finish_interceptor

RELEASE_HELD = "cms.release_held"
RELEASE_OVERRIDE = "cms.release_override"
RELEASE_PUBLISHED = "cms.release_published"
RELEASE_EVENT = "release.published"
UNKNOWN_PAGE_TYPE = "cms.E010"

# True while publish_together publishes: its publishes are the release, not a source
# going live outside one (follow_the_source).
_releasing: ContextVar[bool] = ContextVar("cms_releasing", default=False)


@dataclass
class Release:
    """A source page and its required languages, as they stand now."""

    source: Page
    source_revision: Revision | None  # approved, neither live nor scheduled
    translations: dict[str, Revision] = field(default_factory=dict)  # code -> approved
    missing: list[str] = field(default_factory=list)  # required languages not ready

    @property
    def revisions(self) -> list[Revision]:
        first = [self.source_revision] if self.source_revision else []
        return first + [self.translations[code] for code in sorted(self.translations)]


def required_languages(page: Page) -> list[str]:
    """The languages the page's type waits for (REQUIRED_LANGUAGES); [] when off."""
    model = page.specific_class or type(page)
    codes = getattr(settings, "REQUIRED_LANGUAGES", {}).get(model._meta.label, [])
    return [code for code in codes if code != settings.LANGUAGE_CODE]


def source_of(page: Page) -> Page | None:
    """The page in the default language that the others translate."""
    default = Locale.get_default()
    if page.locale_id == default.pk:
        return page
    return Page.objects.filter(translation_key=page.translation_key, locale=default).first()


def pending_revision(page: Page) -> Revision | None:
    """The revision a finished review approved and that has not gone out since.

    Read from the page's newest workflow state: approved, not scheduled, and not
    published at or after the approval (a release, an override, or an administrator's
    direct publish of later work all end the wait).
    """
    state = (
        WorkflowState.objects.for_instance(page)
        .select_related("current_task_state__revision")
        .order_by("-created_at", "-pk")
        .first()
    )
    if state is None or state.status != WorkflowState.STATUS_APPROVED:
        return None
    task_state = state.current_task_state
    revision = task_state.revision if task_state else None
    if revision is None or revision.approved_go_live_at is not None:
        return None
    page.refresh_from_db(fields=["last_published_at", "live"])
    finished_at = task_state.finished_at
    if page.last_published_at and finished_at and page.last_published_at >= finished_at:
        return None
    return revision


def plan_release(source: Page) -> Release:
    """Which required languages are ready, and which approved translations would join."""
    release = Release(source=source, source_revision=pending_revision(source))
    for code in required_languages(source):
        translation = Page.objects.filter(
            translation_key=source.translation_key, locale__language_code=code
        ).first()
        if translation is None or translation.alias_of_id is not None:
            release.missing.append(code)
            continue
        revision = pending_revision(translation)
        if revision is not None:
            release.translations[code] = revision
        elif not (translation.live and not translation.workflow_in_progress):
            release.missing.append(code)
    return release


def waiting_for(page: Page) -> list[str] | None:
    """None when the page is not held; else the languages it waits for.

    A held page always has unpublished changes (its approved revision is not live), so
    a page listing asks the database only about those, not about every page of the type.
    """
    if not page.has_unpublished_changes or not required_languages(page):
        return None
    if pending_revision(page) is None:
        return None
    source = source_of(page)
    if source is None:
        return None
    if source.pk != page.pk and pending_revision(source) is None:
        return None if source.live else [source.locale.language_code]
    return plan_release(source).missing


def release_type_keys() -> set[str]:
    """The page types with required languages, as "app_label.model" content type keys."""
    return {label.lower() for label in getattr(settings, "REQUIRED_LANGUAGES", {})}


def waiting_sources(translation_keys: Iterable[Any]) -> dict[Any, list[str]]:
    """translation_key -> missing languages, for the held ones among these sources.

    For the translation dashboard, which passes the keys of its source pages of a type
    with required languages: no query without one, one for the candidates (only a page
    with unpublished changes can be held), then a few per candidate.
    """
    keys = list(translation_keys)
    if not keys:
        return {}
    candidates = Page.objects.filter(
        translation_key__in=keys,
        locale__language_code=settings.LANGUAGE_CODE,
        has_unpublished_changes=True,
    )
    waiting = {}
    for page in candidates:
        missing = waiting_for(page)
        if missing:
            waiting[page.translation_key] = missing
    return waiting


def _schedule_with_source(release: Release) -> None:
    """The source's go-live date (or none) applies to every translation of the release."""
    go_live_at = release.source_revision.as_object().go_live_at if release.source_revision else None
    value = go_live_at.isoformat() if go_live_at else None
    for revision in release.translations.values():
        if revision.content.get("go_live_at") != value:
            revision.content["go_live_at"] = value
            revision.save(update_fields=["content"])


def publish_together(revisions: list[Revision], user: Any = None, **publish: Any) -> list[Page]:
    """Publish the revisions in one transaction, with one webhook event for those that
    went live (none when the release is scheduled for later). Any error rolls back all."""
    with transaction.atomic(), approved_publishing(), held_publish_events() as published:
        token = _releasing.set(True)
        try:
            for revision in revisions:
                revision.publish(user=user, skip_permission_checks=True, **publish)
        finally:
            _releasing.reset(token)
        live = [page for page in published if page.live]
        # The source first: the audit entry and the payload lead with it.
        live.sort(key=lambda page: page.locale.language_code != settings.LANGUAGE_CODE)
        if live:
            locales = sorted({page.locale.language_code for page in live})
            emit_many(RELEASE_EVENT, live, translation_key=str(live[0].translation_key))
            log(
                instance=live[0],
                action=RELEASE_PUBLISHED,
                user=user,
                data={"locales": locales, "pages": [page.pk for page in live]},
            )
    return live


def release(plan: Release, user: Any = None) -> list[Page]:
    _schedule_with_source(plan)
    return publish_together(plan.revisions, user)


def _hold(workflow_state: Any, page: Page, user: Any, missing: list[str]) -> bool:
    revision = workflow_state.current_task_state.revision
    log(instance=page, action=RELEASE_HELD, user=user, data={"missing": missing}, revision=revision)
    reason = _("it goes live with its translations, waiting for: %(languages)s")
    return hold(workflow_state, reason % {"languages": ", ".join(missing)})


def hold_or_release(workflow_state: Any, user: Any = None) -> bool:
    """Finish interceptor: hold an approved page of a release, or publish the release.

    False leaves the gate to publish the approved revision on its own (releases off for
    the page type, or nothing to wait for and nothing to join).
    """
    page = workflow_state.content_object
    if not isinstance(page, Page) or not required_languages(page):
        return False
    source = source_of(page)
    if source is None:
        return False
    if source.pk != page.pk:
        if page.locale.language_code not in required_languages(page):
            return False
        if pending_revision(source) is None:
            if source.live:
                return False  # the source is out: the translation catches up alone
            return _hold(workflow_state, page, user, [source.locale.language_code])
    plan = plan_release(source)
    if plan.missing:
        return _hold(workflow_state, page, user, plan.missing)
    if not plan.translations:
        return False  # every language is live and unchanged: an ordinary publish
    release(plan, user)
    return True


def override(source: Page, user: Any, reason: str) -> list[Page]:
    """An administrator publishes a waiting source now, with what is approved so far."""
    if not getattr(user, "is_superuser", False):
        raise PermissionDenied
    plan = plan_release(source)
    if plan.source_revision is None:
        raise ValueError("This page is not waiting for a release.")
    with transaction.atomic():
        log(
            instance=source,
            action=RELEASE_OVERRIDE,
            user=user,
            data={"reason": reason, "missing": plan.missing},
            revision=plan.source_revision,
        )
        return release(plan, user)


def publish_due_releases() -> int:
    """For publish_scheduled: the due revisions of one release go live together.

    Wagtail's command publishes each due revision on its own; releases are taken first
    (their revisions are then no longer due), and Wagtail's loop does the rest.
    """
    due = Revision.objects.filter(
        approved_go_live_at__lt=timezone.now(),
        base_content_type=ContentType.objects.get_for_model(Page),
    ).order_by("approved_go_live_at", "pk")
    pages = Page.objects.in_bulk([int(revision.object_id) for revision in due])
    groups: dict[Any, list[Revision]] = {}
    for revision in due:
        page = pages.get(int(revision.object_id))
        if page is not None and required_languages(page):
            groups.setdefault(page.translation_key, []).append(revision)
    count = 0
    for revisions in groups.values():
        if len(revisions) > 1:
            publish_together(revisions, log_action="wagtail.publish.scheduled")
            count += 1
    return count


def follow_the_source(sender: Any, instance: Page, **kwargs: Any) -> None:
    """page_published: a source that went live outside a release (an administrator's
    direct publish) takes its held translations with it, instead of leaving them approved
    and unpublished for good, with nothing left to release them."""
    if _releasing.get() or not instance.live or not required_languages(instance):
        return
    if instance.locale_id != Locale.get_default().pk:
        return
    translations = Page.objects.filter(
        translation_key=instance.translation_key,
        locale__language_code__in=required_languages(instance),
        alias_of__isnull=True,
    )
    revisions = [revision for revision in map(pending_revision, translations) if revision]
    if revisions:
        publish_together(revisions)


def required_languages_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """``cms.E010``: a REQUIRED_LANGUAGES entry that names no page type would switch its
    release off without a word (settings cannot check it: the models load later)."""
    errors = []
    for label in getattr(settings, "REQUIRED_LANGUAGES", {}):
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            model = None
        if model is None or not issubclass(model, Page):
            errors.append(
                checks.Error(
                    f"REQUIRED_LANGUAGES names {label!r}, which is not a page type.",
                    hint="Name page types as app_label.PageModel, e.g. articles.SeminarReportPage.",
                    id=UNKNOWN_PAGE_TYPE,
                )
            )
    return errors


def connect() -> None:
    """Start-up: the rule joins the review gate's finish action; its setting is checked."""
    register_finish_interceptor(hold_or_release)
    page_published.connect(follow_the_source, dispatch_uid="release-follow-the-source")
    checks.register(required_languages_check)
