// Đảng bộ số — "Lưu đọc ngoại tuyến": keep a document on this device to read without network.
//
// A saved document is an item of kind `van_ban` in the one offline store (offline-store.js):
// its metadata and the images of its PDF pages (the same /api/files/{sha}/pages/{n} the
// document view shows). It is personal content, bound to the session: the reader
// (/van-ban/ngoai-tuyen, served by the service worker) shows it with the network off for at
// most the days /api/me allows, and it is erased when the session is known to be gone.
(() => {
  "use strict";
  const dangbo = (window.dangbo = window.dangbo || {});
  const store = window.dangboOffline;
  const WIDTH = 720;

  async function getJSON(path) {
    const response = await fetch(path, { credentials: "same-origin" });
    if (response.status === 401) await store.erasePersonal(); // the session is gone
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

  /** Save document `id` for offline reading. Resolves to null, or to a Vietnamese reason. */
  dangbo.saveOffline = async (id) => {
    if (!("caches" in window) || !store) return "Trình duyệt này không hỗ trợ lưu ngoại tuyến.";
    try {
      // The copy is bound to this session: the server confirms it first.
      const session = await store.checkSession();
      if (session === "gone") return "Phiên đăng nhập đã kết thúc: hãy đăng nhập lại.";
      if (session !== "confirmed") return "Không có kết nối: chưa lưu được văn bản.";
      const doc = await getJSON(`/api/documents/${id}`);
      const pdfs = doc.files.filter((f) => f.mime === "application/pdf");
      const pdf =
        [...pdfs].reverse().find((f) => f.role === "signed") ||
        [...pdfs].reverse().find((f) => f.role === "original");
      const pages = [];
      if (pdf) {
        const info = await getJSON(`/api/files/${pdf.sha256}/pages`);
        for (let n = 1; n <= info.pages; n += 1) {
          pages.push(`/api/files/${pdf.sha256}/pages/${n}?width=${WIDTH}`);
        }
      }
      await store.put(
        "van_ban",
        {
          key: doc.id,
          title: doc.ky_hieu || "Văn bản",
          subtitle: doc.trich_yeu,
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
        },
        pages,
      );
      return null;
    } catch (error) {
      if (error && error.name === "QuotaExceededError") {
        return "Bộ nhớ của thiết bị đã đầy: hãy xóa bớt văn bản đã lưu.";
      }
      return (error && error.message) || "Không lưu được văn bản.";
    }
  };

  /** Remove one saved document (its page images too). */
  dangbo.removeOffline = (id) => store.remove("van_ban", Number(id));
})();
