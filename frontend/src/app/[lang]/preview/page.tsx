import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Layout } from "@/components/Chrome";
import { PageView } from "@/components/Pages";
import { getGlobals, getPreview } from "@/lib/cms";
import { mapGlobals } from "@/lib/globals";
import { isLang, t } from "@/lib/i18n";

type Props = { params: Promise<{ lang: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export const dynamic = "force-dynamic";
export const metadata: Metadata = { robots: { index: false, follow: false } };

function one(v: string | string[] | undefined): string {
  return (Array.isArray(v) ? v[0] : v) ?? "";
}

// Headless preview: the admin's Preview opens /<lang>/preview/?content_type=…&token=…
// (HEADLESS_PREVIEW_URL); the draft comes from /api/v2/page_preview/, never cached.
export default async function Preview({ params, searchParams }: Props) {
  const { lang } = await params;
  if (!isLang(lang)) notFound();
  const query = await searchParams;
  const contentType = one(query.content_type);
  const token = one(query.token);
  if (!contentType || !token) notFound();
  const page = await getPreview(contentType, token);
  if (!page) notFound();
  const pageLang = isLang(page.meta.locale) ? page.meta.locale : lang;
  const globals = await getGlobals(pageLang);
  return (
    <Layout chrome={mapGlobals(globals)}>
      <p className="preview-banner" role="note">{t(pageLang).preview}</p>
      <div lang={pageLang}><PageView page={page} lang={pageLang} query={{}} /></div>
    </Layout>
  );
}
