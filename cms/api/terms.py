"""The Alliance's terminology for front ends and tools, for the terms endpoints of both
APIs (``/api/v2/terms/``, ``/api/v3/terms/``): every live approved or deprecated term of
one language, with the term to use instead of a deprecated one and the live wording of
each term in the other languages (cms/translations/terminology.py).

Public and read-only: terms are published content, written in the admin and reviewed.
Two queries whatever the number of terms; anonymous answers are kept by the page cache
under the content generation, which a term's publication changes.
"""

from __future__ import annotations

from typing import Literal

from django.utils.translation import gettext as _
from typing_extensions import TypedDict
from wagtail.models import Locale

from cms.api.site_globals import GlobalsError, parse_request
from cms.translations.terminology import Term, TermStatus


class TermRefDict(TypedDict):
    """Another live term: the one to use instead, or the same term in another language."""

    id: int
    locale: str
    term: str


class TermDict(TypedDict):
    """A live term of the language asked for. ``status`` is ``approved`` or
    ``deprecated``; ``replacement`` is the approved term to use instead of a deprecated
    one (null otherwise, or when none is named); ``translations`` are the term's live
    wordings in the site's other languages (``translation_key`` is shared by them)."""

    id: int
    locale: str
    term: str
    status: Literal["approved", "deprecated"]
    replacement: TermRefDict | None
    note: str
    translation_key: str
    translations: list[TermRefDict]


class TermsDict(TypedDict):
    locale: str
    total_count: int
    items: list[TermDict]


def parse_terms_request(locale: str | None, status: str | None) -> tuple[str, str | None]:
    """The language and status asked for, or :class:`GlobalsError` (400) naming the
    parameter, in the client's language."""
    language, _page = parse_request(locale, None)
    if status in (None, ""):
        return language, None
    if status not in TermStatus.values:
        raise GlobalsError(
            400,
            _("status: “%(value)s” is not a term status; use one of %(statuses)s.")
            % {"value": status, "statuses": ", ".join(TermStatus.values)},
        )
    return language, status


def _ref(term: Term) -> TermRefDict:
    return {"id": term.pk, "locale": term.locale.language_code, "term": term.term}


def terms(language: str, status: str | None = None) -> TermsDict:
    """The live terms of ``language`` (optionally of one status), by term."""
    locale = Locale.objects.filter(language_code=language).first()
    queryset = Term.objects.filter(locale=locale, live=True)
    if status:
        queryset = queryset.filter(status=status)
    found = (
        list(queryset.select_related("locale", "replacement__locale").order_by("term", "pk"))
        if locale
        else []
    )
    others: dict[str, list[TermRefDict]] = {}
    for other in (
        Term.objects.filter(live=True, translation_key__in=[term.translation_key for term in found])
        .exclude(locale=locale)
        .select_related("locale")
        .order_by("locale__language_code")
    ):
        others.setdefault(str(other.translation_key), []).append(_ref(other))
    items: list[TermDict] = [
        {
            "id": term.pk,
            "locale": language,
            "term": term.term,
            "status": term.status,
            "replacement": _ref(term.replacement)
            if term.replacement is not None and term.replacement.live
            else None,
            "note": term.note,
            "translation_key": str(term.translation_key),
            "translations": others.get(str(term.translation_key), []),
        }
        for term in found
    ]
    return {"locale": language, "total_count": len(items), "items": items}
