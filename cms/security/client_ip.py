"""The address of the visitor, as every abuse control must see it.

Behind the documented TLS-terminating proxy every request arrives from the proxy's
address, so keying limits on ``REMOTE_ADDR`` alone lets one abuser block everyone (they
all share it). ``X-Forwarded-For`` carries the visitor's address, but any client can send
that header with whatever it likes, so it is trusted only as far as the operator says:
``TRUSTED_PROXY_COUNT`` proxies each append the address they saw, and only the entry the
outermost trusted proxy appended (the Nth from the right) is believed. Entries to its left
were written by the client and are ignored.

This is the one function the join-form rate limit, django-axes (``AXES_CLIENT_IP_CALLABLE``),
the page- and document-password throttle and the two-factor code throttle use.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(candidate: str) -> str | None:
    """The address in canonical form, or None if it is not an IP address."""
    candidate = candidate.strip()
    if candidate.startswith("[") and "]" in candidate:  # "[2001:db8::1]:443"
        candidate = candidate[1 : candidate.index("]")]
    elif candidate.count(":") == 1:  # "203.0.113.7:51234"
        candidate = candidate.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def trusted_proxy_count() -> int:
    """How many proxies in front of the application append to X-Forwarded-For."""
    return max(0, int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0))


def client_address(request: HttpRequest) -> str:
    """The visitor's address: REMOTE_ADDR, or the entry the trusted proxy appended.

    With ``TRUSTED_PROXY_COUNT=0`` (direct exposure, the default) the header is ignored
    entirely. With N, the Nth address from the right of X-Forwarded-For; when the header
    has fewer entries, or that entry is not an address, the request did not come through
    the configured chain, and the connecting address is used instead.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = trusted_proxy_count()
    if count == 0:
        return _valid(remote) or remote
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if len(forwarded) >= count:
        chosen = _valid(forwarded[-count])
        if chosen is not None:
            return chosen
    return _valid(remote) or remote
