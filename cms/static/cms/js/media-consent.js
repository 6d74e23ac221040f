// Click-to-load for videos and embeds on other sites (cms/templates/blocks/media_consent.html).
// Nothing from the host loads until the visitor presses "Load and play": the player's
// markup waits in an inert <template>; a click puts it in place of the placeholder and
// moves focus to it, so that keyboard and screen-reader users land on the player they
// asked for. Every block includes this file (deferred): it runs its setup once.
(() => {
  "use strict";
  if (window.allianceMediaConsent) return;
  window.allianceMediaConsent = true;

  // Without this script the buttons would do nothing: they stay hidden, and the link to
  // the host's own page is the way to watch.
  for (const button of document.querySelectorAll("[data-media-consent-load]")) {
    button.hidden = false;
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-media-consent-load]");
    if (!button) return;
    const placeholder = button.closest("[data-media-consent]");
    const template = placeholder && placeholder.querySelector("template[data-media-consent-player]");
    if (!template) return;
    const holder = document.createElement("div");
    holder.className = "media-loaded";
    holder.appendChild(template.content.cloneNode(true));
    placeholder.replaceWith(holder);
    const target = holder.querySelector("iframe, video, audio");
    if (target) {
      target.focus();
    } else {
      holder.tabIndex = -1;
      holder.focus();
    }
  });
})();
