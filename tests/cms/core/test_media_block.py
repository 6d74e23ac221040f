"""Video and audio with a transcript, privacy-friendly (issue #21).

Nothing from a video site loads until the visitor asks: the page shows a still image,
the title and a notice in the visitor's language, with the player waiting in an inert
<template>; library files play from this site and download nothing before play; a
private collection's file never reaches anonymous visitors; the quality gate asks for the
transcript; both APIs give the privacy-friendly player; wagtail-localize translates the
title and transcript.
"""

from __future__ import annotations

from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import RequestFactory
from django.utils import translation
from PIL import Image as PILImage
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.rich_text import RichText

from cms.api.streams import StreamRepresentation
from cms.core.blocks.media import ConsentEmbedBlock, MediaBlock
from cms.core.blocks.media_hosts import PLAYER_ORIGINS, UnsupportedMediaAddress, external_player
from cms.workflow.quality import quality_problems
from home.models import StandardPage

pytestmark = pytest.mark.django_db

YOUTUBE = "https://www.youtube.com/watch?v=M7lc1UVf-VE"
TRANSCRIPT = "<p>Welcome to the Alliance.</p>"
# The block as pages hold it (cms/core/blocks: BaseStreamBlock), for rendering a body.
STREAM = blocks.StreamBlock([("media", MediaBlock()), ("embed", ConsentEmbedBlock())])


def media(**fields) -> dict:
    return {
        "title": "The Alliance in two minutes",
        "kind": "video",
        "document": None,
        "url": "",
        "still": None,
        "transcript": RichText(TRANSCRIPT),
        "captions": "",
        **fields,
    }


def clean(**fields):
    block = MediaBlock()
    return block.clean(block.normalize(media(**fields)))


def errors_of(**fields) -> dict[str, str]:
    """The editor's messages, by field ("__all__" for the block's own)."""
    with pytest.raises(blocks.StructBlockValidationError) as refusal:
        clean(**fields)
    messages = {name: error.messages[0] for name, error in refusal.value.block_errors.items()}
    if refusal.value.non_block_errors:
        messages["__all__"] = refusal.value.non_block_errors.as_data()[0].messages[0]
    return messages


def document(name: str, collection: Collection | None = None):
    extra = {"collection": collection} if collection is not None else {}
    return get_document_model().objects.create(
        title=f"Recording {name}", file=ContentFile(b"\x00" * 512, name=name), **extra
    )


def private_collection() -> Collection:
    board = Collection.get_first_root_node().add_child(name="Board recordings")
    CollectionViewRestriction.objects.create(
        collection=board, restriction_type=CollectionViewRestriction.PASSWORD, password="x"
    )
    return board.add_child(name="2026")  # restricted through its parent


def still_image():
    buffer = BytesIO()
    PILImage.new("RGB", (1280, 720), (40, 90, 140)).save(buffer, "PNG")
    return get_image_model().objects.create(
        title="Opening",
        description="The mayor opens the seminar",
        credit="CoE",
        file=ImageFile(BytesIO(buffer.getvalue()), name="opening.png"),
    )


def anonymous_request(preview: bool = False):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    if preview:
        request.is_preview = True
    return request


def render(*items: tuple[str, object], preview: bool = False) -> BeautifulSoup:
    value = STREAM.normalize(list(items))
    html = STREAM.render(value, context={"request": anonymous_request(preview)})
    return BeautifulSoup(html, "html.parser")


def outside_templates(html: BeautifulSoup) -> BeautifulSoup:
    """What the browser renders and loads: everything but <template> contents."""
    copy = BeautifulSoup(str(html), "html.parser")
    for template in copy.find_all("template"):
        template.decompose()
    return copy


# --- click to load ---------------------------------------------------------------------


