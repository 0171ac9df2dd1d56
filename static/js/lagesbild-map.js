// Leaflet maps of the lägesbild: every element with data-lagesbild-map gets a map of the
// incidents (dots) and Gi* hot-spot cells (squares) from its data-url (GeoJSON).
(function () {
  "use strict";
  var COLOURS = {
    "hot-99": "#b2182b", "hot-95": "#d6604d", "hot-90": "#f4a582",
    "cold-99": "#2166ac", "cold-95": "#4393c3", "cold-90": "#92c5de",
    // Part of a hot neighbourhood (tests hot, no incident of its own): outlined, not filled.
    "near-99": "#b2182b", "near-95": "#d6604d", "near-90": "#f4a582"
  };
  // Hot spots over time (emerging hot-spot analysis): a thick outline per group of classes,
  // as the legend under the map (css/lagesbild-picture.css .emerging-*).
  var EMERGING = {
    "new": "#7b3294", "consecutive": "#7b3294", "intensifying": "#000000",
    "persistent": "#e66101", "sporadic": "#1b7837", "oscillating": "#1b7837",
    "diminishing": "#5e3c99", "historical": "#5e3c99"
  };
  var CENTRE = [59.61, 16.54]; // Västerås

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // Outlines and places come from the database and are drawn first: the map is usable
  // with no tile server at all (a city network, a council room). Tiles are a layer on top.
  function tiles(element, map) {
    var notice = element.parentNode.querySelector("[data-map-notice]");
    function say(text) {
      if (notice) { notice.textContent = text; notice.hidden = false; }
      element.dataset.tiles = "failed";
    }
    if (!element.dataset.tiles) { say(element.dataset.noTiles); return; }
    var loaded = false, failed = 0;
    var layer = L.tileLayer(element.dataset.tiles, {
      maxZoom: 18, attribution: element.dataset.attribution
    });
    layer.on("tileload", function () { loaded = true; });
    layer.on("tileerror", function () {
      failed += 1;
      if (!loaded && failed >= 2) { map.removeLayer(layer); say(element.dataset.tilesFailed); }
    });
    layer.addTo(map);
    layer.bringToBack();
  }

  function draw(element, data) {
    element.textContent = "";
    var map = L.map(element).setView(CENTRE, 12);
    var outlines = L.geoJSON(data.areas, {
      style: function () { return { color: "#495057", weight: 1.5, fillColor: "#adb5bd", fillOpacity: 0.12 }; },
      pointToLayer: function (f, latlng) { return L.circleMarker(latlng, { radius: 4, color: "#495057", weight: 1 }); },
      onEachFeature: function (f, layer) {
        layer.bindTooltip(escapeHtml(f.properties.name), { sticky: true });
      }
    }).addTo(map);
    L.geoJSON(data.places, {
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, { radius: 5, color: "#212529", weight: 2, fillColor: "#fff", fillOpacity: 1 });
      },
      onEachFeature: function (f, layer) {
        layer.bindTooltip(escapeHtml(f.properties.name) + " (" + escapeHtml(f.properties.area) + ")");
      }
    }).addTo(map);
    var cells = L.geoJSON(data.hotspots, {
      style: function (f) {
        var c = COLOURS[f.properties["class"]] || "#999";
        var outline = EMERGING[f.properties.emerging];
        var dashed = f.properties.emerging === "diminishing" || f.properties.emerging === "historical";
        if (String(f.properties["class"]).indexOf("near-") === 0) {
          return { color: c, weight: 2, dashArray: "4 3", fillColor: c, fillOpacity: 0.08 };
        }
        if (outline) {
          return { color: outline, weight: 3, dashArray: dashed ? "6 3" : null, fillColor: c, fillOpacity: 0.45 };
        }
        return { color: c, weight: 1, fillColor: c, fillOpacity: 0.45 };
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindPopup(escapeHtml(p.label) + (p.emerging_label ? "<br>" + escapeHtml(p.emerging_label) : "") + "<br>z = " + escapeHtml(p.z) + ", p = " +
          escapeHtml(p.p) + "<br>" + escapeHtml(p.count));
      }
    }).addTo(map);
    var dots = L.geoJSON(data.incidents, {
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, {
          radius: 3 + Math.min(f.properties.count, 6), color: "#0072B2", weight: 1, fillOpacity: 0.6
        });
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindPopup(escapeHtml(p.category) + "<br>" + escapeHtml(p.area) + ", " +
          escapeHtml(p.date) + (p.count > 1 ? " (" + escapeHtml(p.count) + ")" : ""));
      }
    }).addTo(map);
    tiles(element, map);
    var bounds = cells.getBounds();
    if (dots.getBounds().isValid()) { bounds = bounds.isValid() ? bounds.extend(dots.getBounds()) : dots.getBounds(); }
    if (!bounds.isValid()) { bounds = outlines.getBounds(); }
    if (bounds.isValid()) { map.fitBounds(bounds, { maxZoom: 15, padding: [10, 10] }); }
    element.dataset.loaded = "true";
  }

  function init(element) {
    if (typeof L === "undefined" || !element.dataset.url) { return; }
    fetch(element.dataset.url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) { draw(element, data); })
      .catch(function () { element.dataset.loaded = "error"; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-lagesbild-map]").forEach(init);
  });
})();
