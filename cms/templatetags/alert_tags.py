"""``{% alert_banner %}``: the alerts of the page being shown (cms/alerts/live.py), in
the visitor's language, rendered by cms/templates/includes/alert_banner.html.

Never inside a ``{% fragment %}``: an alert starts and ends with the clock, which
fragments do not follow; the list itself comes from the fragment cache."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from cms.alerts.live import alerts_for
from cms.chrome.navigation import site_for

register = template.Library()


@register.inclusion_tag("includes/alert_banner.html", takes_context=True)
def alert_banner(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    page = context.get("page")
    language = get_language()
    if request is None:
        return {"alerts": [], "language": language}
    page = page if getattr(page, "path", None) else None
    return {"alerts": alerts_for(request, site_for(request), page, language), "language": language}
