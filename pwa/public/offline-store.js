// Đảng bộ số — the one offline store: what this device keeps to read with no network.
//
// Loaded by every page (<script src="/offline-store.js">) and by the service worker
// (importScripts), as `dangboOffline` on the global object. Two kinds of content, kept apart:
//
//   personal  — documents saved by the user ("Lưu đọc ngoại tuyến") and, later, the member's
//               own profile, notes and highlights. Bound to the session: erased as soon as the
//               page or the service worker learns the session is gone (a 401 from /api), when
//               another user signs in here, and when the server has not confirmed the session
//               for `days` days (DANGBO_OFFLINE_DAYS, told by /api/me; 7 by default).
//   published — the Party library's published texts. Not erased when a session ends; only
//               when the user asks, or signs out on purpose.
//
// Each kind of item (`van_ban`, `thu_vien`) belongs to one of the two. Everything lives in
// Cache Storage, one cache per part, so erasing the personal part is one `caches.delete`:
//   "dangbo-offline-personal"  the personal items, their index and the session record;
//   "dangbo-offline-published" the published items and their index.
// An item is its metadata (JSON at /ngoai-tuyen/<kind>/<key>.json, listed in
// /ngoai-tuyen/<kind>/index.json) and the resources it needs (the responses of their URLs,
// e.g. page images). One reader shows them; one figure says how much the store holds.
(() => {
  "use strict";
  const scope = typeof self !== "undefined" ? self : window;
  if (scope.dangboOffline) return;

  const PARTS = { personal: "dangbo-offline-personal", published: "dangbo-offline-published" };
  const KINDS = { van_ban: "personal", thu_vien: "published" };
  const SESSION = "/ngoai-tuyen/phien.json";
  const DAY_MS = 24 * 60 * 60 * 1000;
  const DEFAULT_DAYS = 7;
  // Caches of earlier versions of the app (documents only, not bound to the session).
  const RETIRED = ["dangbo-van-ban"];

  const json = (value) =>
    new Response(JSON.stringify(value), { headers: { "content-type": "application/json" } });
  const partOf = (kind) => {
    const part = KINDS[kind];
    if (!part) throw new Error(`loại nội dung ngoại tuyến không rõ: ${kind}`);
    return part;
  };
  const open = (kind) => caches.open(PARTS[partOf(kind)]);
  const indexUrl = (kind) => `/ngoai-tuyen/${kind}/index.json`;
  const metaUrl = (kind, key) => `/ngoai-tuyen/${kind}/${encodeURIComponent(key)}.json`;

  async function readJson(cache, url, fallback) {
    const response = await cache.match(url);
    return response ? response.json() : fallback;
  }

  async function retireOldCaches() {
    await Promise.all(RETIRED.map((name) => caches.delete(name)));
  }

  /** The session record of the personal part: {user, confirmedAt, days}, or null. */
  async function session() {
    if (!(await caches.has(PARTS.personal))) return null;
    return readJson(await caches.open(PARTS.personal), SESSION, null);
  }

  /** Erase everything bound to the session (the personal part), whatever the reason. */
  async function erasePersonal() {
    await retireOldCaches();
    await caches.delete(PARTS.personal);
  }

  /** Erase both parts (a deliberate sign-out, or the user's own request). */
  async function eraseAll() {
    await erasePersonal();
    await caches.delete(PARTS.published);
  }

  /** The server has just confirmed the session of `user`; `days` is its bound. Another
   *  user's saved copies are erased first. */
  async function confirmSession(user, days) {
    const known = await session();
    if (known && known.user !== user) await erasePersonal();
    const cache = await caches.open(PARTS.personal);
    await cache.put(
      SESSION,
      json({ user, confirmedAt: Date.now(), days: Number(days) > 0 ? Number(days) : DEFAULT_DAYS }),
    );
  }

  /** Whether the personal part may still be read; when the bound has passed (or there is no
   *  record of a confirmed session) it is erased and the answer is false. */
  async function personalReadable(now = Date.now()) {
    if (!(await caches.has(PARTS.personal))) return false;
    const known = await session();
    if (!known || !(now - known.confirmedAt < known.days * DAY_MS)) {
      await erasePersonal();
      return false;
    }
    return true;
  }

  /** Whether anything personal is kept (cheap: no session check, no network). */
  async function hasPersonal() {
    if (!(await caches.has(PARTS.personal))) return false;
    const cache = await caches.open(PARTS.personal);
    return (await cache.keys()).some((request) => !request.url.endsWith(SESSION));
  }

  /** Ask the API who is signed in, and act on the answer:
   *  "gone" (401: the personal part is erased), "confirmed" (the session record renewed),
   *  "unknown" (no network, or another answer: the N-day bound decides). */
  async function checkSession() {
    let response;
    try {
      response = await fetch("/api/me", { credentials: "same-origin", cache: "no-store" });
    } catch {
      return "unknown";
    }
    if (response.status === 401) {
      await erasePersonal();
      return "gone";
    }
    if (!response.ok) return "unknown";
    const me = await response.json();
    await confirmSession(me.username, me.offline_days);
    return "confirmed";
  }

  /** Keep an item: `meta` (JSON; `key` identifies it within its kind, `title` and `subtitle`
   *  show in lists) and the URLs of the resources it needs, fetched now. */
  async function put(kind, meta, resourceUrls = []) {
    const cache = await open(kind);
    for (const url of resourceUrls) {
      const response = await fetch(url, { credentials: "same-origin" });
      if (!response.ok) throw new Error("Không tải được đủ nội dung để lưu ngoại tuyến.");
      await cache.put(url, response);
    }
    const item = { ...meta, kind, resources: resourceUrls, savedAt: new Date().toISOString() };
    await cache.put(metaUrl(kind, meta.key), json(item));
    const index = (await readJson(cache, indexUrl(kind), [])).filter((i) => i.key !== meta.key);
    index.unshift({ key: meta.key, title: item.title, subtitle: item.subtitle, savedAt: item.savedAt });
    await cache.put(indexUrl(kind), json(index));
    return item;
  }

  /** Whether the part of `kind` may be read now (the personal part only within the bound). */
  async function readable(kind) {
    return partOf(kind) === "personal" ? personalReadable() : caches.has(PARTS.published);
  }

  /** The items of a kind (newest first), [] when none or when not readable. */
  async function list(kind) {
    if (!(await readable(kind))) return [];
    return readJson(await open(kind), indexUrl(kind), []);
  }

  /** One item's metadata, or null. */
  async function get(kind, key) {
    if (!(await readable(kind))) return null;
    return readJson(await open(kind), metaUrl(kind, key), null);
  }

  /** A resource of a readable item (a Response), or undefined. */
  async function resource(kind, url) {
    if (!(await readable(kind))) return undefined;
    return (await open(kind)).match(url);
  }

  async function remove(kind, key) {
    const cache = await open(kind);
    const item = await readJson(cache, metaUrl(kind, key), null);
    if (item) await Promise.all(item.resources.map((url) => cache.delete(url)));
    await cache.delete(metaUrl(kind, key));
    const index = (await readJson(cache, indexUrl(kind), [])).filter((i) => String(i.key) !== String(key));
    await cache.put(indexUrl(kind), json(index));
  }

  /** Bytes held by the whole store (both parts): the one "storage used" figure. */
  async function bytesUsed() {
    let total = 0;
    for (const name of Object.values(PARTS)) {
      if (!(await caches.has(name))) continue;
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        if (response) total += (await response.clone().blob()).size;
      }
    }
    return total;
  }

  /** A size for people: "1,2 MB". */
  function sizeLabel(bytes) {
    if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
    return `${(bytes / (1024 * 1024)).toFixed(1).replace(".", ",")} MB`;
  }

  scope.dangboOffline = {
    KINDS,
    PARTS,
    put,
    list,
    get,
    resource,
    remove,
    bytesUsed,
    sizeLabel,
    session,
    confirmSession,
    checkSession,
    hasPersonal,
    personalReadable,
    erasePersonal,
    eraseAll,
  };
})();
