"""How content is represented for front ends: the shapes both APIs give (images with alt
text and named renditions, small page references, documents, translations), rich text
in the requested format, and the batch that computes them once per response.

Used by the APIs (cms/api), by blocks that give their own API representation
(home/blocks.py) and by the serializers the domain apps declare on their ``api_fields``
(articles/serializers.py). Kernel: imports no domain app and not cms.api.

A response's pages share one :class:`BatchContext`: API v2 keeps it on the view
(``view.alliance_batch``), API v3 on each page of its queryset (:func:`share_batch`);
:func:`batch_for` finds it, so that a listing runs the same queries for 5 or 50 pages.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import Prefetch
from typing_extensions import TypedDict
from wagtail.api.rich_text import APIRichText
from wagtail.api.utils import get_full_url
from wagtail.images import get_image_model
from wagtail.images.models import Filter, SourceImageIOError
from wagtail.models import Collection, CollectionViewRestriction, Page

from cms.core.reading import (
    group_among_top_pages,
    locale_by_id,
    remembered,
    translation_source_exists,
)
from cms.translations import freshness

T = TypeVar("T")

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

# The TypedDicts below name API v3's OpenAPI schemas (their class names, and a docstring
# would become a description): changing one changes the published document.


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
    decorative: bool
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


# --- images ---------------------------------------------------------------------------


def rendition_queryset() -> Any:
    """The stored renditions of the named sizes (to prefetch with the images)."""
    rendition_model = get_image_model().get_rendition_model()
    return rendition_model.objects.filter(filter_spec__in=list(RENDITION_SPECS.values()))


def rendition_prefetch(lookup: str) -> Prefetch:
    """Prefetch of the named renditions of the image at ``lookup`` (e.g. "listing_image")."""
    return Prefetch(f"{lookup}__renditions", queryset=rendition_queryset())


@functools.cache
def rendition_filters() -> list[Filter]:
    """One Filter per spec, kept: Wagtail parses a spec again for each new Filter."""
    return [Filter(spec=spec) for spec in RENDITION_SPECS.values()]


def image_representation(image: Any, request: Any = None) -> ImageDict | None:
    """The image as front ends need it; renditions come from the prefetch, and are
    created (once, then stored) only when they do not exist yet.

    None when its renditions cannot be made (original missing, media storage full or
    read-only): the item is served without the image rather than not at all.
    """
    if image is None:
        return None
    # The same image often appears on several pages of a listing (and in a page's body
    # and its listing image): made once per request.
    memo = request.__dict__.setdefault("_cms_api_images", {}) if request is not None else {}
    if image.pk not in memo:
        try:
            memo[image.pk] = _image_dict(image, request)
        except SourceImageIOError:
            memo[image.pk] = None
    return memo[image.pk]


def _image_dict(image: Any, request: Any) -> ImageDict:
    renditions = image.get_renditions(*rendition_filters())
    return {
        "id": image.pk,
        "title": image.title,
        "alt": image.description or "",
        "caption": getattr(image, "caption", ""),
        "credit": getattr(image, "credit", ""),
        "decorative": False,
        "width": image.width,
        "height": image.height,
        "renditions": {
            name: {
                "url": absolute_url(request, renditions[spec].url),
                "width": renditions[spec].width,
                "height": renditions[spec].height,
            }
            for name, spec in RENDITION_SPECS.items()
        },
    }


def absolute_url(request: Any, url: str) -> str:
    """``url`` on the API's public origin (``WAGTAILAPI_BASE_URL``, the same as
    ``WAGTAILADMIN_BASE_URL``: cms/core/sites.py), as ``detail_url`` is, rather than on
    the host the request used: a front end that renders on its server may reach the API
    by an internal name that no browser can. Unchanged without a request."""
    if request is None or "://" in url:
        return url
    return get_full_url(request, url)


# --- rich text ------------------------------------------------------------------------


def rich_text_format(context: dict | None) -> str:
    """The ``?rich_text_format=`` of the request (validated by the v2 view), else the
    project's default, so text inside blocks is formatted like rich text fields."""
    context = context or {}
    if context.get("_wagtail_rich_text_format"):
        return context["_wagtail_rich_text_format"]
    request = context.get("request")
    raw = request.GET.get("rich_text_format") if request is not None else None
    return APIRichText.resolve_format(raw)


def rich_text(source: str, context: dict | None) -> str:
    """Database rich text as the front end asked for it (HTML with resolved links)."""
    return APIRichText.serialize(source, format=rich_text_format(context))


# --- documents and pages ---------------------------------------------------------------


def document_ref(document: Any, request: Any) -> DocumentRefDict:
    """A chosen document: its title and download address."""
    return {
        "id": document.pk,
        "title": document.title,
        "url": absolute_url(request, document.url),
    }


def public_document_ids(documents: list[Any]) -> set[int]:
    """Documents anonymous visitors may download: not in a collection with a view
    restriction (restrictions apply to sub-collections too). At most two queries."""
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


def page_ref(page: Any, request: Any) -> PageRefDict:
    """A linked page as a small object: enough to show and link it."""
    return {
        "id": page.pk,
        "type": page.specific_class._meta.label if page.specific_class else "wagtailcore.Page",
        "title": page.title,
        "url": page_url(page, request),
        "locale": page.locale.language_code,
    }


# --- the pages of one response ------------------------------------------------------------


