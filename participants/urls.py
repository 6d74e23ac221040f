"""URLs of the participants app outside the page tree (mounted by cms/urls.py)."""

from django.urls import URLPattern, path

from participants.contributor_views import accept_invitation
from participants.contributors import ACCEPT_URL_NAME
from participants.views import participants_geojson

urlpatterns: list[URLPattern] = [
    path("api/participants.geojson", participants_geojson, name="participants_geojson"),
    path("contribute/invitation/<str:token>/", accept_invitation, name=ACCEPT_URL_NAME),
]
