// Đảng bộ số — the consultation reader's script (frontend/gop_y/reader_page.py). A module,
// loaded once by the page; it watches the document for the reader as the app moves between
// pages. Two jobs, both without a round trip through the page's Reflex state:
//
// 1. Passages. While words inside one unit's text ([data-unit-text="<key>"]) are selected, the
//    body carries data-gop-y-selection and the "Góp ý đoạn này" button shows (styles/app.css).
//    window.dangboGopY.take() gives the page {key, quote, start, end}: the quote and its
//    offsets in characters within that unit's text, which is what the API checks. The last
//    selection is kept, since tapping the button may clear it on a phone.
// 2. Live counts. The box [data-gop-y-live] names the stream (data-stream, consultation:{id})
//    and, once the page has read the consultation, the stream's last event before that read
//    (data-after): the script follows from it, not from the stream's first event (a
//    consultation's comments make thousands). Each counts.changed event (docs/consultations.md,
//    "Live counts") rewrites the figures [data-gop-y-count="<unit>:comments|agree|disagree"]
//    and [data-gop-y-count="all:comments"].

import { subscribe } from "/live.js";

let kept = null;

function unitTextOf(node) {
  const element = node?.nodeType === Node.ELEMENT_NODE ? node : node?.parentElement;
  const found = element?.closest?.("[data-unit-text]");
  return found && found.dataset.unitText ? found : null;
}

function offsetIn(container, node, offset) {
  const range = document.createRange();
  range.selectNodeContents(container);
  range.setEnd(node, offset);
  return range.toString().length;
}

function readSelection() {
  const selection = document.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  const container = unitTextOf(range.startContainer);
  if (!container || unitTextOf(range.endContainer) !== container) return null;
  let start = offsetIn(container, range.startContainer, range.startOffset);
  let end = offsetIn(container, range.endContainer, range.endOffset);
  const text = container.textContent;
  // Leave out spaces at either end of the selection.
  while (start < end && /\s/.test(text[start])) start += 1;
  while (end > start && /\s/.test(text[end - 1])) end -= 1;
  if (end <= start) return null;
  return { key: container.dataset.unitText, quote: text.slice(start, end), start, end };
}

document.addEventListener("selectionchange", () => {
  const found = readSelection();
  if (found) kept = found;
  if (found) document.body.dataset.gopYSelection = "";
  else if (!document.getSelection()?.toString()) {
    // Cleared by the reader (not by tapping the button, which reads `kept` first).
    setTimeout(() => {
      if (!readSelection()) delete document.body.dataset.gopYSelection;
    }, 400);
  }
});

window.dangboGopY = {
  take() {
    const found = readSelection() || kept;
    kept = null;
    delete document.body.dataset.gopYSelection;
    document.getSelection()?.removeAllRanges();
    return found;
  },
};

// ---- live counts ------------------------------------------------------------------------

let following = null; // { stream, live }
const startedFrom = new Set(); // the data-after values followed from already

function write(name, value) {
  for (const element of document.querySelectorAll(`[data-gop-y-count="${CSS.escape(name)}"]`)) {
    element.textContent = String(value);
  }
}

function onEvent(event) {
  const data = event.data || {};
  if (typeof data.comments === "number") write("all:comments", data.comments);
  if (data.unit) {
    if (typeof data.unit_comments === "number") write(`${data.unit}:comments`, data.unit_comments);
    if (typeof data.agree === "number") write(`${data.unit}:agree`, data.agree);
    if (typeof data.disagree === "number") write(`${data.unit}:disagree`, data.disagree);
  }
}

function watch() {
  const box = document.querySelector("[data-gop-y-live]");
  const stream = box?.dataset.stream || "";
  if (following && following.stream === stream && box) return;
  following?.live.close();
  following = null;
  if (!box || !/^consultation:\d+$/.test(stream)) return;
  // "<stream>@<id>@<read>" (frontend/components/live_from.py), once the page has read this
  // consultation: a value not started from before (the last visit's stays until the read).
  const token = box.dataset.after || "";
  const [readFor, after] = token.split("@");
  if (readFor !== stream || startedFrom.has(token)) return;
  startedFrom.add(token);
  following = {
    stream,
    live: subscribe(stream, { kinds: ["counts.changed"], after: Number(after), onEvent }),
  };
}

new MutationObserver(watch).observe(document.documentElement, {
  childList: true,
  subtree: true,
  attributes: true,
  attributeFilter: ["data-stream", "data-after"],
});
watch();
