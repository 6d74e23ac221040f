"""Building blocks for `load_demo_content`: idempotent creation of images, pages and
their wagtail-localize translations.

Each app owns its demo content in `<app>/demo.py` with a `load(loader)` function; this
module gives them one way to write bilingual content so that the French side is made
through wagtail-localize, exactly as a translator's work would be, and shows up in the
translation editor.
"""

from __future__ import annotations

import colorsys
import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management.base import CommandError, OutputWrapper
from django.db.models import Model
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.documents.models import Document
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.synctree import create_aliases_for_new_page

from cms.core.models import CustomImage
from cms.demo_kit.documents import text_pdf

PageT = TypeVar("PageT", bound=Page)


@dataclass(frozen=True)
class DemoAccount:
    """One account `load_demo_content` creates when DEBUG is on. A first and a last name,
    because Wagtail's account form requires both: without them a demo user could not
    save their own settings (their interface language among them)."""

    username: str
    password: str
    group: str | None
    superuser: bool
    first_name: str
    last_name: str
    language: str  # the admin's interface language
    # Made by the demo content itself (Veldhoven's contributor, invited as an operator
    # would: articles/demo_local_news.py); the command only gives it its demo password.
    made_by_content: bool = False


# The passwords are published (README, the command's output), so the deploy check and
# production start-up refuse any active account that still accepts one
# (cms/security/checks.py); this is the only copy of the list.
DEMO_ACCOUNTS: list[DemoAccount] = [
    DemoAccount("admin", "alliance-admin-demo", None, True, "Anna", "Horváth", "en"),
    DemoAccount("editor", "alliance-editor-demo", "Editors", False, "Elena", "Dumitru", "en"),
    DemoAccount(
        "reviewer", "alliance-reviewer-demo", "Reviewers", False, "Jonas", "Petrauskas", "en"
    ),
    DemoAccount(
        "translator",
        "alliance-translator-demo",
        "Translators (fr)",
        False,
        "Camille",
        "Martin",
        "fr",
    ),
    DemoAccount(
        "veldhoven@example.org",
        "alliance-contributor-demo",
        None,
        False,
        "Femke",
        "de Vries",
        "en",
        made_by_content=True,
    ),
]


@dataclass(frozen=True)
class Text:
    """One piece of demo text in English with its French translation."""

    en: str
    fr: str


