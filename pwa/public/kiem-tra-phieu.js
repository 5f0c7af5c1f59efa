// /kiem-tra-phieu.html: checks a checked (Benaloh) ballot's file with the browser's own core
// (phieu-kin/reveal-check.js), and shows the SHA-256 of the ballot scripts as the board's
// `ballot_script_sha256` computes it (backend/ballots/board_document.py script_hash).
import { documentOf, verify } from "/phieu-kin/reveal-check.js";

// Every file of /phieu-kin/, by name (tests/unit/test_reveal_check_js.py keeps it whole).
export const BALLOT_SCRIPTS = [
  "backup.js",
  "ballot.js",
  "bo-phieu.js",
  "ceremony.js",
  "context.js",
  "device-store.js",
  "elgamal.js",
  "errors.js",
  "group.js",
  "hashing.js",
  "proofs.js",
  "reveal-check.js",
  "tally.js",
];

const hex = (buffer) =>
  Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");

async function scriptsHash() {
  const encoder = new TextEncoder();
  let lines = "";
  for (const name of BALLOT_SCRIPTS) {
    const response = await fetch(`/phieu-kin/${name}`, { cache: "no-store" });
    if (!response.ok) throw new Error(name);
    const digest = await crypto.subtle.digest("SHA-256", await response.arrayBuffer());
    lines += `${name}\0${hex(digest)}\n`;
  }
  return hex(await crypto.subtle.digest("SHA-256", encoder.encode(lines)));
}

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function show(verdict) {
  const result = document.getElementById("reveal-result");
  const ok = verdict.failures.length === 0;
  const parts = [element("p", ok ? "ĐẠT" : "KHÔNG ĐẠT", `verdict ${ok ? "ok" : "bad"}`)];
  for (const failure of verdict.failures) parts.push(element("p", failure));
  if (verdict.context) {
    const facts = element("ul");
    const { context } = verdict;
    facts.append(element("li", `Cuộc bỏ phiếu: ${context.question}`));
    facts.append(element("li", `Mã bối cảnh: ${hex(context.hash)}`, "mono"));
    if (verdict.tracker) facts.append(element("li", `Mã theo dõi: ${verdict.tracker}`, "mono"));
    parts.push(facts);
  }
  if (verdict.lines.length) {
    parts.push(element("p", "Phiếu này mang các lựa chọn:"));
    const list = element("ul");
    for (const line of verdict.lines) list.append(element("li", line));
    parts.push(list);
  }
  result.replaceChildren(...parts);
}

async function check() {
  const file = document.getElementById("reveal-file").files[0];
  const pasted = document.getElementById("reveal-text").value;
  const tracker = document.getElementById("reveal-tracker").value.trim() || null;
  const text = file ? await file.text() : pasted;
  if (!text.trim()) {
    show({ failures: ["Hãy chọn tệp kiểm tra hoặc dán nội dung của nó."], lines: [] });
    return;
  }
  let parsed;
  try {
    parsed = documentOf(text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? "nội dung không phải JSON" : error.message;
    show({ failures: [`Không đọc được tệp: ${reason}.`], lines: [] });
    return;
  }
  show(verify(parsed, tracker));
}

document.getElementById("reveal-file").addEventListener("change", (event) => {
  const [file] = event.target.files;
  document.getElementById("reveal-file-name").textContent = file ? file.name : "Chưa chọn tệp nào.";
});
document.getElementById("reveal-check").addEventListener("click", () => {
  check().catch((error) => show({ failures: [`Lỗi khi kiểm tra: ${error.message}`], lines: [] }));
});
scriptsHash().then(
  (digest) => {
    document.getElementById("scripts-hash").textContent = digest;
  },
  () => {
    document.getElementById("scripts-hash").textContent =
      "Không tải được tập lệnh để tính mã (cần kết nối tới máy chủ đã phục vụ trang này).";
  },
);
