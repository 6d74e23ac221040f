// The `document_list` block: links to files with what a visitor wants to know before
// opening one: its type, its size and its language, all written in the page's language.
import { formatFileSize, languageName, t } from "@/lib/i18n";
import type { Schemas } from "@/lib/types";

/** "(PDF, 1.3 KB, in French)": the parts the API gives, in the page's language. */
export function documentDetails(item: Schemas["DocumentListItemDict"], lang: string): string {
  const parts = [item.file_type];
  if (typeof item.file_size === "number") parts.push(formatFileSize(item.file_size, lang));
  if (item.language) parts.push(t(lang).inLanguage(languageName(item.language, lang)));
  const shown = parts.filter(Boolean);
  return shown.length ? `(${shown.join(", ")})` : "";
}

export function DocumentListBlock({ value, lang }: { value: Schemas["DocumentListDict"]; lang: string }) {
  const items = value.documents.filter((item) => item.document);
  if (!items.length) return null;
  return (
    <section className="document-list">
      {value.heading ? <h2>{value.heading}</h2> : null}
      <ul>
        {items.map((item, i) => {
          const details = documentDetails(item, lang);
          return (
            <li key={item.document.id ?? i}>
              <a href={item.document.url} hrefLang={item.language || undefined}>{item.title || item.document.title}</a>
              {details ? <> <span className="document-details">{details}</span></> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
