"""API v2: what is chosen inside StreamField blocks (images, pages, documents, the
terminology note) comes as the objects a front end can show, never as bare ids, and
never reveals what an anonymous visitor may not see."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction
from wagtail.rich_text import RichText

from tests.cms.api.conftest import make_image
from tests.home.factories import TerminologyNoteFactory

pytestmark = pytest.mark.django_db

CTA = {"title": "Read", "text": "", "url": "", "button_label": "Go"}


@pytest.fixture(autouse=True)
def fresh_rendition_cache():
    """Image ids come back after a test's rollback (SQLite), and Wagtail's rendition cache
    is keyed by image id: without this, an image could show a previous test's files."""
    from django.core.cache import caches

    caches["renditions"].clear()


def make_document(title: str, collection: Collection | None = None):
    extra = {"collection": collection} if collection is not None else {}
    return get_document_model().objects.create(
        title=title, file=ContentFile(b"minutes\n", name="minutes.txt"), **extra
    )


def private_collection() -> Collection:
    board = Collection.get_first_root_node().add_child(name="Board papers")
    CollectionViewRestriction.objects.create(
        collection=board, restriction_type=CollectionViewRestriction.PASSWORD, password="x"
    )
    return board.add_child(name="Board papers 2024")  # restricted through its parent


def body_values(client, page_id: int, **params: str) -> list:
    response = client.get(f"/api/v2/pages/{page_id}/", params)
    assert response.status_code == 200, response.content
    return [block["value"] for block in response.json()["body"]]


def test_chosen_images_are_the_objects_of_image_fields(client, site):
    photo, removed = make_image("Body photo"), make_image("Removed later")
    article = site.article
    article.listing_image = photo
    article.body = [
        ("image", {"image": photo, "caption": "At the school"}),
        ("image", {"image": removed, "caption": ""}),
    ]
    article.save_revision().publish()
    removed.delete()

    data = client.get(f"/api/v2/pages/{article.pk}/").json()
    image, gone = (block["value"] for block in data["body"])
    # The same object as the image field, with the text of this use (its caption).
    assert image["image"] == {**data["listing_image"], "caption": "At the school"}
    assert image["caption"] == "At the school"
    assert image["image"]["alt"] == "The delegation in front of the community centre"
    assert (image["image"]["credit"], image["image"]["width"], image["image"]["height"]) == (
        "CoE",
        1200,
        800,
    )
    renditions = image["image"]["renditions"]
    assert set(renditions) == {
        "thumbnail",
        "medium",
        "large",
        "thumbnail_webp",
        "medium_webp",
        "large_webp",
    }
    assert renditions["large_webp"]["url"].startswith("http://testserver/media/")
    assert renditions["large_webp"]["url"].endswith(".webp")
    assert client.get(renditions["thumbnail"]["url"]).status_code == 200
    assert gone["image"] is None  # a deleted image does not break the page


def test_chosen_pages_are_small_objects_and_hidden_ones_are_null(client, site):
    private = site.participant
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    article = site.article
    article.body = [
        ("call_to_action", {**CTA, "page": site.report}),
        ("call_to_action", {**CTA, "page": site.draft}),
        ("call_to_action", {**CTA, "page": private}),
        ("call_to_action", {**CTA, "page": None, "url": "https://example.org/"}),
    ]
    article.save_revision().publish()

    response = client.get(f"/api/v2/pages/{article.pk}/")
    live, draft, restricted, external = (block["value"] for block in response.json()["body"])
    assert live["page"] == {
        "id": site.report.pk,
        "type": "articles.SeminarReportPage",
        "title": "Seminar in Lithuania",
        "url": "http://testserver/en/news/lithuania-seminar/",
        "locale": "en",
    }
    assert draft["page"] is None and restricted["page"] is None
    assert "Secret draft" not in response.content.decode()
    assert "Veldhoven" not in response.content.decode()
    assert external["page"] is None and external["url"] == "https://example.org/"


