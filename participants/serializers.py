"""How a participant index's figures appear in the APIs, declared on
``ParticipantIndexPage.api_fields`` (``APIField("statistics", serializer=StatisticsField())``).

API v2 uses the DRF field; API v3 types it from ``represent``'s return annotation
(cms/api/v3/schemas.py). A front end draws "N cities and regions from M countries" and
the per-country table from the same numbers as the rendered page, never by counting a
(paginated) list itself. Imports DRF and Django only: participants/models.py imports it.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from rest_framework.fields import Field
from typing_extensions import TypedDict


class CountryCountDict(TypedDict):
    """One country: its ISO code, its name in the page's language, its participants."""

    code: str
    name: str
    count: int


class StatisticsDict(TypedDict):
    """The active participants of the index's language and the countries they are in,
    largest first."""

    participants: int
    countries: int
    per_country: list[CountryCountDict]


class StatisticsField(Field):
    """The index's figures, as its page shows them (``ParticipantIndexPage.statistics``)."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance: Any) -> Any:
        return instance

    def to_representation(self, page: Any) -> StatisticsDict:
        return self.represent(page, self.context)

    @staticmethod
    def represent(page: Any, context: dict) -> StatisticsDict:
        # Country names in the page's language, whatever the client's.
        with translation.override(page.locale.language_code):
            figures = page.statistics()
        return {
            "participants": figures.participants,
            "countries": figures.countries,
            "per_country": [
                {"code": row.code, "name": row.name, "count": row.count}
                for row in figures.per_country
            ],
        }
