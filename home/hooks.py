"""The Wagtail hooks through which the apps above ``home`` add to its pages.

``home`` is the lowest domain app: it never imports ``participants`` or ``articles``
(import-linter's layers contract in pyproject.toml). What the home page shows of them is
composed by its template; what it reads ahead from the fragment cache is asked of
whoever registered for this hook (``participants`` and ``articles``, in their
``wagtail_hooks.py``), the way Wagtail core asks its contrib apps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.http import HttpRequest
from wagtail import hooks
from wagtail.models import Page, Site

from cms.caching.fragments import FragmentKey

# ``fn(page, request, site) -> Iterable[FragmentKey]``: the fragments of the
# cache (cms/caching/fragments.py) that the home page's template will read for the
# section the registering app puts on it (the participant headline, the latest news).
HOME_PAGE_FRAGMENTS = "home_page_fragments"

HomePageFragments = Callable[[Page, HttpRequest, Site], Iterable[FragmentKey]]


def home_page_fragments(page: Page, request: HttpRequest, site: Site) -> list[FragmentKey]:
    """Every registered section's fragments for the home page ``page``, in the order
    the apps are installed."""
    return [key for fn in hooks.get_hooks(HOME_PAGE_FRAGMENTS) for key in fn(page, request, site)]
