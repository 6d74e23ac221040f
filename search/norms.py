"""Title norms set per saved entry, from a kept average (issue #23, publishing cost).

modelsearch's database indexes rank a title match by ``title_norm`` = average title length
/ the entry's title length. After every ``add_items`` (every save of an indexed page) it
measured the average over the whole index table and updated every entry whose norm was
still the default 1.0 (no index serves ``title_norm = 1.0``): two statements over the whole
table per save, ~80 ms each at 50,000 pages, once per language group. Here a save sets the
norm of its own entries only, from the average kept in ``search.IndexStatistics``; the
average is measured by ``update_index`` (the rebuild's full refresh) and by
``manage.py refresh_search_norms``, which rewrites every norm with it (daily), and at
every save while the index has fewer than ``MEASURED_BELOW`` entries
(``SEARCH_NORMS_MEASURED_BELOW``), where measuring is cheap and the average still moves.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db.models import Avg, Count, F, QuerySet
from django.db.models.functions import Length
from django.utils.encoding import force_str
from modelsearch.utils import get_content_type_pk

from search.models import IndexStatistics

# Below this many entries the average is measured at every save, as modelsearch did (a
# bounded cost): a new site's first entries would otherwise set it for a day.
MEASURED_BELOW = 1000


def measure(entries: QuerySet) -> float | None:
    """Measures and keeps the average title length over every entry with a title (the
    whole table)."""
    measured = (
        entries.annotate(title_length=Length("title"))
        .filter(title_length__gt=0)
        .aggregate(average=Avg("title_length"), entries=Count("pk"))
    )
    if measured["average"] is None:
        IndexStatistics.objects.all().delete()
        return None
    IndexStatistics.objects.update_or_create(
        pk=1,
        defaults={"average_title_length": measured["average"], "entries": measured["entries"]},
    )
    return measured["average"]


def kept_average(entries: QuerySet) -> float | None:
    """The kept average; measured again while the index is small or if it never was."""
    kept = IndexStatistics.objects.values_list("average_title_length", "entries").first()
    small = getattr(settings, "SEARCH_NORMS_MEASURED_BELOW", MEASURED_BELOW)
    if kept is not None and kept[1] >= small:
        return kept[0]
    return measure(entries)


def set_norms(entries: QuerySet, average: float | None) -> None:
    if average is None:
        return
    entries.annotate(title_length=Length("title")).filter(title_length__gt=0).update(
        title_norm=average / F("title_length")
    )


class KeptNormsIndex:
    """Mixed in before modelsearch's PostgresIndex or SQLiteIndex."""

    entries: QuerySet

    def add_items(self, model, objs: Iterable) -> None:
        objs = list(objs)
        self.write_items(model, objs)
        if not objs or not model.get_search_fields():
            return
        own = self.entries.filter(
            content_type_id=get_content_type_pk(model),
            object_id__in=[force_str(obj.pk) for obj in objs],
        )
        set_norms(own, kept_average(self.entries))

    def write_items(self, model, objs: list) -> None:
        """The backend's own insert or update of the entries (its norm refresh skipped)."""
        super().add_items(model, objs)  # type: ignore[misc]

    def _refresh_title_norms(self, full: bool = False) -> None:
        # Called by modelsearch after each add_items (full=False): this index sets its own
        # entries' norms instead. The rebuild (update_index) asks for the full refresh.
        if full:
            refresh_all(self.entries)


def refresh_all(entries: QuerySet) -> float | None:
    """Measures the average title length, keeps it and rewrites every entry's norm."""
    average = measure(entries)
    set_norms(entries, average)
    return average
