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
from cms.core.blocks.media import ConsentEmbedBlock, MediaBlock, MediaDict
from cms.workflow.quality import quality_problems
from home.models import StandardPage
from tests.cms.core.translating import translate_and_publish
from tests.home.factories import StandardPageFactory

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
    # Decorative: the player's title and notice say what it is, in the page's language
    # (the library's alt text is in one language only).
    assert picture["alt"] == ""
    assert shown.select(".media-consent-neutral") == []


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


def test_another_providers_embed_is_linked_never_framed():
    # What Wagtail kept of the provider's answer when the embed was first shown.
    Embed.objects.create(
        url="https://media.example.org/talk",
        hash=get_embed_hash("https://media.example.org/talk"),
        type="video",
        html='<iframe src="https://media.example.org/player/talk"></iframe>',
        provider_name="Example Media",
        title="The talk",
    )
    html = render(("embed", "https://media.example.org/talk"))
    assert html.find_all(["iframe", "template", "script", "button"]) == []
    assert html.select_one(".media-consent-notice").get_text() == (
        "This content is hosted by Example Media, whose player this site does not load."
    )
    link = html.select_one("a.media-consent-link")
    assert link["href"] == "https://media.example.org/talk"
    assert link.get_text() == "Open it on the host's site (The talk)"

    unknown = render(("embed", "https://media.example.org/other"))
    assert unknown.select_one(".media-consent-notice").get_text() == (
        "This content is hosted by another site, whose player this site does not load."
    )
    assert Embed.objects.count() == 1  # nobody was asked about the second address


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


# --- on real pages ---------------------------------------------------------------------------

FRENCH = {
    "The Alliance in two minutes": "L’Alliance en deux minutes",
    "Welcome to the Alliance.": "Bienvenue dans l’Alliance.",
    "Captions in English": "Sous-titres en anglais",
}


@pytest.fixture
def recordings_page(home_en, home_fr) -> StandardPage:
    page = StandardPageFactory(parent=home_en, title="Recordings", slug="recordings")
    page.body = [("media", media(url=YOUTUBE, captions="Captions in English"))]
    page.save_revision().publish()
    return page


def translate(page: StandardPage) -> StandardPage:
    return translate_and_publish(page, FRENCH)


def test_the_title_and_transcript_are_translated_with_the_page(client, recordings_page):
    french = translate(recordings_page)
    response = client.get(french.url)
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    shown = outside_templates(html)
    assert shown.select_one(".media-title").get_text() == "L’Alliance en deux minutes"
    assert shown.select_one(".media-captions").get_text() == "Sous-titres en anglais"
    assert shown.select_one(".media-transcript-text").get_text() == "Bienvenue dans l’Alliance."
    assert (
        shown.select_one(".media-consent-notice")
        .get_text()
        .startswith("Cette vidéo est hébergée par YouTube.")
    )
    frame = BeautifulSoup(html.select_one("template").decode_contents(), "html.parser").iframe
    assert frame["title"] == "L’Alliance en deux minutes"
    assert shown.find_all("iframe") == []


@pytest.mark.parametrize("version", ["v2", "v3"])
def test_both_apis_give_the_block(client, recordings_page, version):
    data = client.get(f"/api/{version}/pages/{recordings_page.pk}/").json()
    value = next(block["value"] for block in data["body"] if block["type"] == "media")
    assert value["embed_url"] == "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE"
    assert value["provider"] == "YouTube"
    assert value["transcript"] == TRANSCRIPT


def test_the_openapi_document_types_the_block(client):
    schemas = client.get("/api/v3/openapi.json").json()["components"]["schemas"]
    media_type = schemas["MediaDict"]["properties"]
    assert set(media_type) == set(MediaDict.__annotations__)
    assert set(schemas["MediaDict"]["required"]) == set(MediaDict.__annotations__)
