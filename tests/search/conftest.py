"""Search fixtures: a PostgreSQL-only marker, and pages in both locales to find."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from tests.home.factories import StandardPageFactory
from tests.shared_data import bilingual_home, rolled_back

POSTGRES_ONLY = (
    "needs PostgreSQL full-text search (per-language stemming and unaccent); "
    f"the test database is {connection.vendor}"
)


@pytest.fixture(autouse=True)
def _skip_postgres_tests_elsewhere(request):
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip(POSTGRES_ONLY)


def standard_page(parent, title: str, text: str, **kwargs):
    page = StandardPageFactory(
        parent=parent,
        title=title,
        introduction=text,
        body=[("paragraph", RichText(f"<p>{text}</p>"))],
        **kwargs,
    )
    page.save_revision().publish()  # as an editor would: sets the publication dates
    page.refresh_from_db()
    return page


def housing_pages(home_en, home_fr) -> dict:
    """Public, draft and private pages that all mention "housing" or "logement"."""
    public_en = standard_page(
        home_en, "Housing in Kirtimai", "Roma families moved to new housing in Vilnius."
    )
    public_fr = standard_page(
        home_fr, "Le logement à Kirtimai", "Des familles roms ont reçu un logement à Vilnius."
    )
    draft = standard_page(home_en, "Secret housing draft", "Unpublished housing plans.")
    draft.unpublish()
    private = standard_page(home_en, "Private housing memo", "Housing memo for members.")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    return {"en": public_en, "fr": public_fr, "draft": draft, "private": private}


@pytest.fixture(scope="module")
def shared_pages(django_db_setup, django_db_blocker) -> Iterator[dict]:
    """`housing_pages`, built once for each module that asks for them (they were built
    for each test: about half a second apiece on PostgreSQL) inside a transaction rolled
    back when the module ends; each test's own transaction is rolled back after it, so
    every test starts from these same pages (tests/shared_data.py, `rolled_back`)."""
    yield from rolled_back(django_db_blocker, lambda: housing_pages(*bilingual_home()))


@pytest.fixture
def pages(shared_pages: dict) -> dict:
    """The shared pages read afresh, so that nothing a test did to them in memory is
    seen by the next."""
    return {key: type(page).objects.get(pk=page.pk) for key, page in shared_pages.items()}
