"use client";
// A host's player framed only once the visitor asks (the `media` block): until the click,
// nothing is loaded from the host, not even its address in an attribute the browser
// fetches. After it, the player takes the placeholder's place and gets the focus, so a
// keyboard user lands on what they asked for.
import { useEffect, useRef, useState, type ReactNode, type Ref } from "react";

export interface MediaConsentProps {
  embedUrl: string;
  title: string;
  buttonLabel: string;
  /** The still image and the notice: rendered on the server, shown until the click. */
  children: ReactNode;
}

/** The host's player, as the click inserts it. */
export function PlayerFrame({ embedUrl, title, frameRef }: { embedUrl: string; title: string; frameRef?: Ref<HTMLIFrameElement> }) {
  return (
    <iframe
      ref={frameRef}
      className="media-frame"
      src={embedUrl}
      title={title}
      allow="autoplay; encrypted-media; fullscreen; picture-in-picture"
      allowFullScreen
      referrerPolicy="strict-origin-when-cross-origin"
      style={{ width: "100%", aspectRatio: "16 / 9", border: 0 }}
    />
  );
}

export function MediaConsent({ embedUrl, title, buttonLabel, children }: MediaConsentProps) {
  const [loaded, setLoaded] = useState(false);
  const frame = useRef<HTMLIFrameElement>(null);
  useEffect(() => {
    if (loaded) frame.current?.focus();
  }, [loaded]);
  if (loaded) return <PlayerFrame embedUrl={embedUrl} title={title} frameRef={frame} />;
  return (
    <div className="media-consent">
      {children}
      <p className="media-consent-actions">
        <button type="button" className="button" onClick={() => setLoaded(true)}>{buttonLabel}</button>
      </p>
    </div>
  );
}
