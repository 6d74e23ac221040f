"""Is a translated page current, outdated, or a fallback? (issue #17)

One rule for the APIs (``meta.translation_status``) and the rendered page (the notice
visitors read), computed from the page's translation group in one query per response
(cms.core.representation.BatchContext):

- ``fallback``: the page is an alias of a page in another language (wagtail-localize
  creates one for every untranslated page), so a visitor reads the source's words;
- ``outdated``: the source has been published since this translation last was;
- ``current``: otherwise;
- ``None``: the page is itself the source (or has no source to compare with).

The source of a group is the page wagtail-localize translated from (its
``TranslationSource``); without one (translations made by copying), the page in the
site's default language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

CURRENT = "current"
OUTDATED = "outdated"
FALLBACK = "fallback"
TranslationStatus = Literal["current", "outdated", "fallback"]


@dataclass(frozen=True)
class GroupMember:
    """What the rule needs of one live page of a translation group."""

    pk: int
    language_code: str
    last_published_at: datetime | None
    is_source: bool


def source_of(members: list[GroupMember], default_language: str) -> GroupMember | None:
    """The page the group was translated from: wagtail-localize's, else the default
    language's."""
    for member in members:
        if member.is_source:
            return member
    for member in members:
        if member.language_code == default_language:
            return member
    return None


def status_of(
    pk: int,
    alias_of_id: int | None,
    last_published_at: datetime | None,
    source: GroupMember | None,
) -> TranslationStatus | None:
    if alias_of_id is not None:
        return FALLBACK
    if source is None or source.pk == pk:
        return None
    if (
        source.last_published_at is not None
        and last_published_at is not None
        and source.last_published_at > last_published_at
    ):
        return OUTDATED
    return CURRENT
