"""URLs of the articles app outside the page tree (mounted by cms/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
