"""The Wagtail hooks through which the apps above ``participants`` add to its pages.

``participants`` never imports ``articles`` (import-linter's layers contract in
pyproject.toml): a profile lists the articles and seminar reports that name it by asking
whoever registered for ``PARTICIPANT_MENTIONS`` (``articles``, in its
``wagtail_hooks.py``), the way Wagtail core asks its contrib apps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.utils.formats import number_format
from wagtail import hooks
from wagtail.models import Page

# ``fn(profile: ParticipantPage, request: HttpRequest | None, limit: int) -> Mentions``:
# the newest ``limit`` live, public pages of the profile's locale that name this
# participant, how many there are in all, and where the visitor reads all of them.
PARTICIPANT_MENTIONS = "participant_mentions"

# The page types other apps allow under a participant's profile, as "app_label.Model"
# (``articles`` adds its local news): ``ParticipantPage.subpage_types`` is this very list,
# filled while the apps' models load, before Wagtail first reads it (its system checks).
PROFILE_SUBPAGE_TYPES: list[str] = []


def allow_under_profiles(page_type: str) -> None:
    """Let ``page_type`` ("app_label.Model") be created under a participant's profile."""
    if page_type not in PROFILE_SUBPAGE_TYPES:
        PROFILE_SUBPAGE_TYPES.append(page_type)


# A profile shows the newest mentions only: the most mentioned participants are named
# by a thousand articles at scale, which made the profile grow with the content.
LATEST_MENTIONS = 10


@dataclass(frozen=True)
class Mentions:
    """One provider's newest mentions of a profile; ``total`` counts them all, and
    ``list_url`` is the list where all of them are read (None when there is none).
    A provider may stop counting at a bound (issue #23): ``total`` is then the bound and
    ``total_exact`` false, shown "All 1,000+ news items"."""

    pages: list[Page]
    total: int
    list_url: str | None = None
    total_exact: bool = True

    @property
    def total_shown(self) -> str:
        """The total as a visitor reads it: "1,000" ("1 000" in French)."""
        return number_format(self.total, force_grouping=True)

    @property
    def more(self) -> bool:
        """Whether the visitor needs the link to see the rest."""
        return (self.total > len(self.pages) or not self.total_exact) and bool(self.list_url)


@dataclass(frozen=True)
class ProfileMentions:
    """What a profile shows: the newest pages of every provider, cut to the limit, and
    a link to each provider's full list that has more than the profile shows."""

    pages: list[Page] = field(default_factory=list)
    more: list[Mentions] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.pages)

    def __iter__(self):
        return iter(self.pages)

    def __len__(self) -> int:
        return len(self.pages)


MentionProvider = Callable[[Page, HttpRequest | None, int], Mentions]


def mentions_of(
    profile: Page, request: HttpRequest | None = None, limit: int = LATEST_MENTIONS
) -> ProfileMentions:
    """Every registered provider's newest pages that mention ``profile``, provider by
    provider in the order the apps are installed, at most ``limit`` in all: each
    provider reads at most ``limit`` rows, whatever the number of mentions."""
    found: list[Mentions] = [
        fn(profile, request, limit) for fn in hooks.get_hooks(PARTICIPANT_MENTIONS)
    ]
    pages = [page for mentions in found for page in mentions.pages][:limit]
    shown = {page.pk for page in pages}
    # A provider some of whose pages were cut by the limit also gets its link.
    more = [
        mentions
        for mentions in found
        if mentions.list_url
        and (mentions.more or any(page.pk not in shown for page in mentions.pages))
    ]
    return ProfileMentions(pages=pages, more=more)
