// The check-in screen of a congress (/dai-hoi/<id>/diem-danh): staff scan delegates' cards
// with the camera (/quet-the.js) or type the card's number, and each answer is said plainly
// at once — the delegate's name and delegation, "đã điểm danh lúc …" for a card scanned
// before, or the API's Vietnamese refusal (a forged, expired or another congress's card, a
// refused delegate, a closed session). The counts beside it are drawn by
// /dai-hoi-truc-tiep.js from the event stream.
//
// Calls go from the page straight to the API (POST …/sessions/{session_id}/checkins, with the
// CSRF header, window.dangbo.post of /app.js): a scan every second or two must not wait for a
// round trip through the page's Reflex state. The page renders, once, a box
// ``[data-diem-danh]`` whose ``data-checkin`` is the address with ``{session_id}`` left in,
// a <select data-field="session">, a <video data-field="video">, the buttons
// ``data-do="camera-on|camera-off"``, a form ``data-field="manual"`` with an input named
// ``code``, and empty ``data-field="camera-message"`` and ``data-field="results"``.
import "/quet-the.js";

const KEPT = 8; // results kept on the screen, newest first
const pad = (n) => String(n).padStart(2, "0");
const hm = (iso) => {
  const d = new Date(iso);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

const box = () => document.querySelector("[data-diem-danh]");
const part = (name) => box()?.querySelector(`[data-field="${name}"]`);

// What a check-in answer (shared/congress.py CheckinResult) says to the staff member.
function describe(answer) {
  const who = [answer.full_name, answer.delegation].filter(Boolean).join(" — ");
  const code = answer.code ? ` (thẻ số ${answer.code})` : "";
  if (answer.already)
    return {
      ok: true,
      again: true,
      text: `${who}${code}: đã điểm danh lúc ${hm(answer.at)}.`,
    };
  return { ok: true, again: false, text: `${who}${code}: đã điểm danh.` };
}

function show(result) {
  const list = part("results");
  if (!list) return;
  const item = document.createElement("li");
  item.className = "dangbo-checkin-result";
  item.dataset.kind = result.ok ? (result.again ? "again" : "ok") : "refused";
  item.textContent = result.text;
  list.prepend(item);
  while (list.children.length > KEPT) list.lastElementChild.remove();
}

let sending = Promise.resolve();
function checkIn(body) {
  const root = box();
  const session = part("session")?.value;
  if (!root || !session) {
    show({ ok: false, text: "Hãy chọn phiên họp trước khi điểm danh." });
    return sending;
  }
  const path = root.dataset.checkin.replace("{session_id}", encodeURIComponent(session));
  // One request at a time, in the order scanned: results read in the order of the cards.
  sending = sending.then(async () => {
    try {
      show(describe(await window.dangbo.post(path, body)));
    } catch (error) {
      const offline = error instanceof TypeError; // fetch itself failed: no network
      show({
        ok: false,
        text: offline ? "Mất kết nối — chưa điểm danh được, hãy thử lại." : error.message,
      });
    }
  });
  return sending;
}

function say(text, kind) {
  const line = part("camera-message");
  if (!line) return;
  line.textContent = text;
  line.dataset.kind = kind;
}

async function cameraOn() {
  const video = part("video");
  if (!video) return;
  box().dataset.camera = "starting";
  const running = await window.dangbo.quetThe.start(video, {
    onToken: (token) => checkIn({ token }),
    onMessage: say,
  });
  box().dataset.camera = running ? "on" : "off";
  if (!running) part("manual")?.querySelector("input[name=code]")?.focus();
}

function cameraOff() {
  window.dangbo.quetThe.stop();
  if (box()) box().dataset.camera = "off";
  say("", "info");
}

document.addEventListener("click", (event) => {
  const button = event.target.closest?.("[data-diem-danh] [data-do]");
  if (!button) return;
  if (button.dataset.do === "camera-on") cameraOn();
  if (button.dataset.do === "camera-off") cameraOff();
});

// Capturing, before the app's own handler: the form is this script's, never the browser's.
document.addEventListener(
  "submit",
  (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches("[data-diem-danh] form")) return;
    event.preventDefault();
    event.stopPropagation();
    const input = form.querySelector("input[name=code]");
    const code = (input?.value || "").trim();
    if (!code) {
      show({ ok: false, text: "Hãy nhập số thẻ đại biểu." });
      return;
    }
    checkIn({ code }).then(() => {
      input.value = "";
      input.focus();
    });
  },
  true,
);

// The camera stays on only while the check-in screen is shown.
new MutationObserver(() => {
  if (!box() && window.dangbo?.quetThe) window.dangbo.quetThe.stop();
}).observe(document.documentElement, { childList: true, subtree: true });
