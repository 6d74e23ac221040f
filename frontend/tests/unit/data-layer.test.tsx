// The data layer on the CMS's real responses: tests/cms/api/expected/*.json are what the
// API answers (tests/cms/api/test_golden.py keeps them so), with ids and hosts masked.
import { readFileSync } from "node:fs";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { renderBlock, StreamField, type RawBlock } from "@/components/Blocks";
import { EventFacts } from "@/components/Pages";
import { interpretFind } from "@/lib/cms";
import { mapGlobals } from "@/lib/globals";
import { countryName, formatDate } from "@/lib/i18n";
import { pageMetadata } from "@/lib/metadata";
import { htmlPath, localiseRichText, newsFilters, publicUrl, toLocalHref } from "@/lib/paths";
import type { Globals, PageDetail, SeminarReportPage } from "@/lib/types";

// The snapshots mask the host as `<host>`: given one back, so that URLs parse.
const expected = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../../tests/cms/api/expected/${name}.json`, import.meta.url), "utf8")
      .replaceAll("http://<host>", "http://cms.example"),
  );

const report = expected("v2-report-detail") as PageDetail & SeminarReportPage;
const article = expected("v2-article-detail") as PageDetail;
const participant = expected("v2-participant-detail") as PageDetail;

describe("paths", () => {
  it("turns the catch-all's segments into the CMS's html_path", () => {
    expect(htmlPath("fr", undefined)).toBe("/fr/");
    expect(htmlPath("fr", ["actualites", "seminaire-national-lituanie-2015"])).toBe("/fr/actualites/seminaire-national-lituanie-2015/");
    expect(htmlPath("fr", ["%C3%A9t%C3%A9"])).toBe("/fr/%C3%A9t%C3%A9/"); // already encoded: not twice
  });

  it("makes the API's site URLs local and leaves media absolute", () => {
    expect(toLocalHref(article.meta.html_url)).toBe("/en/news/national-seminars-bring-every-level-of-government-together/");
    expect(toLocalHref(article.meta.translations[0].url)).toBe("/fr/actualites/les-seminaires-nationaux-reunissent-tous-les-niveaux/");
    const media = report.listing_image!.renditions.large.url;
    expect(toLocalHref(media)).toBe(media);
    expect(toLocalHref(null)).toBeNull();
  });

  it("gives canonical and alternate URLs on the front end's origin", () => {
    expect(publicUrl("https://front.example", participant.meta.canonical_url)).toBe("https://front.example/en/participants/veldhoven/");
  });

  it("localises links inside rich text only for site pages", () => {
    const html = '<p><a href="https://cms.example/fr/actualites/x/">x</a> <a href="https://cms.example/documents/1/a.pdf">a</a></p>';
    expect(localiseRichText(html)).toBe('<p><a href="/fr/actualites/x/">x</a> <a href="https://cms.example/documents/1/a.pdf">a</a></p>');
  });

  it("maps the news list's filters to API v2's", () => {
    expect(newsFilters({ topic: "funding", year: "2015" })).toEqual({
      topic: "funding", published_after: "2015-01-01", published_before: "2015-12-31",
    });
    expect(newsFilters({ topic: "bad topic!", year: "15" })).toEqual({});
  });
});

describe("pages/find/", () => {
  it("a 200 detail is the page", () => {
    const r = interpretFind(200, report);
    expect(r.kind).toBe("page");
  });

  it("a detail with meta.redirected_from is a redirect to its location, permanent or not", () => {
    const moved = { ...article, meta: { ...article.meta, redirected_from: { old_path: "/en/old", is_permanent: true, location: article.meta.html_url! } } };
    expect(interpretFind(200, moved)).toEqual({ kind: "redirect", location: article.meta.html_url, permanent: true });
  });

  it("a 404 with `redirect` goes elsewhere; a bare 404 is not found", () => {
    expect(interpretFind(404, { message: "x", redirect: { old_path: "/a", is_permanent: false, location: "https://elsewhere.example/" } }))
      .toEqual({ kind: "redirect", location: "https://elsewhere.example/", permanent: false });
    expect(interpretFind(404, { message: "Not found" })).toEqual({ kind: "not-found" });
  });
});

describe("StreamField blocks", () => {
  it("renders the report's paragraphs as the API's HTML", () => {
    const html = renderToStaticMarkup(<StreamField blocks={report.body as RawBlock[]} lang="en" />);
    for (const block of report.body) expect(html).toContain(block.value as string);
  });

  it("renders an image with the API's alt text, caption and credit", () => {
    const block = report.gallery[0] as RawBlock;
    const html = renderToStaticMarkup(<>{renderBlock(block, "fr")}</>);
    const image = report.gallery[0].value.image!;
    expect(html).toContain(`alt="${image.alt}"`);
    expect(html).toContain(image.renditions.large.url.replaceAll("<", "&lt;").replaceAll(">", "&gt;"));
    expect(html).toContain("Photo : CoE");
  });

  it("renders heading, quote, call to action, document and embed; skips unknown blocks", () => {
    const blocks: RawBlock[] = [
      { type: "heading", value: { text: "Outcomes", level: "h3" } },
      { type: "quote", value: { text: "Work together.", attribution: "A mayor" } },
      { type: "call_to_action", value: { title: "Join", text: "Apply now", button_label: "Apply", url: null, page: report.participant_links[0] } },
      { type: "document", value: { title: null, document: { id: 1, title: "Report.pdf", url: "https://cms.example/documents/1/report.pdf" } } },
      { type: "document", value: { title: "Gone", document: null } },
      { type: "embed", value: "https://www.youtube.com/watch?v=x" },
      { type: "future_block", value: { anything: true } },
    ];
    const html = renderToStaticMarkup(<StreamField blocks={blocks} lang="en" />);
    expect(html).toContain("<h3>Outcomes</h3>");
    expect(html).toContain("<blockquote><p>Work together.</p></blockquote><figcaption>A mayor</figcaption>");
    expect(html).toContain('href="/en/participants/kaunas-district/"');
    expect(html).toContain('<a href="https://cms.example/documents/1/report.pdf">Report.pdf</a>');
    expect(html).not.toContain("Gone");
    expect(html).toContain('href="https://www.youtube.com/watch?v=x"');
    expect(html).not.toContain("anything");
  });
});

describe("seminar report", () => {
  it("shows its event facts in the visitor's language", () => {
    const html = renderToStaticMarkup(<EventFacts page={report} lang="fr" />);
    expect(html).toContain("17 décembre 2015");
    expect(html).toContain(report.place!);
    expect(html).toContain("Lituanie");
    expect(html).toContain(report.organiser!);
    expect(html).toContain("23 " + report.attendee_description);
    expect(formatDate("2015-12-17", "en")).toBe("17 December 2015");
    expect(countryName("NL", "en")).toBe("Netherlands");
  });

  it("has canonical, hreflang alternates and og:image from meta", () => {
    const m = pageMetadata(report, "Alliance", "https://front.example");
    expect(m.alternates?.canonical).toBe("https://front.example/en/news/lithuania-national-seminar-2015/");
    expect(m.alternates?.languages).toMatchObject({
      en: "https://front.example/en/news/lithuania-national-seminar-2015/",
      fr: "https://front.example/fr/actualites/seminaire-national-lituanie-2015/",
      "x-default": "https://front.example/en/news/lithuania-national-seminar-2015/",
    });
    const images = (m.openGraph as { images: { url: string }[] }).images;
    expect(images[0].url).toBe(report.meta.social_image!.url);
    expect(m.description).toBe(report.listing_summary);
  });
});

describe("globals", () => {
  // The shape of SiteGlobalsDict (API v3's generated types), as /api/v2/globals/ answers it.
  const globals: Globals = {
    locale: "fr",
    site_name: "Alliance européenne des villes et des régions pour l’inclusion des Roms",
    home: { id: 4, title: "Accueil", url: "http://cms.example/fr/" },
    navigation: [{ id: 58, title: "Actualités", url: "http://cms.example/fr/actualites/" }],
    footer: { text: "Sous l’égide du Congrès", social_links: [{ name: "Facebook", url: "https://www.facebook.com/" }], feeds: { rss: "http://cms.example/fr/actualites/feed/rss/", atom: "http://cms.example/fr/actualites/feed/atom/" } },
    languages: [
      { code: "en", name: "English", url: report.meta.html_url!, is_current: false, is_translated: true },
      { code: "fr", name: "français", url: report.meta.translations[0].url, is_current: true, is_translated: true },
    ],
    alerts: [],
  };

  it("maps navigation, footer and languages to front-end links", () => {
    const chrome = mapGlobals(globals);
    expect(chrome.homeHref).toBe("/fr/");
    expect(chrome.navigation).toEqual([{ title: "Actualités", href: "/fr/actualites/" }]);
    expect(chrome.social).toEqual([{ title: "Facebook", href: "https://www.facebook.com/" }]);
    expect(chrome.languages.map((l) => [l.code, l.href, l.current])).toEqual([
      ["en", "/en/news/lithuania-national-seminar-2015/", false],
      ["fr", "/fr/actualites/seminaire-national-lituanie-2015/", true],
    ]);
    expect(chrome.feeds.map((f) => f.title)).toEqual(["RSS", "ATOM"]);
  });
});
