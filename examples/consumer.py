#!/usr/bin/env python3
"""Example front end of Alliance CMS that uses nothing but the public delivery API.

It renders, in one language, the home page, the news list and the report of the 2015
national seminar in Lithuania, as plain text (default) or as a small HTML document:

    python examples/consumer.py --base-url http://localhost:8000 --lang fr
    python examples/consumer.py --base-url http://localhost:8000 --lang en --format html

What it shows a front-end developer (docs/api.md):

- ``/api/v2/pages/find/?html_path=/fr/`` finds a page by its public path, language
  prefix included, and redirects to its detail;
- ``?child_of=``, ``type=``, ``fields=`` and ``order=`` build a listing in one request;
- ``meta.translations`` leads from a page to the same page in another language, so a
  front end never has to guess translated slugs;
- rich text arrives as ready-to-use HTML (``WAGTAILAPI_RICH_TEXT_FORMAT = "html"``).

Only the Python standard library and ``requests`` are used.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from dataclasses import dataclass, field

import requests

REPORT_SLUG = "lithuania-national-seminar-2015"
TIMEOUT = 10


class APIError(RuntimeError):
    pass


@dataclass
class Section:
    heading: str
    lines: list[str] = field(default_factory=list)


class Client:
    def __init__(self, base_url: str):
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/json"

    def get(self, path: str, **params: object) -> dict:
        response = self.session.get(f"{self.base_url}{path}", params=params, timeout=TIMEOUT)
        if response.status_code != 200:
            raise APIError(f"GET {response.url}: HTTP {response.status_code} {response.text[:200]}")
        return response.json()

    def page_at(self, html_path: str) -> dict:
        return self.get("/api/v2/pages/find/", html_path=html_path)

    def page(self, page_id: int) -> dict:
        return self.get(f"/api/v2/pages/{page_id}/")

    def pages(self, **params: object) -> list[dict]:
        return self.get("/api/v2/pages/", **params)["items"]


def text_of(rich_text: str) -> str:
    """Rich text (HTML) as plain text, for the text output."""
    without_tags = re.sub(r"<[^>]+>", " ", rich_text or "")
    return re.sub(r"\s+", " ", html.unescape(without_tags)).strip()


def body_lines(body: list[dict]) -> list[str]:
    lines = []
    for block in body or []:
        kind, value = block["type"], block["value"]
        if kind == "paragraph":
            lines.append(text_of(value))
        elif kind == "heading":
            lines.append(f"## {value['text']}")
        elif kind == "quote":
            lines.append(f"“{value['text']}” {value.get('attribution') or ''}".strip())
        elif kind == "call_to_action":
            lines.append(f"{value['title']}: {value['button_label']}")
    return [line for line in lines if line]


def home_section(client: Client, lang: str) -> tuple[dict, Section]:
    home = client.page_at(f"/{lang}/")
    section = Section(home["title"])
    if home.get("introduction"):
        section.lines.append(text_of(home["introduction"]))
    section.lines += body_lines(home.get("body", []))
    return home, section


def news_section(client: Client, home: dict) -> Section:
    index = client.pages(child_of=home["id"], type="articles.ArticleIndexPage")
    if not index:
        raise APIError("no news page under the home page")
    items = client.pages(
        child_of=index[0]["id"],
        type="articles.ArticlePage",
        fields="publication_date,standfirst",
        order="-publication_date",
        limit=20,
    )
    section = Section(index[0]["title"])
    for item in items:
        flag = "" if item["meta"].get("is_translation_of_source", True) else " [untranslated]"
        section.lines.append(f"{item['publication_date']}  {item['title']}{flag}")
    return section


def report_section(client: Client, lang: str) -> Section:
    found = client.pages(type="articles.SeminarReportPage", slug=REPORT_SLUG, locale="en")
    if not found:
        raise APIError(f"no seminar report with the slug {REPORT_SLUG!r}")
    report_id = found[0]["id"]
    if lang != "en":
        translation = next(
            (t for t in found[0]["meta"]["translations"] if t["locale"] == lang), None
        )
        if translation is None:
            raise APIError(f"the report is not translated into {lang!r}")
        report_id = translation["id"]
    report = client.page(report_id)
    section = Section(report["title"])
    facts = [
        report.get("start_date"),
        report.get("end_date"),
        report.get("place"),
        report.get("country_code"),
    ]
    section.lines.append(" · ".join(str(fact) for fact in facts if fact))
    if report.get("standfirst"):
        section.lines.append(text_of(report["standfirst"]))
    section.lines += body_lines(report.get("body", []))
    if report.get("outcomes"):
        section.lines.append(text_of(report["outcomes"]))
    return section


def render(sections: list[Section], lang: str, output: str) -> str:
    if output == "html":
        parts = [f'<!doctype html>\n<html lang="{lang}">\n<meta charset="utf-8">']
        parts.append(f"<title>{html.escape(sections[0].heading)}</title>\n<main>")
        for number, section in enumerate(sections):
            tag = "h1" if number == 0 else "h2"
            parts.append(f"<section><{tag}>{html.escape(section.heading)}</{tag}>")
            parts += [f"<p>{html.escape(line)}</p>" for line in section.lines]
            parts.append("</section>")
        parts.append("</main>\n</html>")
        return "\n".join(parts) + "\n"
    chunks = []
    for section in sections:
        chunks.append(f"{section.heading}\n{'=' * len(section.heading)}")
        chunks += section.lines
        chunks.append("")
    return "\n".join(chunks)


def build(base_url: str, lang: str, output: str = "text") -> str:
    client = Client(base_url)
    home, home_part = home_section(client, lang)
    sections = [home_part, news_section(client, home), report_section(client, lang)]
    return render(sections, lang, output)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://localhost:8000")
    parser.add_argument("--lang", default="en", help="language code, e.g. en or fr")
    parser.add_argument("--format", choices=["text", "html"], default="text")
    args = parser.parse_args(argv)
    try:
        sys.stdout.write(build(args.base_url, args.lang, args.format))
    except (APIError, requests.RequestException) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