def test_chosen_documents_have_a_download_link_unless_private_or_deleted(client, site):
    minutes, secret, removed = (
        make_document("Seminar minutes"),
        make_document("Board minutes", private_collection()),
        make_document("Withdrawn"),
    )
    article = site.article
    article.body = [
        ("document", {"document": document, "title": ""}) for document in (minutes, secret, removed)
    ]
    article.save_revision().publish()
    removed.delete()

    response = client.get(f"/api/v2/pages/{article.pk}/")
    public, private, gone = (block["value"]["document"] for block in response.json()["body"])
    assert public == {
        "id": minutes.pk,
        "title": "Seminar minutes",
        # The stored name: another test of this process may have kept a minutes.txt.
        "url": f"http://testserver/documents/{minutes.pk}/{Path(minutes.file.name).name}",
    }
    download = client.get(public["url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"minutes\n"
    assert private is None and gone is None
    assert "Board minutes" not in response.content.decode()


def test_terminology_note_in_the_page_language_and_never_a_draft(client, site, locales):
    note = TerminologyNoteFactory(
        title="Please note", text='<p>See <a href="https://coe.int">CoE</a></p>'
    )
    note_fr = note.copy_for_translation(locales["fr"])
    note_fr.title, note_fr.text, note_fr.live = "À noter", "<p>Voir le Conseil.</p>", True
    note_fr.save()
    report = site.report
    report.body = [("terminology_note", note)]
    report.save_revision().publish()
    report_fr = site.report_fr
    report_fr.body = [("terminology_note", note)]  # as synchronised from the source
    report_fr.save_revision().publish()

    english = body_values(client, report.pk)[0]
    assert english == {
        "id": note.pk,
        "title": "Please note",
        "text": '<p>See <a href="https://coe.int">CoE</a></p>',
        "locale": "en",
    }
    french = body_values(client, report_fr.pk)[0]
    assert french == {
        "id": note_fr.pk,
        "title": "À noter",
        "text": "<p>Voir le Conseil.</p>",
        "locale": "fr",
    }

    # Unpublished in French: the French page shows the live English note, as on the site.
    note_fr.title, note_fr.live = "Brouillon secret", False
    note_fr.save()
    assert body_values(client, report_fr.pk)[0]["locale"] == "en"
    # Nothing live: null, and no draft wording in the response.
    note.live = False
    note.save()
    response = client.get(f"/api/v2/pages/{report_fr.pk}/")
    assert response.json()["body"][0]["value"] is None
    assert "Brouillon secret" not in response.content.decode()


def test_rich_text_format_applies_inside_blocks(client, site):
    note = TerminologyNoteFactory(text="<p><b>Roma</b> and Travellers</p>")
    report = site.report
    report.body = [
        ("paragraph", RichText("<p><b>Body</b> text.</p>")),
        ("terminology_note", note),
    ]
    report.save_revision().publish()
    paragraph, shown = body_values(client, report.pk, rich_text_format="markdown")
    assert paragraph.strip() == "**Body** text."
    assert shown["text"].strip() == "**Roma** and Travellers"
    assert body_values(client, report.pk)[0] == "<p><b>Body</b> text.</p>"


def test_v2_and_v3_give_identical_block_values(client, site):
    note = TerminologyNoteFactory()
    report = site.report
    report.body = [
        ("image", {"image": make_image("Shared"), "caption": ""}),
        ("call_to_action", {**CTA, "page": site.article}),
        ("document", {"document": make_document("Report"), "title": "Download"}),
        ("terminology_note", note),
        ("heading", {"text": "Site visits", "level": "h2"}),
    ]
    report.gallery = [("image", {"image": make_image("Visit"), "caption": "The school"})]
    report.documents = [("document", {"document": make_document("Agenda"), "title": ""})]
    report.save_revision().publish()
    v2 = client.get(f"/api/v2/pages/{report.pk}/").json()
    v3 = client.get(f"/api/v3/pages/{report.pk}/").json()
    for field in ("body", "gallery", "documents"):
        assert v2[field] == v3[field], field
    assert v2["documents"][0]["value"]["document"]["title"] == "Agenda"


def test_untranslated_alias_shows_the_source_blocks_as_objects(client, site):
    """The French alias of an English article carries the article's blocks, with the
    chosen page as an object that names its own language."""
    article = site.article
    article.body = [("call_to_action", {**CTA, "page": site.report_fr})]
    article.save_revision().publish()
    value = body_values(client, site.alias_fr.pk)[0]
    assert value["page"] == {
        "id": site.report_fr.pk,
        "type": "articles.SeminarReportPage",
        "title": "Séminaire en Lituanie",
        "url": "http://testserver/fr/actualites/seminaire-lituanie/",
        "locale": "fr",
    }
