from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.api.errors import not_found as api_not_found
from cms.api.v2.router import api_router
from cms.api.v3.endpoints import v3_urls
from cms.publishing import sitemap

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("api/v3/", v3_urls()),
    # Whatever address under either API no endpoint serves: a JSON 404 at once.
    re_path(r"^api/v[23]/", api_not_found),
    # An index of sections, one per page type and language (cms/publishing/sitemap.py).
    path("sitemap.xml", sitemap.index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap.section, name=sitemap.SECTION_URL_NAME),
    path("", include("participants.urls")),
    path("", include("articles.urls")),
]

if settings.SERVE_MEDIA:
    # Single-machine installs serve uploads themselves; larger ones use a web server or S3.
    # Only renditions (images/) are public files: original images (original_images/) are
    # never served, and documents (documents/) only through /documents/<id>/<name>, which
    # checks their collection's privacy. A web server in front must do the same.
    urlpatterns += [
        re_path(r"^media/(?P<path>images/[^/]+)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

urlpatterns += i18n_patterns(
    path("search/", include("search.urls")),
    # wagtail.urls, with page routing through the fragment cache (cms/caching/routing.py).
    path("", include("home.urls")),
    prefix_default_language=True,
)

# A database outage becomes a clean 503 page rather than a 500 (cms/ops/errors.py).
handler500 = "cms.ops.errors.server_error"
