// The `callout` block: a note, a warning or a key figure set apart from the text. Its kind
// is written in words (not only shown by colour), in the page's language.
import { t } from "@/lib/i18n";
import type { Schemas } from "@/lib/types";
import { RichText } from "./RichText";

export function calloutLabel(kind: string, lang: string): string {
  const w = t(lang);
  return kind === "warning" ? w.calloutWarning : kind === "key_figure" ? w.calloutKeyFigure : w.calloutNote;
}

export function CalloutBlock({ value, lang }: { value: Schemas["CalloutBlockValue"]; lang: string }) {
  if (!value.title && !value.figure && !value.text) return null;
  const label = calloutLabel(value.kind, lang);
  return (
    <div className={`note callout callout-${value.kind}`} role="note" aria-label={value.title ? `${label}: ${value.title}` : label}>
      <p className="callout-kind"><strong>{label}</strong></p>
      {value.title ? <p className="callout-title"><strong>{value.title}</strong></p> : null}
      {value.figure ? <p className="callout-figure statistic">{value.figure}</p> : null}
      <RichText html={value.text} />
    </div>
  );
}
