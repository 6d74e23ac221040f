"""One public origin: the default Site follows ``WAGTAILADMIN_BASE_URL``.

Wagtail builds two kinds of absolute URL from two places: page addresses (API v2 and v3
``html_url`` and translations, feeds, the sitemap, JSON-LD, ``og:url``, review emails,
CDN purges) from the Site record's hostname and port; API ``detail_url``, images,
documents and admin links in emails from ``WAGTAILADMIN_BASE_URL`` (which
``WAGTAILAPI_BASE_URL`` copies). The initial migration makes the default Site
``localhost:80``, so on a fresh install the two halves disagreed and page links named a
port where nothing listens.

Operators set one value, the setting (docs/configuration.md); the Site record is kept in
step with it:

- :func:`align_default_site` runs after every ``migrate`` (post_migrate) and in
  ``load_demo_content``. It sets the default Site's hostname and port from the setting
  whenever they differ (the initial ``localhost:80``, a database copied from another
  install, an address changed in the admin), and its name to ``WAGTAIL_SITE_NAME`` (in
  English) only while it has none: a name an administrator gave is kept. Nothing else is
  touched (root page, other sites). It leaves the Site alone, and the check below says
  why, when another Site already answers that address or the setting is not an address
  a Wagtail Site can express.
- :func:`public_origin_checks` (system checks ``cms.W001`` and ``cms.W002``) warns when
  they still differ: typically the setting was changed and ``migrate`` has not run yet.

Kernel: imports Wagtail and Django only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning
from django.db import DEFAULT_DB_ALIAS
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Site

SITE_MISMATCH = "cms.W001"
NOT_AN_ORIGIN = "cms.W002"
DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class Origin:
    """Scheme, hostname and port of an address, as a Wagtail Site can hold them."""

    scheme: str
    hostname: str
    port: int

    @property
    def url(self) -> str:
        """The origin as Wagtail's ``Site.root_url`` writes it (no default port)."""
        if self.port == DEFAULT_PORTS[self.scheme]:
            return f"{self.scheme}://{self.hostname}"
        return f"{self.scheme}://{self.hostname}:{self.port}"


class NotAnOrigin(ValueError):
    """The setting cannot be a Site's address; the message says why."""


def parse_origin(url: str) -> Origin:
    """The origin of ``url``, or :class:`NotAnOrigin`. A Site has no scheme: Wagtail's
    ``root_url`` says https for port 443 and http for any other, so only those pairs
    can be kept in step; a path would be dropped from every page address."""
    parts = urlsplit(url.strip())
    try:
        port = parts.port
    except ValueError:
        raise NotAnOrigin(_("its port is not a number between 0 and 65535")) from None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise NotAnOrigin(_("it must start with http:// or https:// and name a host"))
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise NotAnOrigin(_("it must be an origin only, without a path, query or user"))
    if ":" in parts.hostname:
        raise NotAnOrigin(_("a Wagtail site cannot be addressed by an IPv6 literal"))
    port = port or DEFAULT_PORTS[parts.scheme]
    if (parts.scheme == "https") != (port == 443):
        raise NotAnOrigin(_("Wagtail gives https addresses on port 443 only, and http on others"))
    return Origin(parts.scheme, parts.hostname.lower(), port)


def public_origin() -> Origin:
    """The configured public address (``WAGTAILADMIN_BASE_URL``), or :class:`NotAnOrigin`."""
    return parse_origin(settings.WAGTAILADMIN_BASE_URL)


def public_url(path: str) -> str:
    """``path`` on the public address (unchanged when already absolute)."""
    if "://" in path:
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def site_origin(site: Site) -> Origin:
    return Origin("https" if site.port == 443 else "http", site.hostname.lower(), site.port)


def english_site_name() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(settings.WAGTAIL_SITE_NAME)


def align_default_site(using: str = DEFAULT_DB_ALIAS) -> str | None:
    """Puts the default Site in step with the setting (the module's docstring says
    when); returns what changed, in words, or None when nothing did."""
    try:
        origin = public_origin()
    except NotAnOrigin:
        return None  # cms.W002 explains
    sites = Site.objects.using(using)
    site = sites.filter(is_default_site=True).first()
    if site is None:
        return None
    changes: list[str] = []
    before = site_origin(site)
    if (before.hostname, before.port) != (origin.hostname, origin.port):
        taken = sites.filter(hostname=origin.hostname, port=origin.port).exclude(pk=site.pk)
        if not taken.exists():  # else cms.W001 names the other site
            site.hostname, site.port = origin.hostname, origin.port
            changes.append(f"{before.url} -> {origin.url}")
    if not site.site_name:
        site.site_name = english_site_name()
        changes.append(f"name {site.site_name!r}")
    if not changes:
        return None
    site.save(using=using, update_fields=["hostname", "port", "site_name"])
    return "; ".join(changes)


def align_after_migrate(**kwargs: Any) -> None:
    """post_migrate receiver: align, and say so in migrate's output."""
    change = align_default_site(kwargs.get("using", DEFAULT_DB_ALIAS))
    stdout = kwargs.get("stdout")
    if change and stdout is not None and kwargs.get("verbosity", 1) >= 1:
        stdout.write(f"Default site aligned with WAGTAILADMIN_BASE_URL: {change}\n")


def public_origin_checks(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """``cms.W002``: the setting is not an address a Site can hold; ``cms.W001``: the
    default Site answers another address than the setting. Silent when the sites cannot
    be read (a database not migrated yet, or unreachable: checks run before migrate)."""
    try:
        origin = public_origin()
    except NotAnOrigin as error:
        message = _("WAGTAILADMIN_BASE_URL %(url)r cannot be the site's public address: %(why)s.")
        return [
            CheckWarning(
                message % {"url": settings.WAGTAILADMIN_BASE_URL, "why": error},
                hint=_("Set it to the public origin, e.g. https://alliance.example.org"),
                id=NOT_AN_ORIGIN,
            )
        ]
    try:
        site = Site.objects.filter(is_default_site=True).first()
    except Exception:  # no table, no server, no driver: nothing to compare with
        return []
    if site is None or (site.hostname.lower(), site.port) == (origin.hostname, origin.port):
        return []
    message = _(
        "The default site answers %(site)s but WAGTAILADMIN_BASE_URL is %(public)s: page "
        "addresses in the API, feeds, the sitemap and emails would name the site's."
    )
    return [
        CheckWarning(
            message % {"site": site_origin(site).url, "public": origin.url},
            hint=_(
                "Run manage.py migrate, which puts the default site in step with the "
                "setting, unless another site already uses that address (Settings > Sites)."
            ),
            id=SITE_MISMATCH,
        )
    ]


def register_checks() -> None:
    """Called from ``cms.core.signals.connect``."""
    register(public_origin_checks, Tags.sites)
