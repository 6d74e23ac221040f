"""The editorial roles and the review workflow, kept in step on every `migrate`.

The groups and the workflow are created by the data migration
`cms.0003_roles_and_workflow`; their permissions are assigned here after each
`migrate`, because Django creates permissions only once all migrations have run (and
later apps add content types this must cover). Everything is idempotent, and it also
REMOVES what no role may hold, so an existing database is fixed by the next `migrate`.

| role | may |
| --- | --- |
| Editors | create and edit pages and content snippets in every locale, upload |
| | images and documents, submit for review, comment |
| Reviewers | what Editors may, plus approve or reject submissions through the |
| | workflow (approval publishes), unlock pages, handle membership applications |
| Translators (xx) | translate into and edit pages of locale xx only, submit for review, |
| | view the terminology, translate alert banners into xx |
| Administrators | superusers: everything, including going live directly (break-glass, |
| | recorded in the audit log) |

Going live has one gate (cms/workflow/gate.py): the workflow's approval, or an administrator.
So no group, and no user directly, holds page "publish" nor any "publish_<model>"
permission: Wagtail's own permission policies then refuse publishing, unpublishing,
privacy changes, deleting or moving live pages, live copies and aliases, and snippet
publication to every other person, on every path.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from wagtail.models import (
    Collection,
    DraftStateMixin,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)

from cms.workflow.models import FourEyesReviewTask

EDITORS = "Editors"
REVIEWERS = "Reviewers"
WORKFLOW_NAME = "Editorial review"
TASK_NAME = "Review by a second person"
# The first task: translators check a contribution written in another language against
# its original (cms/translations/contributions.py); any other content skips it.
CHECK_TASK_NAME = "Translation check of a contribution"
CHECK_TASK_MODEL = "cms.TranslationCheckTask"

# Content snippets that go through review: model label -> is it a workflow snippet.
CONTENT_SNIPPETS = ["home.TerminologyNote", "articles.Topic", "cms.Term", "cms.Alert"]
# What translators read but do not change: the approved and deprecated terms they must use.
TRANSLATOR_VIEW_MODELS = ["cms.Term"]
# What translators translate in wagtail-localize's editor, which saves through "change";
# the alerts' own hook (cms/alerts/hooks.py) keeps them to their language.
TRANSLATOR_CHANGE_MODELS = ["cms.Alert"]
# Models whose personal data only reviewers may see.
REVIEWER_ONLY_MODELS = ["participants.MembershipApplication"]


def translators_group_name(language_code: str) -> str:
    return f"Translators ({language_code})"


def _installed_models(labels: list[str]) -> list[type[Model]]:
    models = []
    for label in labels:
        try:
            models.append(apps.get_model(label))
        except LookupError:
            continue
    return models


def _model_permissions(model: type[Model], actions: list[str]) -> list[Permission]:
    content_type = ContentType.objects.get_for_model(model)
    codenames = [f"{action}_{model._meta.model_name}" for action in actions]
    return list(Permission.objects.filter(content_type=content_type, codename__in=codenames))


def _admin_permissions() -> list[Permission]:
    return list(
        Permission.objects.filter(
            content_type__app_label__in=["wagtailadmin", "wagtail_localize"],
            codename__in=["access_admin", "submit_translation"],
        )
    )


def _grant_collection_permissions(group: Group, actions: list[str]) -> None:
    root = Collection.get_first_root_node()
    if root is None:
        return
    # Wagtail checks image permissions on wagtailimages.Image (the permission policy's
    # auth model), not on our CustomImage: permissions on the latter are never read.
    for model_label in ("wagtailimages.Image", "wagtaildocs.Document"):
        for permission in _model_permissions(apps.get_model(model_label), actions):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )


def _grant_page_permissions(group: Group, page: Model, actions: list[str]) -> None:
    for permission in _model_permissions(Page, actions):
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def sync_roles(**kwargs: Any) -> None:
    """Give each role exactly the permissions of the table above (post_migrate)."""
    root_page = Page.get_first_root_node()
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    snippets = _installed_models(CONTENT_SNIPPETS)

    for group in (editors, reviewers):
        group.permissions.add(*_admin_permissions())
        for snippet in snippets:
            group.permissions.add(*_model_permissions(snippet, ["add", "change", "view"]))
        _grant_collection_permissions(group, ["add", "change", "choose"])
        if root_page is not None:
            _grant_page_permissions(group, root_page, ["add", "change", "lock"])

    # Reviewers approve through the workflow (cms/workflow/gate.py); "unlock" lets them release a
    # page someone left locked. No "publish": that is the gate.
    if root_page is not None:
        _grant_page_permissions(reviewers, root_page, ["unlock"])
    for model in _installed_models(REVIEWER_ONLY_MODELS):
        reviewers.permissions.add(*_model_permissions(model, ["view", "change"]))
        editors.permissions.remove(*_model_permissions(model, ["view", "change", "delete", "add"]))

    default_code = Locale.get_default().language_code if Locale.objects.exists() else None
    if default_code is not None:
        # The default language's translators check contributions written in another
        # language (the check task); they edit its pages, never publish.
        source_translators, _ = Group.objects.get_or_create(
            name=translators_group_name(default_code)
        )
        source_translators.permissions.add(*_admin_permissions())
        for model in _installed_models(TRANSLATOR_VIEW_MODELS):
            source_translators.permissions.add(*_model_permissions(model, ["view"]))
        _grant_collection_permissions(source_translators, ["choose"])
        grant_translator_pages(default_code)
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        if code == default_code:
            continue
        translators, _ = Group.objects.get_or_create(name=translators_group_name(code))
        translators.permissions.add(*_admin_permissions())
        for model in _installed_models(TRANSLATOR_VIEW_MODELS):
            translators.permissions.add(*_model_permissions(model, ["view"]))
        for model in _installed_models(TRANSLATOR_CHANGE_MODELS):
            translators.permissions.add(*_model_permissions(model, ["view", "change"]))
        _grant_collection_permissions(translators, ["choose"])
        grant_translator_pages(code)

    forbid_direct_publication()


def forbid_direct_publication() -> None:
    """Take "publish" away from every group and user: older versions gave it to
    Reviewers, Wagtail's initial data to "Moderators", and an administrator may have
    granted it by hand. Only superusers (and the workflow's approval) publish."""
    GroupPagePermission.objects.filter(permission__codename="publish_page").delete()
    draft_models = [model for model in apps.get_models() if issubclass(model, DraftStateMixin)]
    publish = [p for model in draft_models for p in _model_permissions(model, ["publish"])]
    Group.permissions.through.objects.filter(permission__in=publish).delete()
    get_user_model().user_permissions.through.objects.filter(permission__in=publish).delete()


def grant_translator_pages(language_code: str) -> None:
    """Translators edit the tree of their own locale only: its home page and below."""
    group = Group.objects.filter(name=translators_group_name(language_code)).first()
    locale = Locale.objects.filter(language_code=language_code).first()
    site = Site.objects.filter(is_default_site=True).first()
    if group is None or locale is None or site is None:
        return
    locale_home = Page.objects.filter(
        translation_key=site.root_page.translation_key, locale=locale
    ).first()
    if locale_home is not None:
        # "change" only: translators edit and translate existing pages, they do not
        # create new ones (wagtail-localize creates the translated pages for them).
        _grant_page_permissions(group, locale_home, ["change"])
        GroupPagePermission.objects.filter(group=group).exclude(
            permission__codename="change_page"
        ).delete()


def ensure_workflow() -> None:
    """The one review workflow, on every locale's tree and on every content snippet."""
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        task = FourEyesReviewTask.objects.filter(name=TASK_NAME).first()
        if task is None:
            task = FourEyesReviewTask.objects.create(name=TASK_NAME)
        task.groups.set([reviewers])
        # Not workflow.workflow_tasks.create(): that modelcluster relation only saves
        # with the workflow itself, which left the workflow without its task.
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    ensure_check_task(workflow)
    root_page = Page.get_first_root_node()
    if root_page is not None:
        WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})
    for snippet in _installed_models(CONTENT_SNIPPETS):
        content_type = ContentType.objects.get_for_model(snippet)
        WorkflowContentType.objects.update_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )
    Workflow.objects.exclude(pk=workflow.pk).update(active=False)


