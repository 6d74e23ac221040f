// The data layer on the CMS's real responses: tests/cms/api/expected/*.json are what the
// API answers (tests/cms/api/test_golden.py keeps them so), with ids and hosts masked.
import { readFileSync } from "node:fs";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { renderBlock, StreamField, type RawBlock } from "@/components/Blocks";
import { PlayerFrame } from "@/components/blocks/MediaConsent";
import { EventFacts } from "@/components/Pages";
import { interpretFind } from "@/lib/cms";
import { mapGlobals } from "@/lib/globals";
import { countryName, formatDate, formatDateRange, formatFileSize, languageName } from "@/lib/i18n";
import { pageMetadata } from "@/lib/metadata";
import { htmlPath, localiseRichText, newsFilters, publicUrl, toLocalHref } from "@/lib/paths";
import type { Globals, PageDetail, Schemas, SeminarReportPage } from "@/lib/types";

// The snapshots mask the host as `<host>`: given one back, so that URLs parse.
const expected = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../../tests/cms/api/expected/${name}.json`, import.meta.url), "utf8")
      .replaceAll("http://<host>", "http://cms.example"),
  );

const report = expected("v2-report-detail") as PageDetail & SeminarReportPage;
const article = expected("v2-article-detail") as PageDetail;
const participant = expected("v2-participant-detail") as PageDetail;
const reportV3 = expected("v3-report-detail") as Schemas["SeminarReportPageSchema"];

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
    const paragraphs = report.body.filter((block) => block.type === "paragraph");
    expect(paragraphs.length).toBeGreaterThan(0);
    for (const block of paragraphs) expect(html).toContain(block.value as string);
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

/** The v3 report's first block of a type, and its markup in a language. */
function reportBlock<T>(type: string): { block: RawBlock; value: T } {
  const block = reportV3.body.find((b) => b.type === type) as RawBlock | undefined;
  if (!block) throw new Error(`the golden report has no ${type} block`);
  return { block, value: block.value as T };
}
const markup = (blocks: RawBlock[], lang: string) => renderToStaticMarkup(<StreamField blocks={blocks} lang={lang} />);
const escape = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

describe("the editor's toolbox blocks (#21)", () => {
  it("renders the report's table with its caption, column headers, row headers and the cells' text", () => {
    const { block, value } = reportBlock<Schemas["TableDict"]>("table");
    const html = markup([block], "en");
    expect(html).toContain(`<caption>${value.caption}</caption>`);
    for (const column of value.columns) expect(html).toMatch(new RegExp(`<th scope="col"[^>]*>${column.heading}</th>`));
    expect(value.first_column_is_header).toBe(true);
    expect(html.match(/<th scope="row"/g)).toHaveLength(value.rows.length);
    const [session, date, topic] = value.rows[0];
    // The number column is right-aligned, its cell a row header; dates as the CMS wrote them.
    expect(html).toContain(`<th scope="row" style="text-align:right">${session.text}</th>`);
    expect(html).toContain(`<td>${date.text}</td>`);
    expect(html).not.toContain(`>${date.value}<`);
    expect(html).toContain(`<td>${topic.text}</td>`);
    expect(html.match(/<tr>/g)).toHaveLength(value.rows.length + 1);
  });

  it("says each callout's kind in words, in the page's language", () => {
    const callouts = reportV3.body.filter((b) => b.type === "callout") as RawBlock[];
    expect(callouts.map((b) => (b.value as Schemas["CalloutBlockValue"]).kind)).toEqual(["key_figure", "note"]);
    const en = markup(callouts, "en");
    expect(en.match(/role="note"/g)).toHaveLength(2);
    expect(en).toContain("<strong>Key figure</strong>");
    expect(en).toContain("<strong>Note</strong>");
    expect(en).toContain(">23</p>");
    expect(en).toContain((callouts[0].value as Schemas["CalloutBlockValue"]).text!);
    const fr = markup([...callouts, { type: "callout", value: { kind: "warning", title: "Attention", figure: null, text: null } }], "fr");
    expect(fr).toContain("<strong>Chiffre clé</strong>");
    expect(fr).toContain("<strong>Remarque</strong>");
    expect(fr).toContain("<strong>Avertissement</strong>");
    expect(fr).toContain('aria-label="Avertissement: Attention"');
  });

  it("shows each document's type, size and language in the page's language", () => {
    const { block, value } = reportBlock<Schemas["DocumentListDict"]>("document_list");
    const doc = value.documents[0];
    expect([doc.file_type, doc.file_size, doc.language]).toEqual(["PDF", 1374, "en"]);
    const en = markup([block], "en");
    expect(en).toContain(`<h2>${value.heading}</h2>`);
    expect(en).toContain(`<a href="${escape(doc.document.url)}" hrefLang="en">${doc.title}</a>`);
    expect(en).toContain("(PDF, 1.3\u00a0KB, in English)");
    const fr = markup([block], "fr");
    expect(fr).toContain("(PDF, 1,3\u00a0Ko, en anglais)");
    expect(formatFileSize(512, "en")).toBe("512\u00a0B");
    expect(formatFileSize(5 * 1024 * 1024, "fr")).toBe("5\u00a0Mo");
    expect(languageName("fr", "en")).toBe("French");
  });

  it("renders the media's placeholder with nothing from the host before the click", () => {
    const { block, value } = reportBlock<Schemas["MediaDict"]>("media");
    expect(value.embed_url).toBeTruthy();
    const en = markup([block], "en");
    expect(en).not.toContain("<iframe");
    expect(en).not.toContain(value.embed_url!);
    expect(en).toContain('<button type="button" class="button">Load and play video</button>');
    expect(en).toContain("This video is hosted by YouTube.");
    expect(en).toContain(escape(value.still!.renditions.large_webp!.url));
    expect(en).toContain('<details class="media-transcript"><summary>Transcript</summary>');
    expect(en).toContain(value.transcript);
    const fr = markup([block], "fr");
    expect(fr).toContain(">Charger et lire la vidéo</button>");
    expect(fr).toContain("<summary>Transcription</summary>");
    // What the click inserts: the host's player, named by the recording's title.
    const frame = renderToStaticMarkup(<PlayerFrame embedUrl={value.embed_url!} title={value.title} />);
    expect(frame).toContain(`<iframe class="media-frame" src="${escape(value.embed_url!)}" title="${value.title}"`);
  });

  it("plays a library file in the browser's own player, fetching nothing before play", () => {
    const file = { id: 3, title: "Interview", url: "https://cms.example/documents/3/interview.mp3" };
    const value = { title: "Interview", kind: "audio", provider: null, url: null, embed_url: null, file, still: null, transcript: "", captions: "" };
    const html = markup([{ type: "media", value }], "en");
    expect(html).toContain(`<audio controls="" preload="none" src="${file.url}" aria-label="Interview">`);
    expect(html).not.toContain("<iframe");
    expect(html).not.toContain("<details");
  });

  it("gives an FAQ accordion its FAQPage JSON-LD, with \"<\" escaped", () => {
    const value: Schemas["AccordionBlockValue"] = {
      heading: "Questions",
      is_faq: true,
      items: [
        { question: "Who can join?", answer: "<p>Any city or region.</p>" },
        { question: "Is it free?", answer: "<p>Yes.</p>" },
      ],
    };
    const html = markup([{ type: "accordion", value }], "en");
    expect(html).toContain("<h2>Questions</h2>");
    expect(html).toContain("<details><summary>Who can join?</summary><div class=\"rich-text\"><p>Any city or region.</p></div></details>");
    const script = html.match(/<script type="application\/ld\+json">(.*?)<\/script>/)![1];
    expect(script).not.toContain("<");
    expect(JSON.parse(script)).toEqual({
      "@context": "https://schema.org",
      "@type": "FAQPage",
      mainEntity: [
        { "@type": "Question", name: "Who can join?", acceptedAnswer: { "@type": "Answer", text: "<p>Any city or region.</p>" } },
        { "@type": "Question", name: "Is it free?", acceptedAnswer: { "@type": "Answer", text: "<p>Yes.</p>" } },
      ],
    });
    const plain = markup([{ type: "accordion", value: { ...value, is_faq: false } }], "en");
    expect(plain).toContain("<summary>Is it free?</summary>");
    expect(plain).not.toContain("application/ld+json");
  });

  it("lists upcoming events with dates in the page's language and the feed link", () => {
    const value: Schemas["UpcomingEventsDict"] = {
      heading: "Coming up",
      feed_url: "https://cms.example/en/events/feed.ics",
      events: [
        { title: "Seminar in Kaunas", url: "https://cms.example/en/news/kaunas-seminar/", start_date: "2026-03-10", end_date: "2026-03-11", place: "Kaunas", country: { code: "LT", name: "Lithuania" }, locale: "en" },
        { title: "Réunion à Strasbourg", url: "https://cms.example/fr/actualites/reunion/", start_date: "2026-04-02", end_date: null, place: "Strasbourg", country: null, locale: "fr" },
      ],
    };
    const en = markup([{ type: "upcoming_events", value }], "en");
    expect(en).toContain('<a href="/en/news/kaunas-seminar/">Seminar in Kaunas</a>');
    const range = formatDateRange("2026-03-10", "2026-03-11", "en");
    expect(range).toMatch(/^10\s*–\s*11 March 2026$/);
    expect(en).toContain(`<time dateTime="2026-03-10">${range}</time>, Kaunas, Lithuania`);
    expect(en).toContain('<a href="/fr/actualites/reunion/" lang="fr">Réunion à Strasbourg</a>');
    expect(en).toContain(">2 April 2026</time>, Strasbourg");
    expect(en).toContain('<a href="https://cms.example/en/events/feed.ics">Subscribe to the events calendar</a>');
    expect(formatDateRange("2026-03-10", "2026-03-11", "fr")).toMatch(/^10\s*–\s*11 mars 2026$/);
    expect(formatDateRange("2026-03-31", "2026-04-01", "fr")).toMatch(/^31 mars\s*–\s*1 avril 2026$/);
    const empty = markup([{ type: "upcoming_events", value: { ...value, events: [], feed_url: null } }], "fr");
    expect(empty).toContain("Aucun événement à venir.");
    expect(empty).not.toContain("<ul>");
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
