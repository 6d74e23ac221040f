"""Every admin hook of the `cms` app, one module per package, registered by importing them.

Wagtail imports each app's ``wagtail_hooks`` once, when the admin loads; the hooks of each
package live in its own ``hooks.py`` so that what a package adds to the admin is read in
one place (docs/architecture.md). The one hook registered here is the site chrome's
(cms/templatetags/cms_tags.py): what every page's header and footer read from the fragment
cache, read ahead with the page's route (cms/caching/routing.py).
"""

from __future__ import annotations

from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult
from wagtail import hooks
from wagtail.contrib.forms.models import FormSubmission
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    APIToken,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    Site,
    Task,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)
from wagtail_headless_preview.models import PagePreview

from cms.alerts import hooks as alerts_hooks
from cms.caching import deps
from cms.caching.fragments import FragmentKey
from cms.caching.routing import PAGE_FRAGMENTS
from cms.ops import hooks as ops_hooks
from cms.publishing import hooks as publishing_hooks
from cms.publishing.models import SitemapSection, WebhookDelivery, WebhookEndpoint
from cms.security import hooks as security_hooks
from cms.templatetags.cms_tags import chrome_fragments
from cms.translations import hooks as translations_hooks
from cms.translations.models import TranslationDigest
from cms.translations.originals import ContributionOriginal
from cms.translations.terminology import Term
from cms.workflow import hooks as workflow_hooks

__all__ = [
    "alerts_hooks",
    "ops_hooks",
    "publishing_hooks",
    "security_hooks",
    "translations_hooks",
    "workflow_hooks",
]


@hooks.register(PAGE_FRAGMENTS)
def chrome_page_fragments(page: Page | None, request: HttpRequest, site: Site) -> list[FragmentKey]:
    return chrome_fragments(site, page)


# What the chrome's fragments read beside the page itself (cms/caching/deps.py): the page,
# its ancestors and translations are recorded by the page cache; settings, sites, alerts,
# locales and privacy bump the whole cache, images the pages referencing them (below).
# Any other page a fragment named here showed would be missed: a fragment that reads more
# must say so.
deps.describe("chrome", (deps.MENU,))  # a locale's home and the pages in its menu
deps.describe("tpl:header", (deps.MENU,))  # the chrome, breadcrumbs, language links
for _name in (
    "locales",
    "social-links",
    "default-social-image",
    "translations",  # the language links of the page shown: its ``tk`` tag
    "translation-notice",  # the page shown and its source: the same ``tk`` tag
    "alerts",  # snippets; a page an alert links to bumps everything (invalidation.py)
    "tpl:footer",  # settings (the feed link is the articles app's)
    "tpl:page-head",  # the page, its ancestors, translations, alias source, settings
    "upcoming-events",  # the events' sources add their lists
):
    deps.describe(_name)

# Images and documents are seen only where a page references them (a chooser, rich
# text, a stream block): a change reaches those pages (cms/caching/invalidation.py). An
# image in a setting (the default social image) or an alert still reaches every page.
deps.shown_where_referenced(get_image_model())
deps.shown_where_referenced(get_document_model())
# Rows no visitor sees: saving them (a webhook delivery after each publish, the sitemap's
# kept sizes, a review task, the translators' glossary) must not empty the cache.
deps.not_shown(
    WebhookEndpoint,
    WebhookDelivery,
    SitemapSection,
    ContributionOriginal,
    TranslationDigest,
    Term,
    Task,
    Workflow,
    WorkflowTask,
    WorkflowPage,
    WorkflowContentType,
    GroupPagePermission,
    GroupSitePermission,
    GroupCollectionPermission,
    APIToken,
    DBTaskResult,
    PagePreview,
    FormSubmission,
    TOTPDevice,
    StaticDevice,
    StaticToken,
)
