"""Golden files of the APIs' output: normalised JSON kept in tests/cms/api/expected/.

A response is compared with its golden file as text, after its volatile values are
replaced by stable placeholders and its keys sorted, so that any other change (a field
added, renamed or typed differently, a Wagtail upgrade that changes a representation)
fails with a diff. ``UPDATE_EXPECTED=1`` rewrites the files instead (then review them
with ``git diff`` before committing).

Volatile values, and what replaces them:

- ids of pages, images, documents and snippets: ``<page /home/news/slug/>`` (a page's
  tree path), ``<articleparticipant /home/news/slug/#0>`` (a page's inline link and its
  position) or ``<topic en:Housing>`` (the object's model, locale and text), found from
  the object's shape (``meta.type``, ``type``, or the keys of API v2's small objects), so
  that two references to the same object read the same; an id of unknown shape fails;
- StreamField block ids (random UUIDs): ``<uuid>``;
- timestamps (``first_published_at``…): ``<timestamp>``; today's date: ``<today>``;
- scheme and host of absolute URLs: ``http://<host>``; ids in API URLs as above;
- media file names (Django's storage may add a random suffix; renditions carry a hash):
  ``/media/images/<file>.webp``, keeping the folder and the extension.
"""

from __future__ import annotations

import datetime
import difflib
import json
import os
import re
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db.models import Model
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

EXPECTED = Path(__file__).resolve().parent / "expected"
UPDATE = os.environ.get("UPDATE_EXPECTED") == "1"

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d:\d\d|Z)?$")
HOST = re.compile(r"\bhttps?://[^/\s\"'<>]+")
MEDIA_FILE = re.compile(
    r"/media/(images|original_images|documents)/[^\s\"'<>?]+?(\.\w+)(?=$|[\s\"'<>?])"
)
API_ID = re.compile(r"/api/v(2|3)/(pages|images|documents)/(\d+)/")
# A document's download address carries its id (Wagtail's serve view), not the API's.
DOCUMENT_DOWNLOAD = re.compile(r"(?<!/v2)(?<!/v3)/documents/(\d+)/")


def assert_matches(name: str, data: Any) -> None:
    """``data`` (already normalised) equals the golden file ``name``, or rewrites it
    under ``UPDATE_EXPECTED=1``."""
    path = EXPECTED / name
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run the test with UPDATE_EXPECTED=1"
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), text.splitlines(), "expected", "actual", lineterm="", n=2
        )
        shown = "\n".join(list(diff)[:120])
        raise AssertionError(
            f"{name} differs from its golden file (UPDATE_EXPECTED=1 rewrites it):\n{shown}"
        )


def natural_key(model: type[Model], pk: int) -> str:
    """A name of the object that does not depend on the database's sequences."""
    if issubclass(model, Page):
        return f"<page {Page.objects.get(pk=pk).url_path}>"
    obj = model._default_manager.get(pk=pk)
    if hasattr(obj, "page_id") and hasattr(obj, "sort_order"):  # a page's inline link
        return f"<{model._meta.model_name} {obj.page.url_path}#{obj.sort_order}>"
    text = str(obj)
    assert f"object ({pk})" not in text, f"{model._meta.label}: name it without its id here"
    locale = getattr(obj, "locale", None)
    prefix = f"{locale.language_code}:" if locale is not None else ""
    return f"<{model._meta.model_name} {prefix}{text}>"


def _model_of_label(label: Any) -> type[Model] | None:
    if not isinstance(label, str) or label.count(".") != 1:
        return None
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def model_of(obj: dict[str, Any]) -> type[Model]:
    """The model of an object with an ``id``, from its declared type or its shape."""
    meta = obj.get("meta")
    declared = _model_of_label(obj.get("type")) or _model_of_label(
        meta.get("type") if isinstance(meta, dict) else None
    )
    if declared is not None:
        return declared
    keys = set(obj) - {"id"}
    if "renditions" in keys:
        return get_image_model()
    if keys == {"name", "slug"}:  # a page's topics
        return apps.get_model("articles", "Topic")
    if keys == {"locale", "title", "url"}:  # a page's translations
        return Page
    if keys == {"title", "url"}:  # a chosen document
        return get_document_model()
    if keys == {"title", "text", "locale"}:  # a terminology note
        return apps.get_model("home", "TerminologyNote")
    raise AssertionError(f"an id in an object of unknown shape: {sorted(obj)}")


API_MODELS = {"pages": lambda: Page, "images": get_image_model, "documents": get_document_model}


def _string(value: str) -> str:
    if UUID.match(value):
        return "<uuid>"
    if TIMESTAMP.match(value):
        return "<timestamp>"
    if value == datetime.date.today().isoformat():
        return "<today>"
    value = API_ID.sub(
        lambda m: f"/api/v{m[1]}/{m[2]}/{natural_key(API_MODELS[m[2]](), int(m[3]))}/", value
    )
    value = DOCUMENT_DOWNLOAD.sub(
        lambda m: f"/documents/{natural_key(get_document_model(), int(m[1]))}/", value
    )
    value = HOST.sub("http://<host>", value)
    return MEDIA_FILE.sub(r"/media/\1/<file>\2", value)


def normalise(value: Any) -> Any:
    """``value`` with its volatile parts replaced (see the module's docstring)."""
    if isinstance(value, dict):
        result = {key: normalise(item) for key, item in value.items()}
        if isinstance(value.get("id"), int) and not isinstance(value["id"], bool):
            result["id"] = natural_key(model_of(value), value["id"])
        return result
    if isinstance(value, list):
        return [normalise(item) for item in value]
    if isinstance(value, str):
        return _string(value)
    return value
