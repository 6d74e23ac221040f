"""The API scenarios, from the pages bench/seed.py created (run by bench/api/run.sh)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
os.environ.setdefault("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")  # required in production
django.setup()

# After django.setup(): models need the app registry.
from articles.models import ArticlePage  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=Path, required=True, help="bench/seed.py's output")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()

    seeded = json.loads(args.seed.read_text())
    english = ArticlePage.objects.live().filter(locale__language_code="en")
    french = ArticlePage.objects.live().filter(locale__language_code="fr")
    print(f"live articles: {english.count()} in English, {french.count()} in French")
    scenarios = {
        "v2 list (fields=*, limit 20)": seeded["API v2 list"],
        "v2 detail": seeded["API v2 detail"],
        "v3 list (limit 20)": "/api/v3/pages/?type=articles.ArticlePage&limit=20",
    }
    args.out.write_text(json.dumps(scenarios, indent=2))


if __name__ == "__main__":
    main()
