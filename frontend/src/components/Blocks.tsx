// StreamField bodies of the API (v2 and v3 give the same blocks): the common blocks are
// drawn, an unknown block is skipped (a new block type in the CMS never breaks a page).
// The richer blocks (issue #21) have one component each under ./blocks/.
import { Fragment, type ReactNode } from "react";
import type { Image, Schemas } from "@/lib/types";
import { toLocalHref } from "@/lib/paths";
import { t } from "@/lib/i18n";
import { AccordionBlock } from "./blocks/Accordion";
import { CalloutBlock } from "./blocks/Callout";
import { DocumentListBlock } from "./blocks/DocumentList";
import { MediaBlock } from "./blocks/Media";
import { RichText } from "./blocks/RichText";
import { TableBlock } from "./blocks/Table";
import { UpcomingEventsBlock } from "./blocks/UpcomingEvents";

export { RichText };

export interface RawBlock {
  type: string;
  value: unknown;
  id?: string | null;
}

export function Picture({ image, caption, lang }: { image: Image | null | undefined; caption?: string | null; lang: string }) {
  if (!image) return null;
  const r = image.renditions ?? {};
  const best = r.large ?? r.medium ?? r.thumbnail;
  if (!best) return null;
  const webp = r.large_webp ?? r.medium_webp;
  const text = caption ?? image.caption;
  return (
    <figure className="picture">
      <picture>
        {webp ? <source type="image/webp" srcSet={webp.url} /> : null}
        <img src={best.url} width={best.width} height={best.height} alt={image.alt ?? ""} loading="lazy" />
      </picture>
      {text || image.credit ? (
        <figcaption>
          {text}
          {image.credit ? <span className="credit"> {t(lang).photo} {image.credit}</span> : null}
        </figcaption>
      ) : null}
    </figure>
  );
}

function headingTag(level: string): "h2" | "h3" | "h4" {
  return level === "h3" ? "h3" : level === "h4" ? "h4" : "h2";
}

/** One block, or null when its type is unknown or its value is empty (a deleted image). */
export function renderBlock(block: RawBlock, lang: string): ReactNode {
  const key = block.id ?? undefined;
  switch (block.type) {
    case "paragraph":
      return <RichText key={key} html={block.value as string} />;
    case "heading": {
      const v = block.value as Schemas["HeadingBlockValue"];
      const Tag = headingTag(v.level);
      return <Tag key={key}>{v.text}</Tag>;
    }
    case "image": {
      const v = block.value as Schemas["CaptionedImageBlockValue"];
      return v.image ? <Picture key={key} image={v.image} caption={v.caption} lang={lang} /> : null;
    }
    case "quote": {
      const v = block.value as Schemas["QuoteBlockValue"];
      return (
        <figure key={key} className="quote">
          <blockquote><p>{v.text}</p></blockquote>
          {v.attribution ? <figcaption>{v.attribution}</figcaption> : null}
        </figure>
      );
    }
    case "call_to_action": {
      const v = block.value as Schemas["CallToActionBlockValue"];
      const href = toLocalHref(v.page?.url ?? v.url);
      return (
        <aside key={key} className="cta">
          <h2>{v.title}</h2>
          {v.text ? <p>{v.text}</p> : null}
          {href ? <a className="button" href={href}>{v.button_label}</a> : null}
        </aside>
      );
    }
    case "document": {
      const v = block.value as Schemas["DocumentLinkBlockValue"];
      if (!v.document) return null;
      return (
        <p key={key} className="document">
          <a href={v.document.url}>{v.title || v.document.title}</a>
        </p>
      );
    }
    case "embed": {
      const url = block.value as string | null;
      return url ? (
        <p key={key} className="embed"><a href={url}>{t(lang).embed}: {url}</a></p>
      ) : null;
    }
    case "terminology_note": {
      const v = block.value as Schemas["TerminologyNoteDict"] | null;
      return v ? (
        <aside key={key} className="note" lang={v.locale}>
          <h2>{v.title}</h2>
          <RichText html={v.text} />
        </aside>
      ) : null;
    }
    case "table": {
      const v = block.value as Schemas["TableDict"] | null;
      return v ? <TableBlock key={key} value={v} /> : null;
    }
    case "accordion": {
      const v = block.value as Schemas["AccordionBlockValue"] | null;
      return v ? <AccordionBlock key={key} value={v} /> : null;
    }
    case "callout": {
      const v = block.value as Schemas["CalloutBlockValue"] | null;
      return v ? <CalloutBlock key={key} value={v} lang={lang} /> : null;
    }
    case "document_list": {
      const v = block.value as Schemas["DocumentListDict"] | null;
      return v ? <DocumentListBlock key={key} value={v} lang={lang} /> : null;
    }
    case "media": {
      const v = block.value as Schemas["MediaDict"] | null;
      return v ? <MediaBlock key={key} value={v} lang={lang} /> : null;
    }
    case "upcoming_events": {
      const v = block.value as Schemas["UpcomingEventsDict"] | null;
      return v ? <UpcomingEventsBlock key={key} value={v} lang={lang} /> : null;
    }
    default:
      return null;
  }
}

export function StreamField({ blocks, lang }: { blocks: readonly RawBlock[] | null | undefined; lang: string }) {
  if (!blocks?.length) return null;
  return <div className="stream">{blocks.map((b, i) => <Fragment key={b.id ?? i}>{renderBlock(b, lang)}</Fragment>)}</div>;
}
