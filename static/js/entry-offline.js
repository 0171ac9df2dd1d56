// Offline entry: every incident row carries an idempotency key (a UUID made here). When
// the browser is offline, a sent report is kept in localStorage ("Väntar på att
// skickas") instead, and each kept entry is posted to the API when the connection is
// back. The API answers a key it has seen with the incident made the first time, so a
// resend (a lost answer, two tabs) never makes a second one.
(function () {
  "use strict";
  const form = document.getElementById("entry-form");
  const box = document.getElementById("outbox");
  if (!form || !box) return;
  const QUEUE = "trygghet-outbox", SENT = "trygghet-sent", SENT_KEPT = 20;
  const msg = box.dataset;
  const csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  const container = document.getElementById("incident-forms");

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, function (x) { return x.toString(16).padStart(2, "0"); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function load(name) { try { return JSON.parse(localStorage.getItem(name) || "[]"); } catch (e) { return []; } }
  function save(name, list) { localStorage.setItem(name, JSON.stringify(list)); }

  // A key for every row, also those added later ("Add another incident").
  function keyRows() {
    container.querySelectorAll("input[name$='-client_key']").forEach(function (input) {
      if (!input.value) input.value = uuid();
    });
  }
  keyRows();
  new MutationObserver(keyRows).observe(container, { childList: true });

  function field(fieldset, name) {
    const el = fieldset.querySelector("[name$='-" + name + "']");
    return el ? el.value.trim() : "";
  }
  function label(fieldset, name) {
    const el = fieldset.querySelector("select[name$='-" + name + "']");
    return el && el.selectedIndex > 0 ? el.options[el.selectedIndex].text : "";
  }

  // A filled row as the API's incident (the server checks it all again).
  function entryOf(fieldset) {
    const category = field(fieldset, "category"), area = field(fieldset, "area");
    if (!category && !area) return null;
    const day = field(fieldset, "occurred_on"), time = field(fieldset, "time");
    const data = { client_key: field(fieldset, "client_key"), category: Number(category) || null, area: Number(area) || null, occurred_on: day, count: Number(field(fieldset, "count") || 1) };
    const place = field(fieldset, "place"); if (place) data.place = Number(place);
    if (time) data.occurred_at = day + "T" + time; else if (field(fieldset, "time_band")) data.time_band = field(fieldset, "time_band");
    const lat = field(fieldset, "latitude"), lon = field(fieldset, "longitude");
    if (lat && lon) { data.latitude = Number(lat); data.longitude = Number(lon); }
    const text = field(fieldset, "assessment"); if (text) data.assessment = text;
    return { key: data.client_key, data: data, label: [label(fieldset, "category"), label(fieldset, "area"), day + (time ? " " + time : "")].filter(Boolean).join(" · "), queuedAt: new Date().toISOString() };
  }

  function render() {
    const queued = load(QUEUE), sent = load(SENT);
    box.hidden = !queued.length && !sent.length && navigator.onLine;
    const note = box.querySelector("[data-offline-note]");
    note.hidden = navigator.onLine; note.textContent = msg.msgOffline;
    box.querySelector("[data-queued-count]").textContent = String(queued.length);
    box.querySelector("[data-sent-count]").textContent = String(sent.length);
    box.querySelector("[data-send-now]").hidden = !queued.length || !navigator.onLine;
    const ql = box.querySelector("[data-queued-list]"); ql.replaceChildren();
    queued.forEach(function (q) {
      const li = document.createElement("li"); li.dataset.queued = q.key;
      li.textContent = q.label + (q.error ? " — " + msg.msgError + " " + q.error : "");
      if (q.error) li.className = "text-danger";
      ql.appendChild(li);
    });
    const sl = box.querySelector("[data-sent-list]"); sl.replaceChildren();
    sent.slice().reverse().forEach(function (s) {
      const li = document.createElement("li"); li.dataset.sent = s.key;
      li.textContent = "✓ " + s.label + " — " + (s.duplicate ? msg.msgDuplicate : msg.msgSent);
      sl.appendChild(li);
    });
  }

  let flushing = false;
  async function flush() {
    if (flushing || !navigator.onLine) return;
    flushing = true;
    try {
      for (const item of load(QUEUE)) {
        if (item.error) continue; // refused by the server: the user has to look at it
        let response;
        try {
          response = await fetch(form.dataset.apiUrl, {
            method: "POST", credentials: "same-origin",
            headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
            body: JSON.stringify(item.data),
          });
        } catch (e) { break; } // still no connection: try again on the next "online"
        const rest = load(QUEUE).filter(function (q) { return q.key !== item.key; });
        if (response.status === 201 || response.status === 200) {
          save(QUEUE, rest);
          const sent = load(SENT); sent.push({ key: item.key, label: item.label, duplicate: response.status === 200 });
          save(SENT, sent.slice(-SENT_KEPT));
        } else if (response.status >= 400 && response.status < 500 && response.status !== 401 && response.status !== 403) {
          let text = String(response.status);
          try { const body = await response.json(); text = Object.values(body).flat().join(" "); } catch (e) { /* not JSON */ }
          item.error = text; save(QUEUE, rest.concat([item]));
        } else { break; } // signed out or a server error: keep it and try later
        render();
      }
    } finally { flushing = false; render(); }
  }

  form.addEventListener("submit", function (event) {
    if (navigator.onLine) return; // online: the form is posted as usual (keys included)
    event.preventDefault();
    const entries = Array.from(container.querySelectorAll("[data-incident-form]")).map(entryOf).filter(Boolean);
    if (!entries.length) return;
    const queued = load(QUEUE), known = new Set(queued.map(function (q) { return q.key; }));
    entries.forEach(function (e) { if (!known.has(e.key)) queued.push(e); });
    save(QUEUE, queued);
    // A fresh form for the next entry: new keys, the date and area kept.
    container.querySelectorAll("[data-incident-form]").forEach(function (fieldset, i) {
      if (i > 0) { fieldset.remove(); return; }
      ["category", "place", "time", "time_band", "latitude", "longitude", "assessment"].forEach(function (name) {
        const el = fieldset.querySelector("[name$='-" + name + "']"); if (el) el.value = "";
      });
      const count = fieldset.querySelector("[name$='-count']"); if (count) count.value = "1";
      fieldset.querySelector("[name$='-client_key']").value = uuid();
    });
    const total = form.querySelector("input[name$='-TOTAL_FORMS']"); if (total) total.value = "1";
    const status = box.querySelector("[data-offline-note]");
    render(); status.textContent = msg.msgQueued; status.hidden = false;
  });

  box.querySelector("[data-send-now]").addEventListener("click", flush);
  window.addEventListener("online", function () { render(); flush(); });
  window.addEventListener("offline", render);
  render();
  flush();

  if ("serviceWorker" in navigator && form.dataset.swUrl) {
    navigator.serviceWorker.register(form.dataset.swUrl).catch(function () { /* the page works without it */ });
  }
})();
