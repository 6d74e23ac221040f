"""Machine translation with DeepL passes the approved terms as a glossary.

The translator talks HTTP to a real local server that answers as DeepL's API does
(glossaries listed, created and deleted; texts translated) and records every request,
so what is tested is what would go over the wire.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.models import StringTranslation, Translation
from wagtail_localize.operations import translate_object
from wagtail_localize.strings import StringValue

from cms.settings.env import machine_translator_from_env
from cms.translations.machine import TerminologyDeepLTranslator
from cms.translations.terminology import Term
from tests.cms.translations.test_terminology import make_terms, published
from tests.cms.workflow.admin_actions import client_for
from tests.home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

KEY = "test-key:fx"


@dataclass
class FakeDeepL:
    """DeepL's v2 API as far as the translator uses it, in memory."""

    url: str = ""
    requests: list[tuple[str, str, dict[str, list[str]]]] = field(default_factory=list)
    glossaries: dict[str, dict] = field(default_factory=dict)
    refuse_glossaries: bool = False

    def calls(self, method: str, path: str) -> list[dict[str, list[str]]]:
        return [form for m, p, form in self.requests if m == method and p == path]


def handler_for(fake: FakeDeepL) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep the test output quiet
            pass

        def _answer(self, status: int, body: object | None = None) -> None:
            data = json.dumps(body).encode() if body is not None else b""
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _record(self) -> dict[str, list[str]]:
            length = int(self.headers.get("Content-Length") or 0)
            form = parse_qs(self.rfile.read(length).decode(), keep_blank_values=True)
            path = urlparse(self.path).path
            fake.requests.append((self.command, path, form))
            if self.headers.get("Authorization") != f"DeepL-Auth-Key {KEY}":
                self._answer(403, {"message": "Forbidden"})
                return {}
            return form

        def do_GET(self) -> None:
            self._record()
            self._answer(200, {"glossaries": list(fake.glossaries.values())})

        def do_DELETE(self) -> None:
            self._record()
            glossary_id = self.path.rsplit("/", 1)[-1]
            self._answer(204 if fake.glossaries.pop(glossary_id, None) else 404)

        def do_POST(self) -> None:
            form = self._record()
            path = urlparse(self.path).path
            if path == "/v2/glossaries":
                if fake.refuse_glossaries:
                    self._answer(400, {"message": "Unsupported glossary language pair"})
                    return
                glossary = {
                    "glossary_id": f"g{len(fake.requests)}",
                    "name": form["name"][0],
                    "ready": True,
                    "source_lang": form["source_lang"][0],
                    "target_lang": form["target_lang"][0],
                    "entry_count": len(form["entries"][0].splitlines()),
                }
                fake.glossaries[glossary["glossary_id"]] = glossary
                self._answer(201, glossary)
            elif path == "/v2/translate":
                self._answer(
                    200, {"translations": [{"text": f"[fr] {text}"} for text in form["text"]]}
                )
            else:
                self._answer(404, {"message": "Not found"})

    return Handler


@pytest.fixture
def deepl() -> Iterator[FakeDeepL]:
    fake = FakeDeepL()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(fake))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    cache.clear()
    config = {
        "CLASS": "cms.translations.machine.TerminologyDeepLTranslator",
        "OPTIONS": {"AUTH_KEY": KEY, "API_URL": fake.url},
    }
    with override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=config):
        yield fake
    server.shutdown()
    server.server_close()
    cache.clear()


@pytest.fixture
def terms(locales) -> dict[str, Term]:
    return make_terms(locales)


def translate(locales, *texts: str) -> list[str]:
    translator = get_machine_translator()
    strings = [StringValue.from_plaintext(text) for text in texts]
    translated = translator.translate(locales["en"], locales["fr"], strings)
    return [translated[string].data for string in strings]


def test_the_glossary_of_approved_terms_is_created_and_used(deepl, terms, locales):
    assert translate(locales, "Roma and Travellers in Trakai") == [
        "[fr] Roma and Travellers in Trakai"
    ]

    (created,) = deepl.calls("POST", "/v2/glossaries")
    assert created["source_lang"] == ["en"]
    assert created["target_lang"] == ["fr"]
    assert created["entries_format"] == ["tsv"]
    # Approved pairs only: "Gypsies" → "Tsiganes" is deprecated on both sides.
    assert created["entries"] == ["Roma and Travellers\tRoms et Gens du voyage"]
    (translated,) = deepl.calls("POST", "/v2/translate")
    glossary_id = next(iter(deepl.glossaries))
    assert translated["glossary_id"] == [glossary_id]
    assert translated["source_lang"] == ["EN"]
    assert translated["target_lang"] == ["FR"]


