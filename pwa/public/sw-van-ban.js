// Đảng bộ số — the offline reader of saved documents, served by the service worker itself
// (imported into /sw.js by the PWA build), so /van-ban/ngoai-tuyen opens with no network at
// all. Its script and style (/van-ban-ngoai-tuyen.js, /offline.css) are precached.
(() => {
  "use strict";
  const PATH = "/van-ban/ngoai-tuyen";
  const PAGE = `<!doctype html>
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

  self.addEventListener("fetch", (event) => {
    const url = new URL(event.request.url);
    if (
      event.request.mode === "navigate" &&
      url.origin === self.location.origin &&
      url.pathname.replace(/\/$/, "") === PATH
    ) {
      event.respondWith(
        new Response(PAGE, { headers: { "content-type": "text/html; charset=utf-8" } }),
      );
      // The generated worker's own navigation route must not answer it a second time.
      event.stopImmediatePropagation();
    }
  });
})();
