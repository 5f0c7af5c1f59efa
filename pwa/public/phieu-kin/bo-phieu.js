// The secret ballot on the delegate's phone (docs/ballots.md §10, §14; the vote screen
// frontend/dai_hoi/secret_ballot.py). The page renders a box [data-secret-ballot] with
// data-congress, data-poll, data-choice (the ballot being filled in, by candidate id: {choice,
// struck, marks}), data-problem (why it cannot be sent yet) and data-can-cast (the key's
// `actions` allow a cast now). This script:
//   1. builds the poll's PollContext from the poll and its key, as backend/ballots/poll_context.py
//      does (the congress's and the poll's ids as decimal text, the title, "{id} {name}" per
//      candidate in the poll's order, or the three resolution codes);
//   2. encrypts and proves the ballot here, and shows its tracker BEFORE it asks "cast or check",
//      so that it is committed to this ballot before it learns which the delegate chooses;
//   3. casts it (POST …/secret-ballots), or checks it (Benaloh): the checked ballot is never cast,
//      its randomness is revealed (makeReveal) with the choices it held, as a QR code and a JSON
//      file for another device or `dangbo congress verify-ballot`, and the ballot is encrypted
//      again with new randomness;
//   4. keeps the tracker after the cast (on screen, in localStorage, as a file or copied).
// The ballot's randomness never leaves this module unless the delegate checks that ballot.

import { buildBallot, makeReveal, tracker, verifyReveal } from "./ballot.js";
import { PollContext } from "./context.js";
import { encodeQR } from "../qr.js";

const RESOLUTION = [
  ["tan_thanh", "Tán thành"],
  ["khong_tan_thanh", "Không tán thành"],
  ["khong_bieu_quyet", "Không biểu quyết"],
];
const REVEAL_SCHEMA = "dangbo/ballots/reveal/v1";
const QR_PREFIX = "dangbo-phieu";
const QR_CHUNK = 500; // characters of the file per QR code: a version ~15 code, legible at 300 px
const BENALOH =
  "Kiểm tra phiếu: điện thoại mở phiếu mã hóa vừa tạo (phiếu này sẽ không được bỏ) để đồng chí, " +
  "một máy khác hoặc lệnh “dangbo congress verify-ballot” đối chiếu đúng các lựa chọn đã chọn, " +
  "rồi mã hóa lại phiếu mới; cách này phát hiện được điện thoại hay phần mềm đổi lá phiếu, nhưng " +
  "không phát hiện được phần mềm chỉ đọc trộm hoặc làm lộ lựa chọn của đồng chí.";
const ALREADY_VOTED =
  "Phiếu của đồng chí đã được ghi nhận trước đó (từ điện thoại này hoặc một máy khác); mỗi đại " +
  "biểu chỉ có một phiếu, nên phiếu này không được ghi thêm.";

const polls = new Map(); // "congress/poll" → what this page knows of that poll's ballot
const storageKey = (s) => `dangbo:phieu-kin:${s.congress}:${s.poll}`;
const pollUrl = (s) => `/api/congresses/${s.congress}/polls/${s.poll}`;
const groupsOf = (hex) => hex.match(/.{1,4}/g).join(" ");

// ---- the poll's context, built here from the API's answers --------------------------------

async function getJSON(url) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(await problemDetail(response));
  return response.json();
}

async function problemDetail(response) {
  try {
    return (await response.json()).detail || "Lỗi hệ thống, vui lòng thử lại sau.";
  } catch {
    return "Lỗi hệ thống, vui lòng thử lại sau.";
  }
}

