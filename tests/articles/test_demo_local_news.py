"""The demo content of issue #20: Veldhoven's contributor (Dutch), one good practice
published in English and French, one proposal in review, and the contributor's demo
login printed with the other demo accounts."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from articles.demo_local_news import CONTRIBUTOR_EMAIL, PROPOSAL_SLUG, PUBLISHED_SLUG
from articles.local_news import LocalNewsPage
from participants.contributors import Contributor, contributor_for
from participants.models import ParticipantPage
from tests.articles.conftest import soup_of
from tests.shared_data import load_demo, rolled_back

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker) -> Iterator[None]:
    yield from rolled_back(django_db_blocker, load_demo)


@pytest.fixture
def demo(demo_once, locales):
    """The demo site, as loaded by `load_demo_content`."""


def veldhoven(language: str) -> ParticipantPage:
    return ParticipantPage.objects.get(slug="veldhoven", locale__language_code=language)


def test_veldhovens_contributor_writes_in_dutch_and_is_no_staff(demo):
    contributor = Contributor.objects.get(user__email=CONTRIBUTOR_EMAIL)
    assert contributor.participant.pk == veldhoven("en").pk
    assert contributor.language == "nl"
    assert contributor.is_active
    assert contributor_for(contributor.user) == contributor
    assert not contributor.user.is_staff and not contributor.user.is_superuser


def test_the_good_practice_is_live_in_english_and_french_crediting_veldhoven(client: Client, demo):
    english = LocalNewsPage.objects.get(slug=PUBLISHED_SLUG.en)
    french = LocalNewsPage.objects.get(slug=PUBLISHED_SLUG.fr)
    assert english.live and french.live
    assert english.translation_key == french.translation_key
    assert english.contributing_authority == veldhoven("en")
    assert french.contributing_authority == veldhoven("fr")
    assert (english.written_in, french.written_in) == ("nl", "nl")
    page = soup_of(client.get(english.url))
    assert page.select_one(".article-credit").get_text(strip=True) == (
        "Contributed by Veldhoven, Netherlands"
    )
    assert soup_of(client.get(french.url)).select_one(".article-credit a")["href"] == (
        veldhoven("fr").url
    )
    profile = soup_of(client.get(veldhoven("en").url))
    assert english.title in [a.get_text() for a in profile.select("ul.mentions a")]
    news = soup_of(client.get(f"/en/news/?participant={veldhoven('en').pk}"))
    assert english.title in news.get_text()


def test_the_proposal_is_in_review_and_never_public(client: Client, demo):
    proposal = LocalNewsPage.objects.get(slug=PROPOSAL_SLUG, locale__language_code="en")
    contributor = Contributor.objects.get(user__email=CONTRIBUTOR_EMAIL)
    assert not proposal.live
    assert proposal.written_in == "nl"
    assert proposal.owner == contributor.user
    state = proposal.current_workflow_state
    assert state is not None and state.status == "in_progress"
    assert state.requested_by == contributor.user
    assert client.get("/en/participants/veldhoven/taalcafe-voor-ouders/").status_code == 404
    for url in ("/en/news/", "/en/news/feed/rss/", veldhoven("en").url, "/en/search/?q=taalcafé"):
        assert proposal.title not in client.get(url).content.decode(), url


def test_a_second_load_changes_nothing_and_prints_the_contributors_login(demo, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo_content", stdout=out, stderr=StringIO())
    printed = out.getvalue()
    assert "Demo content already loaded: nothing changed." in printed
    assert f"{CONTRIBUTOR_EMAIL} password: alliance-contributor-demo" in printed
    assert LocalNewsPage.objects.filter(slug=PROPOSAL_SLUG).count() == 2  # en + its fr draft
    assert Contributor.objects.filter(user__email=CONTRIBUTOR_EMAIL).count() == 1
    user = Contributor.objects.get(user__email=CONTRIBUTOR_EMAIL).user
    assert user.check_password("alliance-contributor-demo")
