"""The Wagtail hooks through which the apps above ``participants`` add to its pages.

``participants`` never imports ``articles`` (import-linter's layers contract in
pyproject.toml): a profile lists the articles and seminar reports that name it by asking
whoever registered for ``PARTICIPANT_MENTIONS`` (``articles``, in its
``wagtail_hooks.py``), the way Wagtail core asks its contrib apps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from wagtail import hooks
from wagtail.models import Page

# ``fn(profile: ParticipantPage) -> Iterable[Page]``: the live, public pages of the
# profile's locale that name this participant, in the order a visitor reads them.
PARTICIPANT_MENTIONS = "participant_mentions"

MentionProvider = Callable[[Page], Iterable[Page]]


def mentions_of(profile: Page) -> list[Page]:
    """Every registered provider's pages that mention ``profile``, provider by provider
    in the order the apps are installed."""
    return [page for fn in hooks.get_hooks(PARTICIPANT_MENTIONS) for page in fn(profile)]
