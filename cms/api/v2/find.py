"""API v2's ``pages/find/?html_path=``: the page at a path of the site, in any language,
or the page an editor's redirect from that path leads to.

What a front end gets (docs/api.md, "Lookup by path" and "Redirects"):

- a page lives at the path (cms/api/paths.py: with or without the language prefix):
  ``302`` to its detail URL on the public origin, as Wagtail answers (query parameters
  such as ``fields`` are kept);
- no page does, and a redirect from the path (Settings > Redirects, or one Wagtail made
  when a page moved or changed its slug) leads to a page this consumer may see: ``200``
  with that page's detail, its ``meta.redirected_from`` saying which path redirected and
  whether permanently. One request, whatever the HTTP client does with redirects (a
  browser's ``fetch`` follows them without showing which status it followed), and the
  front end knows to send its visitor to ``meta.html_url`` (``301`` when permanent);
- a redirect to another address: ``404`` whose body carries that ``redirect`` (there is
  no page here to give), so the front end can send its visitor on;
- anything else, a redirect to a draft, a private or a deleted page included: the same
  ``404`` as an unknown path, so nothing is learned about what is not public.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework.response import Response
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from cms.api import paths
from cms.api.visibility import visible_pages


def redirect_data(redirect: Redirect, request: Any) -> dict[str, Any]:
    """What a front end needs to send its visitor on."""
    return {
        "old_path": redirect.old_path,
        "is_permanent": redirect.is_permanent,
        "location": paths.redirect_location(redirect, request),
    }


class FindByPath:
    """Mixin of the pages endpoint (before Wagtail's viewset in the bases)."""

    def find_object(self, queryset: Any, request: Any) -> Page | None:
        if "html_path" not in request.GET:
            return super().find_object(queryset, request)  # type: ignore[misc]
        site = Site.find_for_request(request)
        page = paths.route(request, site, request.GET["html_path"])
        return page if page is not None and queryset.filter(pk=page.pk).exists() else None

    def find_view(self, request: Any) -> Any:
        try:
            return super().find_view(request)  # type: ignore[misc]
        except Http404:
            if "html_path" not in request.GET:
                raise
        site = Site.find_for_request(request)
        redirect = paths.find_redirect(site, request.GET["html_path"], visible_pages(request))
        if redirect is None:
            raise Http404("not found")  # Wagtail's own message: nothing tells them apart
        if redirect.redirect_page_id is None:
            message = _("No page at this path: it redirects to another address.")
            return Response({"message": message, "redirect": redirect_data(redirect, request)}, 404)
        return self._redirected_page(request, redirect)

    def _redirected_page(self, request: Any, redirect: Redirect) -> Response:
        """The target's detail, as ``/api/v2/pages/<id>/`` gives it (its cached
        representation, when there is one), with ``meta.redirected_from``."""
        pk = redirect.redirect_page_id
        self.action = "detail_view"  # the detail's fields and item cache entry
        self.kwargs = {**getattr(self, "kwargs", {}), "pk": pk}
        response = self.detail_view(request, pk)  # type: ignore[attr-defined]
        if response.status_code != 200:
            return response
        data = dict(response.data)
        meta = data.get("meta", {})  # absent when ?fields= left it out: this one stays
        data["meta"] = {**meta, "redirected_from": redirect_data(redirect, request)}
        return Response(data)
