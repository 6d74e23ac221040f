// The chrome (header, footer, language switcher) from /api/v2/globals/, as front-end links.
import type { Globals } from "./types";
import { toLocalHref } from "./paths";

export interface Link { title: string; href: string }
export interface LanguageLink { code: string; name: string; href: string; current: boolean; translated: boolean }
export interface Chrome {
  lang: string;
  siteName: string;
  homeHref: string;
  navigation: Link[];
  footerText: string;
  social: Link[];
  feeds: Link[];
  languages: LanguageLink[];
  alerts: unknown[];
}

export function mapGlobals(globals: Globals): Chrome {
  const lang = globals.locale;
  return {
    lang,
    siteName: globals.site_name,
    homeHref: toLocalHref(globals.home?.url) ?? `/${lang}/`,
    navigation: globals.navigation.map((l) => ({ title: l.title, href: toLocalHref(l.url) ?? "#" })),
    footerText: globals.footer.text,
    social: globals.footer.social_links.map((s) => ({ title: s.name, href: s.url })),
    feeds: globals.footer.feeds
      ? Object.entries(globals.footer.feeds)
          .filter((e): e is [string, string] => typeof e[1] === "string")
          .map(([name, url]) => ({ title: name.toUpperCase(), href: url }))
      : [],
    languages: globals.languages.map((l) => ({
      code: l.code,
      name: l.name,
      href: toLocalHref(l.url) ?? `/${l.code}/`,
      current: l.is_current,
      translated: l.is_translated,
    })),
    alerts: globals.alerts,
  };
}
