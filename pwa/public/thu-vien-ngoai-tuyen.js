// Đảng bộ số — the Party library offline: download, update, read and search it with no network.
//
// The library is published content of the one offline store (offline-store.js), kind
// `thu_vien`: one item per library document (key: its id) holding its published articles
// (ArticleContent: label, title, blocks), and one record (what the download covers, the
// manifest's ETag). It is not erased when a session ends; "Xóa" or a deliberate sign-out does.
//
//   download(collectionId)  the whole library (null) or one collection: the manifest, then each
//                           document's content in one answer;
//   update()                the manifest with If-None-Match (304: nothing to do); a changed
//                           document fetches only its changed articles, a new one its content;
//                           what the manifest no longer lists is dropped;
//   search(query)           MiniSearch (/minisearch.js, bundled from npm) over the downloaded
//                           articles, folding as the server does (/vi-fold.json): every word
//                           matched, the last one as a prefix; exact diacritics first, then
//                           every word in the title, then the newest.
//
// /so-tay/thu-vien/ngoai-tuyen (served by the service worker, with or without network) shows
// it: storage used, the download and update buttons, "Xóa", the search and the reader
// (?bai=<article id>; /so-tay/thu-vien/doc/<id> with no network).
(() => {
  "use strict";
  const KIND = "thu_vien";
  const store = window.dangboOffline;
  const PAGE = "/so-tay/thu-vien/ngoai-tuyen";
  const ONLINE_READER = "/so-tay/thu-vien/doc/";

  // As the online reader writes it (frontend/so_tay/common.heading): "Điều 4. Sinh hoạt thường kỳ".
  const heading = (a) => {
    if (!(a.label && a.title)) return a.label || a.title;
    return a.label.endsWith(".") ? `${a.label} ${a.title}` : `${a.label}. ${a.title}`;
  };

  // ---- folding and words, exactly as the server (vi-fold.json's "about") ----
  let table = null;
  async function loadFolding() {
    if (!table) table = (await (await fetch("/vi-fold.json")).json()).map;
  }
  const fold = (text) =>
    Array.from(text.normalize("NFC"), (c) => (c in table ? table[c] : c)).join("").toLowerCase();
  const words = (text) => text.normalize("NFC").toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];

  /** An index over records {id, title, body, order} (a larger order is newer). */
  function makeIndex(records) {
    const index = new MiniSearch({
      fields: ["title", "body"],
      storeFields: ["title", "body", "order"],
      tokenize: (text) => words(text),
      processTerm: (term) => fold(term),
    });
    index.addAll(records);
    return {
      search(query) {
        const asked = words(query);
        if (!asked.length) return [];
        const last = asked.length - 1;
        // Every word folded; MiniSearch is given the words joined back, tokenised the same way.
        const hits = index.search(asked.join(" "), {
          combineWith: "AND",
          prefix: (term, i) => i === last,
          fuzzy: false,
        });
        const has = (list, word, i) => list.some((w) => (i === last ? w.startsWith(word) : w === word));
        const ranked = hits.map((hit) => {
          const all = words(`${hit.title} ${hit.body}`);
          const titleWords = words(hit.title).map(fold);
          const exact = asked.every((word, i) => has(all, word, i));
          const inTitle = asked.every((word, i) => has(titleWords, fold(word), i));
          return { id: hit.id, title: hit.title, body: hit.body, order: hit.order, exact, inTitle };
        });
        ranked.sort((a, b) => b.exact - a.exact || b.inTitle - a.inTitle || b.order - a.order);
        return ranked;
      },
    };
  }

  // ---- the network side ----
  async function getJson(url, headers = {}) {
    let response;
    try {
      response = await fetch(url, { credentials: "same-origin", cache: "no-store", headers });
    } catch {
      throw new Error("Không có kết nối mạng: chưa tải được thư viện. Hãy thử lại khi có mạng.");
    }
    if (response.status === 304) return null;
    if (response.status === 401) {
      await store.erasePersonal(); // the session is gone: personal copies go, the library stays
      throw new Error("Phiên đăng nhập đã kết thúc: hãy đăng nhập lại để tải thư viện.");
    }
    if (!response.ok) throw new Error("Không tải được thư viện.");
    return response.json();
  }
  const manifestUrl = (collectionId) =>
    collectionId ? `/api/library/manifest?collection_id=${collectionId}` : "/api/library/manifest";
  const textOf = (article) => article.blocks.map((b) => (b.label ? `${b.label} ${b.text}` : b.text)).join("\n");

  function documentItem(doc, collections, articles) {
    const collection = collections.find((c) => c.id === doc.collection_id);
    return {
      key: doc.id,
      title: doc.title,
      subtitle: collection ? collection.title : "",
      collection_id: doc.collection_id,
      version: doc.version,
      content_hash: doc.content_hash,
      articles,
    };
  }

  async function fetchDocument(doc, collections) {
    const content = await getJson(`/api/library/documents/${doc.id}/content?version=${doc.version}`);
    return documentItem(doc, collections, content.articles);
  }

  /** Download the whole library (collectionId null) or one collection. */
  async function download(collectionId = null) {
    const manifest = await getJson(manifestUrl(collectionId));
    for (const doc of manifest.documents) await store.put(KIND, await fetchDocument(doc, manifest.collections));
    await dropUnlisted(manifest);
    await store.keepRecord(KIND, recordOf(manifest, collectionId));
    return { documents: manifest.documents.length, articles: count(manifest) };
  }

  const count = (manifest) => manifest.documents.reduce((n, d) => n + d.articles.length, 0);
  const recordOf = (manifest, collectionId) => ({
    collection_id: collectionId,
    etag: manifest.hash,
    checked_at: new Date().toISOString(),
  });

  async function dropUnlisted(manifest) {
    const listed = new Set(manifest.documents.map((d) => String(d.id)));
    let dropped = 0;
    for (const item of await store.list(KIND)) {
      if (!listed.has(String(item.key))) {
        await store.remove(KIND, item.key);
        dropped += 1;
      }
    }
    return dropped;
  }

  /** Bring the download up to date: only what changed is fetched. Resolves to counts. */
  async function update() {
    const kept = await store.record(KIND);
    if (!kept) throw new Error("Thư viện chưa được tải về thiết bị này.");
    const manifest = await getJson(manifestUrl(kept.collection_id), { "if-none-match": `"${kept.etag}"` });
    const result = { articles: 0, documents: 0, dropped: 0 };
    if (!manifest) {
      await store.keepRecord(KIND, { ...kept, checked_at: new Date().toISOString() });
      return result;
    }
    for (const doc of manifest.documents) {
      const stored = await store.get(KIND, doc.id);
      if (stored && stored.content_hash === doc.content_hash) continue;
      if (!stored) {
        await store.put(KIND, await fetchDocument(doc, manifest.collections));
        result.documents += 1;
        continue;
      }
      const byId = new Map(stored.articles.map((a) => [a.id, a]));
      const articles = [];
      for (const entry of doc.articles) {
        const old = byId.get(entry.id);
        if (old && old.version === entry.version && old.hash.startsWith(entry.hash)) {
          articles.push(old);
        } else {
          articles.push(await getJson(`/api/library/articles/${entry.id}/content?version=${entry.version}`));
          result.articles += 1;
        }
      }
      await store.put(KIND, documentItem(doc, manifest.collections, articles));
    }
    result.dropped = await dropUnlisted(manifest);
    await store.keepRecord(KIND, recordOf(manifest, kept.collection_id));
    return result;
  }

  /** Every downloaded article, in reading order: {article, document}. */
  async function articles() {
    const found = [];
    for (const entry of await store.list(KIND)) {
      const doc = await store.get(KIND, entry.key);
      if (doc) for (const article of doc.articles) found.push({ article, document: doc });
    }
    return found;
  }

  async function search(query) {
    await loadFolding();
    const all = await articles();
    const index = makeIndex(
      all.map(({ article }) => ({
        id: article.id,
        title: heading(article),
        body: textOf(article),
        order: Date.parse(article.changed_at) || 0,
      })),
    );
    return index.search(query);
  }

  window.dangboLibrary = { download, update, search, articles, makeIndex, loadFolding, fold, words };

  // ---- the page /so-tay/thu-vien/ngoai-tuyen ----
  const root = typeof document !== "undefined" ? document.getElementById("library") : null;
  if (!root) return;
  const el = (tag, props = {}, ...children) => {
    const node = Object.assign(document.createElement(tag), props);
    for (const child of children) node.append(child);
    return node;
  };
  const button = (text, onClick, extra = {}) => {
    const b = el("button", { type: "button", className: "button", textContent: text, ...extra });
    b.addEventListener("click", onClick);
    return b;
  };
  const status = el("p", { id: "library-status", className: "doc-meta", role: "status" });
  const say = (text) => {
    status.textContent = text;
  };
  const articleHref = (id) => `${PAGE}?bai=${id}`;


  async function run(label, action) {
    say(`${label}…`);
    try {
      say(await action());
    } catch (error) {
      say(error && error.name === "QuotaExceededError" ? "Bộ nhớ của thiết bị đã đầy." : error.message);
    }
    await render();
  }

  async function controls() {
    const kept = await store.record(KIND);
    const box = el("section", { className: "library-controls" });
    box.append(el("p", { id: "library-used", textContent: `Dung lượng đã dùng: ${store.sizeLabel(await store.bytesUsed())}` }));
    // Shown with or without network (without it, a press says so in Vietnamese).
    box.append(
      button("Tải về để đọc khi không có mạng", () =>
        run("Đang tải thư viện", async () => {
          const got = await download(null);
          return `Đã tải ${got.documents} văn kiện, ${got.articles} mục.`;
        }),
      ),
    );
    let collections = [];
    try {
      collections = (await getJson("/api/library/collections")) || [];
    } catch {
      /* the buttons per collection need the network */
    }
    for (const c of collections) {
      box.append(
        button(`Chỉ tải tủ sách “${c.title}”`, () =>
          run("Đang tải tủ sách", async () => {
            const got = await download(c.id);
            return `Đã tải ${got.documents} văn kiện, ${got.articles} mục.`;
          }),
        ),
      );
    }
    if (kept) {
      box.append(
        button("Kiểm tra cập nhật", () =>
          run("Đang kiểm tra cập nhật", async () => {
            const got = await update();
            if (!got.articles && !got.documents && !got.dropped) return "Thư viện đã tải là bản mới nhất.";
            return `Đã cập nhật ${got.articles} mục, ${got.documents} văn kiện mới, bỏ ${got.dropped} văn kiện đã thu hồi.`;
          }),
        ),
      );
    }
    if (kept) {
      box.append(
        button("Xóa thư viện đã tải", () =>
          run("Đang xóa", async () => {
            await store.erasePublished();
            return "Đã xóa thư viện khỏi thiết bị.";
          }),
        ),
      );
    }
    return box;
  }

  function searchForm(query) {
    const form = el("form", { className: "library-search", role: "search" });
    const input = el("input", { type: "search", name: "q", value: query, id: "library-q" });
    form.append(
      el("label", { htmlFor: "library-q", textContent: "Tìm trong thư viện đã tải" }),
      input,
      el("button", { type: "submit", className: "button", textContent: "Tìm" }),
    );
    return form;
  }

  async function results(query) {
    const hits = await search(query);
    const box = el("section", { id: "library-results" });
    box.append(el("h2", { textContent: `Kết quả tìm “${query}”: ${hits.length}` }));
    const ul = el("ul", { className: "saved-list" });
    for (const hit of hits) {
      ul.append(
        el("li", {}, el("a", { href: articleHref(hit.id) }, el("strong", { textContent: hit.title }),
          el("div", { textContent: hit.body.slice(0, 160) }))),
      );
    }
    box.append(ul);
    return box;
  }

  async function shelves() {
    const box = el("section", {});
    const items = await store.list(KIND);
    if (!items.length) {
      box.append(el("p", { textContent: "Chưa tải thư viện về thiết bị này." }));
      return box;
    }
    box.append(el("h2", { textContent: "Đã tải về thiết bị" }));
    for (const entry of items) {
      const doc = await store.get(KIND, entry.key);
      if (!doc) continue;
      const ul = el("ul", { className: "saved-list" });
      for (const a of doc.articles) ul.append(el("li", {}, el("a", { href: articleHref(a.id), textContent: heading(a) })));
      box.append(el("details", {}, el("summary", { textContent: `${doc.title} (${doc.subtitle})` }), ul));
    }
    return box;
  }

  async function reader(id) {
    const all = await articles();
    const at = all.findIndex(({ article }) => article.id === id);
    const back = el("a", { className: "back", href: PAGE, textContent: "← Thư viện đã tải" });
    if (at < 0) {
      return [back, el("h1", { textContent: "Mục này chưa được tải về thiết bị" }),
        el("p", { textContent: "Khi có mạng, hãy tải thư viện về để đọc khi không có mạng." })];
    }
    const { article, document: doc } = all[at];
    const parts = [back, el("div", { className: "doc-meta", textContent: doc.title }),
      el("h1", { className: "doc-title", id: "article-title", textContent: heading(article) })];
    const body = el("article", { id: "article-body" });
    for (const block of article.blocks) {
      body.append(el("p", { className: `block block-${block.kind}`, textContent: block.label ? `${block.label} ${block.text}` : block.text }));
    }
    parts.push(body);
    const nav = el("p", { className: "library-nav" });
    if (at > 0 && all[at - 1].document === doc) nav.append(el("a", { className: "button", href: articleHref(all[at - 1].article.id), textContent: "← Mục trước" }));
    if (at + 1 < all.length && all[at + 1].document === doc) nav.append(el("a", { className: "button", href: articleHref(all[at + 1].article.id), textContent: "Mục sau →" }));
    parts.push(nav);
    if (navigator.onLine) parts.push(el("p", {}, el("a", { href: ONLINE_READER + id, textContent: "Mở trong Sổ tay (bản trực tuyến)" })));
    document.title = `${heading(article)} · Thư viện đã tải`;
    return parts;
  }

  async function render() {
    const params = new URLSearchParams(location.search);
    const fromPath = /^\/so-tay\/thu-vien\/doc\/(\d+)\/?$/.exec(location.pathname);
    const id = Number(params.get("bai") || (fromPath && fromPath[1]));
    if (id) {
      root.replaceChildren(...(await reader(id)));
      return;
    }
    const query = params.get("q") || "";
    const parts = [el("h1", { textContent: "Thư viện đọc khi không có mạng" }), status, await controls(), searchForm(query)];
    if (query.trim()) parts.push(await results(query));
    parts.push(await shelves());
    root.replaceChildren(...parts);
  }

  if (!("caches" in window) || !store || !window.MiniSearch) {
    root.replaceChildren(el("p", { textContent: "Trình duyệt này không hỗ trợ đọc ngoại tuyến." }));
    return;
  }
  render().catch((error) => root.replaceChildren(el("p", { textContent: `Không mở được thư viện đã tải: ${error.message}` })));
})();
