// lagesbild: fast entry — add incidents to a report, and a Leaflet map picker.
// The form works without this file: it only adds rows and fills latitude/longitude.
(function () {
  "use strict";
  const form = document.getElementById("entry-form");
  if (!form) return;
  const container = document.getElementById("incident-forms");
  const template = document.getElementById("empty-incident");
  const total = form.querySelector("input[name$='-TOTAL_FORMS']");
  const addButton = form.querySelector("[data-add-incident]");
  const places = JSON.parse(document.getElementById("place-points").textContent || "[]");
  const outlinesNode = document.getElementById("area-outlines");
  const outlines = outlinesNode ? JSON.parse(outlinesNode.textContent || "null") : null;
  const CENTRE = [59.611, 16.545];

  // Point in polygon (ray casting) on a GeoJSON ring of [lon, lat].
  function inRing(lat, lon, ring) {
    let inside = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > lat) !== (yj > lat) && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  }

  function areaAt(lat, lon) {
    if (!outlines) return null;
    const hit = outlines.features.find(function (f) {
      return f.geometry.type === "Polygon" && inRing(lat, lon, f.geometry.coordinates[0]);
    });
    return hit ? hit.properties : null;
  }

  // A point inside another area's outline than the chosen one is shown, never changed.
  function checkArea(fieldset) {
    const lat = fieldset.querySelector("[data-map='lat']");
    const lon = fieldset.querySelector("[data-map='lon']");
    const area = fieldset.querySelector("select[name$='-area']");
    const warning = fieldset.querySelector("[data-area-mismatch]");
    if (!lat || !lon || !area || !warning) return;
    const at = lat.value && lon.value ? areaAt(parseFloat(lat.value), parseFloat(lon.value)) : null;
    const mismatch = at && area.value && String(at.id) !== area.value;
    warning.hidden = !mismatch;
    warning.textContent = mismatch ? form.dataset.pointOutside.replace("%(area)s", at.name) : "";
    if (mismatch) fieldset.querySelector(".map-picker").open = true;
  }

  function setUp(fieldset) {
    const details = fieldset.querySelector(".map-picker");
    const lat = fieldset.querySelector("[data-map='lat']");
    const lon = fieldset.querySelector("[data-map='lon']");
    const place = fieldset.querySelector("select[name$='-place']");
    const areaSelect = fieldset.querySelector("select[name$='-area']");
    if (place) {
      place.addEventListener("change", function () {
        const p = places.find(function (x) { return String(x.pk) === place.value; });
        if (p && lat && lon && !lat.value) { lat.value = p.latitude.toFixed(6); lon.value = p.longitude.toFixed(6); }
        if (p && areaSelect) areaSelect.value = String(p.area_id);
        checkArea(fieldset);
      });
    }
    [areaSelect, lat, lon].forEach(function (field) {
      if (field) field.addEventListener("change", function () { checkArea(fieldset); });
    });
    if (!details || !window.L) return;
    details.addEventListener("toggle", function () {
      const box = details.querySelector("[data-map]");
      if (!details.open || box.dataset.ready) return;
      box.hidden = false;
      box.dataset.ready = "1";
      const start = lat.value ? [parseFloat(lat.value), parseFloat(lon.value)] : CENTRE;
      const map = L.map(box).setView(start, 13);
      let marker = lat.value ? L.circleMarker(start, { radius: 8, color: "#0d6efd", weight: 3 }).addTo(map) : null;
      function put(latlng) {
        lat.value = latlng.lat.toFixed(6);
        lon.value = latlng.lng.toFixed(6);
        if (marker) marker.setLatLng(latlng);
        else marker = L.circleMarker(latlng, { radius: 8, color: "#0d6efd", weight: 3 }).addTo(map);
        checkArea(fieldset);
        map.panTo(latlng, { animate: false });
      }
      // Outlines and places first: the picker works with no tiles at all.
      if (outlines) {
        L.geoJSON(outlines, {
          style: function () { return { color: "#495057", weight: 1.5, fillColor: "#adb5bd", fillOpacity: 0.15 }; },
          pointToLayer: function (f, latlng) { return L.circleMarker(latlng, { radius: 6, color: "#495057" }); },
          onEachFeature: function (f, layer) {
            layer.bindTooltip(f.properties.name, { sticky: true });
            layer.on("click", function (e) {
              if (areaSelect) areaSelect.value = String(f.properties.id);
              put(e.latlng);
              L.DomEvent.stopPropagation(e);
            });
          }
        }).addTo(map);
      }
      places.forEach(function (p) {
        L.circleMarker([p.latitude, p.longitude], {
          radius: 9, color: "#212529", weight: 2, fillColor: "#fff", fillOpacity: 1, className: "place-ring place-" + p.pk
        })
          .bindTooltip(p.name)
          .on("click", function (e) {
            if (place) place.value = String(p.pk);
            if (areaSelect) areaSelect.value = String(p.area_id);
            put(L.latLng(p.latitude, p.longitude));
            L.DomEvent.stopPropagation(e);
          })
          .addTo(map);
      });
      const notice = fieldset.querySelector("[data-picker-notice]");
      if (form.dataset.tileUrl) {
        let loaded = false, failed = 0;
        const layer = L.tileLayer(form.dataset.tileUrl, { attribution: form.dataset.tileAttribution, maxZoom: 19 });
        layer.on("tileload", function () { loaded = true; });
        layer.on("tileerror", function () {
          failed += 1;
          if (!loaded && failed >= 2 && notice) {
            map.removeLayer(layer);
            notice.textContent = form.dataset.tilesFailed;
            notice.hidden = false;
          }
        });
        layer.addTo(map);
        layer.bringToBack();
      } else if (notice) {
        notice.textContent = form.dataset.tilesFailed;
        notice.hidden = false;
      }
      map.on("click", function (e) { put(e.latlng); });
      // With no point yet, show the city's places (the box has just been shown: measure it).
      map.invalidateSize();
      if (!lat.value && places.length) {
        map.fitBounds(places.map(function (p) { return [p.latitude, p.longitude]; }), { padding: [16, 16], maxZoom: 15, animate: false });
      }
    });
  }

  container.querySelectorAll("[data-incident-form]").forEach(setUp);
  if (addButton && template && total) {
    addButton.classList.remove("d-none");
    addButton.addEventListener("click", function () {
      const index = parseInt(total.value, 10);
      const html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__num__/g, String(index + 1));
      const wrapper = document.createElement("div");
      wrapper.innerHTML = html.trim();
      const fieldset = wrapper.firstElementChild;
      // Carry the date and area of the previous incident: reports are usually one round.
      const previous = container.querySelector("[data-incident-form]:last-of-type");
      ["occurred_on", "area"].forEach(function (name) {
        const from = previous && previous.querySelector("[name$='-" + name + "']");
        const to = fieldset.querySelector("[name$='-" + name + "']");
        if (from && to) to.value = from.value;
      });
      const count = fieldset.querySelector("[name$='-count']");
      if (count && !count.value) count.value = "1";
      container.appendChild(fieldset);
      total.value = String(index + 1);
      setUp(fieldset);
      const first = fieldset.querySelector("select, input");
      if (first) first.focus();
    });
  }
})();
