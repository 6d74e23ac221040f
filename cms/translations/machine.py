"""DeepL with the Alliance's terminology as a glossary.

wagtail-localize's ``DeepLTranslator`` can pass a glossary, but only one whose id an
operator created by hand and wrote into the settings. Terms change through the admin,
so this translator makes the glossary itself: for a language pair it takes the approved
term pairs (``terminology.approved_pairs``), names the glossary after a digest of them,
reuses the glossary of that name when DeepL already has it, else creates it (DeepL's
glossaries cannot be edited) and deletes the older ones this site made for the pair.
A change of terms therefore leads to a new glossary on the next machine translation,
and a lost cache costs one listing, never a duplicate.

If DeepL refuses the glossary (an unsupported language pair, a full account), the text
is still translated, without it, and the refusal is logged: a translator's button must
not fail because of the terminology.

Options (``WAGTAILLOCALIZE_MACHINE_TRANSLATOR["OPTIONS"]``, from the environment in
``cms/settings/env.py``): ``AUTH_KEY``; ``API_URL`` (default: DeepL's free or pro API,
chosen by the key as wagtail-localize does); ``GLOSSARY_NAME`` (the prefix of this site's
glossaries, so that two sites sharing an account leave each other's alone); ``TIMEOUT``.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

import requests
from django.core.cache import cache
from wagtail.models import Locale
from wagtail_localize.machine_translators.deepl import DeepLTranslator, language_code

from cms.translations.terminology import approved_pairs

logger = logging.getLogger(__name__)

DEFAULT_GLOSSARY_NAME = "alliance-cms"
# How long a glossary id is remembered before DeepL is asked again; the name carries the
# terms' digest, so a change of terms never waits for this.
GLOSSARY_CACHE_SECONDS = 24 * 3600


def glossary_entries(source_locale: Locale, target_locale: Locale) -> list[tuple[str, str]]:
    """The approved terms with a live wording in the target language, as DeepL pairs.

    DeepL refuses a glossary with the same source twice or with tabs or line breaks in
    an entry; such terms are left out rather than losing the whole glossary.
    """
    entries: dict[str, str] = {}
    for pair in approved_pairs(source_locale, target_locale):
        if pair.target is None:
            continue
        source, target = " ".join(pair.source.term.split()), " ".join(pair.target.term.split())
        if source and target and source.lower() not in {key.lower() for key in entries}:
            entries[source] = target
    return sorted(entries.items())


def entries_tsv(entries: list[tuple[str, str]]) -> str:
    return "\n".join(f"{source}\t{target}" for source, target in entries)


class TerminologyDeepLTranslator(DeepLTranslator):
    """wagtail-localize's DeepL translator, with the approved terms as its glossary."""

    display_name = "DeepL"

    def api_base(self) -> str:
        if url := self.options.get("API_URL"):
            return url.rstrip("/")
        return super().get_api_endpoint().removesuffix("/v2/translate")

    def get_api_endpoint(self) -> str:
        return f"{self.api_base()}/v2/translate"

    def get_parameters(
        self, source_locale: Locale, target_locale: Locale, strings: list[Any]
    ) -> dict[str, Any]:
        parameters = super().get_parameters(source_locale, target_locale, strings)
        if "glossary_id" not in parameters:
            glossary_id = self.glossary_id(source_locale, target_locale)
            if glossary_id:
                parameters["glossary_id"] = glossary_id
        return parameters

    # The glossary ---------------------------------------------------------------

    def glossary_id(self, source_locale: Locale, target_locale: Locale) -> str | None:
        """The id of the glossary of this pair's current terms, made if DeepL lacks it;
        None when there are no terms to pass or DeepL refuses."""
        source_lang = language_code(source_locale.language_code).lower()
        target_lang = language_code(target_locale.language_code).lower()
        entries = glossary_entries(source_locale, target_locale)
        if not entries:
            return None
        tsv = entries_tsv(entries)
        name = self.glossary_name(source_lang, target_lang, tsv)
        cache_key = self._cache_key(name)
        if glossary_id := cache.get(cache_key):
            return glossary_id
        try:
            glossary_id = self._find_or_create(name, source_lang, target_lang, tsv)
        except (requests.RequestException, KeyError, ValueError) as error:
            logger.warning(
                "DeepL refused the terminology glossary %s; translating without it: %s",
                name,
                error,
            )
            return None
        cache.set(cache_key, glossary_id, GLOSSARY_CACHE_SECONDS)
        return glossary_id

    def glossary_name(self, source_lang: str, target_lang: str, tsv: str) -> str:
        """``<prefix> <source>-<target> <digest>``: the same terms, the same name."""
        digest = hashlib.sha256(tsv.encode()).hexdigest()[:16]
        prefix = self.options.get("GLOSSARY_NAME", DEFAULT_GLOSSARY_NAME)
        return f"{prefix} {source_lang}-{target_lang} {digest}"

    def _cache_key(self, name: str) -> str:
        # The account is part of the key (hashed: the key is a secret), so that a
        # changed DEEPL_AUTH_KEY never reuses another account's glossary id.
        account = hashlib.sha256(
            f"{self.api_base()} {self.options.get('AUTH_KEY', '')}".encode()
        ).hexdigest()[:16]
        return f"cms:deepl-glossary:{account}:{name}".replace(" ", "_")

    def _request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        response = requests.request(
            method,
            f"{self.api_base()}{path}",
            headers=self.get_headers(),
            timeout=int(self.options.get("TIMEOUT", 30)),
            **kwargs,
        )
        response.raise_for_status()
        return response

    def _find_or_create(self, name: str, source_lang: str, target_lang: str, tsv: str) -> str:
        glossaries = self._request("GET", "/v2/glossaries").json()["glossaries"]
        ours = [
            glossary
            for glossary in glossaries
            if glossary["name"].startswith(name.rsplit(" ", 1)[0] + " ")
            and glossary["source_lang"].lower() == source_lang
            and glossary["target_lang"].lower() == target_lang
        ]
        current = next((glossary for glossary in ours if glossary["name"] == name), None)
        if current is None:
            current = self._request(
                "POST",
                "/v2/glossaries",
                data={
                    "name": name,
                    "source_lang": source_lang,
                    "target_lang": target_lang,
                    "entries": tsv,
                    "entries_format": "tsv",
                },
            ).json()
        for stale in ours:
            if stale["glossary_id"] != current["glossary_id"]:
                self._delete(stale["glossary_id"])
        return current["glossary_id"]

    def _delete(self, glossary_id: str) -> None:
        """A stale glossary's deletion may fail (DeepL keeps it): nothing depends on it."""
        try:
            self._request("DELETE", f"/v2/glossaries/{glossary_id}")
        except requests.RequestException as error:
            logger.warning("Could not delete the stale DeepL glossary %s: %s", glossary_id, error)
