// Pure helpers between the CMS's absolute URLs and the front end's own paths.
import { DEFAULT_LANG, isLang, type Lang } from "./i18n";

/** The catch-all's segments back to the site path the CMS knows: ["actualites", "x"] → "/fr/actualites/x/". */
export function htmlPath(lang: string, segments: readonly string[] | undefined): string {
  const rest = (segments ?? []).map((s) => encodeURIComponent(safeDecode(s))).join("/");
  return rest ? `/${lang}/${rest}/` : `/${lang}/`;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * An absolute URL of the CMS's site (`http://127.0.0.1:8000/fr/actualites/`) as a path of
 * the front end (`/fr/actualites/`): the front end serves the same paths. Media, documents
 * and other sites' URLs stay absolute. `null` when there is no URL.
 */
export function toLocalHref(url: string | null | undefined): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url, "http://relative.invalid");
  } catch {
    return url;
  }
  const first = parsed.pathname.split("/")[1];
  if (isLang(first)) return parsed.pathname + parsed.search + parsed.hash;
  return url;
}

/** Rich text HTML of the API with its links to site pages made local. */
export function localiseRichText(html: string | null | undefined): string {
  if (!html) return "";
  return html.replace(/href="(https?:\/\/[^"\/]+)(\/[a-z]{2}\/[^"]*)"/g, (match, _origin: string, path: string) =>
    isLang(path.split("/")[1]) ? `href="${path}"` : match,
  );
}

/** The language a front-end path is in (`/fr/...` → fr), the default otherwise. */
export function langOfPath(pathname: string | null | undefined): Lang {
  const first = (pathname ?? "").split("/")[1];
  return isLang(first) ? first : DEFAULT_LANG;
}

/** An absolute URL on the front end's public origin, for canonical and hreflang links. */
export function publicUrl(siteUrl: string, url: string | null | undefined): string | null {
  const local = toLocalHref(url);
  if (!local) return null;
  if (/^https?:/.test(local)) return local;
  return siteUrl.replace(/\/$/, "") + local;
}

/** The news list's filters from the visitor's query string to API v2's filters (docs/api.md). */
export function newsFilters(query: { topic?: string | string[]; year?: string | string[] }): Record<string, string> {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
  const filters: Record<string, string> = {};
  const topic = one(query.topic).trim();
  if (/^[-a-z0-9_]+$/i.test(topic)) filters.topic = topic;
  const year = one(query.year).trim();
  if (/^\d{4}$/.test(year)) {
    filters.published_after = `${year}-01-01`;
    filters.published_before = `${year}-12-31`;
  }
  return filters;
}
