"""The page explorer's cost does not grow with its rows (#23): the translation buttons
of each row come from the listing's own query (cms/translations/explorer.py)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from cms.translations import explorer, review
from tests.cms.translations.conftest import start_translation
from tests.cms.translations.seeding import bulk_pages, bulk_translations

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def queries(client: Client, url: str):
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


def test_explorer_buttons_are_the_per_page_ones(home_en, home_fr, locales, administrator, editor):
    """The batched buttons are the ones wagtail-localize's hook and ours give page by page."""
    bulk_pages(home_en, 12, 0, home_fr)
    english = list(Page.objects.child_of(home_en).order_by("path"))
    bulk_translations(english[:4], locales["fr"].pk)
    start_translation(english[5], locales["fr"])  # a real translation, now not an alias
    Page.objects.filter(translation_key=english[5].translation_key, locale=locales["fr"]).update(
        alias_of=None
    )
    client_for(administrator).get(f"/admin/pages/{home_en.pk}/")  # hooks in place
    original = explorer._localize_buttons
    assert original is not None

    def buttons(function, page):
        return [(str(b.label), b.url) for b in function(page, administrator, next_url="/n/")]

    for parent in (home_en, home_fr):
        listed = explorer.annotate_listing(parent, Page.objects.child_of(parent), None)
        for page in listed.specific().prefetch_workflow_states():
            assert buttons(explorer.localize_buttons, page) == buttons(original, page), page
            for user in (administrator, editor):
                batched = explorer.submit_translation_button(page, user, "/n/")
                assert [(str(b.label), b.url) for b in batched] == [
                    (str(b.label), b.url)
                    for b in review.submit_translation_button(page, user, "/n/")
                ], page
    french = explorer.annotate_listing(home_fr, Page.objects.child_of(home_fr), None)
    submit = [
        page.pk
        for page in french.specific().prefetch_workflow_states()
        if list(explorer.submit_translation_button(page, editor))
    ]
    assert len(submit) == 5  # the four bulk translations (still aliases) and english[5]'s
    rows = explorer.annotate_listing(home_en, Page.objects.child_of(home_en), None)
    labels = [[label for label, _url in buttons(explorer.localize_buttons, p)] for p in rows]
    assert labels.count(["Translate this page", "Sync translated pages"]) == 4
    assert labels.count(["Sync translated pages"]) == 1  # translated into every locale


@pytest.mark.parametrize("who", ["administrator", "editor"])
def test_the_explorer_asks_the_same_queries_for_10_rows_and_for_50(
    request, who, home_en, home_fr, locales
):
    user = request.getfixturevalue(who)
    client = client_for(user)
    bulk_pages(home_en, 10, 0, home_fr)
    english = list(Page.objects.child_of(home_en).order_by("path"))
    bulk_translations(english[::3], locales["fr"].pk)
    english_url, french_url = f"/admin/pages/{home_en.pk}/", f"/admin/pages/{home_fr.pk}/"
    few, response = queries(client, english_url)
    assert response.content.decode().count("Sync translated pages") == 4
    few_french, response = queries(client, french_url)
    assert response.content.decode().count("Submit translation for review") == 4
    bulk_pages(home_en, 40, 10, home_fr)
    bulk_translations(english[1::3], locales["fr"].pk)
    many, response = queries(client, english_url)
    assert response.context["paginator"].count == 50
    assert response.content.decode().count("Sync translated pages") == 4 + 3
    many_french, response = queries(client, french_url)
    assert response.content.decode().count("Submit translation for review") == 4 + 3
    assert (many - few, many_french - few_french) == EXPLORER_GROWTH[who]
    assert max(many, many_french) <= EXPLORER_QUERIES[who]


# Was 187 (administrator) and 300 (editor) for 50 rows: about three queries a row from
# wagtail-localize's buttons and ours; then 142 for editors, whose Delete and Move buttons
# asked whether a page has live descendants (two a row), now read from the listing's
# query too (cms/workflow/explorer.py).
EXPLORER_QUERIES = {"administrator": 40, "editor": 62}
EXPLORER_GROWTH = {"administrator": (0, 0), "editor": (0, 0)}