class BatchContext:
    """Everything the fields need for a set of pages, fetched in a fixed number of queries.

    Fields of other apps keep what they computed for the whole batch with :meth:`memo`
    (articles/serializers.py: topics, visible linked pages)."""

    def __init__(self, pages: Iterable[Any], request: Any):
        self.request = request
        self.pages = [page for page in pages if isinstance(page, Page)]
        self.page_ids = {page.pk for page in self.pages}
        self._translations: dict[Any, list[Page]] | None = None
        self._memo: dict[str, Any] = {}
        if request is not None and self.pages:
            # Wagtail's ``html_url`` asks each page for its URL without the request, and
            # each page then reads the sites' root paths from the cache again: one read
            # for the response, shared by its pages.
            paths = self.pages[0]._get_site_root_paths(request)
            for page in self.pages:
                page._wagtail_cached_site_root_paths = paths

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()``, run once for the batch (``key`` names what it computes)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def live_public(self) -> Any:
        """``Page.objects.live().public()``, with the view restrictions read once for the
        response (translations and linked pages both need them)."""
        private = self.memo("private pages", lambda: Page.objects.all().private_q())
        return Page.objects.live().exclude(private)

    def _group_members(self) -> dict[Any, list[Page]]:
        """The live, public, non-alias pages of each translation group of the batch,
        with whether wagtail-localize translated the group from them: one query."""
        if self._translations is None:
            self._translations = defaultdict(list)
            keys = {p.translation_key for p in self.pages}
            if keys:
                siblings = _translation_groups(self.live_public(), keys).order_by(
                    "locale__language_code"
                )
                for sibling in siblings:
                    self._translations[sibling.translation_key].append(sibling)
        return self._translations

    def translations_of(self, page: Page) -> list[TranslationDict]:
        return [
            {
                "id": other.pk,
                "locale": other.locale.language_code,
                "title": other.title,
                "url": page_url(other, self.request),
            }
            for other in self._group_members().get(page.translation_key, [])
            if other.pk != page.pk
        ]

    def translation_status_of(self, page: Page) -> freshness.TranslationStatus | None:
        """``current``, ``outdated`` or ``fallback`` (cms/translations/freshness.py)."""
        members = self._group_members().get(page.translation_key, [])
        return _status_among(page, members)[0]


def translation_status_and_source(
    page: Page,
) -> tuple[freshness.TranslationStatus | None, Page | None]:
    """The page's status and the live page it stands for (its source, or for an alias
    the page it shows), for one rendered page: one query, the live pages of its group.

    Unlike the APIs' batch, private sources are not left out: the notice only links to
    them, and a private page asks for its password itself."""
    return _status_among(page, live_translation_group(page))


def live_translation_group(page: Page) -> list[Page]:
    """The live pages of ``page``'s translation group, aliases left out, with their
    locale, tree path and whether wagtail-localize translated the group from them: read
    once per request (the language links and the translation notice both need it)."""

    def read() -> list[Page]:
        group = group_among_top_pages(page)
        if group is None:
            return list(_translation_groups(Page.objects.live(), {page.translation_key}))
        for member in group:
            member.locale = locale_by_id(member.locale_id)
        return [member for member in group if member.live and member.alias_of_id is None]

    return remembered(f"live translation group {page.translation_key}", read)


def _translation_groups(pages: Any, keys: set[Any]) -> Any:
    """The non-alias pages of these translation groups among ``pages``, with their
    locale and whether wagtail-localize translated the group from them."""
    return (
        pages.filter(translation_key__in=keys, alias_of__isnull=True)
        .select_related("locale")
        .only(
            "id",
            "title",
            "path",
            "depth",
            "url_path",
            "translation_key",
            "last_published_at",
            "locale__language_code",
        )
        .annotate(is_translation_source=translation_source_exists())
    )


def _status_among(
    page: Page, members: list[Page]
) -> tuple[freshness.TranslationStatus | None, Page | None]:
    """``page``'s status and the member it stands for, among its group's live pages."""
    source = freshness.source_of([_member(other) for other in members], settings.LANGUAGE_CODE)
    status = freshness.status_of(page.pk, page.alias_of_id, page.last_published_at, source)
    # An alias stands for the page it shows; a translation for its source.
    stands_for = page.alias_of_id if status == freshness.FALLBACK else source and source.pk
    return status, next((other for other in members if other.pk == stands_for), None)


def _member(page: Page) -> freshness.GroupMember:
    return freshness.GroupMember(
        pk=page.pk,
        language_code=page.locale.language_code,
        last_published_at=page.last_published_at,
        is_source=bool(getattr(page, "is_translation_source", False)),
    )


# The attribute of a page that holds the batch of the API v3 response it is part of.
BATCH_ATTRIBUTE = "alliance_batch"


def share_batch(objects: list[Any], request: Any = None) -> BatchContext:
    """One batch for ``objects``, kept on each of them (API v3's querysets)."""
    batch = BatchContext(objects, request)
    for obj in objects:
        setattr(obj, BATCH_ATTRIBUTE, batch)
    return batch


def batch_for(context: dict, obj: Any) -> BatchContext:
    """The batch of the response that shows ``obj``: the listing's (API v2 keeps it on the
    view, API v3 on each page), or a batch of one (a detail, a nested object)."""
    batch = getattr(context.get("view"), "alliance_batch", None)
    if batch is not None and getattr(obj, "pk", None) in batch.page_ids:
        return batch
    batch = getattr(obj, BATCH_ATTRIBUTE, None)
    # ``page.specific`` copies the attribute from the base page it was made from: that
    # batch holds the base page, which lacks the specific relations (topic links).
    if batch is None or not any(page is obj for page in batch.pages):
        batch = BatchContext([obj], context.get("request"))
        if batch.pages:  # kept for the object's other fields (translations, status)
            setattr(obj, BATCH_ATTRIBUTE, batch)
    if batch.request is None:
        batch.request = context.get("request")
    return batch
