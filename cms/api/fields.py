"""Serializer fields shared by API v2 and v3: front ends get ready-to-use objects
(renditions with alt text, small page references, translations), never bare ids.

Each field reads from a :class:`BatchContext` built once per response for all the
objects on it, so a listing runs the same number of queries for 5 or 50 items.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch
from rest_framework.fields import Field
from typing_extensions import TypedDict
from wagtail.models import Page

# Named sizes front ends can rely on; each is also offered as WebP.
RENDITION_SIZES: dict[str, str] = {
    "thumbnail": "fill-400x225",
    "medium": "max-800x800",
    "large": "max-1600x1600",
}
RENDITION_SPECS: dict[str, str] = {
    **RENDITION_SIZES,
    **{f"{name}_webp": f"{spec}|format-webp" for name, spec in RENDITION_SIZES.items()},
}


class RenditionDict(TypedDict):
    url: str
    width: int
    height: int


class ImageDict(TypedDict):
    id: int
    title: str
    alt: str
    caption: str
    credit: str
    width: int
    height: int
    renditions: dict[str, RenditionDict]


class PageRefDict(TypedDict):
    id: int
    type: str
    title: str
    url: str | None
    locale: str


class DocumentRefDict(TypedDict):
    id: int
    title: str
    url: str


class TranslationDict(TypedDict):
    id: int
    locale: str
    title: str
    url: str | None


class TopicDict(TypedDict):
    id: int
    name: str
    slug: str


def rendition_prefetch(lookup: str) -> Prefetch:
    """Prefetch of the named renditions of the image at ``lookup`` (e.g. "listing_image")."""
    from wagtail.images import get_image_model

    rendition_model = get_image_model().get_rendition_model()
    return Prefetch(
        f"{lookup}__renditions",
        queryset=rendition_model.objects.filter(filter_spec__in=list(RENDITION_SPECS.values())),
    )


def image_representation(image: Any, request: Any = None) -> ImageDict | None:
    """The image as front ends need it; renditions come from the prefetch, and are
    created (once, then stored) only when they do not exist yet."""
    if image is None:
        return None
    # The same image often appears on several pages of a listing (and in a page's body
    # and its listing image): made once per request.
    memo = request.__dict__.setdefault("_cms_api_images", {}) if request is not None else {}
    if image.pk not in memo:
        memo[image.pk] = _image_dict(image, request)
    return memo[image.pk]


def _filters() -> list:
    """One Filter per spec, kept: Wagtail parses a spec again for each new Filter."""
    global _FILTERS
    if _FILTERS is None:
        from wagtail.images.models import Filter

        _FILTERS = [Filter(spec=spec) for spec in RENDITION_SPECS.values()]
    return _FILTERS


_FILTERS: list | None = None


def _image_dict(image: Any, request: Any) -> ImageDict:
    renditions = image.get_renditions(*_filters())
    return {
        "id": image.pk,
        "title": image.title,
        "alt": image.description or "",
        "caption": getattr(image, "caption", ""),
        "credit": getattr(image, "credit", ""),
        "width": image.width,
        "height": image.height,
        "renditions": {
            name: {
                "url": _absolute(request, renditions[spec].url),
                "width": renditions[spec].width,
                "height": renditions[spec].height,
            }
            for name, spec in RENDITION_SPECS.items()
        },
    }


def _absolute(request: Any, url: str) -> str:
    if request is None or "://" in url:
        return url
    return request.build_absolute_uri(url)


def rich_text_format(context: dict | None) -> str:
    """The ``?rich_text_format=`` of the request (validated by the v2 view), else the
    project's default, so text inside blocks is formatted like rich text fields."""
    from wagtail.api.rich_text import APIRichText

    context = context or {}
    if context.get("_wagtail_rich_text_format"):
        return context["_wagtail_rich_text_format"]
    request = context.get("request")
    raw = request.GET.get("rich_text_format") if request is not None else None
    return APIRichText.resolve_format(raw)


