"""Measures the translation-status report and the page explorer at two content sizes.

Not part of the suite (the file name keeps pytest from collecting it); run by hand:

    SCALE_SIZES=1000,50000 .venv/bin/pytest tests/cms/translations/scale_measure.py -s

Seeds English standard pages under the home page in bulk (the French aliases that
wagtail-localize's tree sync makes, and a tracked translation with segments for one page
in ten, half of them translated), then prints, per size, the queries and the best of
three wall times of the report's first page, its 'out of date' filter, and the explorer
listing the home page's children (50 rows).
"""

from __future__ import annotations

import os
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from tests.cms.translations.seeding import bulk_pages, bulk_translations

pytestmark = pytest.mark.django_db(transaction=True)

SIZES = [int(size) for size in os.environ.get("SCALE_SIZES", "1000,50000").split(",")]


def _measure(client: Client, url: str) -> tuple[int, float]:
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    best = None
    for _attempt in range(3):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
            elapsed = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        best = elapsed if best is None else min(best, elapsed)
    return len(queries), best


def test_measure(home_en, home_fr, locales, administrator, editor, django_db_blocker):
    results = []
    seeded = 0
    for size in SIZES:
        bulk_pages(home_en, size - seeded, seeded, home_fr)
        new = list(
            Page.objects.filter(depth=home_en.depth + 1, path__startswith=home_en.path).order_by(
                "path"
            )[seeded:size]
        )
        bulk_translations(new[::10], locales["fr"].pk)
        seeded = size
        client = Client()
        client.force_login(editor)
        admin = Client()
        admin.force_login(administrator)
        for label, who, url in (
            ("report", client, "/admin/reports/translation-status/"),
            ("report page 5", client, "/admin/reports/translation-status/?p=5"),
            ("report last page", client, f"/admin/reports/translation-status/?p={size // 100}"),
            ("report out of date", client, "/admin/reports/translation-status/?status=out_of_date"),
            ("report partial", client, "/admin/reports/translation-status/?status=partial"),
            ("dashboard (editor)", client, "/admin/"),
            ("export csv", client, "/admin/reports/translation-status/?export=csv"),
            ("explorer (admin)", admin, f"/admin/pages/{home_en.pk}/"),
            ("explorer (editor)", client, f"/admin/pages/{home_en.pk}/"),
        ):
            count, seconds = _measure(who, url)
            results.append((size, label, count, seconds))
    print()
    for size, label, count, seconds in results:
        print(f"{size:>7} pages  {label:<22} {count:>4} queries  {seconds * 1000:8.1f} ms")
