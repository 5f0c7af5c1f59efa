// Đảng bộ số — "Lưu đọc ngoại tuyến": keep a document on this device to read without network.
//
// What is kept (Cache Storage "dangbo-van-ban"): the document's metadata as JSON and the
// images of its PDF pages (the same /api/files/{sha}/pages/{n} the document view shows). The
// reader at /van-ban/ngoai-tuyen (served by the service worker, sw-van-ban.js) shows them with
// the network off. Everything kept is erased at sign-out (window.dangboLogout).
(() => {
  "use strict";
  const dangbo = (window.dangbo = window.dangbo || {});
  const CACHE = "dangbo-van-ban";
  const INDEX = "/van-ban/ngoai-tuyen/index.json";
  const WIDTH = 720;

  const jsonResponse = (value) =>
    new Response(JSON.stringify(value), { headers: { "content-type": "application/json" } });

  async function getJSON(path) {
    const response = await fetch(path, { credentials: "same-origin" });
    if (!response.ok) {
      let detail = "Không tải được văn bản.";
      try {
        detail = (await response.json()).detail || detail;
      } catch {
        /* keep the general message */
      }
      throw new Error(detail);
    }
    return response.json();
  }

  async function readIndex(cache) {
    const response = await cache.match(INDEX);
    return response ? response.json() : [];
  }

  /** Save document `id` for offline reading. Resolves to null, or to a Vietnamese reason. */
  dangbo.saveOffline = async (id) => {
    if (!("caches" in window)) return "Trình duyệt này không hỗ trợ lưu ngoại tuyến.";
    try {
      const doc = await getJSON(`/api/documents/${id}`);
      const pdfs = doc.files.filter((f) => f.mime === "application/pdf");
      const pdf =
        [...pdfs].reverse().find((f) => f.role === "signed") ||
        [...pdfs].reverse().find((f) => f.role === "original");
      const cache = await caches.open(CACHE);
      const pages = [];
      if (pdf) {
        const info = await getJSON(`/api/files/${pdf.sha256}/pages`);
        for (let n = 1; n <= info.pages; n += 1) {
          const url = `/api/files/${pdf.sha256}/pages/${n}?width=${WIDTH}`;
          const response = await fetch(url, { credentials: "same-origin" });
          if (!response.ok) throw new Error("Không tải được trang " + n + " của văn bản.");
          await cache.put(url, response);
          pages.push(url);
        }
      }
      const meta = {
        id: doc.id,
        ky_hieu: doc.ky_hieu,
        loai_label: doc.loai_label,
        trich_yeu: doc.trich_yeu,
        co_quan_ban_hanh: doc.co_quan_ban_hanh,
        ngay_ban_hanh: doc.ngay_ban_hanh,
        nguoi_ky: doc.nguoi_ky,
        do_khan: doc.do_khan,
        han_xu_ly: doc.han_xu_ly,
        opinions: doc.opinions.map((o) => ({ user_name: o.user_name, text: o.text })),
        pages,
        saved_at: new Date().toISOString(),
      };
      await cache.put(`/van-ban/ngoai-tuyen/${doc.id}.json`, jsonResponse(meta));
      const index = (await readIndex(cache)).filter((item) => item.id !== doc.id);
      index.unshift({ id: doc.id, ky_hieu: doc.ky_hieu, trich_yeu: doc.trich_yeu, saved_at: meta.saved_at });
      await cache.put(INDEX, jsonResponse(index));
      return null;
    } catch (error) {
      if (error && error.name === "QuotaExceededError") {
        return "Bộ nhớ của thiết bị đã đầy: hãy xóa bớt văn bản đã lưu.";
      }
      return (error && error.message) || "Không lưu được văn bản.";
    }
  };

  /** Remove one saved document (its page images too). */
  dangbo.removeOffline = async (id) => {
    const cache = await caches.open(CACHE);
    const response = await cache.match(`/van-ban/ngoai-tuyen/${id}.json`);
    if (response) {
      const meta = await response.json();
      await Promise.all(meta.pages.map((url) => cache.delete(url)));
    }
    await cache.delete(`/van-ban/ngoai-tuyen/${id}.json`);
    const index = (await readIndex(cache)).filter((item) => item.id !== Number(id));
    await cache.put(INDEX, jsonResponse(index));
  };

  // Signing out erases every saved document (chained after other areas' clean-up).
  const previous = window.dangboLogout;
  window.dangboLogout = async () => {
    if (previous) await previous();
    if ("caches" in window) await caches.delete(CACHE);
  };
})();