def rich_text(source: str, context: dict | None) -> str:
    """Database rich text as the front end asked for it (HTML with resolved links)."""
    from wagtail.api.rich_text import APIRichText

    return APIRichText.serialize(source, format=rich_text_format(context))


def document_ref(document: Any, request: Any) -> DocumentRefDict:
    """A chosen document: its title and download address."""
    return {
        "id": document.pk,
        "title": document.title,
        "url": _absolute(request, document.url),
    }


def public_document_ids(documents: list[Any]) -> set[int]:
    """Documents anonymous visitors may download: not in a collection with a view
    restriction (restrictions apply to sub-collections too). At most two queries."""
    from wagtail.models import Collection, CollectionViewRestriction

    restricted = list(CollectionViewRestriction.objects.values_list("collection__path", flat=True))
    if not restricted:
        return {document.pk for document in documents}
    paths = dict(
        Collection.objects.filter(pk__in={d.collection_id for d in documents}).values_list(
            "pk", "path"
        )
    )
    return {
        document.pk
        for document in documents
        if not any(paths.get(document.collection_id, "").startswith(p) for p in restricted)
    }


def page_url(page: Page, request: Any) -> str | None:
    # get_full_url caches the site root paths on the request: no query per page.
    return page.get_full_url(request)


class BatchContext:
    """Everything the fields need for a set of pages, fetched in a fixed number of queries."""

    def __init__(self, pages: Iterable[Any], request: Any):
        self.request = request
        self.pages = [page for page in pages if isinstance(page, Page)]
        self.page_ids = {page.pk for page in self.pages}
        self._translations: dict[Any, list[Page]] | None = None
        self._topics: dict[tuple[Any, int], Any] | None = None
        if request is not None and self.pages:
            # Wagtail's ``html_url`` asks each page for its URL without the request, and
            # each page then reads the sites' root paths from the cache again: one read
            # for the response, shared by its pages.
            paths = self.pages[0]._get_site_root_paths(request)
            for page in self.pages:
                page._wagtail_cached_site_root_paths = paths

    def _live_public(self) -> Any:
        """``Page.objects.live().public()``, with the view restrictions read once for the
        response (translations and linked pages both need them)."""
        if not hasattr(self, "_private"):
            self._private = Page.objects.all().private_q()
        return Page.objects.live().exclude(self._private)

    def translations_of(self, page: Page) -> list[TranslationDict]:
        if self._translations is None:
            self._translations = defaultdict(list)
            keys = {p.translation_key for p in self.pages}
            if keys:
                siblings = (
                    self._live_public()
                    .filter(translation_key__in=keys, alias_of__isnull=True)
                    .select_related("locale")
                    .only("id", "title", "url_path", "translation_key", "locale__language_code")
                    .order_by("locale__language_code")
                )
                for sibling in siblings:
                    self._translations[sibling.translation_key].append(sibling)
        return [
            {
                "id": other.pk,
                "locale": other.locale.language_code,
                "title": other.title,
                "url": page_url(other, self.request),
            }
            for other in self._translations.get(page.translation_key, [])
            if other.pk != page.pk
        ]

    def visible_link_ids(self, context: dict, pages: list[Any]) -> set[int]:
        """Ids of linked pages (of every page in the batch) that anonymous visitors may
        see: one query for the whole response."""
        if not hasattr(self, "_visible"):
            linked = {p.pk for p in pages}
            for batch_page in self.pages:
                for relation, target in (
                    ("related_page_links", "related_page_id"),
                    ("participant_links", "participant_id"),
                ):
                    if hasattr(batch_page, relation):
                        linked.update(
                            getattr(link, target) for link in getattr(batch_page, relation).all()
                        )
            self._visible = set(
                self._live_public().filter(pk__in=linked).values_list("pk", flat=True)
            )
        return self._visible

    def topics_of(self, page: Any) -> list[TopicDict]:
        """The page's topics in the page's language (links are synchronised between
        translations, so they may point at another language's topic)."""
        from articles.models import Topic

        if self._topics is None:
            keys = {
                link.topic.translation_key
                for p in self.pages
                for link in p.topic_links.all()
                if hasattr(p, "topic_links")
            }
            topics = Topic.objects.filter(translation_key__in=keys, live=True)
            self._topics = {(t.translation_key, t.locale_id): t for t in topics}
        found = []
        for link in page.topic_links.all():
            topic = self._topics.get((link.topic.translation_key, page.locale_id))
            if topic is not None:
                found.append({"id": topic.pk, "name": topic.name, "slug": topic.slug})
        return found


