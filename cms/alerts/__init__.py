"""Alert banners: short, reviewed, translated messages above every page of their scope.

Owns: the ``Alert`` snippet with its validation (``models``); which alerts a visitor
sees now, where and in which language, kept per content generation and checked against
the clock on every request (``live``); who may change which alert, translators kept to
their language's (``permissions``, the policy registered for ``Alert``); the admin's
listing and the prefetch of the alert list with each page (``hooks``); the demo's
alert (``demo``). The banner's markup is cms/templates/includes/alert_banner.html, its
dismiss button cms/static/cms/js/alert-banner.js (remembered in the visitor's browser
only: no cookie, nothing sent back).

Public API: ``models.Alert`` and ``models.AlertLevel``; ``live.alerts_for`` (the
alerts to show on a page, as ``live.ShownAlert``), used by the banner's template tag
(cms/templatetags/alert_tags.py) and the globals endpoints (cms/api/site_globals.py).

Depends on ``cms.caching`` (the generation and ``keep_until``) and ``cms.workflow``
(the roles).
"""