def ensure_check_task(workflow: Workflow) -> None:
    """The translators' check first, before the four-eyes review (added to older installs).

    Its groups: the default language's translators and the Editors, so that a site
    without English translators still has someone to check."""
    try:
        check_model = apps.get_model(CHECK_TASK_MODEL)
    except LookupError:
        return
    if WorkflowTask.objects.filter(workflow=workflow, task__name=CHECK_TASK_NAME).exists():
        return
    task = check_model.objects.filter(name=CHECK_TASK_NAME).first()
    if task is None:
        task = check_model.objects.create(name=CHECK_TASK_NAME)
    groups = [Group.objects.get_or_create(name=EDITORS)[0]]
    if Locale.objects.exists():
        code = Locale.get_default().language_code
        groups.append(Group.objects.get_or_create(name=translators_group_name(code))[0])
    task.groups.set(groups)
    first = WorkflowTask.objects.filter(workflow=workflow).order_by("sort_order").first()
    sort_order = (first.sort_order or 0) - 1 if first is not None else 0
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=sort_order)


def sync_roles_and_workflow(sender: Any = None, **kwargs: Any) -> None:
    """post_migrate receiver: runs once, after the last app has been migrated."""
    migrated_apps = [config for config in apps.get_app_configs() if config.models_module]
    if sender is not None and sender is not migrated_apps[-1]:
        return
    ensure_workflow()
    sync_roles()


def grant_translators_on_new_locale_home(
    sender: Any, instance: Model, created: bool, **kwargs: Any
) -> None:
    """post_save receiver: a locale's home page appearing opens it to its translators."""
    if created and isinstance(instance, Page) and instance.depth == 2 and not kwargs.get("raw"):
        grant_translator_pages(instance.locale.language_code)
