"""Admin hooks of the security package: the staff second factor's pages."""

from __future__ import annotations

from wagtail import hooks

from cms.security.two_factor import admin_urls

hooks.register("register_admin_urls", admin_urls)
