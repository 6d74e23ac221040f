// Move keyboard and screen-reader focus to the error summary after a failed submission.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
})();
