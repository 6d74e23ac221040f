"""The terminology panel of wagtail-localize's translation editor
(cms/templates/wagtail_localize/admin/edit_translation.html): the approved terms of the
language pair and the deprecated terms of the target language, next to the segments."""

from __future__ import annotations

from typing import Any

from django import template
from wagtail_localize.models import Translation

from cms.translations.terminology import terminology_for_translation

register = template.Library()


@register.inclusion_tag("cms/translations/terminology_panel.html", takes_context=True)
def terminology_panel(context: dict[str, Any], translation: Translation) -> dict[str, Any]:
    return {
        "terminology": terminology_for_translation(
            translation.source.locale, translation.target_locale
        ),
        "perms": context.get("perms"),
    }
