"""Wagtail's front-end URLs, with page routing through the cache (cms/caching/routing.py).

The same patterns and names as ``wagtail.urls`` (``wagtail_serve`` is what every page
URL is reversed with); only the view of the catch-all pattern differs.
"""

from django.urls import URLPattern, re_path
from wagtail import urls as wagtail_urls

from cms.caching.routing import serve

urlpatterns: list[URLPattern] = [
    *(pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, serve, name="wagtail_serve"),
]
