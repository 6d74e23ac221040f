"""The example consumer (examples/consumer.py) builds the site from the API alone."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings

from tests.shared_data import SharedSite, committed, load_demo

CONSUMER = Path(__file__).resolve().parents[3] / "examples" / "consumer.py"


def run(site: SharedSite[None], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(CONSUMER), "--base-url", site.url, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[SharedSite[None]]:
    """The demo site, committed once for both tests, which only read it, and shown by a
    live server of the module (tests/shared_data.py)."""
    for site in committed(django_db_blocker, load_demo):
        # The API's absolute links (meta.detail_url) must point at this server, not at
        # the default development address.
        with override_settings(ALLOWED_HOSTS=["*"], WAGTAILAPI_BASE_URL=site.url):
            yield site


def test_consumer_renders_both_languages(demo):
    english = run(demo, "--lang", "en")
    assert english.returncode == 0, english.stderr
    french = run(demo, "--lang", "fr", "--format", "html")
    assert french.returncode == 0, french.stderr

    en, fr = english.stdout, french.stdout
    assert "European Alliance of Cities and Regions for Roma Inclusion" in en
    assert "News\n====" in en
    assert "First national seminar on Roma inclusion at local level held in Lithuania" in en
    assert "On 17 December 2015, Lithuania held its first national seminar" in en
    assert "2015-12-17" in en and "Trakai" in en

    assert fr.startswith('<!doctype html>\n<html lang="fr">')
    assert "<h1>Alliance européenne" in fr
    assert "<h2>Actualités</h2>" in fr
    assert (
        "<h2>Premier séminaire national sur l’inclusion des Roms au niveau local en Lituanie</h2>"
        in fr
    )
    assert "Le 17 décembre 2015, la Lituanie a accueilli son premier séminaire national" in fr
    # Nothing English leaks into the French rendering of the report.
    assert "On 17 December 2015" not in fr and "First national seminar" not in fr


def test_consumer_reports_a_language_without_content(demo):
    result = run(demo, "--lang", "de")
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr
