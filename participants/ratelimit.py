"""The limit on application submissions per client address.

Counted with ``cms.security.throttle`` (the shared cache, so one limit for every worker; a
per-process count while the cache is down, never an error) and keyed on
``cms.security.client_ip.client_address``, so that behind the TLS proxy each visitor is counted
on their own address rather than everyone on the proxy's.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from cms.security import throttle
from cms.security.client_ip import client_address

__all__ = ["client_address", "over_limit"]


def over_limit(request: HttpRequest, scope: str = "join") -> bool:
    """Count this submission; True once the address went over the limit in the window."""
    count = throttle.hit(scope, client_address(request), settings.JOIN_RATE_LIMIT_WINDOW)
    return count > settings.JOIN_RATE_LIMIT
