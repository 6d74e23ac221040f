// Title suggestions under every search box (ARIA 1.2 combobox with a listbox popup).
// Arrow keys move through the suggestions, Enter opens the chosen page, Escape closes
// the list; without JavaScript the box is a plain search field.
(function () {
  "use strict";

  var DELAY_MS = 150;

  function setUp(container) {
    var input = container.querySelector("input[role=combobox]");
    var list = container.querySelector("[role=listbox]");
    var status = container.querySelector("[data-suggestion-status]");
    var url = container.getAttribute("data-autocomplete-url");
    var timer = null;
    var active = -1;
    var lastQuery = "";
    var controller = null;

    function options() {
      return list.querySelectorAll("[role=option]");
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function announce(count) {
      if (count === 0) {
        status.textContent = status.getAttribute("data-none");
      } else if (count === 1) {
        status.textContent = status.getAttribute("data-one");
      } else {
        status.textContent = status.getAttribute("data-many").replace("__COUNT__", String(count));
      }
    }

    function highlight(index) {
      var all = options();
      if (!all.length) {
        return;
      }
      active = (index + all.length) % all.length;
      all.forEach(function (option, position) {
        option.setAttribute("aria-selected", position === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function render(results) {
      list.textContent = "";
      results.forEach(function (result, position) {
        var option = document.createElement("li");
        option.id = input.id + "-option-" + position;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-url", result.url);
        var title = document.createElement("span");
        title.className = "suggestion-title";
        title.textContent = result.title;
        var type = document.createElement("span");
        type.className = "suggestion-type";
        type.textContent = result.type;
        option.appendChild(title);
        option.appendChild(document.createTextNode(" "));
        option.appendChild(type);
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          window.location.assign(result.url);
        });
        list.appendChild(option);
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (results.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
      announce(results.length);
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query === lastQuery) {
        return;
      }
      lastQuery = query;
      if (query.length < 2) {
        render([]);
        status.textContent = "";
        return;
      }
      if (controller) {
        controller.abort();
      }
      controller = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        signal: controller.signal,
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (input.value.trim() === query) {
            render(data.results || []);
          }
        })
        .catch(function (error) {
          if (error.name !== "AbortError") {
            render([]);
          }
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open && options().length) {
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
        }
        highlight(active + 1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active - 1);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        window.location.assign(options()[active].getAttribute("data-url"));
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });

    input.addEventListener("blur", close);
  }

  document.querySelectorAll(".search-combobox").forEach(setUp);
})();
