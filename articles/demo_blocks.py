"""The editor's toolbox in the demo's seminar report, in English and French.

The Lithuanian seminar's page uses each block an editor would reach for in a report: its
agenda as a table, the key figure of its attendance, its programme as a document, a
note, and a video behind the click-to-load placeholder. The video is a public sample
clip standing in for a recording, and says so: the demo has no recording of the seminar.
"""

from __future__ import annotations

import datetime
from typing import Any

from wagtail.contrib.typed_table_block.blocks import TypedTable
from wagtail.rich_text import RichText

from cms.core.blocks import BaseStreamBlock
from cms.demo_kit.loader import DemoLoader, Text

T = Text
SEMINAR_DAY = datetime.date(2015, 12, 17)

AGENDA_CAPTION = T("Programme of the seminar", "Programme du séminaire")
AGENDA_HEADINGS = [T("Session", "Séance"), T("Date", "Date"), T("Topic", "Thème")]
ATTENDANCE_TITLE = T("Attendance", "Participation")
ATTENDANCE_TEXT = T(
    "elected officials and senior civil servants of Lithuanian cities and regions",
    "élus et hauts fonctionnaires de villes et de régions lituaniennes",
)
NOTE_TITLE = T("Earlier national seminars", "Séminaires nationaux précédents")
NOTE_TEXT = T(
    "Similar national seminars had already taken place in France, Spain and Serbia.",
    "Des séminaires nationaux similaires avaient déjà eu lieu en France, en Espagne et en Serbie.",
)
DOCUMENTS_HEADING = T("Documents", "Documents")
PROGRAMME_TITLE = T("Programme of the national seminar", "Programme du séminaire national")
VIDEO_TITLE = T(
    "Sample video standing in for a seminar recording",
    "Vidéo d’exemple à la place d’un enregistrement du séminaire",
)
VIDEO_TRANSCRIPT = T(
    "This demo has no recording of the seminar: a public sample clip shows how a video "
    "waits for the visitor’s consent before anything loads from the video host.",
    "Cette démonstration n’a pas d’enregistrement du séminaire : un extrait public "
    "d’exemple montre comment une vidéo attend l’accord du visiteur avant que rien ne soit "
    "chargé depuis l’hébergeur.",
)
# A public sample clip (YouTube's embedding example), played through youtube-nocookie.com.
SAMPLE_VIDEO_URL = "https://www.youtube.com/watch?v=M7lc1UVf-VE"


def report_toolbox(loader: DemoLoader, topics: list[Text]) -> tuple[list[Any], list[Text]]:
    """The report's extra body blocks (English) and every text its translation needs."""
    programme = loader.document(
        PROGRAMME_TITLE.en,
        [
            "Trakai, near Vilnius, 17 December 2015",
            *(f"{number}. {topic.en}" for number, topic in enumerate(topics, start=1)),
        ],
    )
    still = loader.image(
        "Demo illustration: the seminar room",
        alt="A drawn placeholder for the seminar room, with the words “Demo illustration”.",
        credit="CoE",
    )
    table_block = BaseStreamBlock().child_blocks["table"].child_blocks["table"]
    columns = [
        {"block": table_block.child_blocks[kind], "heading": heading.en}
        for kind, heading in zip(("number", "date", "text"), AGENDA_HEADINGS, strict=True)
    ]
    rows = [
        {"values": [number, SEMINAR_DAY, topic.en]} for number, topic in enumerate(topics, start=1)
    ]
    blocks = [
        (
            "table",
            {
                "table": TypedTable(columns=columns, row_data=rows, caption=AGENDA_CAPTION.en),
                "first_column_is_header": True,
            },
        ),
        (
            "callout",
            {
                "kind": "key_figure",
                "title": ATTENDANCE_TITLE.en,
                "figure": "23",
                "text": RichText(f"<p>{ATTENDANCE_TEXT.en}</p>"),
            },
        ),
        (
            "callout",
            {
                "kind": "note",
                "title": NOTE_TITLE.en,
                "figure": "",
                "text": RichText(f"<p>{NOTE_TEXT.en}</p>"),
            },
        ),
        (
            "document_list",
            {
                "heading": DOCUMENTS_HEADING.en,
                "documents": [{"document": programme, "title": "", "language": "en"}],
            },
        ),
        (
            "media",
            {
                "title": VIDEO_TITLE.en,
                "kind": "video",
                "document": None,
                "url": SAMPLE_VIDEO_URL,
                "still": still,
                "transcript": RichText(f"<p>{VIDEO_TRANSCRIPT.en}</p>"),
                "captions": "",
            },
        ),
    ]
    texts = [
        AGENDA_CAPTION,
        *AGENDA_HEADINGS,
        ATTENDANCE_TITLE,
        T("23", "23"),  # the key figure: a number, the same in French
        ATTENDANCE_TEXT,
        NOTE_TITLE,
        NOTE_TEXT,
        DOCUMENTS_HEADING,
        VIDEO_TITLE,
        VIDEO_TRANSCRIPT,
    ]
    return blocks, texts
