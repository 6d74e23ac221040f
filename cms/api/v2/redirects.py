"""``/api/v2/redirects/``: the editors' redirects (Settings > Redirects, and those Wagtail
makes when a page moves or changes its slug) that a front end must honour, for the
requesting site.

Each item gives ``old_path`` (as Wagtail stores it: with the language prefix, without a
trailing slash), ``is_permanent`` (answer ``301`` then, else ``302``), ``location`` (where
to send the visitor: absolute, on the public origin for a page) and ``page`` (the target
page as a small object, or ``null`` for another address). Paginated with ``limit`` and
``offset`` like every v2 listing; ``?old_path=`` and ``?is_permanent=`` filter,
``?order=`` sorts; ``find/?html_path=`` answers one path, with or without the language
prefix (cms/api/paths.py).

Only redirects that lead somewhere this consumer may go are listed: one to a draft, a
private or a deleted page is left out, old path included (cms/api/paths.py,
``public_redirects``). Anonymous responses are kept by the page cache under the content
generation, which any change to a redirect, a page or a site moves on
(cms/caching/pages.py), so a list is never older than the redirects.
"""

from __future__ import annotations

from rest_framework.fields import BooleanField, CharField
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter
from wagtail.api.v2.serializers import BaseSerializer
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from cms.api import paths
from cms.api.errors import ValidatedParameters
from cms.api.fields import WholeObjectField
from cms.api.v2.endpoints import CompactJSON
from cms.api.visibility import visible_pages
from cms.core.representation import PageRefDict, page_ref


class LocationField(WholeObjectField):
    """Where the redirect sends visitors: an absolute URL."""

    def to_representation(self, redirect: Redirect) -> str | None:
        return paths.redirect_location(redirect, self.context.get("request"))


class TargetPageField(WholeObjectField):
    """The page the redirect leads to (``{id, type, title, url, locale}``), or null."""

    def to_representation(self, redirect: Redirect) -> PageRefDict | None:
        page = redirect.redirect_page
        return None if page is None else page_ref(page, self.context.get("request"))


class RedirectSerializer(BaseSerializer):
    old_path = CharField(read_only=True)
    is_permanent = BooleanField(read_only=True)
    location = LocationField(read_only=True)
    page = TargetPageField(read_only=True)


class RedirectsAPIViewSet(ValidatedParameters, CompactJSON, BaseAPIViewSet):
    """The public redirects of the requesting site (the module's docstring says which)."""

    base_serializer_class = RedirectSerializer
    filter_backends = [FieldsFilter, OrderingFilter]
    model = Redirect
    name = "redirects"
    body_fields = [*BaseAPIViewSet.body_fields, "old_path", "is_permanent", "location", "page"]
    listing_default_fields = [
        *BaseAPIViewSet.listing_default_fields,
        "old_path",
        "is_permanent",
        "location",
        "page",
    ]
    find_query_parameters = BaseAPIViewSet.find_query_parameters.union(["html_path"])

    def get_queryset(self):
        visible = visible_pages(self.request)  # first: it finds the site from cached data
        queryset = paths.public_redirects(Site.find_for_request(self.request), visible)
        return queryset.select_related(
            "redirect_page", "redirect_page__locale", "redirect_page__content_type"
        ).order_by("id")

    def find_object(self, queryset, request):
        if "html_path" in request.GET:
            visible = visible_pages(request)
            site = Site.find_for_request(request)
            return paths.find_redirect(site, request.GET["html_path"], visible)
        return super().find_object(queryset, request)
