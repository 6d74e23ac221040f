// Rich text of the API (HTML the CMS has already cleaned), with links to site pages made local.
import { localiseRichText } from "@/lib/paths";

export function RichText({ html, className }: { html: string | null | undefined; className?: string }) {
  if (!html) return null;
  return <div className={className ?? "rich-text"} dangerouslySetInnerHTML={{ __html: localiseRichText(html) }} />;
}
