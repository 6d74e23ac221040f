import type { ReactNode } from "react";
import "../globals.css";
import { DEFAULT_LANG, isLang } from "@/lib/i18n";

export const dynamic = "force-dynamic";

// The root layout of every page: <html lang> is the path's language.
export default async function RootLayout({ children, params }: { children: ReactNode; params: Promise<{ lang: string }> }) {
  const { lang } = await params;
  return (
    <html lang={isLang(lang) ? lang : DEFAULT_LANG}>
      <body>{children}</body>
    </html>
  );
}
