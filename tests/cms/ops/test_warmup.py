"""gunicorn's master warms up once before forking (cms/ops/warmup.py), without anything a
worker must not share."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db.backends.signals import connection_created
from django.template import engines

from cms.ops.warmup import project_templates, warm_up


def _cached_loader():
    loader = engines["django"].engine.template_loaders[0]
    assert hasattr(loader, "get_template_cache"), "the cached template loader is in use"
    return loader


def test_every_project_template_is_compiled_in_advance():
    loader = _cached_loader()
    loader.reset()
    names = project_templates()
    assert "base.html" in names and "search/search.html" in names
    warm_up()
    missing = [name for name in names if name not in loader.get_template_cache]
    assert missing == []


@pytest.mark.django_db
def test_warm_up_leaves_no_connection_for_workers_to_share(django_assert_num_queries):
    opened: list[str] = []

    def note(sender, connection, **kwargs) -> None:
        opened.append(connection.alias)

    connection_created.connect(note, weak=False, dispatch_uid="warm-up-test")
    for alias in list(caches.settings):
        caches[alias]
        del caches[alias]
    try:
        with django_assert_num_queries(0):
            warm_up()
    finally:
        connection_created.disconnect(dispatch_uid="warm-up-test")
    assert opened == []
    assert [alias for alias in caches.settings if hasattr(caches._connections, alias)] == []
