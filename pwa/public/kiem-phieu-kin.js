// The counting-board member's screen of a secret poll
// (/dai-hoi/[congress_id]/bieu-quyet/[poll_id]/kiem-phieu; docs/ballots.md "The board member's
// screen"). The page renders, once, a box [data-secret-tally] with data-congress and data-poll,
// and inside it empty elements named by data-field that this script fills:
//   status   – what is happening, or what stops the member (role=status)
//   progress – how many ballots this device has checked
//   hash     – the frozen board's hash, its first 32 hex digits in groups, to read aloud
//   hash-full – the whole hash, small
//   checks   – the checks made at close, one line each
//   actions  – the one button: send my partial decryption
//   tally    – how many partial decryptions are in, then the result's link
// The checks and the decryption run in a module worker (/kiem-phieu-kin-worker.js); the share
// comes from this device's store (/phieu-kin/device-store.js), never from the server.
import { decryptedBefore, loadShare, markDecrypted } from "/phieu-kin/device-store.js";

const FOLLOW_EVERY_MS = 4000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class Refused extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

async function getJSON(url) {
  const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
  if (!response.ok) {
    let detail = "Lỗi hệ thống, vui lòng thử lại sau.";
    try {
      detail = (await response.json()).detail || detail;
    } catch {
      /* not problem+json */
    }
    throw new Refused(response.status, detail);
  }
  return response.json();
}

// The hash as it is read aloud: its first 32 hex digits (128 bits) in eight groups of four,
// as the key ceremony's fingerprint is read (docs/ballots.md §13).
export const spoken = (hex) => hex.slice(0, 32).match(/.{4}/g).join(" ");

function startWorker() {
  const worker = new Worker("/kiem-phieu-kin-worker.js", { type: "module" });
  const waiting = new Map();
  let next = 0;
  worker.onmessage = (event) => {
    const { id, ...answer } = event.data;
    const settle = waiting.get(id);
    waiting.delete(id);
    if (answer.error) settle.reject(new Error(answer.error));
    else settle.resolve(answer);
  };
  const ask = (type, data) =>
    new Promise((resolve, reject) => {
      next += 1;
      waiting.set(next, { resolve, reject });
      worker.postMessage({ id: next, type, ...data });
    });
  return { ask, stop: () => worker.terminate() };
}

function screen(box) {
  const field = (name) => box.querySelector(`[data-field="${name}"]`);
  const set = (name, text) => {
    const el = field(name);
    if (el) el.textContent = text;
  };
  const tone = (kind) => {
    const el = field("status");
    if (el) el.dataset.tone = kind;
  };
  return { field, set, tone };
}

