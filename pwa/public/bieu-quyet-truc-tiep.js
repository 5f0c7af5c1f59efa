// The live turnout of a poll (/dai-hoi/[congress_id]/bieu-quyet/[poll_id]), drawn here from the
// congress's event stream, not through the page's Reflex state: a vote on one phone shows on
// the presidium's tablet and the projector without a round trip through the UI server
// (docs/polls.md "Live", docs/events.md).
//
// The page renders, once, a box ``[data-poll-live]`` with ``data-stream`` (``congress:{id}``)
// and ``data-poll`` (the poll's id), and inside it empty elements named by ``data-poll-field``
// ("voted", "eligible") that this script fills from each ``poll.turnout`` event of that poll.
// When the poll opens or closes, the element ``[data-poll-refresh]`` (a button bound to the
// page's load) is clicked, so the ballot or the result appears: two events in a poll's life.
// The box's ``data-after`` is the stream's last event when the page read the poll (the API's
// ``last_event_id``), as "<stream>@<id>@<read>" (frontend/components/live_from.py): the script
// waits for a value of its stream that it has not started from before (a page opened again
// shows the last visit's until its own read is done) and follows from there, so opening the
// screen does not fetch the congress's whole history (every check-in and every vote's turnout).
// An event may still come that the page already shows (it committed between that id and the
// read): the poll's element says what the page shows (``data-poll-status``), and a
// "poll.opened" to a page that shows the poll open must not reload it, or it would clear the
// ballot a slow phone's delegate has started to fill.
//
// A list of polls (the console, the congress's home) renders one box with ``data-poll="*"``:
// one stream for all its polls; each poll's fields are inside an element
// ``[data-poll-id="<id>"]``, and any poll opening or closing clicks the box's refresh (the
// list is read again, so a poll just opened shows its turnout).

import { subscribe } from "/live.js";

const KINDS = ["poll.turnout", "poll.opened", "poll.closed"];
// A poll's statuses in the order of its life (shared/polls.py PollStatus), and how far along
// each event takes it: a page already there or further (a closed poll) is not reloaded.
const STAGE = { chuan_bi: 0, dang_mo: 1, da_dong: 2 };
const STAGE_AFTER = { "poll.opened": 1, "poll.closed": 2 };

const pollOf = (data) => {
  if (!data) return null;
  if (data.poll_id !== undefined) return Number(data.poll_id);
  if (data.poll && typeof data.poll === "object") return Number(data.poll.id);
  if (data.poll !== undefined) return Number(data.poll);
  return null;
};

function start(box) {
  const every = box.dataset.poll === "*";
  const only = every ? null : Number(box.dataset.poll);
  const set = (poll, name, value) => {
    const scope = every ? `[data-poll-id="${poll}"] ` : "";
    for (const el of box.querySelectorAll(`${scope}[data-poll-field="${name}"]`))
      el.textContent = String(value);
  };
  const live = subscribe(box.dataset.stream, {
    kinds: KINDS,
    after: Number(box.dataset.after.split("@")[1]),
    statusLine: false,
    onEvent: (event) => {
      const data = event && event.data !== undefined ? event.data : event;
      const kind = event && event.kind;
      const poll = pollOf(data) ?? pollOf(event);
      if (!every && poll !== only) return;
      if (kind === "poll.turnout" || (data && data.voted !== undefined)) {
        set(poll, "voted", data.voted);
        set(poll, "eligible", data.eligible);
        return;
      }
      const shown = every
        ? box.querySelector(`[data-poll-id="${poll}"]`)?.dataset.pollStatus
        : box.dataset.pollStatus;
      if (STAGE[shown] >= STAGE_AFTER[kind]) return; // the page shows it already
      const refresh =
        box.querySelector("[data-poll-refresh]") ||
        (every ? null : document.querySelector("[data-poll-refresh]"));
      if (refresh) refresh.click();
    },
  });
  return live;
}

const running = new Map();
const startedFrom = new Set(); // the data-after values followed from already
function scan() {
  for (const box of document.querySelectorAll("[data-poll-live]")) {
    const key = `${box.dataset.stream}|${box.dataset.poll}`;
    const known = running.get(box);
    if (known && known.key === key) continue;
    if (known) {
      known.live.close();
      running.delete(box);
    }
    if (!box.dataset.stream || !box.dataset.poll || box.dataset.stream.endsWith(":")) continue;
    const after = box.dataset.after || "";
    if (after.split("@")[0] !== box.dataset.stream || startedFrom.has(after)) continue; // unread
    startedFrom.add(after);
    running.set(box, { key, live: start(box) });
  }
  for (const [box, { live }] of running) {
    if (!box.isConnected) {
      live.close();
      running.delete(box);
    }
  }
}
new MutationObserver(scan).observe(document.documentElement, {
  childList: true,
  subtree: true,
  attributes: true,
  attributeFilter: ["data-stream", "data-poll", "data-after"],
});
scan();
