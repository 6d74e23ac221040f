"""A member authority's contributor, a fake machine translator and the admin steps of a
contribution's path (#20), shared by the path and feedback tests."""

from __future__ import annotations

import socket
from typing import ClassVar

import pytest
from wagtail.models import Locale, Page
from wagtail.test.utils.form_data import rich_text, streamfield
from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.strings import StringValue

from participants.contributors import invite_contributor
from tests.cms.workflow.admin_actions import client_for, create_page
from tests.conftest import user_in

FAKE_TRANSLATOR = {"CLASS": "tests.articles.contribution_kit.FakeTranslator", "OPTIONS": {}}
DUTCH_TITLE = "Nieuwe Roma-bemiddelaars in Veldhoven"
DUTCH_INTRO = "De gemeente werkt met twee bemiddelaars."
DUTCH_BODY = "Zij helpen gezinnen met school en huisvesting."


class FakeTranslator(BaseMachineTranslator):
    """Prefixes every string with its target language, "[en] …", so a test sees which
    text went through it and from which language (``calls``)."""

    display_name = "Fake translator"
    calls: ClassVar[list[tuple[str, str]]] = []

    def translate(self, source_locale, target_locale, strings):
        FakeTranslator.calls.append((source_locale.language_code, target_locale.language_code))
        prefix = f"[{target_locale.language_code}] "
        return {string: StringValue(prefix + string.data) for string in strings}

    def can_translate(self, source_locale, target_locale):
        return source_locale.language_code != target_locale.language_code


class BrokenTranslator(FakeTranslator):
    """A provider that is down."""

    def translate(self, source_locale, target_locale, strings):
        raise ConnectionError("the translation service does not answer")


@pytest.fixture(name="fake_translator")
def fake_translator_fixture(settings):
    FakeTranslator.calls = []
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = FAKE_TRANSLATOR
    return FakeTranslator


@pytest.fixture(name="no_translator")
def no_translator_fixture(settings):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None


@pytest.fixture(name="veldhoven")
def veldhoven_fixture(make_participant):
    return make_participant(title="Veldhoven", slug="veldhoven", country="NL")


@pytest.fixture(name="contributor")
def contributor_fixture(veldhoven):
    """Anke writes for Veldhoven, in Dutch; her admin is in English unless a test says."""
    contributor, _url = invite_contributor(veldhoven, "anke@veldhoven.example", "nl")
    return contributor


@pytest.fixture(name="translator_en")
def translator_en_fixture(db):
    """Tom, of "Translators (en)": he checks the English of a proposal and approves it."""
    return user_in("tom-translator", "Translators (en)")


def propose(
    contributor,
    parent: Page,
    title: str = DUTCH_TITLE,
    action: str = "submit",
    written_in: str = "nl",
):
    """The contributor writes a local news page in Dutch in the admin and submits it."""
    response = create_page(
        client_for(contributor.user),
        parent,
        "articles.LocalNewsPage",
        action=action,
        title=title,
        slug="nieuwe-roma-bemiddelaars",
        publication_date="2026-11-20",
        standfirst=DUTCH_INTRO,
        written_in=written_in,
        body=streamfield([("paragraph", rich_text(f"<p>{DUTCH_BODY}</p>"))]),
    )
    assert response.status_code == 302, response.status_code
    return Page.objects.get(locale=Locale.get_default(), title=title).specific


def latest(page: Page) -> Page:
    """The page as its newest revision has it (a draft's text is only there)."""
    page = Page.objects.get(pk=page.pk).specific
    return page.get_latest_revision_as_object()


def closed_port() -> int:
    """A port on the loopback where nothing listens (bound, then released): where the
    mail tests point the real SMTP backend to find a mail server that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