async function loadContext(s) {
  const [poll, key] = await Promise.all([getJSON(pollUrl(s)), getJSON(`${pollUrl(s)}/key`)]);
  if (!key.ready || !key.public_key) throw new Error("Cuộc bỏ phiếu chưa có khóa của Ban Kiểm phiếu.");
  const candidates = poll.candidates.map((c) => ({ id: String(c.id), name: c.name }));
  const choices =
    poll.kind === "bieu_quyet"
      ? RESOLUTION.map(([code]) => code)
      : candidates.map((c) => `${c.id} ${c.name}`);
  const context = PollContext.fromJSON({
    election_id: String(Number(s.congress)),
    poll_id: String(Number(s.poll)),
    kind: poll.kind,
    question: poll.title,
    seats: poll.seats,
    choices,
    public_key: key.public_key,
  });
  return { context, candidates, title: poll.title };
}

// The ballot's bits from the page's choices, in the context's order (docs/ballots.md §10).
function bitsOf(poll, choiceJSON) {
  const { choice, struck, marks } = JSON.parse(choiceJSON || "{}");
  const kind = poll.context.kind;
  if (kind === "bieu_quyet") return RESOLUTION.map(([code]) => (choice === code ? 1 : 0));
  if (kind === "bau_cu_so_du") return poll.candidates.map((c) => (struck.includes(c.id) ? 0 : 1));
  return poll.candidates.flatMap((c) => [
    marks[c.id] === "dong_y" ? 1 : 0,
    marks[c.id] === "khong_dong_y" ? 1 : 0,
  ]);
}

// What a ballot's bits say, one line per name (or the resolution's choice).
function describe(poll, bits) {
  const kind = poll.context.kind;
  if (kind === "bieu_quyet") {
    const chosen = RESOLUTION.filter((_, i) => bits[i] === 1).map(([, label]) => label);
    return [`Lựa chọn: ${chosen.join(", ") || "không có"}`];
  }
  if (kind === "bau_cu_so_du") {
    return poll.candidates.map((c, i) => `${c.name}: ${bits[i] ? "giữ lại" : "gạch tên"}`);
  }
  return poll.candidates.map((c, i) => {
    const mark = bits[2 * i] ? "Đồng ý" : bits[2 * i + 1] ? "Không đồng ý" : "không chọn";
    return `${c.name}: ${mark}`;
  });
}

// ---- drawing ------------------------------------------------------------------------------

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "onclick") el.addEventListener("click", value);
    else if (name === "text") el.textContent = value;
    else if (value !== false && value !== null && value !== undefined) el.setAttribute(name, value);
  }
  for (const child of children.flat()) if (child) el.append(child);
  return el;
}

const BUTTON = "rt-reset rt-BaseButton rt-r-size-3 rt-Button dangbo-secret-button";
const button = (label, onclick, { variant = "solid", id, disabled, color } = {}) =>
  h("button", {
    type: "button",
    class: `${BUTTON} rt-variant-${variant}`,
    "data-accent-color": color || "",
    id,
    disabled: disabled ? "" : false,
    "data-disabled": disabled ? "" : false, // Radix Themes styles a disabled button by this
    onclick,
    text: label,
  });
const para = (text, attrs = {}) => h("p", { class: "rt-Text rt-r-size-2", text, ...attrs });

function trackerBlock(label, hex, id) {
  return h(
    "div",
    { class: "dangbo-secret-tracker" },
    para(label, { class: "rt-Text rt-r-size-2 rt-r-weight-medium" }),
    h("code", { id, "data-tracker": hex, text: groupsOf(hex) }),
  );
}

function saveButtons(s, hex) {
  const file = `Mã theo dõi phiếu kín — cuộc bỏ phiếu số ${s.poll}\n${hex}\n`;
  return h(
    "div",
    { class: "dangbo-secret-row" },
    button("Lưu mã theo dõi", () => download(`ma-theo-doi-phieu-${s.poll}.txt`, file, "text/plain"), {
      variant: "outline",
      id: "secret-save-tracker",
    }),
    button(
      "Sao chép mã",
      async () => {
        const copied = await window.dangbo?.copyText?.(hex);
        s.message = copied ? "Đã sao chép mã theo dõi." : "Không sao chép được: hãy lưu thành tệp.";
        draw(s);
      },
      { variant: "outline" },
    ),
  );
}

