// The translation editor's terminology panel (cms/templates/cms/translations/
// terminology_panel.html) is rendered after the editor; show it above the segments,
// where a translator starts reading. The React editor mounts inside its own element,
// which is left untouched. Wagtail's admin loads page scripts before the page's body,
// so this waits for the document to be parsed.
(function () {
  function placePanel() {
    const panel = document.getElementById("cms-terminology");
    const editor = document.querySelector(".js-translation-editor");
    if (panel && editor) {
      editor.before(panel);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", placePanel);
  } else {
    placePanel();
  }
})();
