"""A video or audio recording with its transcript, that loads nothing from a third party
until the visitor asks (issue #21).

The recording is either a file of the document library (played by the browser's own
player, from this site, downloading nothing before play) or a video on a known host
(cms/core/blocks/media_hosts.py). A host's player is only framed after a click on
“Load and play”: until then the visitor sees a still image kept on this site, the title
and a notice, in their language, of who hosts the video and what loading it implies
(blocks/media_consent.html, cms/static/cms/js/media-consent.js). Wagtail's embed block
gets the same treatment (:class:`ConsentEmbedBlock`); other providers are only linked.

A transcript is required before review (:meth:`MediaBlock.quality_problems`), not before
saving, so that a draft can wait for it. A file in a private collection is never shown
to, nor named for, anonymous visitors, on the page or in the APIs.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from typing_extensions import TypedDict
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import RichText

from cms.core.blocks.media_hosts import (
    ExternalPlayer,
    UnsupportedMediaAddress,
    external_player,
    hosts_list,
)
from cms.core.image_text import ImageText
from cms.core.representation import (
    DocumentRefDict,
    ImageDict,
    document_ref,
    image_representation,
    public_document_ids,
    rich_text,
)

VIDEO, AUDIO = "video", "audio"
# The files browsers play themselves, by extension: their type, and whether they can
# hold a picture at all (an MP3 cannot be a video).
PLAYABLE_FILES: dict[str, tuple[str, bool]] = {
    "mp4": ("video/mp4", True),
    "webm": ("video/webm", True),
    "ogg": ("audio/ogg", True),
    "mp3": ("audio/mpeg", False),
    "m4a": ("audio/mp4", False),
}


class MediaDict(TypedDict):
    """A recording in the APIs: ``embed_url`` is the host's privacy-friendly player,
    ``file`` the library's file (both null when the visitor may not have them)."""

    title: str
    kind: str
    provider: str | None
    url: str | None
    embed_url: str | None
    file: DocumentRefDict | None
    still: ImageDict | None
    transcript: str
    captions: str


def player_or_none(url: str | None) -> ExternalPlayer | None:
    """The player of a stored address; None for none, or for an address saved before a
    host stopped being supported (the page then shows the title and transcript)."""
    if not url:
        return None
    try:
        return external_player(url)
    except UnsupportedMediaAddress:
        return None


def has_text(value: RichText | str | None) -> bool:
    source = value.source if isinstance(value, RichText) else (value or "")
    return bool(strip_tags(source).replace("\xa0", " ").strip())


class MediaBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label=gettext_lazy("title"),
        max_length=255,
        help_text=gettext_lazy(
            "What the recording is, in a few words: screen readers announce the player by it."
        ),
    )
    kind = blocks.ChoiceBlock(
        label=pgettext_lazy("media", "kind"),
        choices=[(VIDEO, gettext_lazy("Video")), (AUDIO, gettext_lazy("Audio"))],
        default=VIDEO,
    )
    document = DocumentChooserBlock(
        label=gettext_lazy("file"),
        required=False,
        help_text=gettext_lazy(
            "A video or audio file of the document library (MP4, WebM, OGG, MP3 or M4A), "
            "played from this site. Or give an address below, not both."
        ),
    )
    url = blocks.URLBlock(
        label=gettext_lazy("address on a video site"),
        required=False,
        help_text=gettext_lazy(
            "The address of the video's page on YouTube, Vimeo or Dailymotion. Visitors "
            "see a still image and a notice until they choose to load the player."
        ),
    )
    still = ImageChooserBlock(
        label=gettext_lazy("still image"),
        required=False,
        help_text=gettext_lazy(
            "Shown before the video plays, from this site. Left empty, a plain box is shown."
        ),
    )
    transcript = blocks.RichTextBlock(
        label=gettext_lazy("transcript"),
        required=False,
        features=["bold", "italic", "h3", "ol", "ul", "link"],
        help_text=gettext_lazy(
            "Everything that is said (and what is shown, if it matters), for people who "
            "cannot hear or see the recording. Required before review."
        ),
    )
    captions = blocks.CharBlock(
        label=gettext_lazy("captions"),
        required=False,
        max_length=255,
        help_text=gettext_lazy(
            "If the video has captions or subtitles, say in which languages, "
            "e.g. “Captions in English and French”."
        ),
    )

    class Meta:
        icon = "media"
        label = gettext_lazy("Video or audio")
        template = "blocks/media_block.html"
        # Wagtail's page for block previews, with the site's stylesheet where the project
        # overrides it (cms/templates/wagtailcore/shared/block_preview.html).
        preview_template = "wagtailcore/shared/block_preview.html"
        description = gettext_lazy(
            "A video or recording with its transcript. Nothing is loaded from the video "
            "site until the visitor asks."
        )

    def get_preview_value(self) -> Any:
        """What the block picker shows: a video on a host, as a visitor first sees it."""
        sentence = _("Cities and regions across Europe work together for Roma inclusion.")
        return self.normalize(
            {
                "title": _("The Alliance in two minutes"),
                "kind": VIDEO,
                "document": None,
                "url": "https://www.youtube.com/watch?v=M7lc1UVf-VE",
                "still": None,
                "transcript": f"<p>{sentence}</p>",
                "captions": "",
            }
        )

    # --- editing -----------------------------------------------------------------------

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        document, url = value.get("document"), value.get("url")
        errors: dict[str, ValidationError] = {}
        if document is not None and url:
            raise blocks.StructBlockValidationError(
                non_block_errors=[
                    ValidationError(
                        _("Choose a file or give an address, not both: a recording has one source.")
                    )
                ]
            )
        if document is None and not url and not self.is_deferred_validation:
            # A draft may wait for its recording; the quality gate asks for it before review.
            message = _(
                "Choose a video or audio file from the library, or give the address of the "
                "video on %(hosts)s."
            ) % {"hosts": hosts_list()}
            errors["document"] = ValidationError(message)
        if url:
            try:
                external_player(url)
            except UnsupportedMediaAddress as refusal:
                errors["url"] = ValidationError(str(refusal))
        if document is not None:
            problem = self.file_problem(document, value.get("kind"))
            if problem:
                errors["document"] = ValidationError(problem)
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value

    @staticmethod
    def file_problem(document: Any, kind: str | None) -> str:
        extension = (document.file_extension or "").lower()
        if extension not in PLAYABLE_FILES:
            return _(
                "“%(title)s” is not a video or audio file that browsers can play: choose an "
                "MP4, WebM, OGG, MP3 or M4A file."
            ) % {"title": document.title}
        if kind == VIDEO and not PLAYABLE_FILES[extension][1]:
            return _("“%(title)s” is a sound file (%(type)s): choose “Audio” as the kind.") % {
                "title": document.title,
                "type": extension.upper(),
            }
        return ""

    def quality_problems(self, value: Any) -> list[str]:
        """What the editor must add before review (cms/workflow/quality.py)."""
        title = value.get("title") or ""
        audio = value.get("kind") == AUDIO
        problems = []
        if value.get("document") is None and not value.get("url"):
            problems.append(
                (
                    _("The recording “%(title)s” has no file or address: choose one.")
                    if audio
                    else _("The video “%(title)s” has no file or address: choose one.")
                )
                % {"title": title}
            )
        if not has_text(value.get("transcript")):
            problems.append(
                (
                    _(
                        "The recording “%(title)s” has no transcript: add one so that people "
                        "who cannot hear it can read it."
                    )
                    if audio
                    else _(
                        "The video “%(title)s” has no transcript: add one so that people who "
                        "cannot hear it can read what is said."
                    )
                )
                % {"title": title}
            )
        return problems

    # --- the page ------------------------------------------------------------------------

    def get_context(self, value: Any, parent_context: dict | None = None) -> dict:
        context = super().get_context(value, parent_context=parent_context)
        request = context.get("request")
        document, still = value.get("document"), value.get("still")
        public = document is not None and document.pk in public_document_ids([document])
        extension = (getattr(document, "file_extension", "") or "").lower()
        context["media"] = {
            "uid": uuid.uuid4().hex[:10],
            "title": value.get("title") or "",
            "audio": value.get("kind") == AUDIO,
            "player": player_or_none(value.get("url")),
            # Rendered pages are shared by every visitor (page and fragment caches): a
            # private collection's file shows in the editor's preview only, with a note.
            "file": document if public or getattr(request, "is_preview", False) else None,
            "private_file": document is not None and not public,
            "file_type": PLAYABLE_FILES.get(extension, ("", False))[0],
            "still": still,
            "still_text": ImageText.of_use(still) if still is not None else None,
            "transcript": value.get("transcript") if has_text(value.get("transcript")) else None,
            "captions": value.get("captions") or "",
        }
        return context

    # --- the APIs ------------------------------------------------------------------------

    api_type = MediaDict

    def get_api_representation(self, value: Any, context: dict | None = None) -> MediaDict:
        """The recording, its privacy-friendly player and its text; a private file is
        left out (``file`` null), as the stream's other documents are."""
        context = context if context is not None else {}
        stream = context.get("stream")
        request = context.get("request")
        document, still = value.get("document"), value.get("still")
        if stream is not None:
            file = stream.represent(self.child_blocks["document"], document)
            still_data = stream.represent(self.child_blocks["still"], still)
        else:
            public = document is not None and document.pk in public_document_ids([document])
            file = document_ref(document, request) if public else None
            still_data = image_representation(still, request)
        player = player_or_none(value.get("url"))
        transcript = value.get("transcript")
        return {
            "title": value.get("title") or "",
            "kind": value.get("kind") or VIDEO,
            "provider": player.host.name if player else None,
            "url": value.get("url") or None,
            "embed_url": player.embed_url if player else None,
            "file": file,
            "still": still_data,
            "transcript": rich_text(transcript.source, context) if has_text(transcript) else "",
            "captions": value.get("captions") or "",
        }


class ConsentEmbedBlock(EmbedBlock):
    """Wagtail's embed block, loading the provider's player only when the visitor asks.

    A known host gets its privacy-friendly player behind the same placeholder, made from
    the address alone (no call to the provider's oEmbed service). Any other provider is
    only linked: the site's Content-Security-Policy frames the known players alone, and
    this server asks no provider anything to render a page.
    """

    class Meta:
        icon = "media"
        template = "blocks/embed_block.html"

    def get_context(self, value: Any, parent_context: dict | None = None) -> dict:
        context = super().get_context(value, parent_context=parent_context)
        player = player_or_none(getattr(value, "url", None))
        stored = _stored_embed(value)
        provider = player.host.name if player else getattr(stored, "provider_name", "")
        context["media"] = {
            "uid": uuid.uuid4().hex[:10],
            "player": player,
            "provider": provider,
            # The player's accessible name: the provider's title where Wagtail kept one.
            "title": getattr(stored, "title", "")
            or (_("Video on %(host)s") % {"host": provider} if provider else _("Embedded content")),
        }
        return context


def _stored_embed(value: Any) -> Any:
    """What Wagtail kept of the provider's answer about this address (its embeds table),
    without asking the provider: a known host's player needs nothing from it."""
    if value is None:
        return None
    embed_hash = get_embed_hash(value.url, value.max_width, value.max_height)
    return Embed.objects.filter(hash=embed_hash).only("title", "provider_name").first()