@dataclass
class DemoLoader:
    """Shared state of one demo run: output, created counts and the French glossary."""

    stdout: OutputWrapper
    created: list[str] = field(default_factory=list)

    @property
    def source_locale(self) -> Locale:
        return Locale.get_default()

    def note(self, message: str) -> None:
        self.created.append(message)
        self.stdout.write(f"  + {message}")

    # Images ---------------------------------------------------------------------

    def image(self, title: str, *, alt: str, caption: str = "", credit: str = "") -> CustomImage:
        existing = CustomImage.objects.filter(title=title).first()
        if existing is not None:
            return existing
        buffer = io.BytesIO()
        draw_illustration(title).save(buffer, format="PNG")
        image = CustomImage(
            title=title,
            description=alt,
            caption=caption,
            credit=credit,
            file=ImageFile(buffer, name=f"{slug_for_file(title)}.png"),
        )
        image.save()
        self.note(f"image “{title}”")
        return image

    # Documents ------------------------------------------------------------------

    def document(self, title: str, lines: list[str], language: str = "en") -> Document:
        """A one-page PDF of ``lines`` in the document library, made once."""
        existing = Document.objects.filter(title=title).first()
        if existing is not None:
            return existing
        document = Document(
            title=title,
            file=ContentFile(text_pdf(title, lines, language), name=f"{slug_for_file(title)}.pdf"),
        )
        document._set_document_file_metadata()  # size and hash, as the upload form sets
        document.save()
        self.note(f"document “{title}”")
        return document

    # Pages ----------------------------------------------------------------------

    def child_page(
        self, parent: Page, page_class: type[PageT], *, slug: str, **fields: Any
    ) -> PageT:
        """The child of `parent` with this slug, created and published if it is missing."""
        existing = parent.get_children().filter(slug=slug).specific().first()
        if existing is not None:
            if not isinstance(existing, page_class):
                found, wanted = type(existing).__name__, page_class.__name__
                raise CommandError(f"{existing.url_path} is a {found}, not a {wanted}.")
            return existing
        page = page_class(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        # As in the admin: the other locales get an alias until the page is translated.
        create_aliases_for_new_page(page)
        self.note(f"{page_class._meta.verbose_name} “{page.title}”")
        return page

    # Translations ---------------------------------------------------------------

    def translate(self, instance: Model, texts: Iterable[Text], language_code: str = "fr") -> Model:
        """Translate a page or snippet through wagtail-localize and publish the result.

        Every segment must have a translation among `texts`, so that demo content is
        never half French; a missing one stops the command and names the string.
        """
        locale = Locale.objects.get(language_code=language_code)
        existing = instance.get_translation_or_none(locale)
        if existing is not None and not getattr(existing, "alias_of_id", None):
            return existing
        glossary = {text.en: text.fr for text in texts}
        source, _created = TranslationSource.get_or_create_from_instance(instance)
        translation, _created = Translation.objects.get_or_create(
            source=source, target_locale=locale, defaults={"enabled": True}
        )
        po = translation.export_po()
        missing = []
        for entry in po:
            entry.msgstr = glossary.get(entry.msgid, "")
            if not entry.msgstr:
                missing.append(f"{entry.msgctxt}: {entry.msgid!r}")
        if missing:
            raise CommandError(
                f"The demo content has no {language_code} text for {instance}:\n"
                + "\n".join(missing)
            )
        translation.import_po(po)
        # wagtail-localize publishes on commit, which inside this command's transaction
        # would come after later pages were added and overwrite the tree's child counts
        # from a stale copy; so save a draft and publish a freshly loaded revision now.
        translation.save_target(publish=False)
        target = instance.get_translation(locale)
        type(target.get_latest_revision()).objects.get(pk=target.latest_revision_id).publish()
        self.note(f"{language_code} translation of “{instance}”")
        return instance.get_translation(locale)

    def resync_translations(self, instance: Model) -> None:
        """After the source changed: bring its translations up to date and publish them,
        as a translator would with "Sync translated pages" and a reviewer's approval."""
        source = TranslationSource.objects.filter(object_id=instance.translation_key).first()
        if source is None:
            return
        source.update_from_db()
        for translation in source.translations.filter(enabled=True):
            translation.save_target(publish=False)
            target = instance.get_translation(translation.target_locale)
            revision = type(target.get_latest_revision()).objects.get(pk=target.latest_revision_id)
            revision.publish()


def slug_for_file(title: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")[:60]


def draw_illustration(title: str, size: tuple[int, int] = (1200, 800)) -> PILImage.Image:
    """A calm, deterministic landscape drawing, seeded by the title: no downloads."""
    seed = int(hashlib.sha256(title.encode()).hexdigest(), 16)
    hue = (seed % 360) / 360
    width, height = size
    image = PILImage.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        lightness = 0.75 - 0.35 * (y / height)
        r, g, b = colorsys.hls_to_rgb(hue, lightness, 0.45)
        draw.line([(0, y), (width, y)], fill=(int(r * 255), int(g * 255), int(b * 255)))
    for index in range(7):
        shade = colorsys.hls_to_rgb((hue + 0.08 * index) % 1, 0.35, 0.4)
        left = (seed >> (index * 5)) % width
        box_width = 120 + (seed >> (index * 3)) % 180
        box_height = 140 + (seed >> (index * 4)) % 260
        draw.rectangle(
            [left, height - box_height, left + box_width, height],
            fill=tuple(int(c * 255) for c in shade),
        )
        roof = [
            (left - 10, height - box_height),
            (left + box_width / 2, height - box_height - 70),
            (left + box_width + 10, height - box_height),
        ]
        draw.polygon(roof, fill=tuple(int(c * 200) for c in shade))
    return image
