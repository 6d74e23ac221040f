"""URLs of the participants app outside the page tree (mounted by cms/urls.py)."""

from django.urls import URLPattern, path

from participants.views import participants_geojson

urlpatterns: list[URLPattern] = [
    path("api/participants.geojson", participants_geojson, name="participants_geojson"),
]
