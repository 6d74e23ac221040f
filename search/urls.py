"""The search page and its autocomplete, mounted inside i18n_patterns by cms/urls.py."""

from django.urls import path

from search import views

urlpatterns = [
    path("", views.search, name="search"),
    path("autocomplete/", views.autocomplete, name="search_autocomplete"),
]
