"""``manage.py refresh_search_norms``: the daily measure of the search index's titles.

A save sets its own entry's title norm from the kept average title length
(search/norms.py); this command measures the average again over the whole index and
rewrites every entry's norm with it, once a day instead of twice per save.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from wagtail.search.backends import get_search_backend

from search.norms import KeptNormsIndex, refresh_all


class Command(BaseCommand):
    help = "Measure the search index's average title length and refresh every title norm."

    def handle(self, *args: Any, **options: Any) -> None:
        backend = get_search_backend()
        index = backend.index_class(backend)
        if not isinstance(index, KeptNormsIndex):
            self.stdout.write("The search backend keeps no title norms: nothing to do.")
            return
        average = refresh_all(index.entries)
        if average is None:
            self.stdout.write("The search index is empty.")
        else:
            self.stdout.write(f"Average title length {average:.2f}; every title norm refreshed.")
