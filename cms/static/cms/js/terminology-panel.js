// The translation editor's terminology panel (cms/templates/cms/translations/
// terminology_panel.html) is rendered after the editor; show it above the segments,
// where a translator starts reading. The React editor mounts inside its own element,
// which is left untouched. Wagtail's admin loads extra scripts in the page head: wait
// for the document.
(function () {
  function place() {
    const panel = document.getElementById("cms-terminology");
    const editor = document.querySelector(".js-translation-editor");
    if (panel && editor) {
      editor.before(panel);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", place);
  } else {
    place();
  }
})();
