"""The API v2 router: our endpoints under `/api/v2/`."""

from wagtail.api.v2.router import WagtailAPIRouter

from cms.api.v2.endpoints import (
    AllianceDocumentsAPIViewSet,
    AllianceImagesAPIViewSet,
    AlliancePagesAPIViewSet,
    PagePreviewAPIViewSet,
    snippet_endpoint,
)
from cms.api.v2.globals import GlobalsEndpoint
from cms.api.v2.redirects import RedirectsAPIViewSet
from cms.api.v2.terms import TermsEndpoint

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", AlliancePagesAPIViewSet)
api_router.register_endpoint("images", AllianceImagesAPIViewSet)
api_router.register_endpoint("documents", AllianceDocumentsAPIViewSet)
api_router.register_endpoint("page_preview", PagePreviewAPIViewSet)
api_router.register_endpoint("redirects", RedirectsAPIViewSet)
api_router.register_endpoint("globals", GlobalsEndpoint)
api_router.register_endpoint("terms", TermsEndpoint)
api_router.register_endpoint(
    "topics", snippet_endpoint("articles.Topic", ["name", "slug", "description"])
)
api_router.register_endpoint(
    "terminology-notes", snippet_endpoint("home.TerminologyNote", ["title", "text"])
)
