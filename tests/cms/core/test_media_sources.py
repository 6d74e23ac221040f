"""What editors may give the video and audio block as its recording (issue #21).

Addresses on YouTube, Vimeo and Dailymotion become the host's privacy-friendly player;
anything else is refused in the editor's language, saying what to give instead: another
site (with the list of supported ones), an address that is not one video, two sources or
none, a library document that browsers cannot play.
"""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from wagtail import blocks
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import rich_text, streamfield
from wagtail.users.models import UserProfile

from cms.core.blocks.media import MediaBlock
from cms.core.blocks.media_hosts import PLAYER_ORIGINS, UnsupportedMediaAddress, external_player
from home.models import StandardPage
from tests.cms.core.test_media_block import YOUTUBE, clean, document, errors_of, media
from tests.cms.workflow.admin_actions import client_for, create_page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("address", "embed", "watch"),
    [
        (YOUTUBE, "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE", YOUTUBE),
        (
            "https://youtu.be/M7lc1UVf-VE?t=1m30s",
            "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE?start=90",
            YOUTUBE + "&t=90s",
        ),
        (
            "https://m.youtube.com/shorts/M7lc1UVf-VE",
            "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE",
            YOUTUBE,
        ),
        (
            "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE",
            "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE",
            YOUTUBE,
        ),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1", None),
        (
            "https://vimeo.com/76979871/8272103f6e",
            "https://player.vimeo.com/video/76979871?dnt=1&h=8272103f6e",
            "https://vimeo.com/76979871/8272103f6e",
        ),
        (
            "https://vimeo.com/channels/staffpicks/76979871",
            "https://player.vimeo.com/video/76979871?dnt=1",
            "https://vimeo.com/76979871",
        ),
        (
            "https://player.vimeo.com/video/76979871",
            "https://player.vimeo.com/video/76979871?dnt=1",
            "https://vimeo.com/76979871",
        ),
        (
            "https://www.dailymotion.com/video/x8abcd1_roma-inclusion",
            "https://geo.dailymotion.com/player.html?video=x8abcd1",
            "https://www.dailymotion.com/video/x8abcd1",
        ),
        (
            "https://dai.ly/x8abcd1",
            "https://geo.dailymotion.com/player.html?video=x8abcd1",
            "https://www.dailymotion.com/video/x8abcd1",
        ),
    ],
)
def test_each_host_gets_its_privacy_friendly_player(address, embed, watch):
    player = external_player(address)
    assert player.embed_url == embed
    assert player.watch_url == (watch or address)
    assert player.embed_url.startswith(PLAYER_ORIGINS)


def test_an_unsupported_site_is_refused_with_the_list_of_supported_ones():
    assert errors_of(url="https://soundcloud.com/alliance/interview") == {
        "url": "Videos from this address cannot be shown. Supported sites: YouTube, Vimeo, "
        "Dailymotion. Or upload the file to the document library."
    }
    with translation.override("fr"):
        assert errors_of(url="https://soundcloud.com/alliance/interview") == {
            "url": "Les vidéos de cette adresse ne peuvent pas être affichées. Sites acceptés : "
            "YouTube, Vimeo, Dailymotion. Vous pouvez aussi déposer le fichier dans la "
            "bibliothèque de documents."
        }


@pytest.mark.parametrize(
    "address",
    [
        "https://www.youtube.com/watch",  # no video
        "https://www.youtube.com/watch?v=short",  # not a video's id
        "https://www.youtube.com/@CouncilofEurope",  # a channel
        "https://vimeo.com/channels/staffpicks",
        "https://www.dailymotion.com/CouncilOfEurope",
    ],
)
def test_an_address_that_is_not_one_video_says_what_to_copy(address):
    with pytest.raises(UnsupportedMediaAddress) as refusal:
        external_player(address)
    assert "does not lead to one video: copy the address of the video's own page" in str(
        refusal.value
    )


def test_a_malformed_address_is_refused_by_the_field_itself():
    assert set(errors_of(url="youtube dot com")) == {"url"}
    assert set(errors_of(url="javascript:alert(1)")) == {"url"}


def test_a_recording_has_exactly_one_source():
    assert errors_of(url=YOUTUBE, document=document("clip.mp4")) == {
        "__all__": "Choose a file or give an address, not both: a recording has one source."
    }
    assert errors_of() == {
        "document": "Choose a video or audio file from the library, or give the address of "
        "the video on YouTube, Vimeo, Dailymotion."
    }


def test_a_draft_may_wait_for_its_recording_and_its_transcript():
    block = MediaBlock()
    value = block.clean_deferred(block.normalize(media(transcript=RichText(""))))
    assert value["title"] == "The Alliance in two minutes"
    with pytest.raises(blocks.StructBlockValidationError):
        block.clean_deferred(block.normalize(media(url="https://soundcloud.com/a/b")))


def test_a_document_that_is_not_a_recording_is_refused():
    assert errors_of(document=document("minutes.pdf")) == {
        "document": "“Recording minutes.pdf” is not a video or audio file that browsers can "
        "play: choose an MP4, WebM, OGG, MP3 or M4A file."
    }
    assert errors_of(document=document("interview.mp3")) == {
        "document": "“Recording interview.mp3” is a sound file (MP3): choose “Audio” as the kind."
    }
    assert clean(document=document("interview.mp3"), kind="audio")["kind"] == "audio"


def test_the_site_lets_the_supported_players_and_nothing_else_be_framed(settings):
    """The players load after the click only if the Content-Security-Policy allows them."""
    frame_sources = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"]
    assert sorted(frame_sources) == sorted(PLAYER_ORIGINS)


# --- in the page editor ---------------------------------------------------------------------


def media_form(**fields) -> dict:
    return {
        "title": "Interview",
        "kind": "video",
        "document": "",
        "url": YOUTUBE,
        "still": "",
        "transcript": rich_text(""),
        "captions": "",
        **fields,
    }


def test_the_page_editor_shows_the_refusal_in_the_editors_language(home_en, editor):
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "fr"
    profile.save()
    response = create_page(
        client_for(editor),
        home_en,
        "home.StandardPage",
        title="Entretien",
        slug="entretien",
        body=streamfield([("media", media_form(url="https://soundcloud.com/alliance/a"))]),
    )
    assert response.status_code == 200, "the form is shown again with the problem"
    # The block's errors reach the page as JSON for the editor's script (\u-escaped).
    html = re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m[1], 16)), response.content.decode())
    assert "Les vidéos de cette adresse ne peuvent pas être affichées" in html
    assert not StandardPage.objects.filter(slug="entretien").exists()


def test_a_draft_saves_without_transcript_but_review_asks_for_it(home_en, editor):
    client = client_for(editor)
    body = streamfield([("media", media_form())])
    refused = create_page(
        client, home_en, "home.StandardPage", action="submit", title="Talk", slug="talk", body=body
    )
    assert refused.status_code == 200
    assert "The video “Interview” has no transcript" in refused.content.decode()
    assert not StandardPage.objects.filter(slug="talk").exists()
    saved = create_page(client, home_en, "home.StandardPage", title="Talk", slug="talk", body=body)
    assert saved.status_code == 302
    page = StandardPage.objects.get(slug="talk", locale__language_code="en")
    draft = page.get_latest_revision_as_object()
    assert draft.body[0].value["url"] == YOUTUBE