function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h("a", { href: url, download: name, hidden: "" });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function qrCodes(document_) {
  const text = JSON.stringify(document_);
  const parts = [];
  for (let i = 0; i < text.length; i += QR_CHUNK) parts.push(text.slice(i, i + QR_CHUNK));
  return parts.map((part, i) => `${QR_PREFIX}:${i + 1}/${parts.length}:${part}`);
}

function qrBlock(s) {
  const codes = s.checked.qr;
  const index = s.checked.qrIndex;
  const holder = h("div", {
    class: "dangbo-secret-qr",
    role: "img",
    "aria-label": `Mã QR ${index + 1} trên ${codes.length} của phiếu đã kiểm tra`,
    "data-qr-index": String(index + 1),
  });
  holder.innerHTML = encodeQR(codes[index], "svg", { ecc: "low" });
  const step = (by) => () => {
    s.checked.qrIndex = (index + by + codes.length) % codes.length;
    draw(s);
  };
  return h(
    "div",
    { class: "dangbo-secret-check-qr" },
    para(`Mã QR ${index + 1}/${codes.length}: quét lần lượt từng mã bằng máy khác.`),
    holder,
    codes.length > 1
      ? h(
          "div",
          { class: "dangbo-secret-row" },
          button("← Mã trước", step(-1), { variant: "outline" }),
          button("Mã sau →", step(1), { variant: "outline" }),
        )
      : null,
  );
}

function panel(s) {
  const parts = [];
  const poll = s.loaded;
  if (s.phase === "cast") {
    parts.push(
      h(
        "div",
        { class: "dangbo-secret-done", role: "status" },
        para("Đã bỏ phiếu kín. Phiếu của đồng chí đã được mã hóa và ghi nhận.", {
          class: "rt-Text rt-r-size-3 rt-r-weight-bold",
        }),
      ),
      trackerBlock("Mã theo dõi phiếu (máy chủ trả về):", s.cast, "secret-cast-tracker"),
      para(
        "Hãy lưu mã này. Sau khi kết thúc bỏ phiếu, đồng chí tra mã trên bảng phiếu công khai để " +
          "chắc phiếu của mình có ở đó và không bị thay đổi.",
      ),
      saveButtons(s, s.cast),
    );
  } else if (s.phase === "checked") {
    const { document: doc, lines } = s.checked;
    parts.push(
      h(
        "div",
        { class: "dangbo-secret-checked", role: "status" },
        para("Phiếu đã kiểm tra (không được bỏ). Phiếu này chứa đúng các lựa chọn:", {
          class: "rt-Text rt-r-size-3 rt-r-weight-bold",
        }),
        h("ul", { id: "secret-checked-choices" }, ...lines.map((line) => h("li", { text: line }))),
      ),
      trackerBlock("Mã theo dõi của phiếu đã kiểm tra:", doc.reveal.tracker, "secret-checked-tracker"),
      para(BENALOH),
      qrBlock(s),
      h(
        "div",
        { class: "dangbo-secret-row" },
        button(
          "Tải tệp kiểm tra (JSON)",
          () =>
            download(
              `kiem-tra-phieu-${s.poll}-${doc.reveal.tracker.slice(0, 8)}.json`,
              JSON.stringify(doc, null, 2),
              "application/json",
            ),
          { variant: "outline", id: "secret-download-reveal" },
        ),
      ),
      para("Trên một máy khác, trang Kiểm tra phiếu kín mở tệp này và cho kết quả như trên."),
      h("a", {
        class: `${BUTTON} rt-variant-outline`,
        href: "/kiem-tra-phieu.html",
        target: "_blank",
        rel: "noopener",
        id: "secret-verifier-page",
        text: "Trang Kiểm tra phiếu kín",
      }),
      button("Mã hóa lại phiếu", () => encrypt(s), { id: "secret-encrypt-again" }),
    );
  } else if (s.phase === "built") {
    parts.push(
      trackerBlock("Mã theo dõi của phiếu vừa mã hóa:", s.built.tracker, "secret-tracker"),
      para("Ghi nhớ vài nhóm đầu của mã. Bỏ phiếu này, hoặc kiểm tra nó trước (rồi mã hóa lại)."),
      h(
        "div",
        { class: "dangbo-secret-actions" },
        button("Bỏ phiếu", () => cast(s), { id: "secret-cast", disabled: s.busy }),
        button("Kiểm tra phiếu này", () => check(s), {
          variant: "outline",
          id: "secret-check",
          disabled: s.busy,
        }),
      ),
      para(BENALOH),
    );
  } else if (s.canCast) {
    parts.push(
      button(s.busy ? "Đang mã hóa…" : "Mã hóa phiếu", () => encrypt(s), {
        id: "secret-encrypt",
        disabled: s.busy || !poll || s.problem !== "",
      }),
    );
  } else if (s.stored) {
    parts.push(
      trackerBlock("Mã theo dõi phiếu đồng chí đã bỏ (lưu trên máy này):", s.stored, "secret-stored-tracker"),
      saveButtons(s, s.stored),
    );
  }
  if (s.message) {
    parts.push(
      para(s.message, {
        id: "secret-message",
        role: s.messageBad ? "alert" : "status",
        class: `rt-Text rt-r-size-3${s.messageBad ? " dangbo-secret-bad" : ""}`,
      }),
    );
  }
  return parts;
}

