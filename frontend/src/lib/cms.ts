// The data layer: every call to the CMS's API, on the server, never cached by Next.js
// (content changes on publish; the CMS caches its own answers).
import type { Globals, Listing, ListedPage, PageDetail, RedirectInfo, Topic } from "./types";

export const CMS_API_URL = (process.env.CMS_API_URL || "http://127.0.0.1:8000").replace(/\/$/, "");
/** The front end's public address, for canonical and hreflang links. */
export const SITE_URL = (process.env.SITE_URL || "http://127.0.0.1:3000").replace(/\/$/, "");

export class CmsError extends Error {
  constructor(public status: number, message: string) {
    super(message);
  }
}

async function getJson(path: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(CMS_API_URL + path, {
    cache: "no-store",
    ...init,
    headers: { Accept: "application/json", ...(init.headers ?? {}) },
  });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    throw new CmsError(response.status, `${path}: not JSON (${response.status})`);
  }
  return { status: response.status, body };
}

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") q.set(k, String(v));
  return q.toString();
}

export type Resolution =
  | { kind: "page"; page: PageDetail }
  | { kind: "redirect"; location: string; permanent: boolean }
  | { kind: "not-found" };

/**
 * What lives at a site path: `pages/find/` (v2) answers a 302 to the page's detail, which
 * fetch follows; a redirect to a page answers that page with `meta.redirected_from`; a
 * redirect elsewhere a 404 with `redirect` (docs/api.md, "Redirects").
 */
export function interpretFind(status: number, body: unknown): Resolution {
  if (status === 200 && body && typeof body === "object" && "meta" in body) {
    const page = body as PageDetail;
    const from: RedirectInfo | undefined = page.meta.redirected_from;
    if (from) return { kind: "redirect", location: from.location, permanent: from.is_permanent };
    return { kind: "page", page };
  }
  if (status === 404) {
    const redirect = (body as { redirect?: RedirectInfo } | null)?.redirect;
    if (redirect?.location) return { kind: "redirect", location: redirect.location, permanent: redirect.is_permanent };
    return { kind: "not-found" };
  }
  throw new CmsError(status, `pages/find/: unexpected ${status}`);
}

export async function resolvePath(path: string): Promise<Resolution> {
  const { status, body } = await getJson(`/api/v2/pages/find/?${query({ html_path: path })}`);
  return interpretFind(status, body);
}

export async function getGlobals(lang: string, pageId?: number): Promise<Globals> {
  const { status, body } = await getJson(`/api/v2/globals/?${query({ locale: lang, page: pageId })}`);
  if (status !== 200) {
    // A page the globals do not know (a draft in preview): the language's chrome.
    if (pageId !== undefined) return getGlobals(lang);
    throw new CmsError(status, "globals: " + status);
  }
  return body as Globals;
}

async function listing<T>(params: Record<string, string | number | undefined>): Promise<Listing<T>> {
  const { status, body } = await getJson(`/api/v2/pages/?${query(params)}`);
  if (status === 400) return { meta: { total_count: 0 }, items: [] }; // e.g. an unknown topic
  if (status !== 200) throw new CmsError(status, "pages: " + status);
  return body as Listing<T>;
}

export function listNews(indexId: number, lang: string, filters: Record<string, string>) {
  return listing<ListedPage>({
    child_of: indexId,
    locale: lang,
    type: "articles.ArticlePage", // seminar reports are articles too
    fields: "listing_summary,publication_date,listing_image",
    order: "-publication_date",
    limit: 50,
    ...filters,
  });
}

export function listParticipants(indexId: number, lang: string) {
  return listing<ListedPage>({
    child_of: indexId,
    locale: lang,
    type: "participants.ParticipantPage",
    fields: "country,region,kind,status",
    order: "title",
    limit: 500,
  });
}

export function searchPages(q: string, lang: string) {
  return listing<ListedPage>({ search: q, locale: lang, limit: 30 });
}

export async function listTopics(lang: string): Promise<Topic[]> {
  const { status, body } = await getJson(`/api/v2/topics/?${query({ locale: lang, fields: "name,slug", limit: 100 })}`);
  if (status !== 200) return [];
  return ((body as { items?: Topic[] }).items ?? []).map((i) => ({ id: i.id, name: i.name, slug: i.slug }));
}

/** A draft through its preview token (docs/api.md, "Preview in the front end"); never cached. */
export async function getPreview(contentType: string, token: string): Promise<PageDetail | null> {
  const { status, body } = await getJson(`/api/v2/page_preview/?${query({ content_type: contentType, token })}`);
  if (status === 200) return body as PageDetail;
  if (status === 401 || status === 404 || status === 400) return null;
  throw new CmsError(status, "page_preview: " + status);
}
