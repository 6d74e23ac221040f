// "Submit translation for review" (cms/templates/cms/translations/submit_from_editor.html)
// is rendered after the editor; show it in the header bar beside the languages, where
// it stays in view and outside the React editor, which is left untouched.
(function () {
  const actions = document.getElementById("cms-translation-actions");
  const locales = document.querySelector(".header-meta--locales");
  const bar = locales && locales.closest("header");
  if (actions && bar) {
    bar.append(actions);
  }
})();
