import type { Metadata } from "next";
import { notFound, permanentRedirect, redirect } from "next/navigation";
import { cache } from "react";
import { Layout } from "@/components/Chrome";
import { PageView } from "@/components/Pages";
import { getGlobals, resolvePath, SITE_URL } from "@/lib/cms";
import { mapGlobals } from "@/lib/globals";
import { isLang } from "@/lib/i18n";
import { htmlPath, toLocalHref } from "@/lib/paths";

type Props = {
  params: Promise<{ lang: string; path?: string[] }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

// One lookup per request, shared by generateMetadata and the page.
const resolve = cache(async (lang: string, path: string[] | undefined) => resolvePath(htmlPath(lang, path)));

async function load(props: Props) {
  const { lang, path } = await props.params;
  if (!isLang(lang)) notFound();
  const found = await resolve(lang, path);
  if (found.kind === "not-found") notFound();
  if (found.kind === "redirect") {
    const target = toLocalHref(found.location) ?? found.location;
    if (found.permanent) permanentRedirect(target);
    redirect(target);
  }
  return { lang, page: found.page };
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const { lang, page } = await load(props);
  const globals = await getGlobals(lang, page.id);
  const { pageMetadata } = await import("@/lib/metadata");
  return pageMetadata(page, globals.site_name, SITE_URL);
}

export default async function CmsPage(props: Props) {
  const { lang, page } = await load(props);
  const [globals, query] = await Promise.all([getGlobals(lang, page.id), props.searchParams]);
  return (
    <Layout chrome={mapGlobals(globals)} currentPath={toLocalHref(page.meta.html_url) ?? undefined}>
      <PageView page={page} lang={lang} query={query} />
    </Layout>
  );
}
