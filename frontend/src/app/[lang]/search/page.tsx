import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Layout } from "@/components/Chrome";
import { getGlobals, searchPages, SITE_URL } from "@/lib/cms";
import { mapGlobals } from "@/lib/globals";
import { isLang, t } from "@/lib/i18n";
import { toLocalHref } from "@/lib/paths";

type Props = { params: Promise<{ lang: string }>; searchParams: Promise<{ q?: string | string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { lang } = await params;
  const other = lang === "fr" ? "en" : "fr";
  return {
    title: t(lang).searchTitle,
    robots: { index: false },
    alternates: { languages: { [lang]: `${SITE_URL}/${lang}/search/`, [other]: `${SITE_URL}/${other}/search/` } },
  };
}

// Search through the API's `search` parameter, in the page's language.
export default async function SearchPage({ params, searchParams }: Props) {
  const { lang } = await params;
  if (!isLang(lang)) notFound();
  const raw = (await searchParams).q;
  const q = (Array.isArray(raw) ? raw[0] : raw ?? "").trim().slice(0, 200);
  const [globals, results] = await Promise.all([getGlobals(lang), q ? searchPages(q, lang) : Promise.resolve(null)]);
  const w = t(lang);
  return (
    <Layout chrome={mapGlobals(globals)}>
      <h1>{w.searchTitle}</h1>
      <form method="get" role="search">
        <label htmlFor="q">{w.searchLabel}</label>{" "}
        <input id="q" name="q" type="search" defaultValue={q} />{" "}
        <button type="submit">{w.searchButton}</button>
      </form>
      {results ? (
        <>
          <p role="status">{results.meta.total_count ? w.results(results.meta.total_count) : w.noResults}</p>
          <ul className="cards">
            {results.items.map((item) => (
              <li key={item.id} className="card"><a href={toLocalHref(item.meta.html_url) ?? "#"}>{item.title}</a></li>
            ))}
          </ul>
        </>
      ) : null}
    </Layout>
  );
}
