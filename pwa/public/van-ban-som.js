// /van-ban: the first page of the user's documents, shown from the prerendered page before the
// app's scripts have loaded (docs/frontend.md, "First paint from the HTML").
//
// The list arrives through the app's websocket only after its scripts (about 200 kB compressed)
// have loaded and started: on a slow phone, seconds after the page is on the screen. This
// script asks the API for the start of the first page the app asks for (what InboxState asks
// for by default: the address is the placeholder's data-inbox, which the page also preloads, so
// the request is on its way while the HTML is parsed) and draws it in the same markup as
// van_ban/inbox_page.py's doc_card, into the placeholder the page renders while the app's list
// is loading (#dangbo-doc-early; React does not hydrate its content). When the app's list
// arrives, it takes the placeholder's place, card for card in the same boxes. Labels come from
// the placeholder's data-labels (written from shared/documents.py). Nothing is shown when the
// request fails: the app's list follows anyway.
(() => {
  const box = document.getElementById("dangbo-doc-early");
  if (!box || !box.dataset.labels || !box.dataset.inbox || box.childElementCount) return;
  const labels = JSON.parse(box.dataset.labels);
  const escape = (text) =>
    String(text ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const dmy = (iso) => (iso ? iso.split("-").reverse().join("/") : "");
  // The zap icon of urgency_badge and the alarm clock of an overdue deadline (lucide, as React renders them).
  const icon = (name, size, paths) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 24 24"` +
    ` fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"` +
    ` stroke-linejoin="round" class="lucide lucide-${name}" aria-hidden="true">${paths}</svg>`;
  const ZAP = icon(
    "zap",
    14,
    '<path d="M4 14a1 1 0 0 1-.78-1.63l9.9-10.2a.5.5 0 0 1 .86.46l-1.92 6.02A1 1 0 0 0 13 10h7a1 1 0 0 1 .78 1.63l-9.9 10.2a.5.5 0 0 1-.86-.46l1.92-6.02A1 1 0 0 0 11 14z"></path>',
  );
  const ALARM = icon(
    "alarm-clock",
    14,
    '<circle cx="12" cy="13" r="8"></circle><path d="M12 9v4l2 2"></path>' +
      '<path d="M5 3 2 6"></path><path d="m22 6-3-3"></path><path d="M6.38 18.7 4 21"></path>' +
      '<path d="M17.64 18.67 20 21"></path>',
  );
  // urgency_badge: colour and variant per độ khẩn.
  const BADGE = {
    hoa_toc: ["red", "solid"],
    thuong_khan: ["orange", "solid"],
    khan: ["amber", "soft"],
  };
  // color "" is the theme's accent, as React writes it for a badge without color_scheme.
  const badge = (text, color, variant, size, extra = "") =>
    `<span data-accent-color="${color}" class="rt-reset rt-Badge rt-r-size-${size} rt-variant-${variant}">` +
    `${extra}${escape(text)}</span>`;

  const card = (item) => {
    const d = item.document;
    const [color, variant] = BADGE[d.do_khan] || ["gray", "soft"];
    const number = d.ky_hieu || (d.so_den ? `Số đến ${d.so_den}` : d.loai_label);
    const deadline = dmy(item.deadline || d.han_xu_ly);
    const due = !deadline
      ? "<span>Không có hạn</span>"
      : item.overdue
        ? `<span class="dangbo-doc-overdue">${ALARM} Quá hạn ${escape(deadline)}</span>`
        : `<span>Hạn ${escape(deadline)}</span>`;
    const role = labels.role[item.role] || "";
    const done = item.assignment_status === "hoan_thanh" ? " dangbo-doc-done" : "";
    return (
      `<a data-accent-color="" class="rt-Text rt-reset rt-Link rt-underline-none dangbo-doc-card${done}"` +
      ` href="/van-ban/${Number(d.id)}">` +
      `<span class="dangbo-doc-head">` +
      badge(labels.do_khan[d.do_khan] || "", color, variant, 2, d.do_khan === "hoa_toc" ? ZAP : "") +
      `<span class="dangbo-doc-number">${escape(number)}</span>` +
      (role ? badge(role, "", "outline", 1) : "") +
      `</span>` +
      `<span class="dangbo-doc-title">${escape(d.trich_yeu)}</span>` +
      `<span class="dangbo-doc-meta">${escape(d.co_quan_ban_hanh)}</span>` +
      `<span class="dangbo-doc-meta dangbo-doc-foot">${due}` +
      `<span>${escape(labels.status[item.assignment_status] || "")}</span></span></a>`
    );
  };

  // The same request as the page's preload (address, mode and credentials), which answers it.
  fetch(box.dataset.inbox, { credentials: "same-origin" })
    .then((response) => (response.ok ? response.json() : null))
    .then((page) => {
      // The app's list may have come first (the placeholder is gone): then it stays as it is.
      if (!page || !page.items.length || !box.isConnected) return;
      box.innerHTML = page.items.map(card).join("");
    })
    .catch(() => {});
})();
