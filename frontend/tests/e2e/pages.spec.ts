// The front end against the Django-rendered site, for the same URLs: the same main
// content (title, standfirst or introduction, body paragraphs, as the API gives them),
// the right <html lang> and hreflang links, and no serious or critical axe violations.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

const CMS = process.env.CMS_API_URL!;
const SITE = process.env.SITE_URL!;

const normalise = (text: string) => text.replace(/\s+/g, " ").trim();
const plain = (html: string) => normalise(html.replace(/<[^>]+>/g, " ").replace(/&nbsp;/g, " ").replace(/&amp;/g, "&"));

async function mainText(page: Page, url: string): Promise<string> {
  const response = await page.goto(url);
  expect(response?.status(), url).toBe(200);
  return normalise(await page.locator("main").innerText());
}

/** What must appear in both: the page's title, standfirst or introduction, and body paragraphs. */
async function expectedTexts(path: string): Promise<string[]> {
  const response = await fetch(`${CMS}/api/v2/pages/find/?html_path=${encodeURIComponent(path)}`);
  expect(response.status, path).toBe(200);
  const page = await response.json();
  const texts = [page.title, page.standfirst, page.introduction].filter((t) => typeof t === "string" && t);
  for (const field of ["body", "description"]) {
    for (const block of page[field] ?? []) if (block.type === "paragraph") texts.push(plain(block.value));
  }
  return texts.map(normalise);
}

async function axe(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

const PAGES = [
  { path: "/fr/actualites/seminaire-national-lituanie-2015/", lang: "fr", other: "en", extra: ["17 décembre 2015", "Trakai, près de Vilnius", "Lituanie"] },
  { path: "/en/news/national-seminars-bring-every-level-of-government-together/", lang: "en", other: "fr", extra: [] },
  { path: "/fr/actualites/", lang: "fr", other: "en", extra: ["Premier séminaire national sur l’inclusion des Roms au niveau local en Lituanie"] },
  { path: "/fr/participants/veldhoven/", lang: "fr", other: "en", extra: [] },
  { path: "/en/participants/", lang: "en", other: "fr", extra: [] },
  { path: "/en/", lang: "en", other: "fr", extra: [] },
  { path: "/fr/", lang: "fr", other: "en", extra: [] },
];

for (const { path, lang, other, extra } of PAGES) {
  test(`${path}: same main content as the CMS's page, ${lang}, hreflang, axe`, async ({ page }) => {
    const texts = [...(await expectedTexts(path)), ...extra];
    const django = await mainText(page, CMS + path);
    const front = await mainText(page, SITE + path);
    expect(texts.length).toBeGreaterThan(1);
    for (const text of texts) {
      expect(django, `the CMS's page ${path}`).toContain(text);
      expect(front, `the front end's page ${path}`).toContain(text);
    }
    await expect(page.locator("html")).toHaveAttribute("lang", lang);
    await expect(page.locator(`link[rel="alternate"][hreflang="${lang}"]`)).toHaveAttribute("href", SITE + path);
    await expect(page.locator(`link[rel="alternate"][hreflang="${other}"]`)).toHaveAttribute("href", new RegExp(`^${SITE}/${other}/`));
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", SITE + path);
    await expect(page.locator(`header a[hreflang="${other}"][lang="${other}"]`)).toBeVisible();
    await axe(page);
    if (path.includes("lituanie") && process.env.E2E_SCREENSHOT) {
      await page.setViewportSize({ width: 1100, height: 1400 });
      await page.screenshot({ path: process.env.E2E_SCREENSHOT, fullPage: false });
    }
  });
}

test("the news list filters by topic through the API", async ({ page }) => {
  await page.goto(`${SITE}/fr/actualites/`);
  await page.getByLabel("Thème").selectOption({ label: "Emploi" });
  await page.getByRole("button", { name: "Filtrer" }).click();
  await expect(page).toHaveURL(/topic=/);
  const topic = new URL(page.url()).searchParams.get("topic")!;
  const api = await (await fetch(`${CMS}/api/v2/pages/?locale=fr&type=articles.ArticlePage&topic=${topic}&limit=0`)).json();
  await expect(page.getByRole("status")).toHaveText(new RegExp(`^${api.meta.total_count} résultat`));
  await expect(page.locator("main .card")).toHaveCount(api.meta.total_count);
});

test("search in French through the API", async ({ page }) => {
  await page.goto(`${SITE}/fr/search/?q=Veldhoven`);
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page.locator("main").getByRole("link", { name: "Veldhoven", exact: true })).toBeVisible();
  await axe(page);
});

test("an unknown French address is a 404 in French", async ({ page }) => {
  const response = await page.goto(`${SITE}/fr/cette-page-n-existe-pas/`);
  expect(response?.status()).toBe(404);
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page.locator("main h1")).toHaveText("Page introuvable");
  await expect(page.locator("header nav").first()).toBeVisible();
  await axe(page);
});

test("an editor's redirect is a permanent redirect to the page", async ({ request }) => {
  const response = await request.get(`${SITE}/fr/ancien-seminaire-lituanie/`, { maxRedirects: 0 });
  expect(response.status()).toBe(308);
  expect(response.headers()["location"]).toBe("/fr/actualites/seminaire-national-lituanie-2015/");
});

test("preview without a valid token is a 404, never cached", async ({ request }) => {
  const response = await request.get(`${SITE}/fr/preview/?content_type=articles.articlepage&token=forged`, { maxRedirects: 0 });
  expect(response.status()).toBe(404);
  expect(response.headers()["cache-control"]).toContain("no-store");
});

test("the participant figures are the CMS's, from the API's statistics", async ({ page }) => {
  for (const path of ["/fr/participants/", "/en/participants/"]) {
    await page.goto(CMS + path);
    const django = normalise(await page.locator(".participant-headline").first().innerText());
    await page.goto(SITE + path);
    const front = normalise(await page.locator("main .participant-headline").innerText());
    expect(front, path).toBe(django);
    expect(front).toMatch(/^\d+ /);
  }
});

test("a draft is previewed through its token, never cached, and the live page is unchanged", async ({ request, page }) => {
  const { readFileSync } = await import("node:fs");
  const token = readFileSync(process.env.PREVIEW_TOKEN_FILE!, "utf8").trim();
  const url = `${SITE}/fr/preview/?content_type=articles.seminarreportpage&token=${encodeURIComponent(token)}`;
  const response = await request.get(url, { maxRedirects: 0 });
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"] ?? "").toMatch(/no-store|private|no-cache/);
  await page.goto(url);
  await expect(page.locator("main h1")).toHaveText("Brouillon : le séminaire de Trakai");
  await page.goto(`${SITE}/fr/actualites/seminaire-national-lituanie-2015/`);
  await expect(page.locator("main h1")).toHaveText("Premier séminaire national sur l’inclusion des Roms au niveau local en Lituanie");
});
