// Wagtail 8 autosaves the page editor in the background, but lets a click on "Submit",
// "Save draft" etc. go out while an autosave request is still in flight. On a new page
// both requests then create the page and the loser fails on the slug. This holds such a
// click until the autosave has answered (the form then targets the page's edit view),
// and stops further autosaves once the editor has chosen an action.
(() => {
  "use strict";
  let inFlight = false;
  let held = null;

  document.addEventListener("w-autosave:save", (event) => {
    if (!event.defaultPrevented) inFlight = true;
  });

  const release = (event) => {
    inFlight = false;
    if (held === null) return;
    const { name, value } = held;
    // Hydration after the first autosave of a new page may have replaced the form.
    const form = held.form.isConnected
      ? held.form
      : document.querySelector("form[data-w-autosave-interval-value]");
    held = null;
    if (!form) return;
    // Autosave may have re-rendered the action menu: find the button again by its name.
    const button = name ? form.querySelector(`[type=submit][name="${CSS.escape(name)}"]`) : null;
    if (button) {
      form.requestSubmit(button);
      return;
    }
    if (name) {
      const input = Object.assign(document.createElement("input"), { type: "hidden", name, value });
      form.append(input);
    }
    form.requestSubmit();
  };
  document.addEventListener("w-autosave:success", release);
  document.addEventListener("w-autosave:error", release);

  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-w-autosave-interval-value")) {
        return;
      }
      form.setAttribute("data-w-autosave-active-value", "false");
      if (inFlight) {
        event.preventDefault();
        event.stopImmediatePropagation();
        const submitter = event.submitter;
        held = { form, name: submitter?.name || "", value: submitter?.value || "" };
      }
    },
    true,
  );
})();
