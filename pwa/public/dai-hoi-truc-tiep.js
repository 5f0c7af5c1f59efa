// The live parts of a congress's screens (the delegate's screen, the console, the check-in
// screen, the projector): the current agenda item, the speaker now and next with his running
// time, the attendance and the quorum, the connection line. Drawn here from the event stream,
// not through the page's Reflex state: an event reaches a phone and is on its screen without a
// round trip through the UI server (docs/congress.md, "Live screens"; docs/events.md).
//
// A page renders, once, a box ``[data-dai-hoi-live]`` with ``data-live`` (the address of
// GET /api/congresses/{id}/live, from frontend/dai_hoi/client.py) and ``data-stream``
// (``congress:{id}``), and inside it empty elements named by ``data-field`` (React renders
// them without children and leaves their content alone). This script (a module, loaded once,
// watching the document for such boxes as the app moves between pages):
//   1. reads the live state (GET …/live): what to draw and the id of the last event in it;
//   2. subscribes to the stream after that id (pwa/public/live.js, EventSource: a reconnection
//      resumes from the last id seen, so nothing is missed) and redraws from each event's data;
//      an event whose data is not enough to redraw reads the live state again;
//   3. says the connection's state in Vietnamese in ``data-field="status"``.
// Elements with ``data-refresh-on="<kind> …"`` are clicked when such an event arrives: a page
// part kept by Reflex (the console's speakers list) reloads itself, on the few tablets that
// show one.

import { subscribe } from "/live.js";

// The congress's event kinds (docs/events.md): SSE names each message by its kind.
const KINDS = [
  "agenda.moved",
  "checkin.counted",
  "speakers.changed",
  "session.opened",
  "session.closed",
  "credentials.changed",
];

const SAID = {
  lost: "Mất kết nối — đang thử lại…",
  back: "Đã kết nối lại",
  ended: "Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại.",
  none: "Chưa có phiên họp nào khai mạc.",
  noItem: "Chưa bắt đầu nội dung nào.",
  noSpeaker: "Chưa có đại biểu phát biểu.",
  noNext: "Chưa có ai đăng ký tiếp theo.",
};
const BACK_SHOWN_MS = 4000;
// Events whose data is the congress's position (session, item, speaker, next speakers).
const POSITION = new Set(["agenda.moved", "session.opened", "session.closed"]);

const pad = (n) => String(n).padStart(2, "0");
const hm = (iso) => {
  if (!iso) return "";
  const d = new Date(iso);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
};
const clock = (seconds) => `${pad(Math.floor(seconds / 60))}:${pad(Math.floor(seconds % 60))}`;

// The live state as the screens draw it, from GET …/live (shared/congress.py LiveState).
export function view(state) {
  const session = state.session || null;
  const item = state.item || null;
  const speaker = state.speaker || null;
  const counts = state.attendance || null;
  return {
    congress: state.congress_name || "",
    session: session ? session.title : "",
    sessionOpen: Boolean(session && session.status === "dang_hop"),
    item: item
      ? {
          id: item.id,
          ordinal: item.ordinal,
          title: item.title,
          presenter: item.presenter || "",
          since: item.started_at || null,
          speakingOpen: item.speaking_open !== false,
        }
      : null,
    speaker: speaker
      ? {
          name: speaker.full_name,
          delegation: speaker.delegation || "",
          since: speaker.floor_at || null,
          planned: speaker.planned_minutes || null,
        }
      : null,
    next: (state.next_speakers || []).map((s) => ({
      name: s.full_name,
      delegation: s.delegation || "",
    })),
    counts,
    lastId: state.last_event_id || 0,
  };
}

class LiveBox {
  constructor(box) {
    this.box = box;
    this.lastId = 0;
    this.view = null;
    this.timer = null;
    this.backTimer = null;
    this.refreshing = null;
    this.subscription = null;
    this.stopped = false;
  }

  field(name) {
    return this.box.querySelectorAll(`[data-field="${name}"]`);
  }

  set(name, text) {
    for (const el of this.field(name)) if (el.textContent !== text) el.textContent = text;
  }