def batch_for(context: dict, obj: Any) -> BatchContext:
    """The batch of the current response (listing), or a batch of one (detail, nested)."""
    view = context.get("view")
    batch = getattr(view, "alliance_batch", None)
    if batch is not None and getattr(obj, "pk", None) in batch.page_ids:
        return batch
    return BatchContext([obj], context.get("request"))


class LocaleField(Field):
    """The page's language code (``en``, ``fr``)."""

    def get_attribute(self, instance: Any) -> Any:
        return instance

    def to_representation(self, page: Any) -> str:
        return page.locale.language_code


class TranslationsField(Field):
    """The live translations of the page in the other languages: id, locale, title, url."""

    def get_attribute(self, instance: Any) -> Any:
        return instance

    def to_representation(self, page: Any) -> list[TranslationDict]:
        return batch_for(self.context, page).translations_of(page)


class IsTranslationField(Field):
    """False when the page is an untranslated alias of a page in another language, so
    front ends can fall back to that language or hide it."""

    def get_attribute(self, instance: Any) -> Any:
        return instance

    def to_representation(self, page: Any) -> bool:
        return page.alias_of_id is None


class ImageRenditionsField(Field):
    """An image with alt text, caption, credit and the named renditions."""

    def to_representation(self, image: Any) -> ImageDict | None:
        return image_representation(image, self.context.get("request"))


class TopicListField(Field):
    """The page's topics in its own language."""

    def get_attribute(self, instance: Any) -> Any:
        return instance

    def to_representation(self, page: Any) -> list[TopicDict]:
        return batch_for(self.context, page).topics_of(page)


def page_ref(page: Any, request: Any) -> PageRefDict:
    return {
        "id": page.pk,
        "type": page.specific_class._meta.label if page.specific_class else "wagtailcore.Page",
        "title": page.title,
        "url": page_url(page, request),
        "locale": page.locale.language_code,
    }


class LinkedPagesField(Field):
    """Inline links (related pages, participants) as small page objects, keeping only
    pages an anonymous visitor may see."""

    def __init__(self, target: str, **kwargs: Any):
        self.target = target
        super().__init__(**kwargs)

    def to_representation(self, links: Any) -> list[PageRefDict]:
        request = self.context.get("request")
        links = list(links.all())
        if not links:
            return []
        owner = links[0].page
        pages = [getattr(link, self.target) for link in links]
        visible = batch_for(self.context, owner).visible_link_ids(self.context, pages)
        return [page_ref(page, request) for page in pages if page.pk in visible]


class PageRefField(Field):
    """A single linked page (e.g. the join page) as a small object, if visible."""

    def to_representation(self, page: Any) -> PageRefDict | None:
        if page is None or not page.live or not Page.objects.filter(pk=page.pk).public().exists():
            return None
        return page_ref(page, self.context.get("request"))


# --- StreamField values with chosen images and pages as objects ---------------------------


