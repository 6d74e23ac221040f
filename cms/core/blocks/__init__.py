"""The StreamField blocks that every page body is built from.

One package so that news articles, seminar reports, participant profiles and standard
pages share the same editing vocabulary, templates, API shape and quality checks. The
first blocks are here; the editor's toolbox has one module each (table, accordion,
document list, call-out, media, upcoming events), with its template in
``cms/templates/blocks/``.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from cms.core.blocks.accordion import AccordionBlock
from cms.core.blocks.callout import CalloutBlock
from cms.core.blocks.documents import DocumentListBlock
from cms.core.blocks.events import UpcomingEventsBlock
from cms.core.blocks.media import ConsentEmbedBlock, MediaBlock
from cms.core.blocks.table import TableBlock
from cms.core.image_text import ImageText


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("text"), max_length=255)
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3")), ("h4", _("Heading 4"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading_block.html"


class CaptionedImageBlock(blocks.StructBlock):
    """An image with the text this page gives it: alt text (or decorative), caption, credit.

    The text belongs to the page, so it is translated and reviewed with it
    (cms/core/image_text.py). Left empty, it is filled with the image library's text when
    the editor saves: the library is the default for a new use, never the page's text.
    """

    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alt text"),
        required=False,
        default="",
        max_length=255,
        help_text=_(
            "What the image shows, for people who cannot see it, in this page's language. "
            "Left empty, the image library's alt text is used."
        ),
    )
    decorative = blocks.BooleanBlock(
        label=_("decorative image"),
        required=False,
        default=False,
        help_text=_("Tick only if the image adds nothing to the text: screen readers skip it."),
    )
    caption = blocks.CharBlock(
        label=_("caption"),
        required=False,
        default="",
        max_length=500,
        help_text=_("Left empty, the image library's caption is used."),
    )
    credit = blocks.CharBlock(
        label=_("credit"),
        required=False,
        default="",
        max_length=255,
        help_text=_("Who took or owns the photo. Left empty, the image library's credit is used."),
    )

    class Meta:
        icon = "image"
        label = _("Captioned image")
        template = "blocks/captioned_image_block.html"

    def clean(self, value):
        value = super().clean(value)
        image = value.get("image")
        if image is not None:
            text = self.image_text(value)
            if not value.get("decorative"):
                value["alt_text"] = text.alt
            value["caption"] = text.caption
            value["credit"] = text.credit
        return value

    def image_text(self, value) -> ImageText:
        """This use's text, the library's where the use has none (content saved before
        uses had their own text)."""
        return ImageText.of_use(
            value.get("image"),
            alt=value.get("alt_text"),
            caption=value.get("caption"),
            credit=value.get("credit"),
            decorative=bool(value.get("decorative")),
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["text"] = self.image_text(value)
        return context


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote_block.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("link text"),
        required=False,
        help_text=_("Leave empty to use the document's title."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document link")
        template = "blocks/document_link_block.html"


class CallToActionBlock(blocks.StructBlock):
    """A highlighted invitation to act, such as the seed's “Join the Alliance”."""

    # Its own wording: in French both this and the page's title read "Titre".
    title = blocks.CharBlock(label=pgettext_lazy("call to action", "title"), max_length=255)
    text = blocks.TextBlock(label=_("text"), required=False)
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("external link"), required=False)
    button_label = blocks.CharBlock(label=_("button label"), max_length=80)

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "blocks/call_to_action_block.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a page or enter a link."))}
            )
        return value


class BaseStreamBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        icon="pilcrow",
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        template="blocks/paragraph_block.html",
    )
    heading = HeadingBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    embed = ConsentEmbedBlock(
        label=_("Embedded media"),
        icon="media",
        help_text=_("A link to a video or other media, e.g. a YouTube address."),
        template="blocks/embed_block.html",
    )
    document = DocumentLinkBlock()
    call_to_action = CallToActionBlock()
    media = MediaBlock()
    table = TableBlock()
    accordion = AccordionBlock()
    document_list = DocumentListBlock()
    callout = CalloutBlock()
    upcoming_events = UpcomingEventsBlock()
