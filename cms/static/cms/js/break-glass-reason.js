// Only administrators see a "Publish" button (no other role holds "publish"): publishing
// from the editor is then a break-glass action, recorded in the audit log with a reason
// (cms/workflow/gate.py). This asks for the reason and sends it as the form field
// "break_glass_reason"; an empty answer is recorded as "no reason given", Cancel
// cancels the publication.
(() => {
  "use strict";
  const question = document.currentScript ? document.currentScript.dataset.prompt : "";

  document.addEventListener(
    "click",
    (event) => {
      const button = event.target.closest('[type=submit][name="action-publish"]');
      if (!button || !button.form) return;
      const reason = window.prompt(question, "");
      if (reason === null) {
        event.preventDefault();
        event.stopImmediatePropagation();
        return;
      }
      let field = button.form.querySelector('input[name="break_glass_reason"]');
      if (!field) {
        field = document.createElement("input");
        field.type = "hidden";
        field.name = "break_glass_reason";
        button.form.appendChild(field);
      }
      field.value = reason.trim().slice(0, 500);
    },
    true,
  );
})();
