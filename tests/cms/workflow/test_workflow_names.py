"""The review workflow and its task are named in the admin user's language.

Their names are rows; an editor working in French used to read "Submit to Editorial
review" and "Review by a second person" on French screens. The database keeps the
English names whatever language the admin was in when it saved them.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import Task, Workflow
from wagtail.users.models import UserProfile

from cms.workflow.models import FourEyesReviewTask
from cms.workflow.names import KNOWN_NAMES
from cms.workflow.roles import TASK_NAME, WORKFLOW_NAME
from home.models import StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def about(home_en) -> StandardPage:
    page = home_en.add_child(instance=StandardPage(title="About", slug="about", introduction="x"))
    page.save_revision().publish()
    return page


def edit_screen(user, page, language: str) -> str:
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client = Client()
    client.force_login(user)
    return client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()


def test_the_submit_button_names_the_workflow_in_the_editors_language(about, editor):
    assert "Submit to Editorial review" in edit_screen(editor, about, "en")
    french = edit_screen(editor, about, "fr")
    assert "Soumettre à Relecture éditoriale" in french
    assert "Editorial review" not in french


def test_the_reviewers_task_is_named_in_french(about, editor, reviewer):
    about.save_revision(user=editor)
    about.get_workflow().start(about, editor)
    french = edit_screen(reviewer, about, "fr")
    assert "Relecture par une deuxième personne" in french
    assert "Review by a second person" not in french


def test_saving_in_french_keeps_the_english_names_in_the_database():
    with translation.override("fr"):
        workflow = Workflow.objects.get(name=WORKFLOW_NAME)
        task = FourEyesReviewTask.objects.get(name=TASK_NAME)
        assert (workflow.name, task.name) == (
            "Relecture éditoriale",
            "Relecture par une deuxième personne",
        )
        workflow.save()
        task.save()
        assert workflow.name == "Relecture éditoriale"  # still read in French
    assert set(Workflow.objects.values_list("name", flat=True)) >= {WORKFLOW_NAME}
    assert set(Task.objects.values_list("name", flat=True)) >= {TASK_NAME}


def test_a_name_an_administrator_typed_stays_as_typed():
    task = FourEyesReviewTask.objects.get(name=TASK_NAME)
    with translation.override("fr"):
        task = FourEyesReviewTask.objects.get(pk=task.pk)
        task.name = "Relecture juridique"
        task.save()
    assert Task.objects.get(pk=task.pk).name == "Relecture juridique"
    assert set(KNOWN_NAMES) == {WORKFLOW_NAME, TASK_NAME}


def test_loading_tasks_without_their_names_costs_no_query_per_row(django_assert_num_queries):
    with translation.override("fr"), django_assert_num_queries(1):
        tasks = list(Task.objects.only("pk"))
    assert tasks
