// Đảng bộ số — reads the documents saved by offline-docs.js from Cache Storage, with or
// without network: /van-ban/ngoai-tuyen lists them, ?id=N shows one (metadata and page images).
(() => {
  "use strict";
  const CACHE = "dangbo-van-ban";
  const INDEX = "/van-ban/ngoai-tuyen/index.json";
  const URGENCY = { hoa_toc: "Hỏa tốc", thuong_khan: "Thượng khẩn", khan: "Khẩn", thuong: "Thường" };
  const root = document.getElementById("reader");

  const el = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    for (const child of children) node.append(child);
    return node;
  };
  const dmy = (iso) => (iso ? iso.slice(0, 10).split("-").reverse().join("/") : "");
  // A moment (saved_at) as the day it was in Việt Nam, dd/mm/yyyy.
  const localDay = (iso) =>
    new Date(iso).toLocaleDateString("vi-VN", {
      timeZone: "Asia/Ho_Chi_Minh",
      day: "2-digit",
      month: "2-digit",
      year: "numeric",
    });

  async function list(cache) {
    const response = await cache.match(INDEX);
    const items = response ? await response.json() : [];
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
              { href: `?id=${item.id}` },
              el("strong", { textContent: item.ky_hieu || "Văn bản" }),
              el("div", { textContent: item.trich_yeu }),
              el("small", { textContent: `Đã lưu ${localDay(item.saved_at)}` }),
            ),
          ),
        );
      }
      root.append(ul);
    }
    root.append(el("p", {}, el("a", { className: "button", href: "/van-ban", textContent: "Về hộp văn bản" })));
  }

  async function show(cache, id) {
    const response = await cache.match(`/van-ban/ngoai-tuyen/${id}.json`);
    if (!response) {
      root.replaceChildren(el("h1", { textContent: "Không tìm thấy văn bản đã lưu" }));
      root.append(el("a", { className: "back", href: "?", textContent: "← Văn bản đã lưu" }));
      return;
    }
    const doc = await response.json();
    const parts = [el("a", { className: "back", href: "?", textContent: "← Văn bản đã lưu" })];
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
      const image = await cache.match(url);
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
    if (!("caches" in window)) {
      root.replaceChildren(el("p", { textContent: "Trình duyệt này không hỗ trợ đọc ngoại tuyến." }));
      return;
    }
    const cache = await caches.open(CACHE);
    const id = new URLSearchParams(location.search).get("id");
    if (id) await show(cache, id);
    else await list(cache);
  }
  main().catch((error) => {
    root.replaceChildren(el("p", { textContent: "Không mở được văn bản đã lưu: " + error.message }));
  });
})();
