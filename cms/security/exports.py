"""CSV exports that a spreadsheet cannot run: one writer for every admin export.

Every CSV the admin offers (membership applications, the search reports, the audit
log, form submissions, the translation status report) is written by Wagtail's
``SpreadsheetExportMixin.stream_csv``. Visitors type some of those values (a join
form's authority name, a search query), and a cell such as ``=HYPERLINK(...)`` would
run as a formula when a reviewer opens the file. XLSX exports already store such cells
as text; for CSV, ``install()`` makes that one writer prefix a single quote to any text
cell that starts like a formula (OWASP "CSV injection": ``= + - @``, tab, carriage
return), headings included, so that no export, present or future, can forget it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from typing import Any

from wagtail.admin.views.mixins import Echo, SpreadsheetExportMixin

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """The value as a spreadsheet should show it: text that starts like a formula gets a
    leading quote; numbers, dates and other text are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class FormulaSafeDictWriter(csv.DictWriter):
    """``csv.DictWriter`` whose every cell goes through :func:`neutralise`."""

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow({key: neutralise(value) for key, value in rowdict.items()})


def _stream_csv(self: Any, queryset: Any) -> Iterator[bytes]:
    """``SpreadsheetExportMixin.stream_csv`` (Wagtail 8.0), with the safe writer."""
    writer = FormulaSafeDictWriter(Echo(), fieldnames=self.list_export)
    yield writer.writerow({field: self.get_heading(queryset, field) for field in self.list_export})
    for item in queryset:
        yield self.write_csv_row(writer, self.to_row_dict(item))


def install() -> None:
    """Called from ``CmsConfig.ready``: every CSV export writes through the safe writer."""
    SpreadsheetExportMixin.stream_csv = _stream_csv
