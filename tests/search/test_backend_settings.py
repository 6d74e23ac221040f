"""SEARCH_URL moves search from the database to OpenSearch/Elasticsearch, settings alone.

No cluster runs here, so these tests stop at the configuration: the settings an app
server loads, and the message an operator gets for a mistake. (That our search rules
compile to cluster queries was checked by hand with opensearch-py installed.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cms.settings.env import search_backend_from_env

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": "s" * 60,
    "ALLOWED_HOSTS": "alliance.example.org",
    "WAGTAILADMIN_BASE_URL": "https://alliance.example.org",
}


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE",) and not key.startswith("SEARCH_")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def production_search_settings(**env: str) -> dict:
    """WAGTAILSEARCH_BACKENDS as production loads it (settings only: nothing connects)."""
    result = run(
        [
            "-c",
            "import json; from django.conf import settings; "
            "print(json.dumps(settings.WAGTAILSEARCH_BACKENDS))",
        ],
        **PRODUCTION,
        **env,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def client_installed(distribution: str) -> bool:
    try:
        metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return False
    return True


def test_production_searches_the_database_unless_told_otherwise():
    assert production_search_settings() == {"default": {"BACKEND": "search.backend"}}


def test_search_url_switches_production_to_opensearch():
    backend = production_search_settings(
        SEARCH_URL="opensearch+https://alliance:s3cret@search.example.org:9243",
        SEARCH_INDEX="alliance-staging",
    )["default"]
    assert backend["BACKEND"] == "wagtail.search.backends.opensearch3"
    assert backend["URLS"] == ["https://alliance:s3cret@search.example.org:9243"]
    # Two sites may share a cluster: every index name starts with the prefix.
    assert backend["INDEX_PREFIX"] == "alliance-staging_"
    # One index holds English and French: accents and case are folded, not stemmed.
    analyzer = backend["INDEX_SETTINGS"]["settings"]["analysis"]["analyzer"]["default"]
    assert analyzer["filter"] == ["lowercase", "asciifolding"]


@pytest.mark.parametrize(
    ("url", "backend", "urls"),
    [
        ("opensearch://search.internal", "opensearch3", ["http://search.internal:9200"]),
        ("opensearch2://10.0.0.5:9201", "opensearch2", ["http://10.0.0.5:9201"]),
        ("elasticsearch://es.internal:9200", "elasticsearch9", ["http://es.internal:9200"]),
        ("ELASTICSEARCH8://es.internal", "elasticsearch8", ["http://es.internal:9200"]),
        ("elasticsearch7+https://es.internal/prefix/", "elasticsearch7", ["https://es.internal:9200/prefix"]),
        (
            "opensearch://node1:9200, node2 ,opensearch://node3",
            "opensearch3",
            ["http://node1:9200", "http://node2:9200", "http://node3:9200"],
        ),
    ],
)  # fmt: skip
def test_the_scheme_picks_the_backend_and_the_port_defaults_to_9200(url, backend, urls):
    config = search_backend_from_env({"SEARCH_URL": url})
    assert config["BACKEND"] == f"wagtail.search.backends.{backend}"
    assert config["URLS"] == urls
    assert (config["INDEX_PREFIX"], config["TIMEOUT"]) == ("alliance_", 10)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SEARCH_URL": "solr://search.internal:8983"}, "SEARCH_URL 'solr://"),
        ({"SEARCH_URL": "search.internal:9200"}, "is not understood"),
        ({"SEARCH_URL": "opensearch+ftp://search.internal"}, "is not understood"),
        ({"SEARCH_URL": "opensearch://search.internal:92oo"}, "is not valid"),
        ({"SEARCH_URL": "opensearch://:9200"}, "names no host"),
        ({"SEARCH_URL": " , "}, "is not understood"),
        ({"SEARCH_URL": "opensearch://a:9200,elasticsearch://b:9200"}, "mixes"),
        ({"SEARCH_URL": "opensearch://a", "SEARCH_INDEX": "Alliance/Prod"}, "SEARCH_INDEX"),
        ({"SEARCH_URL": "opensearch://a", "SEARCH_TIMEOUT": "soon"}, "SEARCH_TIMEOUT"),
        ({"SEARCH_BACKEND": "wagtail.search.backends.opensearch2"}, "set SEARCH_URL"),
    ],
)
def test_mistakes_are_named(env, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        search_backend_from_env(env)


def test_a_bad_search_url_stops_manage_py_with_a_clear_message():
    result = run(["manage.py", "check"], SEARCH_URL="solr://search.internal:8983")
    assert result.returncode == 2
    assert "Configuration error: SEARCH_URL 'solr://search.internal:8983' is not understood" in (
        result.stderr
    )
    assert "opensearch://" in result.stderr  # says what would be understood
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(
    client_installed("opensearch-py"),
    reason="checks the message for a missing opensearch-py; it is installed in this environment",
)
def test_a_missing_client_stops_start_up_with_the_pip_line():
    """Not at the first publish, in an editor's face: at start-up, in the operator's."""
    result = run(["manage.py", "check"], **PRODUCTION, SEARCH_URL="opensearch://search.internal")
    assert result.returncode == 2
    assert "Configuration error: SEARCH_URL needs the opensearch-py client" in result.stderr
    assert 'pip install "opensearch-py>=3,<4"' in result.stderr
    assert "Traceback" not in result.stderr