def _chosen(block: Any, value: Any, found: dict[str, list[Any]]) -> None:
    """Collect the images, pages and documents chosen anywhere in a block value."""
    from wagtail import blocks
    from wagtail.documents.blocks import DocumentChooserBlock
    from wagtail.images.blocks import ImageChooserBlock

    if value is None:
        return
    if isinstance(block, ImageChooserBlock):
        found["images"].append(value)
    elif isinstance(block, DocumentChooserBlock):
        found["documents"].append(value)
    elif isinstance(block, blocks.PageChooserBlock):
        found["pages"].append(value)
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            _chosen(child, value.get(name), found)
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            _chosen(block.child_block, item, found)
    elif isinstance(block, blocks.StreamBlock):
        for child in value:
            _chosen(child.block, child.value, found)


class StreamBlocksField(Field):
    """API v2's StreamField: blocks as :class:`StreamRepresentation` gives them, the same
    values as API v3 (Wagtail's own v2 field gives chosen objects as bare ids)."""

    def get_attribute(self, instance: Any) -> Any:
        return instance

    def to_representation(self, page: Any) -> list[dict[str, Any]]:
        return StreamRepresentation(getattr(page, self.source), self.context, page=page).data()


class StreamRepresentation:
    """A StreamField value for the API (v2 and v3 alike), with chosen images as
    :class:`ImageDict` and chosen pages as :class:`PageRefDict` (the shapes of image and
    page fields), chosen documents as :class:`DocumentRefDict`, instead of bare ids; other
    blocks give their ``get_api_representation`` (snippets: see home/blocks.py), with
    ``page`` in the context so that they can answer in the page's language. Renditions,
    page visibility and document privacy are fetched once for the whole value, so a
    gallery of twenty images costs the same queries as one."""

    def __init__(self, stream_value: Any, context: dict, page: Any = None):
        from wagtail.images import get_image_model

        self.value = stream_value
        # A copy: blocks may memoise in it, and the serializer's context is shared.
        self.context = {**context, "page": page}
        self.request = context.get("request")
        found: dict[str, list[Any]] = {"images": [], "pages": [], "documents": []}
        _chosen(stream_value.stream_block, stream_value, found)
        if found["images"]:
            from django.db.models import prefetch_related_objects

            rendition_model = get_image_model().get_rendition_model()
            prefetch_related_objects(
                found["images"],
                Prefetch(
                    "renditions",
                    queryset=rendition_model.objects.filter(
                        filter_spec__in=list(RENDITION_SPECS.values())
                    ),
                ),
            )
        self.visible_pages: dict[int, Page] = {}
        if found["pages"]:
            self.visible_pages = (
                Page.objects.live()
                .public()
                .select_related("locale")
                .in_bulk([page.pk for page in found["pages"]])
            )
        self.public_documents: set[int] = set()
        if found["documents"]:
            self.public_documents = public_document_ids(found["documents"])

    def data(self) -> list[dict[str, Any]]:
        return self.represent(self.value.stream_block, self.value)

    def represent(self, block: Any, value: Any) -> Any:
        from wagtail import blocks
        from wagtail.documents.blocks import DocumentChooserBlock
        from wagtail.images.blocks import ImageChooserBlock

        if isinstance(block, ImageChooserBlock):
            return image_representation(value, self.request)
        if isinstance(block, DocumentChooserBlock):
            if value is None or value.pk not in self.public_documents:
                return None  # deleted, or in a private collection
            return document_ref(value, self.request)
        if isinstance(block, blocks.PageChooserBlock):
            page = self.visible_pages.get(value.pk) if value is not None else None
            return page_ref(page, self.request) if page is not None else None
        if isinstance(block, blocks.StructBlock):
            return {
                name: self.represent(block.child_blocks[name], child_value)
                for name, child_value in value.items()
                if name in block.child_blocks
            }
        if isinstance(block, blocks.ListBlock):
            return [self.represent(block.child_block, item) for item in value]
        if isinstance(block, blocks.StreamBlock):
            if value is None:
                return []
            return [
                {
                    "type": child.block.name,
                    "value": self.represent(child.block, child.value),
                    "id": child.id,
                }
                for child in value
            ]
        return block.get_api_representation(value, context=self.context)
