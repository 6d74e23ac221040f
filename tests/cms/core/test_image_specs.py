"""Image renditions are made only in the sizes we list (cms/core/images.py).

The templates are compiled by Django's own template engine, so the specs checked are the
ones Wagtail's ``{% image %}``, ``{% srcset_image %}`` and ``{% picture %}`` tags will ask for.
"""

from __future__ import annotations

import functools
import re
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.images import ImageFile
from django.template import engines
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.images.templatetags.wagtailimages_tags import ImageNode, SrcsetImageNode
from wagtail.images.utils import generate_signature

from articles.feeds import FEED_IMAGE_SPEC
from cms.chrome.head import SOCIAL_IMAGE_SPEC
from cms.core.images import RENDITION_FILTER_SPECS
from cms.core.representation import RENDITION_SPECS

ROOT = Path(__file__).resolve().parents[3]
SKIPPED_DIRS = {".venv", "node_modules", "static", "media", "test-artifacts"}
# Python modules that ask for renditions, each through a constant checked below.
RENDITION_CALLERS = {
    "articles/feeds.py",
    "cms/chrome/head.py",
    "cms/core/representation.py",
}


def project_files(pattern: str) -> list[Path]:
    return sorted(
        path
        for path in ROOT.glob(pattern)
        if not SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts)
    )


def template_specs() -> dict[str, set[str]]:
    """Every filter spec each template's image tags ask for, as Wagtail will ask for it."""
    engine = engines["django"]
    found: dict[str, set[str]] = {}
    for path in project_files("*/templates/**/*.html"):
        nodes = engine.from_string(path.read_text()).template.nodelist.get_nodes_by_type(ImageNode)
        specs: set[str] = set()
        for node in nodes:
            if isinstance(node, SrcsetImageNode):  # {% srcset_image %} and {% picture %}
                specs.update(Filter.expand_spec(node.filter_specs))
            else:
                specs.add(node.get_filter().spec)
        if specs:
            found[str(path.relative_to(ROOT))] = specs
    return found


def test_the_scan_sees_the_templates_we_know_of():
    """Guards the scanner itself: if it found nothing it would pass everything."""
    found = template_specs()
    assert found["home/templates/home/home_page.html"] == {"fill-1200x480|format-webp"}
    assert "width-1000|format-webp" in found["cms/templates/blocks/captioned_image_block.html"]
    assert len(found) >= 5


def test_every_template_spec_is_in_the_allowlist():
    unlisted = {
        template: sorted(specs - RENDITION_FILTER_SPECS)
        for template, specs in template_specs().items()
        if specs - RENDITION_FILTER_SPECS
    }
    assert not unlisted, f"add these to cms/core/images.py or use a listed size: {unlisted}"


def test_no_template_links_to_the_dynamic_serve_view():
    users = [
        str(path.relative_to(ROOT))
        for path in project_files("*/templates/**/*.html")
        if re.search(r"{%\s*image_url\b", path.read_text())
    ]
    assert not users


def test_api_feed_and_structured_data_specs_are_in_the_allowlist():
    assert set(RENDITION_SPECS.values()) <= RENDITION_FILTER_SPECS
    assert Filter(spec=FEED_IMAGE_SPEC).spec in RENDITION_FILTER_SPECS
    assert Filter(spec=SOCIAL_IMAGE_SPEC).spec in RENDITION_FILTER_SPECS


def test_no_other_python_code_asks_for_renditions():
    """A new get_rendition() call must come with its spec in cms/core/images.py (and here)."""
    callers = {
        str(path.relative_to(ROOT))
        for path in project_files("**/*.py")
        if path.relative_to(ROOT).parts[0] not in {"tests", "bench"}
        and re.search(r"\.get_renditions?\(|ImageRenditionField\(", path.read_text())
    }
    assert callers == RENDITION_CALLERS


def _serve_views(resolver: URLResolver) -> list[str]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            found += _serve_views(entry)
        elif isinstance(entry, URLPattern):
            view = getattr(entry.callback, "view_class", entry.callback)
            while isinstance(view, functools.partial):  # django-ninja mounts some as partials
                view = view.func
            if f"{view.__module__}.{view.__qualname__}".startswith("wagtail.images.views.serve"):
                found.append(str(entry.pattern))
    return found


def test_wagtails_dynamic_serve_view_is_not_mounted():
    assert _serve_views(get_resolver()) == []
    with pytest.raises(NoReverseMatch):
        reverse("wagtailimages_serve", args=("sig", 1, "width-100"))


@pytest.mark.django_db
def test_image_serve_urls_do_not_exist(home_en):
    buffer = BytesIO()
    PILImage.new("RGB", (600, 400), (40, 90, 140)).save(buffer, "PNG")
    image = get_image_model().objects.create(
        title="Delegation", file=ImageFile(BytesIO(buffer.getvalue()), name="delegation.png")
    )
    renditions_before = image.renditions.count()
    signature = generate_signature(image.pk, "width-3000")  # even correctly signed
    client = Client()
    for url in (
        f"/images/{signature}/{image.pk}/width-3000/",
        f"/images/{signature}/{image.pk}/width-3000/delegation.png",
        f"/images/anything/{image.pk}/fill-5000x5000/",
        "/images/",
    ):
        response = client.get(url, follow=True)
        assert response.status_code == 404, url
        assert not response.get("Content-Type", "").startswith("image/"), url
    assert image.renditions.count() == renditions_before
