"""API v3 (``/api/v3/``): Wagtail 8's typed django-ninja API with our rules on top.

Reads of live content are public. Drafts and write actions need a Wagtail API token
(``Authorization: Bearer …``) and Wagtail's permission policies decide, as in the
admin: no role holds "publish" (cms/workflow/roles.py), so only administrators publish,
unpublish, delete, move or copy live content here, and everyone else submits for
review in the admin (cms/workflow/gate.py). There is deliberately no check of the URL here: a
path check missed ``+74``, ``74.0``, the lower-case ``bearer`` scheme and every
snippet. Administrators may send ``X-Break-Glass-Reason`` for the audit log.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from wagtail.api.v3.errors import problem_response

from cms.api.v3 import globals as site_globals
from cms.api.v3 import lookup, redirects, terms
from cms.api.v3.schemas import install


def refusal(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    """Wagtail's 401/403 problem response, with a reason in the reader's language."""
    if not request.user.is_authenticated:
        return problem_response(status=401, detail=_("Authentication required"))
    return problem_response(
        status=403,
        detail=_(
            "You do not have permission to do this. Content goes live through review: "
            "submit it for review in the admin. Only administrators publish, unpublish, "
            "delete, move or copy live content directly."
        ),
    )


def v3_urls():
    install()  # before Wagtail's page router builds its schemas
    # Imported only now, never at the top: it imports the routers, which build their
    # page schemas on import from what install() patched.
    from wagtail.api.v3.urls import api

    api.title = "Alliance CMS API"
    api.description = (
        "Typed read and write API of Alliance CMS. Public reads return live content; "
        "drafts and writes need `Authorization: Bearer <Wagtail API token>`."
    )
    api.exception_handler(PermissionDenied)(refusal)
    lookup.install(api)  # before api.urls binds the routers' operations
    redirects.install()
    site_globals.install(api)
    terms.install(api)
    return api.urls