def test_a_hosted_video_waits_behind_a_local_placeholder():
    html = render(("media", media(url=YOUTUBE, captions="Captions in English and French")))
    shown = outside_templates(html)
    assert shown.find_all(["iframe", "video", "audio", "img"]) == []
    assert "youtube" not in " ".join(str(tag.get("src", "")) for tag in shown.find_all(True))
    assert shown.select_one(".media-consent-notice").get_text() == (
        "This video is hosted by YouTube. Playing it loads content from youtube-nocookie.com, "
        "which may set cookies or collect data."
    )
    button = shown.select_one("button[data-media-consent-load]")
    assert button.get_text() == "Load and play video (The Alliance in two minutes)"
    assert button.has_attr("hidden")  # shown by the script: without it, the link below
    link = shown.select_one("a.media-consent-link")
    assert link["href"] == YOUTUBE
    assert link.get_text() == "Watch on YouTube (The Alliance in two minutes)"
    assert shown.select_one("script")["src"].endswith("cms/js/media-consent.js")
    assert shown.select_one("script").has_attr("defer")
    assert shown.select_one(".media-captions").get_text() == "Captions in English and French"

    frame = html.select_one("template").decode_contents()
    player = BeautifulSoup(frame, "html.parser").iframe
    assert player["src"] == "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE?autoplay=1"
    assert player["title"] == "The Alliance in two minutes"
    assert player["allow"] == "autoplay; encrypted-media; fullscreen; picture-in-picture"

    transcript = shown.select_one("details.media-transcript")
    assert transcript.summary.get_text() == "Transcript (The Alliance in two minutes)"
    assert transcript.select_one(".media-transcript-text").get_text() == "Welcome to the Alliance."


def test_the_notice_is_in_the_visitors_language():
    with translation.override("fr"):
        shown = outside_templates(render(("media", media(url=YOUTUBE, kind="audio"))))
    assert shown.select_one(".media-consent-notice").get_text() == (
        "Cet enregistrement est hébergé par YouTube. Le lire charge du contenu depuis "
        "youtube-nocookie.com, qui peut déposer des cookies ou collecter des données."
    )
    assert shown.select_one("button").get_text() == (
        "Charger et lire l’enregistrement (The Alliance in two minutes)"
    )
    assert shown.select_one("a.media-consent-link").get_text().startswith("Écouter sur YouTube")
    assert shown.select_one("summary").get_text().startswith("Transcription")


def test_the_still_image_is_a_rendition_kept_on_this_site():
    image = still_image()
    shown = outside_templates(render(("media", media(url=YOUTUBE, still=image))))
    picture = shown.select_one(".media-consent-still img")
    assert picture["src"].startswith("/media/images/")
    assert picture["alt"] == "The mayor opens the seminar"  # the library's alt text
    assert shown.select(".media-consent-neutral") == []


# --- addresses ---------------------------------------------------------------------------


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


# --- library files -------------------------------------------------------------------------


def test_a_library_video_plays_from_this_site_and_downloads_nothing_before_play():
    clip, image = document("clip.mp4"), still_image()
    html = render(("media", media(document=clip, still=image)))
    video = html.select_one("video")
    assert video["preload"] == "none"
    assert video.has_attr("controls")
    assert video["poster"].startswith("/media/images/")
    assert video.source["src"] == clip.url
    assert video.source["type"] == "video/mp4"
    label = html.find(id=video["aria-labelledby"])
    assert label.get_text() == "The Alliance in two minutes"
    assert html.select("template, iframe, .media-consent") == []


def test_a_library_recording_plays_in_an_audio_player():
    interview = document("interview.m4a")
    html = render(("media", media(document=interview, kind="audio")))
    audio = html.select_one("audio")
    assert audio["preload"] == "none"
    assert audio.source["type"] == "audio/mp4"
    assert html.select("video") == []


def test_a_private_collections_file_never_reaches_anonymous_visitors():
    secret = document("board.mp4", collection=private_collection())
    page_html = str(render(("media", media(document=secret))))
    assert secret.url not in page_html
    assert "board.mp4" not in page_html
    assert "The Alliance in two minutes" in page_html  # the page's own text stays
    assert "Welcome to the Alliance." in page_html

    value = STREAM.normalize([("media", media(document=secret))])
    represented = StreamRepresentation(value, {"request": anonymous_request()}).data()
    assert represented[0]["value"]["file"] is None
    assert represented[0]["value"]["title"] == "The Alliance in two minutes"
    # Called directly (without the stream), the block applies the same rule.
    assert MediaBlock().get_api_representation(value[0].value, {})["file"] is None

    preview = render(("media", media(document=secret)), preview=True)
    assert preview.select_one("video source")["src"] == secret.url
    assert "Editors only: this file is in a private collection" in preview.get_text()


# --- the quality gate ------------------------------------------------------------------------


def page_with(*items: tuple[str, object]) -> StandardPage:
    page = StandardPage(title="Recordings", slug="recordings", introduction="Recordings.")
    page.body = STREAM.normalize(list(items))
    return page


