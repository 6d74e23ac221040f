"""The site's URLs plus the framework floor (bench/floor.py), for the benchmark harness only.

Selected as ``ROOT_URLCONF`` by the ``BENCH_FLOOR_VIEW`` setting (cms/settings/production.py),
so that the site's own URL conf never imports the harness.
"""

from django.urls import path

from bench.floor import floor
from cms.urls import handler500
from cms.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("bench/floor/", floor), *site_urlpatterns]

__all__ = ["handler500", "urlpatterns"]
