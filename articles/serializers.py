"""How an article's topics and links appear in the APIs, declared on ``ArticlePage.api_fields``
(``APIField("topic_list", serializer=TopicListField())``).

API v2 uses these DRF fields as Wagtail does with any ``APIField(serializer=...)``; API v3
reads the same declarations (cms/api/v3/schemas.py): a field with ``represent(page,
context)`` is typed from its return annotation and resolved by it; a field with
``v3_uses_model_field`` leaves v3 its own shape of the model field. API v2's
``optimise`` prefetches what a field's ``prefetch(model, name)`` names.

Each field computes what it needs once for all the pages of a response (the batch of
cms/core/representation.py), so a listing's queries do not grow with its length.
Imports DRF, Wagtail and the kernel only: articles/models.py imports this module.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Prefetch
from rest_framework.fields import Field
from typing_extensions import TypedDict

from articles.topics import TOPIC_LINKS, Topic
from cms.core.reading import in_private_section
from cms.core.representation import BatchContext, PageRefDict, batch_for, page_ref


class TopicDict(TypedDict):
    id: int
    name: str
    slug: str


def _topics_by_translation(batch: BatchContext) -> dict[tuple[Any, int], Topic]:
    """The live topics of every page of the batch, in every language: one query."""
    keys = {
        link.topic.translation_key
        for page in batch.pages
        for link in page.topic_links.all()
        if hasattr(page, "topic_links")
    }
    topics = Topic.objects.filter(translation_key__in=keys, live=True)
    return {(topic.translation_key, topic.locale_id): topic for topic in topics}


def topics_of(batch: BatchContext, page: Any) -> list[TopicDict]:
    """The page's topics in the page's language (links are synchronised between
    translations, so they may point at another language's topic)."""
    topics = batch.memo("articles.topics", lambda: _topics_by_translation(batch))
    found: list[TopicDict] = []
    for link in page.topic_links.all():
        topic = topics.get((link.topic.translation_key, page.locale_id))
        if topic is not None:
            found.append({"id": topic.pk, "name": topic.name, "slug": topic.slug})
    return found


class TopicListField(Field):
    """The page's topics in its own language."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance: Any) -> Any:
        return instance

    def to_representation(self, page: Any) -> list[TopicDict]:
        return self.represent(page, self.context)

    @staticmethod
    def represent(page: Any, context: dict) -> list[TopicDict]:
        return topics_of(batch_for(context, page), page)

    def prefetch(self, model: type[Model], name: str) -> list[str | Prefetch]:
        # The links and their topics in one statement (a lookup path would read the
        # topics by id in a second one, and _topics_by_translation reads them anyway).
        return [Prefetch("topic_links", queryset=TOPIC_LINKS)]


class PageLinksField(Field):
    """Inline links to pages (related pages, participants) as small page objects,
    keeping only pages an anonymous visitor may see. ``target`` names the link's page.

    API v2 only: API v3 keeps its nested link objects (``{id, meta, <target>}``)."""

    v3_uses_model_field = True

    def __init__(self, target: str, **kwargs: Any):
        self.target = target
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, links: Any) -> list[PageRefDict]:
        request = self.context.get("request")
        links = list(links.all())
        if not links:
            return []
        owner = links[0].page
        pages = [getattr(link, self.target) for link in links]
        batch = batch_for(self.context, owner)
        visible = batch.memo("articles.visible links", lambda: visible_link_ids(batch, pages))
        return [page_ref(page, request) for page in pages if page.pk in visible]

    def prefetch(self, model: type[Model], name: str) -> list[str | Prefetch]:
        link_model = model._meta.get_field(name).related_model
        related = (f"{self.target}__locale", f"{self.target}__content_type")
        # Links saved together can share a sort_order: the id keeps their order the same
        # on every database (PostgreSQL returns ties in any order).
        links = link_model.objects.select_related(*related).order_by("sort_order", "pk")
        return [Prefetch(name, queryset=links)]


def visible_link_ids(batch: BatchContext, pages: list[Any]) -> set[int]:
    """Ids of the linked pages (``pages``, and those of every link field of every page
    in the batch) that anonymous visitors may see, as ``live().public()`` would answer:
    from the rows read with the links and the request's one read of the view
    restrictions (cms/core/reading.py), no query of its own."""
    linked = list(pages)
    for batch_page in batch.pages:
        for api_field in getattr(batch_page, "api_fields", ()):
            serializer = getattr(api_field, "serializer", None)
            if isinstance(serializer, PageLinksField):
                links = getattr(batch_page, api_field.name).all()
                linked.extend(getattr(link, serializer.target) for link in links)
    return {
        page.pk
        for page in linked
        if page is not None and page.live and not in_private_section(page)
    }
