/*
 * Alert banners (cms/templates/includes/alert_banner.html): a visitor may dismiss one.
 * The choice is remembered in this browser's localStorage only, under the alert's id
 * with the version it was dismissed at, so a revised alert shows again. No cookie is
 * set and nothing is sent to the server. Without JavaScript the button stays hidden.
 */
(function () {
  "use strict";
  var PREFIX = "alliance-alert-dismissed:";

  function read(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (error) {
      return null; // storage refused (private mode, settings): nothing remembered
    }
  }

  function remember(key, value) {
    try {
      window.localStorage.setItem(key, value);
    } catch (error) {
      // Dismissed for this page view only.
    }
  }

  var banners = document.querySelectorAll(".alert-banner[data-alert-id]");
  Array.prototype.forEach.call(banners, function (banner) {
    var key = PREFIX + banner.getAttribute("data-alert-id");
    var version = banner.getAttribute("data-alert-version");
    if (read(key) === version) {
      banner.hidden = true;
      return;
    }
    var button = banner.querySelector("[data-alert-dismiss]");
    if (!button) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      remember(key, version);
      banner.hidden = true;
      // The focused button is gone: continue from the page's main content.
      var main = document.getElementById("main-content");
      if (main) {
        main.focus();
      }
    });
  });
})();