def test_the_gate_asks_for_a_transcript_in_the_editors_language():
    page = page_with(
        ("media", media(url=YOUTUBE, transcript=RichText("<p> </p>"))),
        ("media", media(title="Interview", kind="audio", url=YOUTUBE, transcript=RichText(""))),
    )
    assert quality_problems(page) == [
        "The video “The Alliance in two minutes” has no transcript: add one so that people "
        "who cannot hear it can read what is said.",
        "The recording “Interview” has no transcript: add one so that people who cannot hear "
        "it can read it.",
    ]
    with translation.override("fr"):
        assert quality_problems(page)[0] == (
            "La vidéo « The Alliance in two minutes » n’a pas de transcription : ajoutez-en "
            "une pour que les personnes qui ne peuvent pas l’entendre puissent lire ce qui "
            "est dit."
        )
    page.body = STREAM.normalize([("media", media(url=YOUTUBE))])
    assert quality_problems(page) == []


def test_the_gate_asks_for_the_recording_a_draft_left_out():
    page = page_with(("media", media()))
    assert quality_problems(page) == [
        "The video “The Alliance in two minutes” has no file or address: choose one."
    ]


# --- the APIs ------------------------------------------------------------------------------


def test_the_api_gives_the_privacy_friendly_player_and_the_text():
    image = still_image()
    value = STREAM.normalize(
        [
            ("media", media(url="https://youtu.be/M7lc1UVf-VE", still=image, captions="EN")),
            ("media", media(document=document("clip.webm"), transcript=RichText(""))),
        ]
    )
    hosted, local = (
        item["value"] for item in StreamRepresentation(value, {"request": None}).data()
    )
    assert hosted == {
        "title": "The Alliance in two minutes",
        "kind": "video",
        "provider": "YouTube",
        "url": "https://youtu.be/M7lc1UVf-VE",
        "embed_url": "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE",
        "file": None,
        "still": hosted["still"],
        "transcript": TRANSCRIPT,
        "captions": "EN",
    }
    assert hosted["still"]["id"] == image.pk
    assert hosted["still"]["alt"] == "The mayor opens the seminar"
    assert set(hosted["still"]["renditions"]) >= {"medium", "large_webp"}
    assert local["provider"] is None and local["embed_url"] is None and local["url"] is None
    assert local["file"]["title"] == "Recording clip.webm"
    assert local["transcript"] == ""


# --- the embed block and the block picker ---------------------------------------------------


def test_the_embed_block_waits_too_and_never_asks_a_known_host():
    html = render(("embed", YOUTUBE))
    shown = outside_templates(html)
    assert shown.find_all("iframe") == []
    assert "This video is hosted by YouTube." in shown.get_text()
    frame = BeautifulSoup(html.select_one("template").decode_contents(), "html.parser").iframe
    assert frame["src"].startswith("https://www.youtube-nocookie.com/embed/M7lc1UVf-VE")
    assert frame["title"] == "Video on YouTube"
    assert Embed.objects.count() == 0  # no oEmbed call to YouTube to render it


def test_another_providers_embed_waits_behind_the_same_placeholder():
    # As Wagtail keeps a provider's answer (so that the test asks no one).
    Embed.objects.create(
        url="https://media.example.org/talk",
        hash=get_embed_hash("https://media.example.org/talk"),
        type="video",
        html='<iframe src="https://media.example.org/player/talk"></iframe>',
        provider_name="Example Media",
        title="The talk",
    )
    html = render(("embed", "https://media.example.org/talk"))
    shown = outside_templates(html)
    assert shown.find_all("iframe") == []
    assert shown.select_one(".media-consent-notice").get_text() == (
        "This content is hosted by Example Media. Showing it loads content from Example "
        "Media, which may set cookies or collect data."
    )
    assert "media.example.org/player/talk" in html.select_one("template").decode_contents()


def test_the_block_picker_shows_a_preview_without_any_image(client, administrator):
    client.force_login(administrator)
    block = STREAM.child_blocks["media"]
    assert block.is_previewable
    response = client.get("/admin/block-preview/", {"id": block.definition_prefix})
    assert response.status_code == 200
    shown = outside_templates(BeautifulSoup(response.content, "html.parser"))
    assert "The Alliance in two minutes" in shown.get_text()
    assert shown.select(".media-consent-neutral")
    assert shown.find_all("iframe") == []
    assert block.get_description().startswith("A video or recording with its transcript.")
