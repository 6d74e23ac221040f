"""The image renditions the site makes, in one place.

Every filter spec that our templates, feeds, structured data and APIs ask Wagtail for is
listed here; tests/production/test_image_specs.py fails when code asks for another one.
Nothing else can make renditions: Wagtail's dynamic serve view (``/images/<signature>/
<id>/<spec>/``) is deliberately not mounted, so visitors cannot have the server resize
images to sizes of their choosing, and the rendition tables hold only these sizes (plus
the thumbnails the Wagtail admin makes for editors).

Adding a size is a deliberate change: add it here, in the same commit as the template.
"""

from __future__ import annotations

# Wagtail normalises ``{% image img width-1000 format-webp %}`` to "width-1000|format-webp".
RENDITION_FILTER_SPECS: frozenset[str] = frozenset(
    {
        # Templates
        "width-1000|format-webp",  # article lead image, captioned image block
        "fill-640x360|format-webp",  # article cards
        "fill-1200x480|format-webp",  # home page hero
        "max-160x160",  # participant logo
        "fill-1200x630|format-jpeg",  # Open Graph card, RSS/Atom enclosure, JSON-LD
        # API v2 and v3 image objects (cms/api/fields.py, RENDITION_SPECS)
        "fill-400x225",
        "max-800x800",
        "max-1600x1600",
        "fill-400x225|format-webp",
        "max-800x800|format-webp",
        "max-1600x1600|format-webp",
    }
)
