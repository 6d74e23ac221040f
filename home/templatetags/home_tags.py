"""Template tags of the home page: the link to the join page, in the reader's language."""

from __future__ import annotations

from django import template
from wagtail.models import Locale, Page

from cms.chrome.navigation import site_for
from cms.core.reading import top_pages

register = template.Library()


@register.simple_tag(takes_context=True)
def join_page(context: template.Context, page: Page) -> Page | None:
    """``page.join_page.localized``, without a query when the join page and its
    translation sit right below the homes (where the demo and most sites put it): the
    header's read of those pages (``cms.core.reading.top_pages``) has them. Like
    Wagtail's ``localized``, the chosen page itself when its translation is not live."""
    join_id = getattr(page, "join_page_id", None)
    if not join_id:
        return None
    site = site_for(context.get("request"))
    try:
        locale = Locale.get_active()
    except (LookupError, Locale.DoesNotExist):
        locale = None
    if site is not None and locale is not None:
        pages = top_pages(site.root_page)
        chosen = pages.find(join_id)
        if chosen is not None:
            translation = pages.translation_in(chosen, locale.pk)
            if translation is not None:
                return translation
    return page.join_page.localized
