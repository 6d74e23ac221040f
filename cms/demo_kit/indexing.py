"""Search and reference indexes brought up to date once per object at the end of a load.

Wagtail updates both indexes after every save of an indexed object. Loading the demo
saves each page several times (created, revised, published, translated), so about 730
index updates ran for about 300 objects, a quarter of the command's time. Inside
``indexes_updated_once()`` the saves are only recorded; when the block ends, each object
that still exists gets the same index tasks the signal handlers would have sent
(``modelsearch``'s and Wagtail's own), once. Deletions keep updating the indexes at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.models import Model
from django.db.models.signals import post_save
from modelsearch import index as search_index
from modelsearch.signal_handlers import post_save_signal_handler as search_on_save
from modelsearch.tasks import insert_or_update_object_task
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

SavedKeys = dict[type[Model], set[Any]]


def _search_models() -> list[type[Model]]:
    """The models whose saves modelsearch indexes at once (its register_signal_handlers)."""
    return [
        model
        for model in search_index.get_indexed_models()
        if getattr(model, "search_auto_update", True)
    ]


def _existing(model: type[Model], keys: set[Any]) -> list[Any]:
    return list(model._default_manager.filter(pk__in=keys).values_list("pk", flat=True))


def _enqueue(task: Any, saved: SavedKeys) -> None:
    for model, keys in saved.items():
        for pk in _existing(model, keys):
            task.enqueue(model._meta.app_label, model._meta.model_name, str(pk))


@contextmanager
def indexes_updated_once() -> Iterator[None]:
    """Defers the index updates of the saves inside the block to its end, one per object."""
    search_models = _search_models()
    for_search: SavedKeys = {}
    for_references: SavedKeys = {}

    def remember(sender: type[Model], instance: Model, raw: bool = False, **kwargs: Any) -> None:
        if raw:
            return
        if sender in search_models:
            for_search.setdefault(sender, set()).add(instance.pk)
        if sender in ReferenceIndex.tracked_models:
            for_references.setdefault(sender, set()).add(instance.pk)

    for model in search_models:
        post_save.disconnect(search_on_save, sender=model)
    post_save.connect(remember, weak=False, dispatch_uid="demo_kit_deferred_indexing")
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        post_save.disconnect(dispatch_uid="demo_kit_deferred_indexing")
        for model in search_models:
            post_save.connect(search_on_save, sender=model)
    _enqueue(insert_or_update_object_task, for_search)
    _enqueue(update_reference_index_task, for_references)
