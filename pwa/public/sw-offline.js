// Đảng bộ số — offline behaviour of the service worker (imported into /sw.js by the PWA
// build; its listeners come before Workbox's and take the requests they answer).
//
// - Navigations go to the network, revalidating any copy in the HTTP cache (a page of the
//   app without its live connection would only show skeletons). With no network:
//     /van-ban/<id>        the saved copy of that very document, if this device keeps one;
//     /van-ban/ngoai-tuyen the reader of saved documents (always answered here);
//     anything else        the offline page ("Văn bản đã lưu", "Thử lại"), which says so
//                          when the address was a document that is not saved.
// - /api and /_event are not touched: they always go to the network. (The pages learn that a
//   session is gone from /api answers themselves: app.js, offline-docs.js, the reader.)
// - The N-day bound of saved copies is checked when the worker starts and whenever it looks
//   for a saved copy.
importScripts("/offline-store.js");

(() => {
  "use strict";
  const store = self.dangboOffline;
  const READER = "/van-ban/ngoai-tuyen";
  const DOCUMENT = /^\/van-ban\/(\d+)\/?$/;
  const READER_PAGE = `<!doctype html>
<html lang="vi">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="theme-color" content="#B71C1C" />
    <title>Văn bản đã lưu · Đảng bộ số</title>
    <link rel="icon" href="/icons/icon-192.png" type="image/png" />
    <link rel="stylesheet" href="/fonts.css" />
    <link rel="stylesheet" href="/offline.css" />
    <link rel="stylesheet" href="/van-ban-ngoai-tuyen.css" />
    <script src="/offline-store.js" defer></script>
    <script src="/van-ban-ngoai-tuyen.js" defer></script>
  </head>
  <body>
    <header>
      <img src="/icons/mark.svg" alt="" width="40" height="40" />
      <span>Văn bản đã lưu</span>
    </header>
    <main id="reader" aria-live="polite"><p>Đang mở…</p></main>
  </body>
</html>`;
  const html = (text) =>
    new Response(text, { headers: { "content-type": "text/html; charset=utf-8" } });
  const escape = (text) =>
    text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

  /** The precached offline page; for a document that is not saved, it says so. "Thử lại"
   *  opens the address asked for again. */
  async function offlinePage(url, isDocument) {
    const cached = await caches.match("/offline.html", { ignoreSearch: true });
    let text = cached
      ? await cached.text()
      : '<!doctype html><html lang="vi"><meta charset="utf-8"><title>Không có kết nối</title>' +
        '<h1 id="offline-title">Không có kết nối mạng</h1><p id="offline-reason"></p>' +
        '<a class="button" href="/van-ban/ngoai-tuyen">Văn bản đã lưu</a> <a class="button" href="/" id="retry">Thử lại</a></html>';
    if (isDocument) {
      text = text
        .replace(/<h1 id="offline-title">[^<]*<\/h1>/, '<h1 id="offline-title">Không có kết nối; văn bản này chưa được lưu</h1>')
        .replace(
          /<p id="offline-reason">[^<]*<\/p>/,
          '<p id="offline-reason">Văn bản này chưa được lưu để đọc ngoại tuyến trên thiết bị, nên chưa mở được khi không có mạng. Khi có mạng, mở văn bản và chọn “Lưu đọc ngoại tuyến”.</p>',
        );
    }
    text = text.replace(/href="[^"]*" id="retry"/, `href="${escape(url.pathname + url.search)}" id="retry"`);
    return html(text);
  }

  async function navigate(request, url) {
    const path = url.pathname.replace(/\/$/, "");
    if (path === READER) return html(READER_PAGE);
    try {
      // cache: "no-cache": a page kept in the HTTP cache is revalidated, never shown offline.
      return await fetch(url.href, {
        headers: request.headers,
        credentials: "same-origin",
        cache: "no-cache",
        redirect: "manual",
      });
    } catch {
      const match = DOCUMENT.exec(url.pathname);
      if (match && (await store.get("van_ban", Number(match[1])))) return html(READER_PAGE);
      return offlinePage(url, Boolean(match));
    }
  }

  self.addEventListener("fetch", (event) => {
    const request = event.request;
    const url = new URL(request.url);
    if (
      url.origin !== self.location.origin ||
      request.mode !== "navigate" ||
      request.method !== "GET" || // a form posted by the browser itself goes its own way
      /^\/(api|_event)\//.test(url.pathname)
    ) {
      return;
    }
    event.respondWith(navigate(request, url));
    // The generated worker's own routes must not answer it a second time.
    event.stopImmediatePropagation();
  });

  self.addEventListener("activate", (event) => {
    event.waitUntil(store.personalReadable().catch(() => false));
  });
})();
