// Service worker of the incident entry (served at /handelser/sw.js, scope /handelser/).
// It keeps the entry page and its scripts and styles so that the page opens without a
// connection; entries made offline are queued by entry-offline.js in the page itself.
"use strict";
const CACHE = "trygghet-entry-__VERSION__";
const ENTRY_URL = "__ENTRY_URL__";

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.add(ENTRY_URL); }).catch(function () {}));
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) { return k.startsWith("trygghet-entry-") && k !== CACHE; })
        .map(function (k) { return caches.delete(k); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  const request = event.request;
  if (request.method !== "GET") return; // posts (the form, the API) always go to the server
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const isEntryPage = request.mode === "navigate" && url.pathname === ENTRY_URL;
  const isAsset = url.pathname.startsWith("/static/");
  if (!isEntryPage && !isAsset) return;
  // The network first (fresh page and CSRF token), the kept copy when offline.
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok && (isAsset || !url.search)) {
        const copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(isEntryPage ? ENTRY_URL : request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(isEntryPage ? ENTRY_URL : request);
    })
  );
});
