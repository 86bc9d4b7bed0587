/* global self, caches, fetch, Request, Response */
// The mobile app's service worker (scope /m/): keeps the app's shell so that it opens without a
// connection; captures taken offline wait in the page's IndexedDB outbox, not here. Pages are asked
// of the network first (a new build is picked up at once) and fall back to the kept copy; the
// hashed assets under /m/assets/ never change, so the kept copy is used first. Nothing of the API
// (/graphql, /auth, /captures) is ever cached.
const CACHE = 'gz-capture-shell-v2';
const SHELL = ['/m/', '/m/manifest.webmanifest', '/m/icon-192.png', '/m/icon-512.png'];

// The shell and the scripts and styles its page names (hashed names, read from the page itself).
async function keepShell() {
  const cache = await caches.open(CACHE);
  await cache.addAll(SHELL);
  const page = await (await cache.match('/m/')).text();
  const assets = [...page.matchAll(/(?:src|href)="(\/m\/assets\/[^"]+)"/g)].map((m) => m[1]);
  await cache.addAll(assets);
}

self.addEventListener('install', (event) => {
  event.waitUntil(keepShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

const keep = (request, response) => {
  if (response.ok && response.type === 'basic') {
    const copy = response.clone();
    caches.open(CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
};

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith('/m/')) return;
  if (request.mode === 'navigate') {
    // Every page of the app is its index.html (client-side routes).
    event.respondWith(
      fetch(request)
        .then((response) => keep(new Request('/m/'), response))
        .catch(() => caches.match('/m/').then((kept) => kept || Response.error())),
    );
    return;
  }
  if (url.pathname.startsWith('/m/assets/')) {
    event.respondWith(caches.match(request).then((kept) => kept || fetch(request).then((response) => keep(request, response))));
    return;
  }
  event.respondWith(fetch(request).then((response) => keep(request, response)).catch(() => caches.match(request).then((kept) => kept || Response.error())));
});
