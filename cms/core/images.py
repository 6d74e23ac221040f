"""The image renditions the site makes, in one place.

Every filter spec that our templates, feeds, structured data and APIs ask Wagtail for is
listed here; tests/cms/core/test_image_specs.py fails when code asks for another one.
Nothing else can make renditions: Wagtail's dynamic serve view (``/images/<signature>/
<id>/<spec>/``) is deliberately not mounted, so visitors cannot have the server resize
images to sizes of their choosing, and the rendition tables hold only these sizes (plus
the thumbnails the Wagtail admin makes for editors).

Adding a size is a deliberate change: add it here, in the same commit as the template.

Renditions are also made here without extra full-size copies of the original in memory
(``install_image_operations``, below).
"""

from __future__ import annotations

from PIL import ExifTags, Image, ImageOps
from willow.plugins.pillow import PillowImage
from willow.registry import registry

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


# Renditions without extra full-size copies (issue #22, "Degrade, never fail").
#
# Wagtail makes a rendition as open -> auto_orient -> crop -> resize. With Willow's
# Pillow plugin, auto_orient always returns a copy (ImageOps.exif_transpose copies when
# there is nothing to turn) and crop copies even when the rectangle is the whole image
# (every "max-"/"width-" spec), so a 24-megapixel RGBA original briefly held two or
# three 92 MiB copies. The operations below return the decoded image itself when there
# is nothing to do, and a large RGBA original is box-reduced in strips before the
# premultiplied resize, so a worker holds one full-size copy plus small buffers.


class _FrugalPillowImage(PillowImage):
    """A Pillow image whose no-op crop does not copy the pixels."""

    def crop(self, rect: tuple[int, int, int, int]) -> PillowImage:  # type: ignore[override]
        left, top, right, bottom = rect
        width, height = self.image.size
        if left <= 0 and top <= 0 and right >= width and bottom >= height:
            return self
        return super().crop(rect)

    def resize(self, size: tuple[int, int]) -> PillowImage:  # type: ignore[override]
        """Shrink a large RGBA original by a whole factor in strips, then resample.

        Pillow resizes (and reduces) RGBA through a premultiplied full-size copy. Box
        reduction is local to factor x factor blocks, so reducing strips of whole blocks
        gives the same pixels while only a strip is ever copied.
        """
        pil = self.image
        # Keep at least 1.5x the target after reducing, so LANCZOS does the final filtering.
        factor = int(min(pil.width / max(size[0], 1), pil.height / max(size[1], 1)) / 1.5)
        if pil.mode != "RGBA" or factor < 2:
            return super().resize(size)
        reduced = Image.new("RGBA", (-(-pil.width // factor), -(-pil.height // factor)))
        rows = factor * 64
        for top in range(0, pil.height, rows):
            strip = pil.crop((0, top, pil.width, min(top + rows, pil.height)))
            reduced.paste(strip.reduce(factor), (0, top // factor))
        return PillowImage(reduced).resize(size)


def _auto_orient(image: PillowImage) -> PillowImage:
    """Turn the image as its EXIF orientation says; without one, keep the same pixels."""
    orientation = image.image.getexif().get(ExifTags.Base.Orientation, 1)
    if orientation == 1:
        return _FrugalPillowImage(image.image)
    return _FrugalPillowImage(ImageOps.exif_transpose(image.image))


def install_image_operations() -> None:
    """Register the frugal operations with Willow (called from CmsConfig.ready()).

    Wagtail calls ``auto_orient`` on the file image, so Willow's registry finds it after
    converting to Pillow; registering it again replaces the plugin's copying version.
    """
    registry.register_operation(PillowImage, "auto_orient", _auto_orient)