function draw(s) {
  if (!s.box?.isConnected) return;
  s.drawing = true;
  s.box.replaceChildren(...panel(s));
  s.drawing = false;
}

// ---- the steps ----------------------------------------------------------------------------

function say(s, message, bad = false) {
  s.message = message;
  s.messageBad = bad;
}

function encrypt(s) {
  if (!s.loaded || s.busy) return;
  s.busy = true;
  say(s, "");
  s.phase = "idle";
  draw(s);
  // Let the "Đang mã hóa…" paint first: building a large ballot takes a moment on a cheap phone.
  setTimeout(() => {
    try {
      const choice = s.choice;
      const bits = bitsOf(s.loaded, choice);
      const [ballot, randomness] = buildBallot(s.loaded.context, bits);
      s.built = { choice, bits, ballot, randomness, tracker: tracker(s.loaded.context, ballot) };
      s.phase = "built";
    } catch (error) {
      say(s, `Không mã hóa được phiếu: ${error.message}`, true);
    }
    s.busy = false;
    draw(s);
  }, 30);
}

function check(s) {
  const { ballot, bits, randomness } = s.built;
  const context = s.loaded.context;
  const reveal = makeReveal(context, ballot, bits, randomness);
  const document_ = { schema: REVEAL_SCHEMA, context: context.toJSON(), reveal };
  // What is shown is what the reveal proves, not what the page meant to encrypt.
  const lines = describe(s.loaded, verifyReveal(context, reveal));
  s.checked = { document: document_, lines, qr: qrCodes(document_), qrIndex: 0 };
  s.built = null; // a checked ballot is never cast
  s.phase = "checked";
  say(s, "");
  draw(s);
}

function refreshPage() {
  document.querySelector("[data-poll-refresh]")?.click();
}

