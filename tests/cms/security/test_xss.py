"""No payload an editor or an applicant types runs, or becomes markup, anywhere we render it.

Every editor-controlled field (titles, rich text, every StreamField block, image and
document metadata, snippets, participant profiles, the join page) and every field of the
public application form holds payloads from `xss_payloads`. A real Chromium then reads the
public site in both languages, search, autocomplete, the participants map, and the admin
as a superuser. Two things must hold on every page: no payload's marker was set and no
dialog opened, and the DOM holds no element a payload created. The public site is also
read with its Content-Security-Policy stripped, so that (1) tests our escaping rather than
the second layer of defence; the admin's policy allows inline scripts anyway.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from wagtail.blocks import StructBlockValidationError
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Locale, Page, Site

from cms.core.blocks import CallToActionBlock
from participants.forms import ApplicationForm
from participants.models import ParticipantPage
from participants.review import accept_application
from tests.cms.security.xss_payloads import (
    FINDABLE,
    JAVASCRIPT_URL,
    MARKER,
    PAYLOADS,
    VARIANTS,
    Planted,
    plant,
    rich_text,
)
from tests.conftest import BrowserTab
from tests.shared_data import SharedSite, committed, load_demo

# Run in every frame: elements and attributes that only a payload could have created.
INJECTED_MARKUP_JS = """(marker) => {
  const found = [];
  const urlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data"];
  for (const element of document.querySelectorAll("*")) {
    const tag = element.tagName.toLowerCase();
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value;
      if (name.startsWith("on") && value.includes(marker)) found.push(`${tag}[${name}=${value}]`);
      if (name === "data-xss") found.push(`${tag}[data-xss]`);
      if (name === "srcdoc" && value.includes(marker)) found.push(`${tag}[srcdoc]`);
      const scriptUrl = /^\\s*(javascript|data|vbscript):/i.test(value);
      if (urlAttributes.includes(name) && value.includes(marker) && scriptUrl) {
        found.push(`${tag}[${name}=${value}]`);
      }
    }
    const type = (element.getAttribute("type") || "").toLowerCase();
    const inert = ["application/json", "application/ld+json", "text/template"].includes(type);
    if (tag === "script" && !inert && element.textContent.includes(marker)) {
      found.push(`script: ${element.textContent.slice(0, 120)}`);
    }
  }
  return found;
}"""
MARKERS_SET_JS = "(marker) => Object.keys(window).filter((key) => key.startsWith(marker))"
# A modal dialog would block the page (and every evaluate) until dismissed: record
# calls instead, under a key that MARKERS_SET_JS reports.
RECORD_DIALOGS_JS = """for (const name of ["alert", "confirm", "prompt"]) {
  window[name] = (...args) => { window.__xss_dialog = `${name}(${args.join(", ")})`; };
}"""


class XssWatch:
    """Dialogs opened by the page, and what each visited address let through."""

    def __init__(self, tab) -> None:
        self.tab = tab
        self.dialogs: list[str] = []
        self.problems: list[str] = []
        self.in_flight: set = set()
        tab.page.on("dialog", self._on_dialog)
        tab.page.on("request", lambda request: self.in_flight.add(request))
        tab.page.on("requestfinished", lambda request: self.in_flight.discard(request))
        tab.page.on("requestfailed", lambda request: self.in_flight.discard(request))
        tab.page.context.add_init_script(RECORD_DIALOGS_JS)

    def _on_dialog(self, dialog) -> None:
        if dialog.type != "beforeunload":
            self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def check(self, where: str, settle: bool = True) -> None:
        page = self.tab.page
        if settle:
            # Let onerror/onload/onfocus handlers fire: what a tooltip or a suggestion
            # just inserted loads (a failed image's onerror runs after its request) and
            # runs its handlers, by the same rule as a visit. It was a fixed 300 ms, paid
            # some 55 times a run, which no more waited for a slow request than this.
            self.wait_until_quiet()
        for frame in page.frames:
            # A frame a payload opened on javascript: (reported by its parent's check)
            # may never get a context to evaluate in.
            if not frame.url.startswith(("http://", "https://")):
                continue
            try:
                markers = frame.evaluate(MARKERS_SET_JS, MARKER)
                injected = frame.evaluate(INJECTED_MARKUP_JS, MARKER)
            except Exception as error:
                if "detached" in str(error) or "destroyed" in str(error):
                    continue
                raise
            if markers:
                self.problems.append(f"{where} ({frame.url}): script ran, set {markers}")
            if injected:
                self.problems.append(f"{where} ({frame.url}): injected markup {injected}")
        if self.dialogs:
            self.problems.append(f"{where}: dialogs {self.dialogs}")
            self.dialogs.clear()

    def visit(self, url: str, where: str | None = None) -> None:
        response = self.tab.page.goto(url)
        assert response is not None and response.status < 400, (url, response and response.status)
        self.wait_until_quiet()
        self.check(where or url, settle=False)

    def wait_until_quiet(self, quiet_ms: int = 100, timeout_ms: int = 30_000) -> None:
        """After the load event, until no request has been in flight for `quiet_ms`:
        failed image loads (onerror) are over, whatever a script fetched has arrived,
        and parse-time handlers (onload, autofocus's onfocus) have run. Playwright's
        "networkidle" is the same rule with a fixed 500 ms of quiet, which the ~100
        visits of these tests paid for nothing (the requests are served locally)."""
        page = self.tab.page
        page.wait_for_load_state("load")
        quiet = 0
        for _ in range(timeout_ms // 25):
            if self.in_flight:
                quiet = 0
            else:
                quiet += 25
                if quiet >= quiet_ms:
                    return
            page.wait_for_timeout(25)  # lets Playwright deliver the request events
        raise AssertionError(f"{page.url}: requests still in flight {self.in_flight}")


@pytest.fixture
def planted(home_en, home_fr, locales, settings) -> Planted:
    """Payloads on the site that migrations create (for tests without a browser)."""
    settings.JOIN_RATE_LIMIT = 100
    cache.clear()
    return plant(home_en, locales, Client())


def demo_with_payloads() -> Planted:
    """Payloads on top of the demo site."""
    load_demo()
    with override_settings(JOIN_RATE_LIMIT=100):
        cache.clear()
        home = Site.objects.get(is_default_site=True).root_page.specific
        locales = {locale.language_code: locale for locale in Locale.objects.all()}
        return plant(home, locales, Client())


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker) -> Iterator[SharedSite[Planted]]:
    """The demo site with payloads, committed once for both browser tests and shown by a
    live server of this module (tests/shared_data.py). Loading the demo is the largest
    cost of these tests, and once is enough: the public site test only reads, and what
    the admin test adds (two accounts, a workflow started, an application accepted as a
    draft profile, a logged search) changes nothing a visitor sees."""
    yield from committed(django_db_blocker, demo_with_payloads)


def strip_csp(route) -> None:
    """Remove the policy header: the second layer of defence, not our escaping."""
    response = route.fetch()
    headers = {
        name: value
        for name, value in response.headers.items()
        if name.lower() not in {"content-security-policy", "content-security-policy-report-only"}
    }
    route.fulfill(response=response, headers=headers)


def public_paths(planted: Planted) -> list[str]:
    pages = [
        planted.home,
        planted.news,
        planted.participants_index,
        *planted.reports,
        *planted.articles,
        *planted.participants,
        *planted.standard_pages,
    ]
    keys = [page.translation_key for page in pages]
    pages += Page.objects.filter(locale__language_code="fr", translation_key__in=keys).live()
    paths = list(dict.fromkeys(page.url for page in pages))
    news = planted.news.url
    paths += [news + f"topic/{topic.slug}/" for topic in planted.topics]
    paths += [news + f"?topic={planted.topics[0].slug}", planted.join.url]
    paths += [f"/en/search/?q={FINDABLE}", "/fr/search/?q=" + FINDABLE]
    return paths


@pytest.mark.browser
def test_public_site_renders_every_payload_as_text(browser, demo_site):
    """Visitors in both languages, with and without the policy, see payloads as text."""
    planted = demo_site.data

    # The participants index last: its map is read right after its visit, without
    # loading it again; each report's title is read back on its own visit.
    index_path = planted.participants_index.url
    paths = [path for path in public_paths(planted) if path != index_path] + [index_path]
    reports = {report.url: report for report in planted.reports}
    problems: list[str] = []
    for without_policy in (False, True):
        context = browser.new_context(locale="en-GB")
        context.set_default_timeout(60_000)
        if without_policy:
            context.route("**/*", strip_csp)
        tab = BrowserTab(context.new_page())
        watch = XssWatch(tab)
        label = "without CSP" if without_policy else "with CSP"
        page = tab.page
        for path in paths:
            watch.visit(demo_site.url + path, f"{label} {path}")
            report = reports.get(path)
            if report is None:
                continue
            # Titles round-trip as text: nothing evaluated, stripped or decoded.
            assert page.locator("h1").first.text_content().strip() == report.title.strip()
            headline = page.evaluate(
                "() => [...document.querySelectorAll(\"script[type='application/ld+json']\")]"
                ".map((s) => JSON.parse(s.textContent))"
                ".find((data) => data['@type'] === 'NewsArticle').headline"
            )
            assert headline == report.title
            watch.check(f"{label} {report.url} (read back)")
        assert set(reports) <= set(paths)

        # The map's tooltips and popups are built in the browser from profile titles.
        assert page.url == demo_site.url + index_path
        page.wait_for_selector("#participant-map[data-marker-count]")
        markers = page.locator("path.participant-marker")
        assert markers.count() >= len(planted.participants)
        titles = set(
            ParticipantPage.objects.live()
            .filter(locale=planted.home.locale)
            .values_list("title", flat=True)
        )
        shown: set[str] = set()
        for index in range(markers.count()):
            # The very marker, even where another one covers it on the map.
            markers.nth(index).dispatch_event("mouseover")
            # Its tooltip is the last one: Leaflet takes a closed tooltip out of the page
            # 200 ms later (its fade), and until then the first .leaflet-tooltip is the
            # previous marker's.
            tooltip = page.locator(".leaflet-tooltip").last.text_content()
            if tooltip not in titles:
                watch.problems.append(f"{label} map tooltip {index} shows {tooltip!r}")
            watch.check(f"{label} map tooltip {index}")
            shown.add(tooltip)
            markers.nth(index).dispatch_event("mouseout")
        if not set(VARIANTS) <= shown:
            watch.problems.append(f"{label} map tooltips never showed {set(VARIANTS) - shown}")
        # A popup pans the map (so it comes after every tooltip was read).
        markers.first.click(force=True)
        popup = page.wait_for_selector(".leaflet-popup-content a").text_content()
        if popup not in titles:
            watch.problems.append(f"{label} map popup shows {popup!r}")
        watch.check(f"{label} map popup")

        # Autocomplete suggestions are built in the browser from page titles.
        box = page.get_by_role("combobox", name="Search the site").first
        box.press_sequentially(FINDABLE[:5], delay=30)
        page.locator("[role=option]").first.wait_for()
        assert set(page.locator("[role=option] .suggestion-title").all_text_contents()) <= set(
            VARIANTS
        )
        watch.check(f"{label} autocomplete")

        # A visitor's query is echoed back on the search page (and logged for the admin).
        watch.visit(demo_site.url + "/en/search/?q=" + quote(PAYLOADS[0] + PAYLOADS[2]))
        watch.visit(demo_site.url + "/en/search/?q=" + quote(PAYLOADS[4] + PAYLOADS[7]))

        if not without_policy:
            blocked = [e for e in tab.console_errors if "Content Security Policy" in e]
            watch.problems += [f"{label}: the policy blocked {error[:160]}" for error in blocked]
        context.close()
        problems += watch.problems
    assert problems == [], "\n".join(problems)


@pytest.mark.browser
def test_admin_renders_every_payload_as_text(tab, demo_site):
    """Reviewers and administrators read payloads as text in every admin view."""
    planted = demo_site.data
    user = get_user_model().objects.create_superuser("boss", "boss@example.org", "a long pass")
    author = get_user_model().objects.create_user("writer", "writer@example.org", "pw")
    report = planted.reports[0]
    report.save_revision(user=author)
    report.get_workflow().start(report, author)
    accept_application(planted.applications[0], user)
    Client().get("/en/search/", {"q": PAYLOADS[0] + PAYLOADS[7]})  # a logged query

    watch = XssWatch(tab)
    page = tab.page
    page.goto(demo_site.url + "/admin/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "a long pass")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    watch.check("dashboard")

    paths = [
        f"/admin/pages/{planted.home.pk}/",
        f"/admin/pages/{planted.news.pk}/",
        f"/admin/pages/{planted.participants_index.pk}/",
        f"/admin/pages/{planted.home.pk}/edit/",
        *[f"/admin/pages/{page.pk}/edit/" for page in planted.reports],
        *[f"/admin/pages/{page.pk}/edit/" for page in planted.participants],
        f"/admin/pages/{planted.articles[1].pk}/edit/",
        f"/admin/pages/{planted.join.pk}/edit/",
        f"/admin/pages/search/?q={FINDABLE}",
        "/admin/images/",
        *[f"/admin/images/{image.pk}/" for image in planted.images],
        "/admin/documents/",
        "/admin/snippets/articles/topic/",
        f"/admin/snippets/articles/topic/edit/{planted.topics[2].pk}/",
        "/admin/snippets/home/terminologynote/",
        f"/admin/snippets/home/terminologynote/edit/{planted.notes[1].pk}/",
        "/admin/applications/",
        *[f"/admin/applications/edit/{app.pk}/" for app in planted.applications],
        f"/admin/applications/accept/{planted.applications[1].pk}/",
        "/admin/reports/search-no-results/",
        reverse("wagtailsearchpromotions:search_terms"),
        reverse("wagtailsearchpromotions:index"),
        reverse("wagtailsearchpromotions:edit", args=[planted.promoted_query.pk]),
        reverse("wagtailsettings:edit", args=["cms", "socialmediasettings"]),
        "/admin/",
    ]
    # The reviewer really sees the applicant's text, verbatim (read on its visit).
    application_path = f"/admin/applications/edit/{planted.applications[2].pk}/"
    assert application_path in paths
    shown = ""
    for path in paths:
        watch.visit(demo_site.url + path)
        if path == application_path:
            shown = page.locator("main").inner_text()
    assert watch.problems == [], "\n".join(watch.problems)
    assert PAYLOADS[7] in shown and PAYLOADS[9] in shown


@pytest.mark.django_db
def test_feeds_carry_payloads_as_text_not_markup(planted):
    """Feed readers render item descriptions as HTML: a standfirst must stay text."""
    client = Client()
    for route in ("feed/rss/", "feed/atom/"):
        response = client.get(planted.news.url + route)
        assert response.status_code == 200
        root = ElementTree.fromstring(response.content)  # well-formed despite the payloads
        items = [
            element
            for element in root.iter()
            if element.tag.rsplit("}", 1)[-1] in {"item", "entry"}
        ]
        assert len(items) == 2 * len(VARIANTS), route
        for item in items:
            fields = {child.tag.rsplit("}", 1)[-1]: child.text or "" for child in item}
            assert fields["title"] in VARIANTS
            summary = fields.get("description", fields.get("summary"))
            html = BeautifulSoup(summary, "html.parser")
            assert html.find() is None, (route, summary)
            assert html.get_text() in VARIANTS


@pytest.mark.django_db
def test_no_address_field_accepts_a_javascript_url(planted):
    """The URL fields an editor or applicant fills in refuse javascript: addresses, so
    that no link we render can run script when clicked."""

    participant = planted.participants[0]
    participant.website = JAVASCRIPT_URL
    with pytest.raises(ValidationError) as refused:
        participant.full_clean()
    assert "website" in refused.value.message_dict

    block = CallToActionBlock()
    value = block.to_python({"title": "Join", "url": JAVASCRIPT_URL, "button_label": "Join"})
    with pytest.raises(StructBlockValidationError):
        block.clean(value)

    pick = SearchPromotion(
        query=planted.promoted_query, external_link_url=JAVASCRIPT_URL, external_link_text="x"
    )
    with pytest.raises(ValidationError):
        pick.full_clean()

    form = ApplicationForm(data={"website": JAVASCRIPT_URL})
    assert "website" in form.errors

    # Rich text links typed in Draftail lose a javascript: address on save.
    assert "javascript" not in rich_text("x").lower()
