// The `accordion` block: questions that open on demand (<details>, keyboard-usable with no
// script); as an FAQ it also tells search engines so, with schema.org's FAQPage.
import type { Schemas } from "@/lib/types";
import { RichText } from "./RichText";

/** JSON for a <script> element: "<" escaped, so that no "</script>" in an answer ends it. */
export function jsonForScript(data: unknown): string {
  return JSON.stringify(data).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

export function AccordionBlock({ value }: { value: Schemas["AccordionBlockValue"] }) {
  const items = value.items.filter((item) => item.question);
  if (!items.length) return null;
  const faq = value.is_faq
    ? {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        mainEntity: items.map((item) => ({
          "@type": "Question",
          name: item.question,
          acceptedAnswer: { "@type": "Answer", text: item.answer ?? "" },
        })),
      }
    : null;
  return (
    <section className="accordion">
      {value.heading ? <h2>{value.heading}</h2> : null}
      {items.map((item, i) => (
        <details key={i}>
          <summary>{item.question}</summary>
          <RichText html={item.answer} />
        </details>
      ))}
      {faq ? <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(faq) }} /> : null}
    </section>
  );
}
