"""`/sitemap.xml`: every live, public page of every locale, with hreflang alternates.

Wagtail's own sitemap lists only the descendants of the site's root page, which is the
default language's home page; the other languages' trees are its siblings, so this
sitemap walks every translation of the root and links each page to its translations.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class MultilingualSitemap(Sitemap):
    def items(self) -> QuerySet[Page]:
        root = self.get_wagtail_site().root_page
        roots = root.get_translations(inclusive=True)
        in_a_tree = Q()
        for translation in roots:
            in_a_tree |= Q(path__startswith=translation.path)
        now = timezone.now()
        return (
            Page.objects.live()
            .public()
            .filter(in_a_tree)
            .exclude(expired=True)
            .exclude(expire_at__lte=now)
            .exclude(go_live_at__gt=now)
            .select_related("locale")
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page: int, protocol: str, domain: str) -> list[dict[str, Any]]:
        # Translations share a translation_key; only pages listed here are alternates,
        # so a draft or private translation is never advertised.
        items = list(self.paginator.page(page).object_list)
        by_key: dict[Any, list[tuple[str, str]]] = defaultdict(list)
        for item in self.items().filter(
            translation_key__in={item.translation_key for item in items}
        ):
            by_key[item.translation_key].append(
                (item.locale.language_code, item.get_full_url(self.request))
            )
        default_language = settings.LANGUAGE_CODE
        urls: list[dict[str, Any]] = []
        for item in items:
            translations = sorted(by_key.get(item.translation_key, []))
            alternates = []
            if len(translations) > 1:
                alternates = [
                    {"lang_code": code, "location": location} for code, location in translations
                ]
                alternates += [
                    {"lang_code": "x-default", "location": location}
                    for code, location in translations
                    if code == default_language
                ]
            for url_info in item.get_sitemap_urls(self.request):
                urls.append({**url_info, "alternates": alternates})
        lastmods = [url.get("lastmod") for url in urls]
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls
