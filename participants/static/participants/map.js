// The participants map: markers from the page's JSON block, drawn with Leaflet.
// Without a tile provider (the default) the map shows a graticule on a plain
// background, so nothing is fetched from a third party.
(function () {
  "use strict";

  function graticule(map) {
    var style = { color: "#9fb3c8", weight: 1, opacity: 0.8, interactive: false };
    for (var lat = -80; lat <= 80; lat += 10) {
      L.polyline([[lat, -180], [lat, 180]], style).addTo(map);
    }
    for (var lon = -180; lon <= 180; lon += 10) {
      L.polyline([[-85, lon], [85, lon]], style).addTo(map);
    }
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
