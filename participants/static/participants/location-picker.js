// Admin location picker: clicking the map fills the latitude and longitude inputs,
// typing in them moves the marker. No tiles unless the page provides a tile URL.
(function () {
  "use strict";

  function round(value) {
    return Math.round(value * 1e6) / 1e6;
  }

  function setup(element) {
    if (element.dataset.ready || typeof L === "undefined") {
      return;
    }
    element.dataset.ready = "true";
    var latInput = document.getElementById(element.dataset.latitudeInput);
    var lonInput = document.getElementById(element.dataset.longitudeInput);
    if (!latInput || !lonInput) {
      return;
    }
    var map = L.map(element, { scrollWheelZoom: false });
    var style = { color: "#9fb3c8", weight: 1, interactive: false };
    for (var lat = -80; lat <= 80; lat += 10) {
      L.polyline([[lat, -180], [lat, 180]], style).addTo(map);
    }
    for (var lon = -180; lon <= 180; lon += 10) {
      L.polyline([[-85, lon], [85, lon]], style).addTo(map);
    }
    var marker = null;

    function current() {
      var la = parseFloat(latInput.value);
      var lo = parseFloat(lonInput.value);
      if (isNaN(la) || isNaN(lo) || la < -90 || la > 90 || lo < -180 || lo > 180) {
        return null;
      }
      return [la, lo];
    }

    function place(latLng) {
      if (marker) {
        marker.setLatLng(latLng);
      } else {
        marker = L.circleMarker(latLng, { radius: 8, color: "#fff", weight: 2, fillColor: "#0b4f8a", fillOpacity: 1 }).addTo(map);
      }
    }

    var start = current();
    if (start) {
      place(start);
      map.setView(start, 7);
    } else {
      map.setView([50, 15], 4);
    }
    map.on("click", function (event) {
      var point = event.latlng.wrap();
      latInput.value = round(point.lat);
      lonInput.value = round(point.lng);
      latInput.dispatchEvent(new Event("change", { bubbles: true }));
      lonInput.dispatchEvent(new Event("change", { bubbles: true }));
      place([point.lat, point.lng]);
    });
    [latInput, lonInput].forEach(function (input) {
      input.addEventListener("input", function () {
        var position = current();
        if (position) {
          place(position);
          map.panTo(position);
        }
      });
    });
  }

  function init() {
    document.querySelectorAll(".location-picker").forEach(setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
