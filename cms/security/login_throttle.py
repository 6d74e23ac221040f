"""The progressive cool-off of django-axes (``AXES_COOLOFF_TIME`` points here).

Axes locks an account *from one address* (``AXES_LOCKOUT_PARAMETERS``, with the address
from ``cms.security.client_ip``) after ``AXES_FAILURE_LIMIT`` wrong passwords. A fixed cool-off
would give a guesser a fresh batch of attempts every quarter of an hour; here the
lockout starts at ``AXES_COOLOFF_MINUTES`` and doubles with every further wrong password
sent during it, up to a day. The count is read from axes' database table, which every
worker shares, so the delay is the same whichever worker answers.

Each attempt row gets its own expiry (``AXES_USE_ATTEMPT_EXPIRATION``): clean-up then
removes only rows whose own cool-off is over, never a longer lockout of someone else.
"""

from __future__ import annotations

from datetime import timedelta

from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest

from cms.security.client_ip import client_address

MAXIMUM_COOL_OFF = timedelta(days=1)


def failures(request: HttpRequest) -> int:
    """Wrong passwords recorded for this request's account and address."""
    username = get_client_username(request, getattr(request, "axes_credentials", None))
    address = getattr(request, "axes_ip_address", None) or client_address(request)
    total = AccessAttempt.objects.filter(username=username, ip_address=address).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return total or 0


def cool_off(request: HttpRequest | None = None) -> timedelta:
    """``AXES_COOLOFF_MINUTES``, doubled for each failure past the limit, at most a day."""
    base = timedelta(minutes=settings.AXES_COOLOFF_MINUTES)
    if request is None or not hasattr(request, "POST"):
        return base
    beyond = max(0, failures(request) - settings.AXES_FAILURE_LIMIT)
    if beyond >= 20:  # 2**20 times any base is past the maximum
        return max(base, MAXIMUM_COOL_OFF)
    return min(base * 2**beyond, max(base, MAXIMUM_COOL_OFF))
