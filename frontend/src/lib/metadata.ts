import type { Metadata } from "next";
import type { PageDetail } from "./types";
import { publicUrl } from "./paths";

/** <title>, description, canonical, hreflang alternates and og:image of a page detail. */
export function pageMetadata(page: PageDetail, siteName: string, siteUrl: string): Metadata {
  const meta = page.meta;
  const languages: Record<string, string> = {};
  const own = publicUrl(siteUrl, meta.html_url);
  if (own) languages[meta.locale] = own;
  for (const tr of meta.translations ?? []) {
    const url = publicUrl(siteUrl, tr.url);
    if (url) languages[tr.locale] = url;
  }
  if (languages.en) languages["x-default"] = languages.en;
  const description = meta.search_description || page.listing_summary || undefined;
  const image = meta.social_image;
  return {
    title: `${meta.seo_title || page.title} | ${siteName}`,
    description,
    alternates: { canonical: publicUrl(siteUrl, meta.canonical_url ?? meta.html_url) ?? undefined, languages },
    openGraph: {
      title: meta.seo_title || page.title,
      description,
      siteName,
      url: own ?? undefined,
      locale: meta.locale === "fr" ? "fr_FR" : "en_GB",
      images: image ? [{ url: image.url, width: image.width, height: image.height, alt: image.alt }] : undefined,
    },
  };
}
