"""API v2 endpoints that are one function view rather than a Wagtail viewset.

Wagtail's router registers classes with a ``model`` and ``get_urlpatterns()``; a plain view
(the globals, the terms) gets a class with no model, so that the router never links an
object to it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path


def view_endpoint(name: str, view: Callable[[HttpRequest], HttpResponse]) -> type:
    """The router's view of an endpoint made of one view, answering at its root."""

    def get_urlpatterns(cls: type) -> list[URLPattern]:
        return [path("", view, name="listing")]

    return type(
        f"{name}Endpoint",
        (),
        {"model": type(name, (), {}), "get_urlpatterns": classmethod(get_urlpatterns)},
    )