  async start() {
    await this.refresh();
    if (this.stopped) return;
    this.subscribe();
    this.timer = setInterval(() => this.tick(), 1000);
    // A phone that knows it lost the network (navigator.onLine) says so at once, and when the
    // network is back reads the state and resumes the stream after the last event drawn. An
    // open stream may outlive a network change unnoticed; this does not wait for it.
    this.onOffline = () => {
      if (this.subscription && this.subscription.close) this.subscription.close();
      this.subscription = null;
      this.onStatus("lost");
    };
    this.onOnline = async () => {
      if (this.stopped || this.subscription) return;
      await this.refresh();
      this.subscribe();
      this.onStatus("reconnected");
    };
    window.addEventListener("offline", this.onOffline);
    window.addEventListener("online", this.onOnline);
  }

  subscribe() {
    this.subscription = subscribe(this.box.dataset.stream, {
      kinds: KINDS,
      after: this.lastId,
      statusLine: false, // the box has its own line, where the screen's eyes already are
      onEvent: (event) => this.onEvent(event),
      onStatus: (status) => this.onStatus(status),
    });
  }

  stop() {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.backTimer);
    window.removeEventListener("offline", this.onOffline);
    window.removeEventListener("online", this.onOnline);
    if (this.subscription && this.subscription.close) this.subscription.close();
  }

  async refresh() {
    // One request at a time; an event during it asks for one more after it.
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      try {
        const answer = await fetch(this.box.dataset.live, {
          credentials: "same-origin",
          headers: { accept: "application/json" },
          cache: "no-store",
        });
        if (!answer.ok) return;
        const state = await answer.json();
        const next = view(state);
        if (next.lastId >= this.lastId) {
          this.lastId = next.lastId;
          this.draw(next);
        }
      } catch {
        // The connection line says it; the stream's reconnection reads again.
      } finally {
        this.refreshing = null;
        if (this.again) {
          this.again = false;
          this.refresh();
        }
      }
    })();
    return this.refreshing;
  }

  onEvent(event) {
    if (!event || event.id <= this.lastId) return; // already drawn (a resumed stream)
    this.lastId = event.id;
    const data = event.data || {};
    const current = this.view;
    if (POSITION.has(event.kind) && "item" in data && current) {
      // The position comes with the event: every phone redraws without another request.
      const v = view(data);
      this.draw({
        ...current,
        item: v.item,
        session: data.session ? v.session : "",
        sessionOpen: v.sessionOpen,
        speaker: v.speaker,
        next: v.next,
        lastId: event.id,
      });
      // A session opened or closed: its counts are another session's now.
      if (event.kind !== "agenda.moved") this.refresh();
    } else if (event.kind === "checkin.counted" && current && data.summoned !== undefined) {
      // The counts of the session checked in for (the open one, or the next before it opens).
      this.draw({ ...current, counts: data, lastId: event.id });
    } else if (event.kind === "speakers.changed" && current && data.item_id !== undefined
      && "speaker" in data && current.item && data.item_id === current.item.id) {
      const v = view(data);
      this.draw({ ...current, speaker: v.speaker, next: v.next, lastId: event.id });
    } else {
      this.refresh();
    }
    for (const el of document.querySelectorAll("[data-refresh-on]")) {
      if (el.dataset.refreshOn.split(" ").includes(event.kind)) el.click();
    }
  }

  onStatus(status) {
    clearTimeout(this.backTimer);
    const line = this.field("status");
    if (status === "ended") {
      this.set("status", SAID.ended);
      for (const el of line) el.dataset.state = "lost";
    } else if (status === "lost") {
      this.set("status", SAID.lost);
      for (const el of line) el.dataset.state = "lost";
    } else if (status === "back" || status === "reconnected") {
      this.set("status", SAID.back);
      for (const el of line) el.dataset.state = "back";
      this.backTimer = setTimeout(() => {
        this.set("status", "");
        for (const el of line) delete el.dataset.state;
      }, BACK_SHOWN_MS);
    }
  }

  draw(v) {
    this.view = v;
    this.box.dataset.lastEvent = String(v.lastId);
    if (v.congress) this.set("congress", v.congress);
    this.set("session", v.session || SAID.none);
    this.set("item-ordinal", v.item ? String(v.item.ordinal) : "");
    this.set("item-title", v.item ? v.item.title : SAID.noItem);
    this.set("item-presenter", v.item && v.item.presenter ? v.item.presenter : "");
    this.set("item-since", v.item && v.item.since ? `Bắt đầu lúc ${hm(v.item.since)}` : "");
    this.box.dataset.item = v.item ? String(v.item.id) : "";
    for (const row of document.querySelectorAll("[data-agenda-item]")) {
      const now = v.item && row.dataset.agendaItem === String(v.item.id) ? "1" : "";
      if (row.dataset.current !== now) row.dataset.current = now;
    }
    this.box.dataset.sessionOpen = v.sessionOpen ? "1" : "";
    // Requests to speak are taken on the item under way while its list is open: the page
    // shows its speaking buttons only then (the API still decides at the tap).
    this.box.dataset.speaking = v.item && v.item.speakingOpen && v.sessionOpen ? "1" : "";
    this.set("speaker-name", v.speaker ? v.speaker.name : SAID.noSpeaker);
    this.set("speaker-delegation", v.speaker ? v.speaker.delegation : "");
    for (const list of this.field("next")) {
      list.replaceChildren(
        ...(v.next.length ? v.next : [{ name: SAID.noNext, delegation: "" }]).map((s) => {
          const li = document.createElement("li");
          li.textContent = s.delegation ? `${s.name} — ${s.delegation}` : s.name;
          return li;
        }),
      );
    }
    const c = v.counts;
    if (!c) {
      // No session open or about to be: nothing is counted yet.
      for (const name of ["summoned", "present", "excused", "absent"]) this.set(name, "—");
      this.set("quorum", "");
    } else {
      this.set("summoned", String(c.summoned ?? ""));
      this.set("present", String(c.present ?? ""));
      this.set("excused", String(c.excused ?? ""));
      this.set("absent", String(c.absent ?? ""));
      const needed = c.needed ?? null;
      const met = Boolean(c.quorum);
      this.set(
        "quorum",
        needed === null
          ? ""
          : met
            ? `Đủ số đại biểu để tiến hành: ${c.base_present}/${c.base} (cần ${needed})`
            : `Chưa đủ số đại biểu: ${c.base_present}/${c.base} (cần ${needed})`,
      );
      for (const el of this.field("quorum")) el.dataset.met = met ? "1" : "";
    }
    this.tick();
  }

  tick() {
    const s = this.view && this.view.speaker;
    if (!s || !s.since) {
      this.set("speaker-timer", "");
      return;
    }
    const elapsed = Math.max(0, (Date.now() - new Date(s.since).getTime()) / 1000);
    const text = s.planned ? `${clock(elapsed)} / ${clock(s.planned * 60)}` : clock(elapsed);
    this.set("speaker-timer", text);
    for (const el of this.field("speaker-timer"))
      el.dataset.over = s.planned && elapsed > s.planned * 60 ? "1" : "";
  }
}

// Boxes come and go as the app moves between pages: start each new one, stop each removed one.
const running = new Map();
function scan() {
  for (const box of document.querySelectorAll("[data-dai-hoi-live]")) {
    const key = `${box.dataset.live}|${box.dataset.stream}`;
    const known = running.get(box);
    if (known && known.key === key) continue;
    if (known) known.live.stop();
    if (!box.dataset.live || !box.dataset.stream || box.dataset.stream.endsWith(":")) continue;
    const live = new LiveBox(box);
    running.set(box, { key, live });
    live.start();
  }
  for (const [box, { live }] of running) {
    if (!box.isConnected) {
      live.stop();
      running.delete(box);
    }
  }
}
new MutationObserver(scan).observe(document.documentElement, {
  childList: true,
  subtree: true,
  attributes: true,
  attributeFilter: ["data-live", "data-stream"],
});
scan();
