// The translator's path in wagtail-localize's editor (cms/templatetags/
// translation_editor_tags.py):
// - "Submit translation for review" is rendered after the editor; it is shown in the
//   header bar beside the languages, in view and outside the React editor, and a copy
//   leads the editor's footer, whose own first action would otherwise be "Stop Synced
//   translation" for a translator (who may not publish).
// - Two things the editor writes in English whatever the admin's language, both
//   hard-coded in wagtail-localize: its section headings ("English to French
//   translation", replaced by the heading given in the translator's language) and the
//   month in "Translated manually on 4 December 2026" (formatted on the server with
//   English month names; rewritten with the browser's date format for the page's
//   language). The editor redraws segments as the translator works, so the text is
//   watched, not fixed once.
// Wagtail's admin loads extra scripts in the page head: wait for the document.
(function () {
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];
  const ENGLISH_DATE = new RegExp("\\b(\\d{1,2}) (" + MONTHS.join("|") + ") (\\d{4})\\b", "g");

  function localiser(actions) {
    const english = actions.dataset.englishHeading;
    const heading = actions.dataset.heading;
    const language = document.documentElement.lang || "en";
    const dates = language.startsWith("en") ? null
      : new Intl.DateTimeFormat(language, { day: "numeric", month: "long", year: "numeric" });
    return function (node) {
      const text = node.nodeValue;
      if (english && heading && english !== heading && text.trim() === english) {
        node.nodeValue = heading;
      } else if (dates && ENGLISH_DATE.test(text)) {
        ENGLISH_DATE.lastIndex = 0;
        node.nodeValue = text.replace(ENGLISH_DATE, function (_match, day, month, year) {
          return dates.format(new Date(Number(year), MONTHS.indexOf(month), Number(day)));
        });
      }
      ENGLISH_DATE.lastIndex = 0;
    };
  }

  function leadFooter(editor, actions) {
    const footer = editor.querySelector("footer");
    const form = actions.querySelector("form");
    if (!footer || !form || footer.querySelector(".cms-submit-translation")) {
      return;
    }
    const copy = form.cloneNode(true);
    copy.classList.add("cms-submit-translation");
    footer.prepend(copy);
  }

  function watch(editor, localise, actions) {
    function visit(root) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        localise(node);
      }
    }
    visit(editor);
    leadFooter(editor, actions);
    new MutationObserver(function (mutations) {
      leadFooter(editor, actions);
      for (const mutation of mutations) {
        if (mutation.type === "characterData") {
          localise(mutation.target);
        }
        for (const added of mutation.addedNodes) {
          if (added.nodeType === Node.TEXT_NODE) {
            localise(added);
          } else if (added.nodeType === Node.ELEMENT_NODE) {
            visit(added);
          }
        }
      }
    }).observe(editor, { childList: true, subtree: true, characterData: true });
  }

  function start() {
    const actions = document.getElementById("cms-translation-actions");
    const locales = document.querySelector(".header-meta--locales");
    const bar = locales && locales.closest("header");
    if (actions && bar) {
      bar.append(actions);
    }
    const editor = document.querySelector(".js-translation-editor");
    if (actions && editor) {
      watch(editor, localiser(actions), actions);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
