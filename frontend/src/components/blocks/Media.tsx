// The `media` block, privacy-friendly: a host's player (embed_url) waits behind a
// placeholder (the still image from the CMS, a notice naming the host, a button) and is
// framed only after the click (MediaConsent); a file of the library plays in the browser's
// own player, which fetches nothing before "play" (preload="none"). The transcript follows.
import { t } from "@/lib/i18n";
import type { Schemas } from "@/lib/types";
import { MediaConsent } from "./MediaConsent";
import { RichText } from "./RichText";

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function stillRendition(still: Schemas["MediaDict"]["still"]) {
  const r = still?.renditions ?? {};
  return r.large_webp ?? r.large ?? r.medium ?? r.thumbnail ?? null;
}

export function MediaBlock({ value, lang }: { value: Schemas["MediaDict"]; lang: string }) {
  const w = t(lang);
  const audio = value.kind === "audio";
  const provider = value.provider || hostOf(value.embed_url ?? value.url ?? "");
  const still = stillRendition(value.still);
  let player = null;
  if (value.embed_url) {
    const notice = audio ? w.hostedRecording(provider, hostOf(value.embed_url)) : w.hostedVideo(provider, hostOf(value.embed_url));
    player = (
      <MediaConsent embedUrl={value.embed_url} title={value.title} buttonLabel={audio ? w.playRecording : w.playVideo}>
        {/* The still is decorative here: the title and the notice name the recording. */}
        {still ? <img src={still.url} width={still.width} height={still.height} alt="" loading="lazy" /> : null}
        <p className="media-consent-notice">{notice}</p>
        {value.url ? <p><a href={value.url}>{audio ? w.listenOn(provider) : w.watchOn(provider)}</a></p> : null}
      </MediaConsent>
    );
  } else if (value.file) {
    player = audio ? (
      <audio controls preload="none" src={value.file.url} aria-label={value.title}>
        <a href={value.file.url}>{w.downloadRecording}</a>
      </audio>
    ) : (
      <video controls preload="none" src={value.file.url} poster={still?.url} aria-label={value.title} style={{ width: "100%" }}>
        <a href={value.file.url}>{w.downloadVideo}</a>
      </video>
    );
  } else if (value.url) {
    player = <p><a href={value.url}>{audio ? w.listenOn(provider) : w.watchOn(provider)}</a></p>;
  }
  return (
    <div className={`media-block media-block-${audio ? "audio" : "video"}`}>
      <figure className="media-figure">
        {player}
        <figcaption>
          <span className="media-title">{value.title}</span>
          {value.captions ? <> <span className="media-captions">{value.captions}</span></> : null}
        </figcaption>
      </figure>
      {value.transcript ? (
        <details className="media-transcript">
          <summary>{w.transcript}</summary>
          <RichText html={value.transcript} />
        </details>
      ) : null}
    </div>
  );
}