async function run(box) {
  const congress = box.dataset.congress;
  const poll = box.dataset.poll;
  const api = `/api/congresses/${congress}/polls/${poll}`;
  const { field, set, tone } = screen(box);
  const worker = startWorker();
  const alive = () => box.isConnected;
  try {
    const me = await getJSON("/api/me");
    const share = await loadShare(congress, poll, me.id);
    // 1. While the poll is open: check each ballot as it lands.
    set("status", "Đang theo dõi và kiểm tra các phiếu kín khi đại biểu bỏ phiếu…");
    let after = 0;
    let count = 0;
    const failures = [];
    let first = true;
    for (;;) {
      if (!alive()) return;
      const feed = await getJSON(`${api}/secret-ballots?after=${after}`);
      if (feed.frozen) break; // what remains is checked on the frozen board
      if (first) {
        const { ok } = await worker.ask("context", {
          context: feed.context,
          contextHash: feed.context_hash,
        });
        if (!ok) failures.push("Mã băm thông tin cuộc bỏ phiếu do máy chủ gửi không khớp.");
        first = false;
      }
      if (feed.ballots.length) {
        const answer = await worker.ask("ballots", { ballots: feed.ballots });
        count += answer.checked;
        failures.push(...answer.failures);
        after = feed.ballots[feed.ballots.length - 1].seq;
      }
      set(
        "progress",
        `Máy này đã kiểm tra ${count} phiếu kín` +
          (failures.length ? `, ${failures.length} phiếu sai.` : ", tất cả hợp lệ."),
      );
      if (feed.more) continue;
      await sleep(FOLLOW_EVERY_MS);
    }
    // 2. At close: the frozen board, its hash to compare aloud, the checks.
    set("status", "Cuộc bỏ phiếu đã kết thúc. Đang kiểm tra bảng phiếu…");
    const published = await getJSON(`${api}/secret-board`);
    set("hash", spoken(published.board_hash));
    set("hash-full", `Đầy đủ: ${published.board_hash}`);
    const checked = await worker.ask("board", { document: published });
    set("progress", `Máy này đã kiểm tra ${checked.ballots} phiếu kín trên bảng phiếu.`);
    const lines = [
      `Mã băm bảng phiếu do máy này tính lại: ${checked.boardHash === published.board_hash ? "khớp" : "KHÔNG khớp"}.`,
      `${checked.ballots} phiếu trên bảng, ${checked.voters} đại biểu đã bỏ phiếu điện tử.`,
      `Bằng chứng của từng phiếu: đã kiểm tra (${checked.ballots - checked.fresh} trong lúc bỏ phiếu, ${checked.fresh} lúc kết thúc).`,
      "Không bản mã nào lặp lại; tổng mã hóa do máy này tự cộng lại.",
    ];
    const list = field("checks");
    if (list) {
      list.replaceChildren(
        ...(checked.failures.length ? checked.failures : lines).map((text) => {
          const item = document.createElement("li");
          item.textContent = text;
          return item;
        }),
      );
    }
    const tally = await getJSON(`${api}/tally`);
    if (checked.failures.length) {
      tone("error");
      set(
        "status",
        "Bảng phiếu KHÔNG qua kiểm tra (xem từng lỗi bên dưới). Không gửi phần giải mã; báo " +
          "ngay cho Đoàn Chủ tịch và các thành viên Ban Kiểm phiếu.",
      );
      return;
    }
    // 3. The member's partial decryption, once per device.
    const before = await decryptedBefore(congress, poll, me.id);
    const done = (text) => {
      tone("done");
      set("status", `Bảng phiếu đã qua kiểm tra. ${text}`);
    };
    if (tally.member === null) {
      done("Đồng chí không giữ phần khóa của cuộc bỏ phiếu này nên không giải mã.");
    } else if (before || tally.decrypted_by.includes(tally.member)) {
      done(
        `Đồng chí (thành viên số ${tally.member}) đã gửi phần giải mã cho cuộc bỏ phiếu ` +
          "này; mỗi thành viên chỉ giải mã một lần.",
      );
    } else if (tally.counts) {
      done("Kết quả đã được giải mã đủ, không cần thêm phần giải mã.");
    } else if (!share) {
      tone("warning");
      set(
        "status",
        "Bảng phiếu đã qua kiểm tra, nhưng thiết bị này không giữ phần khóa của đồng chí cho " +
          "cuộc bỏ phiếu này. Hãy khôi phục phần khóa từ bản sao lưu (trang Lễ tạo khóa, mục " +
          "Khôi phục phần khóa) trên thiết bị này rồi mở lại trang này.",
      );
    } else if (!tally.actions.includes("decrypt")) {
      done("Máy chủ không nhận thêm phần giải mã của đồng chí cho cuộc bỏ phiếu này.");
    } else {
      tone("ready");
      set(
        "status",
        "Bảng phiếu đã qua kiểm tra. Đọc to mã băm bên dưới và so với các thành viên khác; " +
          "khớp rồi mới gửi phần giải mã.",
      );
      // Not awaited: the count of partial decryptions keeps moving while the button waits.
      offerDecryption({ box, api, congress, poll, me, share, published, worker });
    }
    await followTally(box, api, tally);
  } catch (error) {
    tone("error");
    set("status", error instanceof Refused ? error.message : `Có lỗi: ${error.message}`);
  }
}

function offerDecryption({ box, api, congress, poll, me, share, published, worker }) {
  const { field, set, tone } = screen(box);
  return new Promise((resolve) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "dangbo-button";
    button.textContent = "Gửi phần giải mã của tôi";
    button.addEventListener("click", async () => {
      button.disabled = true;
      set("status", "Đang tính phần giải mã các tổng (không giải mã phiếu nào riêng lẻ)…");
      try {
        const made = await worker.ask("decrypt", {
          share: share.share,
          x: share.x,
          electionKey: share.election_key,
        });
        if (made.failure) throw new Error(made.failure);
        await window.dangbo.post(`${api}/tally/partials`, made.partial);
        await markDecrypted(congress, poll, me.id, share.ceremony_id, published.board_hash);
        tone("done");
        set("status", `Đã gửi phần giải mã của đồng chí (thành viên số ${share.x}).`);
        button.remove();
        resolve();
      } catch (error) {
        tone("error");
        set("status", `Không gửi được phần giải mã: ${error.message}`);
        button.disabled = false;
      }
    });
    field("actions")?.replaceChildren(button);
  });
}

// How many partial decryptions are in; once k, the result is on the poll's page.
async function followTally(box, api, tally) {
  const { field, set } = screen(box);
  let state = tally;
  while (box.isConnected) {
    if (state.counts) {
      set("tally", `Đã đủ ${state.decrypted_by.length}/${state.threshold} phần giải mã: đã có kết quả.`);
      const link = document.createElement("a");
      link.href = `/dai-hoi/${box.dataset.congress}/bieu-quyet/${box.dataset.poll}`;
      link.textContent = "Xem kết quả cuộc bỏ phiếu";
      link.className = "dangbo-kin-link";
      field("actions")?.replaceChildren(link);
      return;
    }
    set(
      "tally",
      `Đã có ${state.decrypted_by.length}/${state.threshold} phần giải mã cần thiết; đang chờ ` +
        "các thành viên khác.",
    );
    await sleep(FOLLOW_EVERY_MS);
    state = await getJSON(`${api}/tally`);
  }
}

const started = new WeakSet();
function scan() {
  for (const box of document.querySelectorAll("[data-secret-tally]")) {
    if (started.has(box) || !box.dataset.congress || !box.dataset.poll) continue;
    started.add(box);
    run(box);
  }
}
new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true });
scan();
