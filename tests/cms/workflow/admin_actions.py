"""Drive the Wagtail admin the way a person does: load a form, change it, post it."""

from __future__ import annotations

from django.apps import apps
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page_form_data(client: Client, url: str, model: type[Page], **fields):
    """The form as the admin renders it, with `fields` changed.

    StreamFields are drawn by JavaScript, so they are not in the HTML: pass them as
    `body=streamfield([...])` (wagtail.test.utils.form_data); by default they are sent
    with their current blocks' JSON-free equivalent, i.e. empty for a new page.
    """
    response = client.get(url)
    if response.status_code != 200:
        return response
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for field in model._meta.get_fields():
        if isinstance(field, StreamField) and field.name not in fields:
            data[f"{field.name}-count"] = "0"
    for name, value in fields.items():
        if isinstance(value, dict):
            data.update(nested_form_data({name: value}))
        else:
            data[name] = value
    return data


def create_page(client: Client, parent: Page, model: str, action: str = "save", **fields: str):
    """POST the admin's create form; `action` is "save", "submit" or "publish"."""
    app_label, model_name = model.lower().split(".")
    url = reverse("wagtailadmin_pages:add", args=(app_label, model_name, parent.pk))
    data = _page_form_data(client, url, apps.get_model(app_label, model_name), **fields)
    if not isinstance(data, QueryDict):
        return data  # the form itself was refused
    if action != "save":
        data[f"action-{action}"] = action
    return client.post(url, data)


def edit_page(client: Client, page: Page, action: str = "save", **fields: str):
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    data = _page_form_data(client, url, type(page.specific), **fields)
    if not isinstance(data, QueryDict):
        return data  # the form itself was refused
    if action != "save":
        data[f"action-{action}"] = action
    return client.post(url, data)


def workflow_action(client: Client, page: Page, action: str, comment: str = ""):
    """Approve or reject ("approve" / "reject") the page's current review task."""
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    assert task_state is not None, "the page is not in review"
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
    return client.post(url, {"comment": comment})


def paragraph(html: str) -> str:
    return rich_text(html)


def refused(response) -> bool:
    """Wagtail's admin answers PermissionDenied with a 403 or by sending the user to
    the dashboard with "Sorry, you do not have permission"; both are a refusal."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )
