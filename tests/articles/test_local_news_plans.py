"""The news list's filters by participant and by country (#20) are read through indexes
(PostgreSQL plans, as tests/articles/test_listing_plans.py): one page of matches newest
first through ``articles_newest_first``, each checked by index probes (the links of the
article, its parent profile by the unique path), never a sort of every article."""

from __future__ import annotations

import pytest
from django.db import connection

from articles.listing import Filters
from tests.articles.factories import ArticlePageFactory
from tests.articles.local_news_factories import LocalNewsPageFactory
from tests.articles.test_listing_plans import plan
from tests.participants.factories import ParticipantIndexPageFactory, ParticipantPageFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="query plans are PostgreSQL's (production)"
    ),
]


@pytest.mark.parametrize("by", ["participant", "country"])
def test_a_filtered_page_is_read_newest_first_through_the_date_index(news_en, home_en, by):
    participants = ParticipantIndexPageFactory(parent=home_en)
    veldhoven = ParticipantPageFactory(parent=participants, slug="veldhoven", country="NL")
    for day in range(1, 6):
        ArticlePageFactory(parent=news_en, publication_date=f"2024-05-0{day}")
        LocalNewsPageFactory(
            parent=veldhoven, slug=f"local-{day}", publication_date=f"2024-04-0{day}"
        )
    if by == "participant":
        filters = Filters(topic=None, year=None, kind="", participant=veldhoven.pk)
    else:
        filters = Filters(topic=None, year=None, kind="", country="NL")
    page = news_en.matching_articles(filters).values_list("pk", flat=True)[:12]
    page_plan = plan(page)
    assert "articles_newest_first" in page_plan
    assert "Unique" not in page_plan  # no DISTINCT over joined rows
    # Ties of a day are ordered as they come off the index (an incremental sort), never
    # a sort of every match.
    sorts = [line for line in page_plan.splitlines() if "Sort  (" in line]
    assert all("Incremental Sort" in line for line in sorts), page_plan
    assert len(list(page)) == 5
