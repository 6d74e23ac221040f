"""The translator's path through wagtail-localize's translation editor
(cms/templates/wagtail_localize/admin/edit_translation.html).

- ``{% translation_editor_props %}``: the editor's own actions, without "Convert to alias
  page" for anyone but administrators. Translators may not publish, so that destructive
  action (it throws the translation away) had become the editor's primary button.
- ``{% submit_translation_form %}``: the primary action a translator needs where the
  work is done, "Submit translation for review" (cms/translations/review.py), or the
  state of the review when one is running; it also carries, in the translator's
  language, the heading the editor writes in English ("English to French translation",
  hard-coded in wagtail-localize's script), which cms/js/translation-editor-actions.js
  puts in its place.
"""

from __future__ import annotations

import json
from typing import Any

from django import template

from cms.translations.review import can_submit_translation

register = template.Library()


@register.simple_tag(takes_context=True)
def translation_editor_props(context: template.Context) -> str:
    """Rewrite the React editor's props in place, before the parent template reads them."""
    request = context.get("request")
    props = context.get("props")
    if request is None or not props or request.user.is_superuser:
        return ""
    data = json.loads(props)
    data.setdefault("links", {})["convertToAliasUrl"] = None
    # Set where the parent's block will look it up (the context's outermost layer that
    # has it), so that {{ block.super }} renders the rewritten props.
    for layer in reversed(context.dicts):
        if "props" in layer:
            layer["props"] = json.dumps(data)
            break
    return ""


@register.inclusion_tag("cms/translations/submit_from_editor.html", takes_context=True)
def submit_translation_form(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    instance = context.get("instance")
    is_page = bool(context.get("is_page"))
    page = instance.specific if is_page and instance is not None else None
    translation = context.get("translation")
    return {
        "page": page,
        "source_locale": translation.source.locale if translation is not None else None,
        "target_locale": translation.target_locale if translation is not None else None,
        "can_submit": page is not None
        and request is not None
        and can_submit_translation(page, request.user),
        "in_review": page is not None and page.workflow_in_progress,
        "csrf_token": context.get("csrf_token"),
    }
