"""The 500 handler's outage test on a chain of causes that loops (redis-py makes one)."""

from __future__ import annotations

import threading

from cms.ops.errors import is_database_outage


def test_a_cyclic_chain_of_causes_is_a_plain_error_not_a_hang():
    first, second = ConnectionError("cache gone"), RuntimeError("while rendering")
    first.__context__, second.__context__ = second, first
    answers: list[bool] = []
    worker = threading.Thread(target=lambda: answers.append(is_database_outage(second)))
    worker.daemon = True
    worker.start()
    worker.join(timeout=5)
    assert answers == [False], "the handler looped over the chain instead of answering"
