"""The enforced Content-Security-Policy breaks nothing: public pages and the admin."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page

from tests.shared_data import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def csp_violations(tab) -> list[str]:
    return [error for error in tab.console_errors if "Content Security Policy" in error]


def test_public_pages_and_admin_work_under_the_policy(live_server, tab):
    # One test, one demo load: loading the demo content is the slow part.
    load_demo()
    paths = ["/en/", "/fr/"] + [
        page.url for page in Page.objects.live().filter(depth=4, locale__language_code="en")[:3]
    ]
    for path in paths:
        response = tab.page.goto(live_server.url + path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        tab.page.wait_for_load_state("networkidle")
        assert csp_violations(tab) == [], path

    get_user_model().objects.create_superuser("boss", "boss@example.org", "a long password")
    tab.page.goto(live_server.url + "/admin/login/")
    tab.page.fill("#id_username", "boss")
    tab.page.fill("#id_password", "a long password")
    tab.page.click("button[type=submit]")
    tab.page.wait_for_url("**/admin/")
    page = Page.objects.live().filter(depth=3).first()
    for path in ["/admin/", f"/admin/pages/{page.pk}/edit/", "/admin/images/"]:
        tab.page.goto(live_server.url + path)
        tab.page.wait_for_load_state("networkidle")
        assert csp_violations(tab) == [], path
    # The editor's live preview, framed by the admin, renders too.
    assert tab.page.locator("h1, .w-header").count() > 0
    assert tab.console_errors == []
