// Đảng bộ số — the reader of the offline store (offline-store.js), with or without network.
// /van-ban/ngoai-tuyen lists what this device keeps; ?id=N (or /van-ban/N, answered by the
// service worker with no network) shows one saved document: metadata and page images.
//
// Before showing anything it asks the API whether the session still holds (when there is a
// network): a 401 erases the saved documents first. Without an answer, saved documents are
// shown only within the N-day bound since the server last confirmed the session.
(() => {
  "use strict";
  const store = window.dangboOffline;
  const URGENCY = { hoa_toc: "Hỏa tốc", thuong_khan: "Thượng khẩn", khan: "Khẩn", thuong: "Thường" };
  const root = document.getElementById("reader");
  const LIST = "/van-ban/ngoai-tuyen";

  const el = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    for (const child of children) node.append(child);
    return node;
  };
  const dmy = (iso) => (iso ? iso.slice(0, 10).split("-").reverse().join("/") : "");
  // A moment (savedAt) as the day it was in Việt Nam, dd/mm/yyyy.
  const localDay = (iso) =>
    new Date(iso).toLocaleDateString("vi-VN", {
      timeZone: "Asia/Ho_Chi_Minh",
      day: "2-digit",
      month: "2-digit",
      year: "numeric",
    });
  const backToList = () => el("a", { className: "back", href: LIST, textContent: "← Văn bản đã lưu" });

  /** Why nothing personal can be shown, when the session check or the bound erased it. */
  function erased(reason) {
    const text = {
      gone: "Phiên đăng nhập đã kết thúc, nên các văn bản đã lưu trên thiết bị này đã được xóa. Hãy đăng nhập lại để lưu lại.",
      expired:
        "Đã quá lâu máy chủ chưa xác nhận phiên đăng nhập, nên các văn bản đã lưu trên thiết bị này đã được xóa. Khi có mạng, hãy đăng nhập lại.",
    }[reason];
    root.replaceChildren(
      el("h1", { textContent: "Văn bản đã lưu đã được xóa" }),
      el("p", { textContent: text }),
      el("p", {}, el("a", { className: "button", href: "/dang-nhap", textContent: "Đăng nhập" })),
    );
  }

  async function list() {
    const items = await store.list("van_ban");
    root.replaceChildren(el("h1", { textContent: "Văn bản đã lưu" }));
    if (!items.length) {
      root.append(
        el("p", {
          textContent:
            "Chưa có văn bản nào được lưu trên thiết bị này. Khi có mạng, mở văn bản và chọn “Lưu đọc ngoại tuyến”.",
        }),
      );
    } else {
      const ul = el("ul", { className: "saved-list" });
      for (const item of items) {
        ul.append(
          el(
            "li",
            {},
            el(
              "a",
              { href: `${LIST}?id=${encodeURIComponent(item.key)}` },
              el("strong", { textContent: item.title }),
              el("div", { textContent: item.subtitle }),
              el("small", { textContent: `Đã lưu ${localDay(item.savedAt)}` }),
            ),
          ),
        );
      }
      root.append(ul);
    }
    root.append(
      el("p", { className: "doc-meta", textContent: `Dung lượng đã dùng: ${store.sizeLabel(await store.bytesUsed())}` }),
      el("p", {}, el("a", { className: "button", href: "/van-ban", textContent: "Về hộp văn bản" })),
    );
  }

  async function show(id) {
    const doc = await store.get("van_ban", Number(id));
    if (!doc) {
      root.replaceChildren(el("h1", { textContent: "Văn bản này chưa được lưu trên thiết bị" }), backToList());
      return;
    }
    const parts = [backToList()];
    parts.push(el("p", { className: "saved-note", textContent: `Bản lưu trên thiết bị ngày ${localDay(doc.savedAt)}` }));
    if (doc.do_khan && doc.do_khan !== "thuong") {
      parts.push(el("span", { className: "badge-urgent", textContent: URGENCY[doc.do_khan] }));
    }
    parts.push(
      el("div", { className: "doc-meta", textContent: `${doc.loai_label} · ${doc.ky_hieu || "(chưa có số)"}` }),
      el("h1", { className: "doc-title", textContent: doc.trich_yeu }),
      el("div", {
        className: "doc-meta",
        textContent: [
          doc.co_quan_ban_hanh,
          doc.ngay_ban_hanh ? `ngày ${dmy(doc.ngay_ban_hanh)}` : "",
          doc.han_xu_ly ? `hạn xử lý ${dmy(doc.han_xu_ly)}` : "",
        ]
          .filter(Boolean)
          .join(" · "),
      }),
    );
    for (const [index, url] of doc.pages.entries()) {
      const image = await store.resource("van_ban", url);
      if (!image) continue;
      const src = URL.createObjectURL(await image.blob());
      parts.push(el("img", { className: "doc-page", src, alt: `Trang ${index + 1}` }));
    }
    if (doc.opinions && doc.opinions.length) {
      parts.push(el("h2", { textContent: "Ý kiến" }));
      for (const opinion of doc.opinions) {
        parts.push(
          el("div", { className: "opinion" }, el("strong", { textContent: opinion.user_name }), el("div", { textContent: opinion.text })),
        );
      }
    }
    root.replaceChildren(...parts);
    document.title = `${doc.ky_hieu || "Văn bản"} · Văn bản đã lưu`;
  }

  async function main() {
    if (!("caches" in window) || !store) {
      root.replaceChildren(el("p", { textContent: "Trình duyệt này không hỗ trợ đọc ngoại tuyến." }));
      return;
    }
    // Before showing anything: does the session still hold? (Only said when it erased copies.)
    const hadCopies = await store.hasPersonal();
    const session = await store.checkSession();
    if (hadCopies && session === "gone") return erased("gone");
    if (hadCopies && session === "unknown" && !(await store.personalReadable())) return erased("expired");
    const fromPath = /^\/van-ban\/(\d+)\/?$/.exec(location.pathname);
    const id = new URLSearchParams(location.search).get("id") || (fromPath && fromPath[1]);
    if (id) await show(id);
    else await list();
  }
  main().catch((error) => {
    root.replaceChildren(el("p", { textContent: "Không mở được văn bản đã lưu: " + error.message }));
  });
})();
