// Đảng bộ số — Web Push in the service worker (imported into /sw.js by the PWA build).
//
// The payload (decrypted by the browser) is {id, kind, title, body, link, badge, urgent, topic?}:
// a short announcement of an in-app notification, never its content.
//
// - push: show it once. Delivery is at least once (a retried send carries the same id), so the
//   ids already shown are remembered in IndexedDB and a repeat is not shown again.
// - notificationclick: open /thong-bao/mo/<id> (marks it read, then goes to its link), in a tab
//   of this app if there is one (focus + navigate), else in a new window.
// - the app badge shows the unread count where the browser supports it.
(() => {
  "use strict";

  const ICON = "/icons/icon-192.png";
  const BADGE = "/icons/badge-96.png";
  const DB_NAME = "dangbo-push";
  const STORE = "shown";
  const KEEP = 300; // ids remembered; retries come within hours, not after hundreds of others
  const KIND_LABELS = {
    van_ban: "Văn bản",
    hop_chi_bo: "Họp chi bộ",
    dai_hoi: "Đại hội",
    gop_y: "Góp ý",
    he_thong: "Hệ thống",
  };

  function openDb() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => {
        const store = request.result.createObjectStore(STORE, { keyPath: "id" });
        store.createIndex("at", "at");
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  /** Record the id; resolves to false if it was there already (a repeated delivery). */
  async function firstTime(id) {
    const db = await openDb();
    try {
      return await new Promise((resolve, reject) => {
        const tx = db.transaction(STORE, "readwrite");
        const store = tx.objectStore(STORE);
        let fresh = false;
        const lookup = store.get(id);
        lookup.onsuccess = () => {
          if (lookup.result) return;
          fresh = true;
          store.put({ id, at: Date.now() });
          // Forget the oldest ids beyond KEEP.
          const counting = store.count();
          counting.onsuccess = () => {
            let extra = counting.result - KEEP;
            if (extra <= 0) return;
            store.index("at").openCursor().onsuccess = (event) => {
              const cursor = event.target.result;
              if (cursor && extra-- > 0) {
                cursor.delete();
                cursor.continue();
              }
            };
          };
        };
        tx.oncomplete = () => resolve(fresh);
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
    } finally {
      db.close();
    }
  }

  /** Only paths of this app: a payload can never send the user elsewhere. */
  function sameOriginPath(link) {
    try {
      const url = new URL(link || "/thong-bao", self.location.origin);
      if (url.origin !== self.location.origin) return "/thong-bao";
      return url.pathname + url.search + url.hash;
    } catch {
      return "/thong-bao";
    }
  }

  async function updateBadge(count) {
    if (typeof count !== "number" || !("setAppBadge" in self.navigator)) return;
    try {
      if (count > 0) await self.navigator.setAppBadge(count);
      else await self.navigator.clearAppBadge();
    } catch {
      /* badging not allowed here (e.g. not installed): nothing to do */
    }
  }

  async function onPush(event) {
    let data = {};
    try {
      data = event.data ? event.data.json() : {};
    } catch {
      data = {};
    }
    const id = data.id === undefined || data.id === null ? "" : String(data.id);
    const tag = data.topic ? `topic-${data.topic}` : id ? `n-${id}` : "dangbo";
    if (id && !(await firstTime(id))) {
      // Already shown once: a retried delivery. Show nothing new.
      await updateBadge(data.badge);
      return;
    }
    const kind = KIND_LABELS[data.kind] || "Thông báo";
    await self.registration.showNotification(data.title || "Đảng bộ số", {
      body: data.body || `${kind}: có thông báo mới.`,
      icon: ICON,
      badge: BADGE,
      tag,
      renotify: Boolean(data.topic), // an update on a topic replaces the last one, and says so
      requireInteraction: Boolean(data.urgent),
      lang: "vi",
      dir: "ltr",
      timestamp: Date.now(),
      data: { id, link: sameOriginPath(data.link) },
    });
    await updateBadge(data.badge);
  }

  async function onClick(notification) {
    const { id, link } = notification.data || {};
    const destination = new URL(sameOriginPath(link), self.location.origin).href;
    // /thong-bao/mo/<id> marks the notification read, then redirects to its link.
    const opener = new URL(id ? `/thong-bao/mo/${id}` : destination, self.location.origin).href;
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    const sameOrigin = windows.filter((c) => new URL(c.url).origin === self.location.origin);
    // Prefer a tab already showing the page, then any tab of the app.
    const ordered = [
      ...sameOrigin.filter((c) => c.url === destination),
      ...sameOrigin.filter((c) => c.url !== destination),
    ];
    for (const client of ordered) {
      try {
        const focused = "focus" in client ? await client.focus() : client;
        if ("navigate" in focused) {
          const navigated = await focused.navigate(opener);
          if (navigated) return navigated;
        }
      } catch {
        /* not controlled by this worker, or focus not allowed: try the next one */
      }
    }
    return self.clients.openWindow(opener);
  }

  self.addEventListener("push", (event) => {
    event.waitUntil(onPush(event));
  });

  self.addEventListener("notificationclick", (event) => {
    event.notification.close();
    event.waitUntil(onClick(event.notification));
  });

  // For tests and diagnostics (evaluated in the worker context by the browser tests).
  self.dangboPush = { onPush, onClick, sameOriginPath, firstTime };
})();
