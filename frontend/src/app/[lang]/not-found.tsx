import { headers } from "next/headers";
import { Layout } from "@/components/Chrome";
import { getGlobals } from "@/lib/cms";
import { mapGlobals } from "@/lib/globals";
import { DEFAULT_LANG, isLang, t } from "@/lib/i18n";

// The 404 page, in the language of the path asked for (the middleware passes it on).
export default async function NotFound() {
  const requested = (await headers()).get("x-alliance-lang");
  const lang = isLang(requested) ? requested : DEFAULT_LANG;
  const chrome = mapGlobals(await getGlobals(lang));
  const w = t(lang);
  return (
    <Layout chrome={chrome}>
      <title>{`${w.notFoundTitle} | ${chrome.siteName}`}</title>
      <h1>{w.notFoundTitle}</h1>
      <p>{w.notFoundText}</p>
      <p><a href={chrome.homeHref}>{w.backHome}</a></p>
    </Layout>
  );
}
