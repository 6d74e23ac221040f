"""The table block: typed columns (text, number, date), a caption, a header row and
optionally a header column.

Wagtail's ``TypedTableBlock`` edits the table; this module adds what an institutional
site needs around it: cells shown in the reader's conventions (``1 234,5`` and
« 3 mars 2026 » in French), front-end-ready JSON for both APIs, translation cell by cell
with wagtail-localize (which does not know typed tables), and the gate's rules (a table
needs a caption and column headings to be understood with a screen reader).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import formats, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from typing_extensions import TypedDict
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTable, TypedTableBlock
from wagtail_localize.segments import StringSegmentValue

NUMBER, DATE = "number", "date"


class TableCellDict(TypedDict):
    """One cell: ``value`` for computing (a number, an ISO date, text), ``text`` as the
    page shows it, in its language's conventions."""

    value: str | float | None
    text: str


class TableColumnDict(TypedDict):
    type: str
    heading: str


class TableDict(TypedDict):
    caption: str
    first_column_is_header: bool
    columns: list[TableColumnDict]
    rows: list[list[TableCellDict]]


class TranslatableTypedTableBlock(TypedTableBlock):
    """A typed table whose caption, headings and text cells wagtail-localize extracts as
    segments and writes back; numbers and dates stay the source's (synchronised)."""

    # Cells may stay empty: a figure not known, a day not set yet.
    text = blocks.CharBlock(label=_("Text"), required=False)
    number = blocks.DecimalBlock(label=_("Number"), required=False)
    date = blocks.DateBlock(label=_("Date"), required=False)

    def get_translatable_segments(self, table: TypedTable) -> list[StringSegmentValue]:
        segments = []
        if table.caption:
            segments.append(StringSegmentValue("caption", table.caption))
        for index, column in enumerate(table.columns):
            if column["heading"]:
                segments.append(StringSegmentValue(f"heading-{index}", column["heading"]))
        for row_index, row in enumerate(table.row_data):
            for column_index, column in enumerate(table.columns):
                cell = row["values"][column_index]
                if column["block"].name == "text" and cell:
                    segments.append(StringSegmentValue(f"cell-{row_index}-{column_index}", cell))
        return segments

    def restore_translated_segments(self, table: TypedTable, segments: list[Any]) -> TypedTable:
        translated = {segment.path: segment.render_text() for segment in segments}
        columns = [
            {**column, "heading": translated.get(f"heading-{index}", column["heading"])}
            for index, column in enumerate(table.columns)
        ]
        rows = [
            {
                "values": [
                    translated.get(f"cell-{row_index}-{column_index}", cell)
                    for column_index, cell in enumerate(row["values"])
                ]
            }
            for row_index, row in enumerate(table.row_data)
        ]
        return TypedTable(
            columns=columns, row_data=rows, caption=translated.get("caption", table.caption)
        )


def cell_text(kind: str, value: Any) -> str:
    """A cell as the reader expects it in the active language."""
    if value is None or value == "":
        return ""
    if kind == NUMBER:
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    if kind == DATE:
        return formats.date_format(value, "DATE_FORMAT", use_l10n=True)
    return str(value)


def cell_value(kind: str, value: Any) -> str | float | None:
    if value is None or value == "":
        return None
    if kind == NUMBER and isinstance(value, Decimal):
        return float(value)
    if kind == DATE and isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _preview_table() -> dict[str, Any]:
    return {
        "caption": gettext("Programme of the national seminar"),
        "columns": [
            {"type": "date", "heading": gettext("Day")},
            {"type": "text", "heading": gettext("Session")},
            {"type": "number", "heading": gettext("Participants")},
        ],
        "rows": [
            {"values": ["2026-03-03", gettext("Opening and welcome"), "120"]},
            {"values": ["2026-03-04", gettext("Site visits"), "45"]},
        ],
    }


class TableBlock(blocks.StructBlock):
    """A data table, such as a seminar's agenda or figures per city."""

    table = TranslatableTypedTableBlock(label=_("table"))
    first_column_is_header = blocks.BooleanBlock(
        label=_("first column holds row headings"),
        required=False,
        default=False,
        help_text=_("Tick when each row is named by its first cell, e.g. a city or a day."),
    )

    api_type = TableDict

    class Meta:
        icon = "table"
        label = _("Table")
        template = "blocks/table_block.html"
        description = _("Rows and columns of text, numbers or dates, with a caption.")
        preview_value = {"table": _preview_table, "first_column_is_header": True}

    def get_preview_value(self) -> Any:
        # The preview's texts are translated when the preview is drawn, not at start-up.
        return self.normalize({"table": _preview_table(), "first_column_is_header": True})

    def rows(self, value: Any) -> list[list[dict[str, Any]]]:
        """Each cell with its column's kind and text, for the template."""
        table = value["table"]
        kinds = [column["block"].name for column in table.columns]
        return [
            [
                {"kind": kind, "text": cell_text(kind, cell)}
                for kind, cell in zip(kinds, row["values"], strict=False)
            ]
            for row in table.row_data
        ]

    def get_context(self, value: Any, parent_context: dict | None = None) -> dict:
        context = super().get_context(value, parent_context=parent_context)
        context["columns"] = value["table"].columns
        context["rows"] = self.rows(value)
        return context

    def get_api_representation(self, value: Any, context: dict | None = None) -> TableDict:
        page = (context or {}).get("page")
        if page is not None and getattr(page, "locale", None) is not None:
            # Cells read as on the page: the API may answer in another active language.
            with translation.override(page.locale.language_code):
                return self._represent(value)
        return self._represent(value)

    def _represent(self, value: Any) -> TableDict:
        table = value["table"]
        kinds = [column["block"].name for column in table.columns]
        return {
            "caption": table.caption,
            "first_column_is_header": bool(value.get("first_column_is_header")),
            "columns": [
                {"type": kind, "heading": column["heading"]}
                for kind, column in zip(kinds, table.columns, strict=False)
            ],
            "rows": [
                [
                    {"value": cell_value(kind, cell), "text": cell_text(kind, cell)}
                    for kind, cell in zip(kinds, row["values"], strict=False)
                ]
                for row in table.row_data
            ],
        }

    def quality_problems(self, value: Any) -> list[str]:
        table = value["table"]
        name = table.caption or gettext("without a caption")
        problems = []
        if not table.caption.strip():
            problems.append(
                gettext(
                    "A table has no caption: say in a few words what it shows, so that "
                    "screen reader users can decide whether to read it."
                )
            )
        if not table.columns or not all(column["heading"].strip() for column in table.columns):
            problems.append(
                gettext("The table “%(name)s” needs a heading for every column.") % {"name": name}
            )
        if not table.row_data:
            problems.append(gettext("The table “%(name)s” has no rows.") % {"name": name})
        return problems
