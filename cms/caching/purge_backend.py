"""Wagtail's HTTP purge backend with a time limit.

Wagtail's ``HTTPBackend`` opens each PURGE without a timeout: a front cache that accepts
the connection and never answers (an overloaded or half-dead nginx) would hold up the
publish that sent it, and with it the editor's request. Here each PURGE gives up after
``PURGE_TIMEOUT_SECONDS`` (``FRONTEND_CACHE_PURGE_TIMEOUT``, 2 s by default) and is
logged as failed, like a refused one: the page is then served from the front cache until
its expiry (``proxy_cache_valid``), which costs freshness, never the publish.
"""

from __future__ import annotations

import logging
from urllib.error import URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.conf import settings
from wagtail import __version__
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest

logger = logging.getLogger("wagtail.frontendcache")


def purge_timeout() -> float:
    return float(getattr(settings, "FRONTEND_CACHE_PURGE_TIMEOUT", 2.0))


class TimedHTTPBackend(HTTPBackend):
    """``HTTPBackend``'s request, sent with a timeout."""

    def purge(self, url: str) -> None:
        parsed = urlsplit(url)
        host = parsed.hostname or ""
        if parsed.port:
            host += f":{parsed.port}"
        target = urlunsplit(
            [self.cache_scheme, self.cache_netloc, parsed.path, parsed.query, parsed.fragment]
        )
        request = PurgeRequest(
            url=target, headers={"Host": host, "User-Agent": f"Wagtail-frontendcache/{__version__}"}
        )
        try:
            # The scheme is the configured LOCATION's (validated as http or https).
            with urlopen(request, timeout=purge_timeout()):  # noqa: S310
                pass
        except (URLError, TimeoutError, OSError) as error:
            logger.error("Couldn't purge '%s' from HTTP cache: %s", url, error)
