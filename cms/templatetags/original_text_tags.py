"""The original text of a contribution in wagtail-localize's translation editor
(cms/templates/wagtail_localize/admin/edit_translation.html), as ``OriginalTextPanel``
shows it in the page editor: a translator into French reads what the author wrote."""

from __future__ import annotations

from typing import Any

from django import template
from wagtail.models import Page
from wagtail_localize.models import Translation

from cms.translations.originals import latest_original

register = template.Library()


@register.inclusion_tag("cms/translations/original_text_section.html")
def original_text_section(translation: Translation) -> dict[str, Any]:
    original = None
    if issubclass(translation.source.specific_content_type.model_class() or object, Page):
        source = Page.objects.filter(translation_key=translation.source.object_id).first()
        original = latest_original(source) if source is not None else None
    return {"original": original}
