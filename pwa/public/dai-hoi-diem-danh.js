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
      loadAbsent(); // who is still absent, for the "Vắng có lý do" list
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

// The <video> the camera was started in, while it is meant to run: if the page is drawn anew
// (its box replaced), the camera moves to the new element instead of scanning a detached one.
let cameraVideo = null;

async function cameraOn() {
  const video = part("video");
  if (!video) return;
  cameraVideo = video;
  box().dataset.camera = "starting";
  const running = await window.dangbo.quetThe.start(video, {
    onToken: (token) => checkIn({ token }),
    onMessage: say,
  });
  if (cameraVideo !== video) return; // stopped, or moved to a new element, meanwhile
  if (!running) cameraVideo = null;
  if (box()) box().dataset.camera = running ? "on" : "off";
  if (!running) part("manual")?.querySelector("input[name=code]")?.focus();
}

function cameraOff() {
  cameraVideo = null;
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
    if (form.matches('[data-field="absence"]')) {
      excuse(form);
      return;
    }
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

// ---- excused absence: the delegates not present in the chosen session, and a reason ------
// ``data-absences`` and ``data-attendance`` on the box are the addresses (``{session_id}``
// left in); the form ``data-field="absence"`` has a <select name=delegate> and an input
// named ``reason``.
const sessionPath = (name) => {
  const root = box();
  const session = part("session")?.value;
  if (!root || !session || !root.dataset[name]) return null;
  return root.dataset[name].replace("{session_id}", encodeURIComponent(session));
};

async function loadAbsent() {
  const path = sessionPath("attendance");
  const select = part("absence")?.querySelector("select[name=delegate]");
  if (!path || !select) return;
  try {
    const response = await fetch(path, { credentials: "same-origin" });
    if (!response.ok) return;
    const attendance = await response.json();
    const keep = select.value;
    while (select.options.length > 1) select.lastElementChild.remove();
    for (const a of attendance.absent) {
      const option = document.createElement("option");
      option.value = String(a.delegate_id);
      option.textContent = `${a.full_name} — ${a.delegation}${a.reason ? " (vắng có lý do)" : ""}`;
      select.append(option);
    }
    select.value = keep;
  } catch {
    /* offline: the list stays as it was */
  }
}

async function excuse(form) {
  const path = sessionPath("absences");
  const select = form.querySelector("select[name=delegate]");
  const input = form.querySelector("input[name=reason]");
  const reason = (input?.value || "").trim();
  if (!path) return show({ ok: false, text: "Hãy chọn phiên họp trước." });
  if (!select?.value) return show({ ok: false, text: "Hãy chọn đại biểu vắng." });
  if (!reason) return show({ ok: false, text: "Hãy nhập lý do vắng." });
  const who = select.selectedOptions[0]?.textContent.replace(/ \(vắng có lý do\)$/, "");
  try {
    await window.dangbo.post(path, { delegate_id: Number(select.value), reason });
    show({ ok: true, again: false, text: `${who}: vắng có lý do — ${reason}.` });
    input.value = "";
    await loadAbsent();
  } catch (error) {
    const offline = error instanceof TypeError;
    show({ ok: false, text: offline ? "Mất kết nối — chưa ghi được, hãy thử lại." : error.message });
  }
}

document.addEventListener("change", (event) => {
  if (event.target?.matches?.('[data-diem-danh] [data-field="session"]')) loadAbsent();
});
document.addEventListener("focusin", (event) => {
  if (event.target?.matches?.('[data-diem-danh] [data-field="absence"] select')) loadAbsent();
});

// The camera stays on only while the check-in screen is shown.
let loadedFor = null;
new MutationObserver(() => {
  if (!box()) {
    cameraVideo = null;
    window.dangbo?.quetThe?.stop();
  } else if (cameraVideo && part("video") !== cameraVideo) cameraOn();
  const now = box() ? part("session")?.value || null : null;
  if (now && now !== loadedFor) {
    loadedFor = now;
    loadAbsent();
  }
  if (!now) loadedFor = null;
}).observe(document.documentElement, { childList: true, subtree: true });

// Until this script has run, the screen's buttons would do nothing: the stylesheet keeps them
// inert (and dimmed) until this mark is set.
document.documentElement.dataset.diemDanhScript = "1"; // data-diem-danh-script on <html>
