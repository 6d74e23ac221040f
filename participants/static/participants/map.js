// The participants map: markers from the page's JSON block, drawn with Leaflet.
// Without a tile provider (the default) the map draws the country shapes of Europe from
// a static file of this site (participants/map_data/README.md), shades the countries
// that have participants and writes their names in the page's language (sent by the
// page): nothing is fetched from a third party. If the shapes cannot be loaded, the
// markers stay on a plain graticule. With a tile provider the tiles show the countries,
// so no shapes are drawn.
(function () {
  "use strict";

  // Above the tiles (200), below the markers' vector pane (400): the labels never hide
  // a marker, and the shapes never hide a label.
  var GRATICULE_PANE = "mapGraticule";
  var COUNTRY_PANE = "mapCountries";
  var LABEL_PANE = "mapCountryLabels";

  function addPane(map, name, zIndex) {
    var pane = map.createPane(name);
    pane.style.zIndex = String(zIndex);
    return pane;
  }

  function graticule(map) {
    addPane(map, GRATICULE_PANE, 210);
    var style = { color: "#b8cad9", weight: 1, opacity: 0.7, interactive: false, pane: GRATICULE_PANE };
    for (var lat = -80; lat <= 80; lat += 10) {
      L.polyline([[lat, -180], [lat, 180]], style).addTo(map);
    }
    for (var lon = -180; lon <= 180; lon += 10) {
      L.polyline([[-85, lon], [85, lon]], style).addTo(map);
    }
  }

  function countryNames() {
    var element = document.getElementById("participant-map-countries");
    return element ? JSON.parse(element.textContent) : {};
  }

  function isMember(names) {
    return function (feature) {
      return Object.prototype.hasOwnProperty.call(names, feature.properties.iso_a2);
    };
  }

  // Two layers rather than one styled per feature: Leaflet sets a path's class only
  // when it is created, from its layer's options.
  function drawCountries(map, shapes, names) {
    var renderer = L.svg({ pane: COUNTRY_PANE });
    var member = isMember(names);
    var common = { pane: COUNTRY_PANE, renderer: renderer, interactive: false };
    var others = L.geoJSON(shapes, L.extend({
      filter: function (feature) { return !member(feature); },
      className: "map-country",
      style: { color: "#8d99a6", weight: 0.8, fillColor: "#fbfaf6", fillOpacity: 1 },
      attribution: "Natural Earth",
    }, common));
    var members = L.geoJSON(shapes, L.extend({
      filter: member,
      className: "map-country map-country--member",
      style: { color: "#0b4f8a", weight: 1.2, fillColor: "#b9d1e9", fillOpacity: 1 },
    }, common));
    others.addTo(map);
    members.addTo(map);
    var labels = 0;
    shapes.features.filter(member).forEach(function (feature) {
      var point = feature.properties.label;
      if (!point) {
        return;
      }
      // An element rather than a string, which Leaflet would set as innerHTML.
      var text = document.createElement("span");
      text.textContent = names[feature.properties.iso_a2];
      L.marker([point[1], point[0]], {
        pane: LABEL_PANE,
        icon: L.divIcon({ className: "map-country-label", html: text, iconSize: null }),
        interactive: false,
        keyboard: false,
      }).addTo(map);
      labels += 1;
    });
    return { countries: others.getLayers().length + members.getLayers().length, labels: labels };
  }

  function loadCountries(map, element) {
    var url = element.dataset.shapesUrl;
    if (!url || typeof window.fetch !== "function") {
      element.dataset.shapes = "none";
      return;
    }
    addPane(map, COUNTRY_PANE, 250);
    addPane(map, LABEL_PANE, 350).style.pointerEvents = "none";
    // A static file with a cache-busting name in production: the browser keeps it.
    window.fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (shapes) {
        var drawn = drawCountries(map, shapes, countryNames());
        element.dataset.countryCount = String(drawn.countries);
        element.dataset.labelCount = String(drawn.labels);
        element.dataset.shapes = "drawn";
      })
      .catch(function () {
        // The markers and the graticule are already there; the table lists everyone.
        element.dataset.shapes = "failed";
      });
  }

  function popupContent(properties) {
    var wrapper = document.createElement("div");
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = properties.name;
    var details = document.createElement("div");
    details.textContent = properties.kind_label + ", " + properties.country_name;
    wrapper.appendChild(link);
    wrapper.appendChild(details);
    return wrapper;
  }

  function init() {
    var element = document.getElementById("participant-map");
    var dataElement = document.getElementById("participant-map-data");
    if (!element || !dataElement || typeof L === "undefined") {
      return;
    }
    var data = JSON.parse(dataElement.textContent);
    var map = L.map(element, { scrollWheelZoom: false, worldCopyJump: false });
    var tileUrl = element.dataset.tileUrl;
    if (tileUrl) {
      L.tileLayer(tileUrl, { attribution: element.dataset.tileAttribution || "", maxZoom: 18 }).addTo(map);
    } else {
      element.classList.add("participant-map--plain");
      graticule(map);
      loadCountries(map, element);
    }
    var markers = [];
    data.features.forEach(function (feature) {
      var lonLat = feature.geometry.coordinates;
      var marker = L.circleMarker([lonLat[1], lonLat[0]], {
        radius: 7,
        color: "#ffffff",
        weight: 2,
        fillColor: "#0b4f8a",
        fillOpacity: 0.95,
        className: "participant-marker",
      });
      marker.bindPopup(popupContent(feature.properties));
      // A string would be set as innerHTML: an element keeps the editor's title as text.
      var tooltip = document.createElement("span");
      tooltip.textContent = feature.properties.name;
      marker.bindTooltip(tooltip);
      marker.addTo(map);
      markers.push(marker);
    });
    element.dataset.markerCount = String(markers.length);
    if (markers.length) {
      map.fitBounds(L.featureGroup(markers).getBounds().pad(0.2), { maxZoom: 8 });
    } else {
      map.setView([50, 15], 4);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
