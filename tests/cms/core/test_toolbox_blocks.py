"""The editor's toolbox (issue #21): table, accordion / FAQ, document list and call-out.

Each block renders in the page's language, goes through wagtail-localize segment by
segment, appears in both APIs and in API v3's OpenAPI document, and is refused by the
quality gate when a reader could not use it.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import translation
from wagtail.contrib.typed_table_block.blocks import TypedTable
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.rich_text import RichText

from cms.core.blocks import BaseStreamBlock
from cms.workflow.quality import quality_problems
from home.models import StandardPage
from tests.cms.core.translating import translate_and_publish
from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

FRENCH = {
    "Programme of the seminar": "Programme du séminaire",
    "Day": "Jour",
    "Session": "Séance",
    "Participants": "Participants",
    "Opening": "Ouverture",
    "Site visits": "Visites de terrain",
    "Questions": "Questions",
    "Who can join?": "Qui peut adhérer ?",
    "Any city or region.": "Toute ville ou région.",
    "Presentations": "Présentations",
    "Slides of the opening": "Diapositives de l’ouverture",
    "Member cities": "Villes membres",
    "cities and regions": "villes et régions",
    "The Kaunas meeting is postponed.": "La réunion de Kaunas est reportée.",
    "Next seminars": "Prochains séminaires",
}


def document(title: str, collection: Collection | None = None, name: str = "slides.pdf"):
    extra = {"collection": collection} if collection is not None else {}
    created = get_document_model()(
        title=title, file=ContentFile(b"%PDF-1.4\n" + b"x" * 2048, name=name), **extra
    )
    created._set_document_file_metadata()  # as the admin's upload form does
    created.save()
    return created


def private_collection() -> Collection:
    board = Collection.get_first_root_node().add_child(name="Board papers")
    CollectionViewRestriction.objects.create(
        collection=board, restriction_type=CollectionViewRestriction.PASSWORD, password="x"
    )
    return board


def agenda(caption: str = "Programme of the seminar", headings=("Day", "Session", "Participants")):
    block = BaseStreamBlock().child_blocks["table"].child_blocks["table"]
    columns = [
        {"block": block.child_blocks[kind], "heading": heading}
        for kind, heading in zip(("date", "text", "number"), headings, strict=True)
    ]
    rows = [
        {"values": [datetime.date(2026, 3, 3), "Opening", Decimal("1234.5")]},
        {"values": [datetime.date(2026, 3, 4), "Site visits", Decimal("45")]},
    ]
    return TypedTable(columns=columns, row_data=rows, caption=caption)


def body(slides, board_minutes) -> list:
    return [
        ("table", {"table": agenda(), "first_column_is_header": True}),
        (
            "accordion",
            {
                "heading": "Questions",
                "is_faq": True,
                "items": [
                    {
                        "question": "Who can join?",
                        "answer": RichText("<p>Any city or region.</p>"),
                    }
                ],
            },
        ),
        (
            "document_list",
            {
                "heading": "Presentations",
                "documents": [
                    {"document": slides, "title": "Slides of the opening", "language": "fr"},
                    {"document": board_minutes, "title": "", "language": ""},
                ],
            },
        ),
        (
            "callout",
            {
                "kind": "key_figure",
                "title": "Member cities",
                "figure": "130",
                "text": RichText("<p>cities and regions</p>"),
            },
        ),
        (
            "callout",
            {
                "kind": "warning",
                "title": "",
                "figure": "",
                "text": RichText("<p>The Kaunas meeting is postponed.</p>"),
            },
        ),
        (
            "upcoming_events",
            {"heading": "Next seminars", "country": "LT", "topic": None, "count": 3},
        ),
    ]


@pytest.fixture
def documents():
    return document("Opening slides"), document("Board minutes", private_collection())


@pytest.fixture
def page(home_en, home_fr, documents) -> StandardPage:
    page = StandardPageFactory(parent=home_en, title="Seminar", slug="seminar")
    page.body = body(*documents)
    page.save_revision().publish()
    return page


def translate(page: StandardPage) -> StandardPage:
    return translate_and_publish(page, FRENCH)


def soup(client: Client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def test_the_table_has_a_caption_headers_and_cells_in_the_readers_conventions(client, page):
    html = soup(client, page.url)
    table = html.select_one(".block-table table")
    assert table.caption.get_text() == "Programme of the seminar"
    assert [th.get_text() for th in table.select("thead th[scope=col]")] == [
        "Day",
        "Session",
        "Participants",
    ]
    first_row = table.select("tbody tr")[0]
    assert first_row.th["scope"] == "row"  # the first column names the row
    assert first_row.th.get_text() == "March 3, 2026"
    assert [td.get_text() for td in first_row.select("td")] == ["Opening", "1,234.5"]
    assert html.select_one(".block-table")["aria-label"] == "Programme of the seminar"


def test_each_block_goes_through_translation_segment_by_segment(client, page):
    french = translate(page)
    html = soup(client, french.url)
    table = html.select_one(".block-table table")
    assert table.caption.get_text() == "Programme du séminaire"
    assert [th.get_text() for th in table.select("thead th")] == ["Jour", "Séance", "Participants"]
    first_row = table.select("tbody tr")[0]
    # Dates and numbers are the source's values, shown in French conventions.
    assert first_row.th.get_text() == "3 mars 2026"
    assert [td.get_text().replace("\xa0", " ") for td in first_row.select("td")] == [
        "Ouverture",
        "1 234,5",
    ]
    assert html.select_one(".block-accordion summary").get_text() == "Qui peut adhérer ?"
    assert html.select_one(".accordion-answer").get_text(strip=True) == "Toute ville ou région."
    link = html.select_one(".block-document-list a")
    assert link.get_text() == "Diapositives de l’ouverture"
    assert link["hreflang"] == "fr"
    assert "en français" in html.select_one(".block-document-list .document-meta").get_text()
    assert "villes et régions" in html.select_one(".callout--key_figure").get_text()
    warning = html.select_one(".callout--warning").get_text(" ", strip=True)
    assert warning.startswith("Avertissement")
    assert "La réunion de Kaunas est reportée." in warning
    assert html.select_one(".upcoming-events h2").get_text() == "Prochains séminaires"


def test_the_faq_is_described_to_search_engines(client, page):
    html = soup(client, page.url)
    scripts = [json.loads(s.string) for s in html.select('script[type="application/ld+json"]')]
    faq = next(data for data in scripts if data.get("@type") == "FAQPage")
    assert faq["mainEntity"] == [
        {
            "@type": "Question",
            "name": "Who can join?",
            "acceptedAnswer": {"@type": "Answer", "text": "Any city or region."},
        }
    ]
    # A disclosure the browser draws: no script needed to open it.
    assert html.select_one(".block-accordion details summary") is not None


def test_a_private_collections_document_is_never_listed(client, page, documents):
    html = soup(client, page.url)
    titles = [a.get_text() for a in html.select(".block-document-list a")]
    assert titles == ["Slides of the opening"]
    assert "Board minutes" not in html.get_text()
    meta = html.select_one(".block-document-list .document-meta").get_text()
    assert meta == "(PDF, 2.0\xa0KB, in French)"
    for version in ("v2", "v3"):
        data = client.get(f"/api/{version}/pages/{page.pk}/").json()
        assert "Board minutes" not in json.dumps(data)


@pytest.mark.parametrize("version", ["v2", "v3"])
def test_both_apis_give_front_end_ready_json(client, page, version):
    data = client.get(f"/api/{version}/pages/{page.pk}/").json()
    blocks = {block["type"]: block["value"] for block in data["body"]}
    table = blocks["table"]
    assert table["caption"] == "Programme of the seminar"
    assert table["first_column_is_header"] is True
    assert table["columns"] == [
        {"type": "date", "heading": "Day"},
        {"type": "text", "heading": "Session"},
        {"type": "number", "heading": "Participants"},
    ]
    assert table["rows"][0] == [
        {"value": "2026-03-03", "text": "March 3, 2026"},
        {"value": "Opening", "text": "Opening"},
        {"value": 1234.5, "text": "1,234.5"},
    ]
    assert blocks["accordion"]["items"][0]["question"] == "Who can join?"
    assert blocks["accordion"]["is_faq"] is True
    (listed,) = blocks["document_list"]["documents"]
    assert listed["title"] == "Slides of the opening"
    assert (listed["file_type"], listed["file_size"], listed["language"]) == ("PDF", 2057, "fr")
    assert "/documents/" in listed["document"]["url"]
    assert listed["document"]["url"].endswith(".pdf")
    assert blocks["callout"]["kind"] in {"key_figure", "warning"}


def test_the_french_api_gives_french_cells(client, page):
    french = translate(page)
    data = client.get(f"/api/v3/pages/{french.pk}/").json()
    table = next(block["value"] for block in data["body"] if block["type"] == "table")
    assert table["caption"] == "Programme du séminaire"
    assert table["rows"][0][0] == {"value": "2026-03-03", "text": "3 mars 2026"}


def test_the_openapi_document_types_the_new_blocks(client):
    schemas = client.get("/api/v3/openapi.json").json()["components"]["schemas"]
    assert {"TableDict", "TableCellDict", "DocumentListDict"} <= set(schemas)
    assert {"MediaDict", "UpcomingEventsDict", "UpcomingEventDict"} <= set(schemas)
    cell = schemas["TableCellDict"]["properties"]["value"]
    assert {option.get("type") for option in cell["anyOf"]} == {"string", "number", "null"}
    assert "is_faq" in schemas["AccordionBlockValue"]["properties"]
    assert {"kind", "figure", "text"} <= set(schemas["CalloutBlockValue"]["properties"])


def gate(home_en, *blocks_) -> list[str]:
    slug = f"draft-{StandardPage.objects.count()}"
    page = StandardPage(title="Draft", slug=slug, introduction="Intro.", body=list(blocks_))
    home_en.add_child(instance=page)
    return quality_problems(page)


def test_the_gate_refuses_a_table_without_caption_or_headings(home_en):
    problems = gate(home_en, ("table", {"table": agenda(caption="", headings=("Day", "", "N"))}))
    assert any("A table has no caption" in problem for problem in problems)
    assert any("needs a heading for every column" in problem for problem in problems)
    assert gate(home_en, ("table", {"table": agenda()})) == []


def test_the_gate_refuses_an_accordion_item_without_question_or_answer(home_en):
    items = [
        {"question": "", "answer": RichText("<p>An answer.</p>")},
        {"question": "Who?", "answer": RichText("")},
    ]
    problems = gate(home_en, ("accordion", {"heading": "", "is_faq": False, "items": items}))
    assert problems == [
        "Item 1 of an accordion has no question or heading: write the words a reader "
        "clicks to open it.",
        "The accordion item “Who?” has no answer.",
    ]


def test_the_gate_refuses_empty_call_outs_in_the_editors_language(home_en):
    empty_figure = {"kind": "key_figure", "title": "", "figure": "", "text": RichText("")}
    empty_note = {"kind": "note", "title": "Dates", "figure": "", "text": RichText("")}
    with translation.override("fr"):
        problems = gate(home_en, ("callout", empty_figure), ("callout", empty_note))
    assert problems == [
        "Un chiffre clé n’a pas de chiffre : saisissez le nombre à afficher.",
        "Un chiffre clé ne dit pas ce qu’il compte : écrivez-le dans le texte.",
        "L’encadré « Dates » n’a pas de texte : écrivez ce que les lecteurs doivent savoir.",
    ]


@pytest.mark.parametrize("name", ["table", "accordion", "document_list", "callout"])
def test_each_block_has_a_preview_in_the_block_picker(client, name, documents, administrator):
    client.force_login(administrator)
    block = BaseStreamBlock().child_blocks[name]
    assert block.is_previewable
    response = client.get("/admin/block-preview/", {"id": block.definition_prefix})
    assert response.status_code == 200, response.status_code
    expected = {
        "table": "Programme of the national seminar",
        "accordion": "Who can join the Alliance?",
        "document_list": "Opening slides",
        "callout": "cities and regions in 29 countries",
    }[name]
    assert expected in response.content.decode()


def test_the_page_editor_opens_a_body_with_the_new_blocks(client, page, administrator):
    """The admin packs every block for its editor (telepath): a block that cannot be
    packed would break the whole edit view."""
    client.force_login(administrator)
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Table", "Accordion / FAQ", "Document list", "Call-out", "Upcoming events"):
        assert label in html, label
    assert "Programme of the seminar" in html  # the table's value, in the form's state
