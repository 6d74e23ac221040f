"""Translators hear what fell behind: one digest per language, and a dashboard panel.

When a source page (or content snippet) changes after its translation last caught up,
the translation is "out of date" in the translation status report (``status``). Nobody
used to be told. ``send_digests()`` (``manage.py send_translation_digests``, run from
cron or ``make scheduler`` like ``publish_scheduled``) sends each language's
Translators group one email listing every translation that fell behind since that
language's previous digest, in each reader's interface language, and records it
(``TranslationDigest``), so a batch of publishes makes one email, not one per page.
The dashboard panel (``FallenBehindPanel``) shows the same list, live, to whoever may
see the language's status.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.ui.components import Component
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from cms.translations.models import TranslationDigest
from cms.translations.status import (
    OUT_OF_DATE,
    StatusRow,
    default_locale,
    language_name,
    out_of_date_rows,
)
from cms.translations.views import may_view_translation_status, visible_language_codes
from cms.workflow.roles import translators_group_name

# The panel lists this many rows per language; the report has the rest.
PANEL_ROWS = 8


@dataclass(frozen=True)
class DigestSent:
    language_code: str
    items: int
    recipients: int


def fallen_behind(rows: Iterable[StatusRow], since: datetime | None) -> list[StatusRow]:
    """The out-of-date rows whose source changed after `since` (all of them for None),
    the most recently changed first."""
    listed = [
        row
        for row in rows
        if row.status == OUT_OF_DATE
        and (since is None or (row.source_changed_at and row.source_changed_at > since))
    ]
    return sorted(listed, key=lambda row: row.source_changed_at or timezone.now(), reverse=True)


def report_url(language_code: str, absolute: bool = False) -> str:
    """The translation status report, filtered to this language's out-of-date rows."""
    url = (
        reverse("translation_status")
        + "?"
        + urlencode({"locale": language_code, "status": OUT_OF_DATE})
    )
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url if absolute else url


def _translators(language_code: str) -> list[Any]:
    return list(
        get_user_model()
        .objects.filter(groups__name=translators_group_name(language_code), is_active=True)
        .exclude(email="")
        .order_by("pk")
    )


def _message(locale: Locale, rows: list[StatusRow]) -> tuple[str, str]:
    """Subject and body, in the active language."""
    language = language_name(locale.language_code)
    subject = ngettext(
        "%(language)s: %(count)d translation fell behind its source",
        "%(language)s: %(count)d translations fell behind their source",
        len(rows),
    ) % {"count": len(rows), "language": language}
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    lines = [
        _("These pages changed after their translation (%(language)s) was last updated:")
        % {"language": language},
        "",
    ]
    lines += [f"- {row.title} ({row.content_type_label}): {base}{row.edit_url}" for row in rows]
    lines += [
        "",
        _("Update them from the translation status report: %(url)s")
        % {"url": report_url(locale.language_code, absolute=True)},
    ]
    return subject, "\n".join(lines)


def send_digests(now: datetime | None = None) -> list[DigestSent]:
    """One digest per language whose translations fell behind since its last one."""
    now = now or timezone.now()
    locales = list(Locale.objects.all())
    source = default_locale(locales)
    targets = [locale for locale in locales if locale.pk != source.pk]
    rows_by_language: dict[str, list[StatusRow]] = {}
    for row in out_of_date_rows([locale.language_code for locale in targets]):
        rows_by_language.setdefault(row.locale_code, []).append(row)
    sent = []
    for locale in targets:
        last = (
            TranslationDigest.objects.filter(locale=locale)
            .order_by("-covers_until")
            .values_list("covers_until", flat=True)
            .first()
        )
        rows = [
            row
            for row in fallen_behind(rows_by_language.get(locale.language_code, []), last)
            if row.source_changed_at is None or row.source_changed_at <= now
        ]
        if not rows:
            continue
        recipients = _translators(locale.language_code)
        if not recipients:
            continue  # recorded only once told: the first translator gets the backlog
        with transaction.atomic():
            for user in recipients:
                language = UserProfile.get_for_user(user).get_preferred_language()
                with translation.override(language):
                    subject, body = _message(locale, rows)
                send_mail(subject, body, None, [user.email])
            TranslationDigest.objects.create(
                locale=locale, covers_until=now, items=len(rows), recipients=len(recipients)
            )
        sent.append(DigestSent(locale.language_code, len(rows), len(recipients)))
    return sent


class FallenBehindPanel(Component):
    """Dashboard: the translations that fell behind, for the languages the user sees."""

    name = "translations_fallen_behind"
    template_name = "cms/translations/fallen_behind_panel.html"
    order = 110

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        codes = visible_language_codes(self.request.user)
        # Only the out-of-date rows, filtered by the database: the panel opens the
        # dashboard, and at 50,000 pages every row cost 4 s (#23).
        rows = fallen_behind(out_of_date_rows(codes), since=None)
        languages: dict[str, dict[str, Any]] = {}
        for row in rows:
            entry = languages.setdefault(
                row.locale_code,
                {"name": language_name(row.locale_code), "rows": [], "count": 0},
            )
            entry["url"] = report_url(row.locale_code)
            entry["count"] += 1
            if len(entry["rows"]) < PANEL_ROWS:
                entry["rows"].append(row)
        return {"languages": list(languages.values())}

    def render_html(self, parent_context: Any = None) -> str:
        context = self.get_context_data(parent_context)
        if not context["languages"]:
            return ""
        return render_to_string(self.template_name, context)


def add_fallen_behind_panel(request: HttpRequest, panels: list) -> None:
    if may_view_translation_status(request.user):
        panels.append(FallenBehindPanel(request))
