"""A URLconf without language prefixes, used only to answer API 404s (see middleware.py)."""

urlpatterns: list = []
