"""What surrounds every page's own content, the same for the rendered site and for front
ends built on the APIs.

Owns: the navigation of a locale (its home page, menu, language links and the footer's
social links: ``navigation``) and what a page tells search engines and sharing sites
(its canonical address, sharing image, breadcrumbs and Open Graph locale: ``head``).
Templates read them through ``cms/templatetags/cms_tags.py``; the globals endpoints of
both APIs through ``cms/api/site_globals.py``. Built once per request and shared between
workers through the fragment cache (cms/caching/fragments.py) until the content changes.

Public API: ``navigation.chrome_for``, ``navigation.language_links_for``,
``navigation.social_links_for``, ``navigation.chrome_fragments``; ``head.canonical_url``,
``head.social_image``, ``head.breadcrumbs``, ``head.open_graph_locale``.

Depends on the kernel (cms.core), the caches (cms.caching) and translation freshness
(cms.translations); never on the apps.
"""
