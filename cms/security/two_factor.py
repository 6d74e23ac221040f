"""Optional second factor for staff: an authenticator-app code (TOTP) after the password.

Off unless ``STAFF_TWO_FACTOR=true``. With it on, a user who may use the admin and has
confirmed an authenticator must enter one of its codes (or a one-time backup code)
before any ``/admin/`` page; one without an authenticator is sent to set one up first.
Everywhere else (public pages, documents, API v2/v3 reads with the session cookie,
previews) such a user counts as anonymous until the code is entered: a stolen password
alone reads nothing a visitor could not. The password step stays Wagtail's own login,
so django-axes keeps throttling it; codes are throttled per device by django-otp
(exponential back-off after each wrong code) and per account and address by
``cms.security.throttle`` (a cap on wrong codes per window). Bearer-token access to API v3 is not
a session and is not gated.

Built on django-otp rather than wagtail-2fa: wagtail-2fa declares no support for
Wagtail 8, has no backup codes and gates every URL (the public site too) for staff.
"""

from __future__ import annotations

import functools
import math
from base64 import b32encode
from collections.abc import Callable
from typing import Any

import django_otp
import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cms.security import throttle
from cms.security.client_ip import client_address

VERIFY_URL_NAME = "cms_two_factor_verify"
SETUP_URL_NAME = "cms_two_factor_setup"
# Admin URLs an unverified staff user may still reach: signing in and out, what the
# sign-in pages themselves load, and the two pages of this module.
UNGATED_URL_NAMES = frozenset(
    {
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_sprite",
        VERIFY_URL_NAME,
        SETUP_URL_NAME,
    }
)
BACKUP_CODE_COUNT = 10


def is_enabled() -> bool:
    """Read at request time, so that tests and operators can switch it per process."""
    return bool(getattr(settings, "STAFF_TWO_FACTOR", False))


def may_use_admin(user: Any) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.has_perm("wagtailadmin.access_admin")
    )


def _admin_prefix() -> str:
    return reverse("wagtailadmin_home")


def needs_code(user: Any) -> bool:
    """A signed-in user the admin gate would send to the code page."""
    return may_use_admin(user) and not user.is_verified()


def _unverified_as_anonymous(user: Any) -> Any:
    if user.is_authenticated and needs_code(user):
        anonymous = AnonymousUser()
        anonymous.otp_device = None
        anonymous.is_verified = lambda: False
        return anonymous
    return user


class StaffTwoFactorMiddleware(OTPMiddleware):
    """django-otp's middleware (``request.user.is_verified()``), the admin gate, and the
    rule for every other URL: a staff session without its code is anonymous.

    Under ``/admin/`` the user stays who they are, so that the gate below can send them
    to the code (or set-up) page, and the sign-out works; the gate stops every other admin
    view. Anywhere else ``request.user`` is replaced, lazily, by an anonymous user, so
    that every check that reads it (Wagtail's page and document restrictions, the APIs'
    session authentication, previews) refuses what it would refuse a visitor. When the
    setting is off requests pass straight through, without touching ``request.user``.
    """

    async_capable = False

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_enabled():
            return self.get_response(request)
        return super().__call__(request)

    def _install_lazy_accessors(self, request: HttpRequest) -> None:
        super()._install_lazy_accessors(request)
        user = getattr(request, "user", None)
        if user is None or request.path_info.startswith(_admin_prefix()):
            return
        request.user = SimpleLazyObject(functools.partial(_unverified_as_anonymous, user))
        auser = getattr(request, "auser", None)
        if auser is not None:

            async def gated_auser() -> Any:
                return _unverified_as_anonymous(await auser())

            request.auser = gated_auser

    def process_view(
        self, request: HttpRequest, view: Callable, args: tuple, kwargs: dict
    ) -> HttpResponse | None:
        if not is_enabled() or not request.path.startswith(_admin_prefix()):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in UNGATED_URL_NAMES:
            return None
        user = request.user
        if not needs_code(user):
            return None
        target = VERIFY_URL_NAME if _confirmed_devices(user) else SETUP_URL_NAME
        return redirect_to_login(request.get_full_path(), login_url=reverse(target))


def _confirmed_devices(user: Any) -> list[Device]:
    return list(django_otp.devices_for_user(user, confirmed=True))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).lower()


def _wait_message(device: Device) -> str | None:
    """The throttling message if django-otp refuses to check a code for this device now."""
    allowed, info = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (info or {}).get("locked_until")
    seconds = 1
    if locked_until is not None:
        seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    return ngettext(
        "Too many wrong codes. Wait %(seconds)d second and try again.",
        "Too many wrong codes. Wait %(seconds)d seconds and try again.",
        seconds,
    ) % {"seconds": seconds}


def _code_ident(request: HttpRequest) -> str:
    return f"{request.user.pk}:{client_address(request)}"


