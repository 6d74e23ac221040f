// /preview/?content_type=…&token=… (one HEADLESS_PREVIEW_URL for every language): on to
// /<lang>/preview/ with the same query (`lang=` if given, else English), never cached.
import { NextResponse, type NextRequest } from "next/server";
import { DEFAULT_LANG, isLang } from "@/lib/i18n";

export const dynamic = "force-dynamic";

export function GET(request: NextRequest) {
  const url = request.nextUrl.clone();
  const lang = url.searchParams.get("lang");
  url.pathname = `/${isLang(lang) ? lang : DEFAULT_LANG}/preview/`;
  const response = NextResponse.redirect(url, 307);
  response.headers.set("Cache-Control", "no-store");
  return response;
}
