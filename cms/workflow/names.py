"""The review workflow's and its task's names, in the reader's language.

Wagtail shows these names on many admin screens ("Submit to Editorial review", the
task awaiting review, the workflow history, the reviewers' emails). They are rows, in
English, so an editor working in French read English there. The names this project
creates are known (``roles.WORKFLOW_NAME``, ``roles.TASK_NAME``):

- when a Workflow or Task row is loaded, a known name becomes its translation in the
  active language (the request's, in the admin);
- before such a row is saved, a translation of a known name goes back to the English
  name, so the database, and every query by name, keeps one name whatever language the
  admin was in; after the save the instance reads in the active language again.

A name an administrator typed is left as typed.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.db.models.signals import post_init, post_save, pre_save
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from wagtail.models import Task, Workflow
from wagtail.workflows import get_task_types

from cms.workflow.roles import CHECK_TASK_NAME, TASK_NAME, WORKFLOW_NAME

# Literals, for `makemessages`; the same as the names roles.py creates rows with.
KNOWN_NAMES = (gettext_noop("Editorial review"), gettext_noop("Review by a second person"))
if set(KNOWN_NAMES) != {WORKFLOW_NAME, TASK_NAME}:
    raise ImportError("cms.workflow.names: KNOWN_NAMES must be roles' WORKFLOW_NAME, TASK_NAME")
# The contributions' first task (issue #20), named the same way.
CONTRIBUTION_NAMES = (gettext_noop("Translation check of a contribution"),)
if set(CONTRIBUTION_NAMES) != {CHECK_TASK_NAME}:
    raise ImportError("cms.workflow.names: CONTRIBUTION_NAMES must be roles' CHECK_TASK_NAME")


@cache
def _english_name_of() -> dict[str, str]:
    """Every language's translation of each known name -> the English name."""
    names = {}
    for code, _language in settings.LANGUAGES:
        with translation.override(code):
            names.update({gettext(name): name for name in KNOWN_NAMES + CONTRIBUTION_NAMES})
    return names


def _in_reader_language(instance: Any, **kwargs: Any) -> None:
    # Read from __dict__: a name deferred by `.only()` is absent, and reading it through
    # the attribute would cost a query per row.
    english = _english_name_of().get(instance.__dict__.get("name") or "")
    if english is not None:
        instance.name = gettext(english)


def _in_english(instance: Any, **kwargs: Any) -> None:
    instance.name = _english_name_of().get(instance.name, instance.name)


def connect_signals() -> None:
    for model in {Workflow, Task, *get_task_types()}:
        post_init.connect(_in_reader_language, sender=model, dispatch_uid=f"name_in_{model}")
        pre_save.connect(_in_english, sender=model, dispatch_uid=f"name_en_{model}")
        post_save.connect(_in_reader_language, sender=model, dispatch_uid=f"name_out_{model}")