def _too_many_codes(request: HttpRequest) -> str | None:
    """The refusal once this account sent too many wrong codes from this address.

    django-otp's back-off is per device and resets on success; this caps the number of
    guesses per window whatever ``OTP_TOTP_THROTTLE_FACTOR`` is, backup codes included.
    """
    if throttle.count("two-factor", _code_ident(request)) < settings.TWO_FACTOR_ATTEMPT_LIMIT:
        return None
    minutes = throttle.wait_minutes(settings.TWO_FACTOR_ATTEMPT_WINDOW)
    return ngettext(
        "Too many wrong codes were entered from your address. "
        "Wait %(minutes)d minute and try again.",
        "Too many wrong codes were entered from your address. "
        "Wait %(minutes)d minutes and try again.",
        minutes,
    ) % {"minutes": minutes}


def _wrong_code(request: HttpRequest, form: forms.Form) -> None:
    throttle.hit("two-factor", _code_ident(request), settings.TWO_FACTOR_ATTEMPT_WINDOW)
    form.add_error("code", WRONG_CODE)


WRONG_CODE = _(
    "This code is not valid. Enter the current code from your authenticator app "
    "(check that your phone's clock is right) or one of your backup codes."
)


def _device_for_code(devices: list[Device], code: str) -> Device | None:
    """A six-digit code is for the authenticator, anything else a backup code, so that
    a mistyped backup code does not slow down the authenticator (and vice versa)."""
    for device in devices:
        if isinstance(device, TOTPDevice) and code.isdigit() and len(code) == device.digits:
            return device
        if isinstance(device, StaticDevice) and not (code.isdigit() and len(code) == 6):
            return device
    return None


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return _admin_prefix()


def _staff_or_login(request: HttpRequest) -> HttpResponse | None:
    if not is_enabled():
        raise Http404
    if not may_use_admin(request.user):
        return redirect_to_login(request.get_full_path(), login_url=reverse("wagtailadmin_login"))
    return None


@never_cache
@sensitive_post_parameters("code")
def verify(request: HttpRequest) -> HttpResponse:
    """Second step of signing in: a code from the authenticator or a backup code."""
    refused = _staff_or_login(request)
    if refused is not None:
        return refused
    user = request.user
    devices = _confirmed_devices(user)
    if not devices:
        return redirect(f"{reverse(SETUP_URL_NAME)}?next={_next_url(request)}")
    if user.is_verified():
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        device = _device_for_code(devices, code)
        wait = _too_many_codes(request) or (_wait_message(device) if device is not None else None)
        if wait:
            form.add_error("code", wait)
        elif device is not None and django_otp.verify_token(user, device.persistent_id, code):
            throttle.reset("two-factor", _code_ident(request))
            django_otp.login(request, device)
            return redirect(_next_url(request))
        else:
            _wrong_code(request, form)
    context = {"form": form, "next": _next_url(request)}
    return render(request, "cms/two_factor/verify.html", context)


def _qr_svg(data: str) -> SafeString:
    """The provisioning URL as an inline SVG QR code, drawn here: the secret never
    leaves the server for a third-party QR service."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10)
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308 (our own markup)


def _format_secret(device: TOTPDevice) -> str:
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _unconfirmed_device(user: Any) -> TOTPDevice:
    """The same pending authenticator across reloads, so a scanned QR code stays valid."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=str(_("Authenticator app")), confirmed=False
        )
    return device


def _confirm(request: HttpRequest, device: TOTPDevice) -> list[str]:
    """Make the authenticator the user's, replace any backup codes and return the new ones."""
    user = request.user
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        StaticDevice.objects.filter(user=user).delete()
        backup = StaticDevice.objects.create(user=user, name=str(_("Backup codes")))
        codes = [StaticToken.random_token() for _index in range(BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=backup, token=c) for c in codes)
    django_otp.login(request, device)
    return codes


@never_cache
@sensitive_post_parameters("code")
def setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator: scan the QR code (or type the secret), confirm a code."""
    refused = _staff_or_login(request)
    if refused is not None:
        return refused
    if _confirmed_devices(request.user):
        return redirect(f"{reverse(VERIFY_URL_NAME)}?next={_next_url(request)}")
    device = _unconfirmed_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        wait = _too_many_codes(request) or _wait_message(device)
        if wait:
            form.add_error("code", wait)
        elif django_otp.verify_token(request.user, device.persistent_id, code) is not None:
            throttle.reset("two-factor", _code_ident(request))
            codes = _confirm(request, TOTPDevice.objects.get(pk=device.pk))
            context = {"codes": codes, "next": _next_url(request)}
            return render(request, "cms/two_factor/backup_codes.html", context)
        else:
            _wrong_code(request, form)
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_svg": _qr_svg(device.config_url),
        "secret": _format_secret(device),
    }
    return render(request, "cms/two_factor/setup.html", context)


def admin_urls() -> list:
    """Registered under /admin/ by cms/security/hooks.py; they 404 while the setting is off."""
    return [
        path("two-factor/verify/", verify, name=VERIFY_URL_NAME),
        path("two-factor/setup/", setup, name=SETUP_URL_NAME),
    ]
