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
  const CENTRE = [59.611, 16.545];

  function setUp(fieldset) {
    const details = fieldset.querySelector(".map-picker");
    const lat = fieldset.querySelector("[data-map='lat']");
    const lon = fieldset.querySelector("[data-map='lon']");
    const place = fieldset.querySelector("select[name$='-place']");
    if (place) {
      place.addEventListener("change", function () {
        const p = places.find(function (x) { return String(x.pk) === place.value; });
        if (p && lat && lon && !lat.value) { lat.value = p.latitude.toFixed(6); lon.value = p.longitude.toFixed(6); }
        const area = fieldset.querySelector("select[name$='-area']");
        if (p && area) area.value = String(p.area_id);
      });
    }
    if (!details || !window.L) return;
    details.addEventListener("toggle", function () {
      const box = details.querySelector("[data-map]");
      if (!details.open || box.dataset.ready) return;
      box.hidden = false;
      box.dataset.ready = "1";
      const start = lat.value ? [parseFloat(lat.value), parseFloat(lon.value)] : CENTRE;
      const map = L.map(box).setView(start, 13);
      L.tileLayer(form.dataset.tileUrl, { attribution: form.dataset.tileAttribution, maxZoom: 19 }).addTo(map);
      let marker = lat.value ? L.marker(start).addTo(map) : null;
      map.on("click", function (e) {
        lat.value = e.latlng.lat.toFixed(6);
        lon.value = e.latlng.lng.toFixed(6);
        if (marker) marker.setLatLng(e.latlng); else marker = L.marker(e.latlng).addTo(map);
      });
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
