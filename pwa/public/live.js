// Đảng bộ số — a live event stream in the page (docs/events.md). An ES module:
//
//   import { subscribe } from "/live.js";
//   const live = subscribe("congress:12", {
//     kinds: ["agenda.moved", "speakers.changed"],
//     onEvent: (event) => { /* event: {id, stream, kind, data, at}: update the page */ },
//     onStatus: (status) => { /* "connecting" | "live" | "lost" | "back" | "ended" */ },
//   });
//   live.close();
//
// EventSource straight to the API: each event updates the page's own DOM or JS state, with
// no round trip through Reflex's server-side state. EventSource sends Last-Event-ID by itself
// when it reconnects; when this module reconnects (the phone wakes up, the network returns)
// it asks for ?after=<the last id it saw>. Either way the API sends what was missed, then
// "ready": the line "Đã kết nối lại — đã cập nhật" shows only then.

const LOST = "Mất kết nối — đang thử lại…";
const BACK = "Đã kết nối lại — đã cập nhật";
const ENDED = "Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại.";
const SHOW_BACK_MS = 4000;
const RETRY_MS = 2000; // after the API refused or ended the stream (EventSource gave up)
const HIDDEN_RECONNECT_MS = 2000; // hidden this long: reconnect at once when visible again

const LINE_STYLE = [
  "position:fixed", "top:0", "left:0", "right:0", "z-index:60", "display:flex",
  "align-items:center", "justify-content:center", "min-height:44px", "padding:8px 12px",
  "font-size:16px", "font-weight:700", "text-align:center", "color:#ffffff",
].join(";");
const COLOURS = { lost: "#5c1010", back: "#1b5e20", ended: "#5c1010" };

let line = null;
let lineTimer = 0;

/** The status line at the top of the page (the same look as the app's connection line). */
function showLine(state, text) {
  clearTimeout(lineTimer);
  if (!state) {
    line?.remove();
    line = null;
    return;
  }
  if (!line) {
    line = document.createElement("div");
    line.setAttribute("role", "status");
    line.setAttribute("aria-live", "polite");
    document.body.append(line);
  }
  line.setAttribute("style", `${LINE_STYLE};background:${COLOURS[state]}`);
  line.dataset.dangboLive = state;
  line.textContent = text;
  if (state === "back") lineTimer = setTimeout(() => showLine(null), SHOW_BACK_MS);
}

/**
 * Follow `stream` ("congress:12" …). Options:
 * - kinds: the event kinds to receive (the SSE `event:` names), e.g. ["agenda.moved"];
 * - onEvent(event): each event, oldest first, never twice;
 * - onStatus(status): "connecting", "live" (caught up), "lost", "back" (reconnected and
 *   caught up), "ended" (the session is over: the stream stops);
 * - after: the last id the page already shows (0: from the start of the stream);
 * - statusLine: false to leave the Vietnamese status line to the page.
 * Returns { close(), lastId() }.
 */
export function subscribe(stream, options = {}) {
  const { kinds = [], onEvent = () => {}, onStatus = () => {}, statusLine = true } = options;
  let lastId = Number(options.after) || 0;
  let source = null;
  let lost = false;
  let closed = false;
  let retryTimer = 0;
  let hiddenAt = 0;

  const status = (state) => {
    if (statusLine) {
      if (state === "lost") showLine("lost", LOST);
      else if (state === "back") showLine("back", BACK);
      else if (state === "ended") showLine("ended", ENDED);
      else if (state === "live") showLine(null);
    }
    onStatus(state);
  };

  const receive = (message) => {
    const id = Number(message.lastEventId);
    if (!(id > lastId)) return; // never twice
    lastId = id;
    try {
      onEvent(JSON.parse(message.data));
    } catch (error) {
      console.warn("sự kiện trực tiếp:", error);
    }
  };

  const ready = () => {
    status(lost ? "back" : "live");
    lost = false;
  };

  const failed = () => {
    if (closed) return;
    if (!lost) {
      lost = true;
      status("lost");
    }
    if (source && source.readyState === EventSource.CLOSED) {
      // Refused (the session ended) or cut: EventSource gives up; see whether we may go on.
      source = null;
      clearTimeout(retryTimer);
      retryTimer = setTimeout(checkAndReconnect, RETRY_MS);
    }
  };

  async function checkAndReconnect() {
    if (closed) return;
    try {
      const response = await fetch("/api/me", { credentials: "same-origin" });
      if (response.status === 401) {
        closed = true;
        status("ended");
        await window.dangbo?.sessionGone?.();
        return;
      }
    } catch {
      /* no network: try again below */
    }
    connect();
  }

  function connect() {
    if (closed) return;
    source?.close();
    clearTimeout(retryTimer);
    const query = lastId > 0 ? `?after=${lastId}` : "";
    source = new EventSource(`/api/events/${encodeURIComponent(stream)}${query}`);
    for (const kind of kinds) source.addEventListener(kind, receive);
    source.addEventListener("ready", ready);
    source.addEventListener("error", failed);
  }

  const onVisibility = () => {
    if (document.visibilityState === "hidden") {
      hiddenAt = Date.now();
    } else if (hiddenAt && Date.now() - hiddenAt >= HIDDEN_RECONNECT_MS) {
      // A phone that slept may hold a dead connection: open a fresh one at once.
      hiddenAt = 0;
      connect();
    }
  };
  const onOnline = () => {
    if (!source || source.readyState !== EventSource.OPEN) connect();
  };
  document.addEventListener("visibilitychange", onVisibility);
  window.addEventListener("online", onOnline);

  status("connecting");
  connect();
  return {
    close() {
      closed = true;
      clearTimeout(retryTimer);
      source?.close();
      source = null;
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("online", onOnline);
      if (statusLine && line?.dataset.dangboLive !== "ended") showLine(null);
    },
    lastId: () => lastId,
  };
}