def test_the_glossary_is_made_once_and_found_again_after_a_restart(deepl, terms, locales):
    translate(locales, "First text")
    translate(locales, "Second text")
    assert len(deepl.calls("POST", "/v2/glossaries")) == 1
    assert len(deepl.calls("GET", "/v2/glossaries")) == 1, "the second call used the cache"

    cache.clear()  # another process, or a restarted one: DeepL is asked, nothing is made
    translate(locales, "Third text")
    assert len(deepl.calls("POST", "/v2/glossaries")) == 1
    glossary_ids = {form["glossary_id"][0] for form in deepl.calls("POST", "/v2/translate")}
    assert glossary_ids == set(deepl.glossaries)


def test_new_terms_make_a_new_glossary_and_the_old_one_is_deleted(deepl, terms, locales):
    translate(locales, "Before")
    (old_id,) = deepl.glossaries
    yenish = published(Term(term="Yenish", locale=locales["en"]))
    published(Term(term="Yéniches", locale=locales["fr"], translation_key=yenish.translation_key))

    translate(locales, "After")

    (new_id,) = deepl.glossaries
    assert new_id != old_id
    assert deepl.calls("DELETE", f"/v2/glossaries/{old_id}")
    assert deepl.calls("POST", "/v2/glossaries")[-1]["entries"] == [
        "Roma and Travellers\tRoms et Gens du voyage\nYenish\tYéniches"
    ]
    assert deepl.calls("POST", "/v2/translate")[-1]["glossary_id"] == [new_id]


def test_without_terms_no_glossary_is_made(deepl, locales):
    translate(locales, "Hello")
    assert deepl.calls("POST", "/v2/glossaries") == []
    assert "glossary_id" not in deepl.calls("POST", "/v2/translate")[0]


def test_a_refused_glossary_does_not_stop_the_translation(deepl, terms, locales, caplog):
    deepl.refuse_glossaries = True
    assert translate(locales, "Roma and Travellers") == ["[fr] Roma and Travellers"]
    assert "glossary_id" not in deepl.calls("POST", "/v2/translate")[0]
    assert "DeepL refused the terminology glossary" in caplog.text


def test_the_translation_editors_button_uses_the_glossary(
    deepl, terms, home_en, home_fr, locales, translator_fr
):
    """The real path: a translator presses "Translate with DeepL" in the editor."""
    source = StandardPageFactory(
        parent=home_en, title="Roma and Travellers", slug="roma", introduction="Who we are."
    )
    source.save_revision().publish()
    translate_object(source, [locales["fr"]])
    translation = Translation.objects.get(
        source__object_id=source.translation_key, target_locale=locales["fr"]
    )

    response = client_for(translator_fr).post(
        reverse("wagtail_localize:machine_translate", args=[translation.pk])
    )

    assert response.status_code == 302
    assert deepl.calls("POST", "/v2/glossaries")
    assert deepl.calls("POST", "/v2/translate")[0]["glossary_id"] == list(deepl.glossaries)
    machine = StringTranslation.objects.filter(locale=locales["fr"], tool_name="DeepL")
    assert machine.filter(data="[fr] Who we are.").exists()


def test_the_api_address_follows_the_key_unless_set():
    assert TerminologyDeepLTranslator({"AUTH_KEY": "k:fx"}).get_api_endpoint() == (
        "https://api-free.deepl.com/v2/translate"
    )
    assert TerminologyDeepLTranslator({"AUTH_KEY": "k"}).get_api_endpoint() == (
        "https://api.deepl.com/v2/translate"
    )
    local = TerminologyDeepLTranslator({"AUTH_KEY": "k", "API_URL": "http://127.0.0.1:9/"})
    assert local.get_api_endpoint() == "http://127.0.0.1:9/v2/translate"


def test_the_environment_chooses_the_glossary_translator():
    config = machine_translator_from_env(
        {"MACHINE_TRANSLATOR": "deepl", "DEEPL_AUTH_KEY": "k", "DEEPL_API_URL": "http://x"}
    )
    assert config == {
        "CLASS": "cms.translations.machine.TerminologyDeepLTranslator",
        "OPTIONS": {"AUTH_KEY": "k", "API_URL": "http://x"},
    }