async function cast(s) {
  if (s.busy || !s.built) return;
  s.busy = true; // one request per tap: a double tap sends the ballot once
  draw(s);
  const mine = s.built.tracker;
  let response;
  try {
    response = await fetch(`${pollUrl(s)}/secret-ballots`, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "content-type": "application/json",
        "x-csrftoken": await window.dangbo.csrfToken(),
      },
      body: JSON.stringify({ ballot: s.built.ballot.toJSON() }),
    });
  } catch {
    s.busy = false;
    say(
      s,
      "Không gửi được phiếu vì mất kết nối. Hãy tải lại trang: nếu phiếu chưa được ghi nhận, " +
        "đồng chí bỏ phiếu lại.",
      true,
    );
    draw(s);
    return;
  }
  s.busy = false;
  if (response.ok) {
    const receipt = await response.json();
    s.cast = receipt.tracker;
    s.built = null;
    s.phase = "cast";
    localStorage.setItem(storageKey(s), JSON.stringify({ tracker: receipt.tracker, at: Date.now() }));
    s.stored = receipt.tracker;
    if (receipt.tracker !== mine) {
      say(
        s,
        "Cảnh báo: mã theo dõi máy chủ trả về khác mã điện thoại đã tính. Hãy báo ngay Ban Kiểm phiếu.",
        true,
      );
    } else {
      say(s, "Mã theo dõi máy chủ trả về trùng với mã điện thoại đã hiển thị trước khi gửi.");
    }
    draw(s);
    refreshPage();
    return;
  }
  let problem = {};
  try {
    problem = await response.json();
  } catch {
    /* not problem+json */
  }
  const code = String(problem.type || "").split("/").pop() || problem.code;
  if (code === "already_voted") {
    s.built = null;
    s.phase = "idle";
    s.stored = storedTracker(s); // cast from another tab of this phone: its tracker is here
    say(s, ALREADY_VOTED, true);
    draw(s);
    refreshPage();
    return;
  }
  say(s, problem.detail || "Lỗi hệ thống, vui lòng thử lại sau.", true);
  if (code === "ballot_replayed") {
    s.built = null;
    s.phase = "idle"; // this ballot can never go in; a new encryption can
  }
  draw(s);
}

// ---- wiring -------------------------------------------------------------------------------

function storedTracker(s) {
  try {
    return JSON.parse(localStorage.getItem(storageKey(s)) || "null")?.tracker || "";
  } catch {
    return "";
  }
}

function stateOf(box) {
  const id = `${box.dataset.congress}/${box.dataset.poll}`;
  let s = polls.get(id);
  if (!s) {
    s = { congress: box.dataset.congress, poll: box.dataset.poll, phase: "idle", message: "" };
    s.stored = storedTracker(s);
    polls.set(id, s);
  }
  return s;
}

function update(box) {
  if (!box.dataset.congress || !box.dataset.poll) return;
  const s = stateOf(box);
  const before = [s.choice, s.problem, s.canCast].join("|");
  const moved = s.box !== box; // the page drew the box again: draw the panel into the new one
  s.box = box;
  s.choice = box.dataset.choice || "{}";
  s.problem = box.dataset.problem || "";
  s.canCast = box.dataset.canCast === "1";
  if (s.canCast && !s.loading) {
    s.loading = loadContext(s).then(
      (loaded) => {
        s.loaded = loaded;
        draw(s);
      },
      (error) => {
        say(s, `Không tải được khóa của cuộc bỏ phiếu: ${error.message}`, true);
        draw(s);
      },
    );
  }
  // A change of choices after the tracker was shown drops that ballot: a new one is encrypted.
  if (s.phase === "built" && s.built && s.built.choice !== s.choice) {
    s.built = null;
    s.phase = "idle";
  }
  const after = [s.choice, s.problem, s.canCast].join("|");
  if (moved || before !== after) draw(s);
}

function scan() {
  for (const box of document.querySelectorAll("[data-secret-ballot]")) {
    const s = polls.get(`${box.dataset.congress}/${box.dataset.poll}`);
    if (s?.drawing) continue;
    update(box);
  }
}

new MutationObserver(scan).observe(document.documentElement, {
  childList: true,
  subtree: true,
  attributes: true,
  attributeFilter: ["data-choice", "data-problem", "data-can-cast", "data-poll"],
});
scan();
