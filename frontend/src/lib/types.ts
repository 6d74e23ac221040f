// The shapes the front end reads. API v3's generated types (src/api/v3.d.ts) describe the
// page fields, StreamField blocks, images and globals; API v2 gives the same fields and
// block values (docs/api.md: "block values are identical in both APIs") with v2's `meta`.
import type { components } from "../api/v3";

export type Schemas = components["schemas"];
export type Image = Schemas["ImageDict"];
export type PageRef = Schemas["PageRefDict"];
export type Globals = Schemas["SiteGlobalsDict"];
export type Topic = Schemas["TopicDict"];
export type Block = Schemas["SeminarReportPageSchema"]["body"][number];

export interface Translation {
  id: number;
  locale: string;
  title: string;
  url: string;
}

export interface RedirectInfo {
  old_path: string;
  is_permanent: boolean;
  location: string;
}

/** API v2's `meta` on a page detail (docs/api.md, "v2"). */
export interface V2Meta {
  type: string;
  detail_url: string;
  html_url: string | null;
  slug: string;
  locale: string;
  first_published_at: string | null;
  search_description?: string;
  seo_title?: string;
  translations: Translation[];
  is_translation_of_source: boolean;
  translation_status: string | null;
  canonical_url?: string;
  social_image?: Schemas["SocialImageDict"] | null;
  parent?: { id: number; title: string; meta: { type: string; html_url: string | null } } | null;
  redirected_from?: RedirectInfo;
}

type WithV2Meta<T> = Omit<T, "meta"> & { meta: V2Meta };

export type HomePage = WithV2Meta<Schemas["HomePageSchema"]>;
export type StandardPage = WithV2Meta<Schemas["StandardPageSchema"]>;
export type ArticleIndexPage = WithV2Meta<Schemas["ArticleIndexPageSchema"]>;
export type ArticlePage = WithV2Meta<Omit<Schemas["ArticlePageSchema"], "participant_links" | "related_page_links">> & {
  participant_links: PageRef[];
  related_page_links: PageRef[];
};
export type SeminarReportPage = WithV2Meta<
  Omit<Schemas["SeminarReportPageSchema"], "participant_links" | "related_page_links">
> & { participant_links: PageRef[]; related_page_links: PageRef[] };
export type ParticipantIndexPage = WithV2Meta<Schemas["ParticipantIndexPageSchema"]>;
export type ParticipantPage = WithV2Meta<Schemas["ParticipantPageSchema"]>;

/** Any page detail: the fields every type has, the rest read through its type. */
export interface PageDetail {
  id: number;
  title: string;
  listing_summary?: string;
  meta: V2Meta;
  [field: string]: unknown;
}

/** A page in a v2 listing (`fields=` chosen by the caller). */
export interface ListedPage {
  id: number;
  title: string;
  listing_summary?: string;
  publication_date?: string;
  country?: string;
  region?: string;
  kind?: string;
  listing_image?: Image | null;
  meta: { type: string; html_url: string | null; locale: string };
}

export interface Listing<T> {
  meta: { total_count: number };
  items: T[];
}
