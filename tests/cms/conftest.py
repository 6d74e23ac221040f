"""Fixtures for the production-grade tests: the page cache switched on, a clean cache."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.shared_data import clear_caches


@pytest.fixture
def clean_caches():
    """Every cache empty before and after the test: nothing one test cached (pages,
    fragments, Wagtail's site root paths, renditions) is seen by the next."""
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def page_cache(settings):
    """The anonymous page cache on (it is off for the rest of the suite)."""
    settings.PAGE_CACHE_SECONDS = 60
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def anonymous() -> Client:
    return Client()


@pytest.fixture
def outage_client() -> Client:
    """A client that receives the error page the visitor would see, not the exception."""
    return Client(raise_request_exception=False)
