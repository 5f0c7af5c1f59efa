// The public board of a closed secret poll
// (/dai-hoi/[congress_id]/bieu-quyet/[poll_id]/bang-phieu; docs/ballots.md "The public board
// page"). The page renders a box [data-secret-board] with data-congress and data-poll and an
// empty [data-field="body"] that this script fills from GET …/secret-board: the poll, the board
// hash, "Tìm phiếu của tôi", the result, the partial decryptions, the key and its trustees,
// the ballot script's hash, the trackers and the voters a page at a time (a thousand rows
// drawn at once would weigh on a cheap phone), the encrypted sums, and the JSON to download
// for `dangbo congress verify-tally` or any other verifier.

const PAGE = 50;
const KINDS = {
  bieu_quyet: "Biểu quyết",
  bau_cu_so_du: "Bầu cử có số dư (gạch tên)",
  bau_cu_khong_so_du: "Bầu cử không có số dư",
};
const CHOICES = {
  tan_thanh: "Tán thành",
  khong_tan_thanh: "Không tán thành",
  khong_bieu_quyet: "Không biểu quyết",
};

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "class") node.className = value;
    else if (key === "data") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

const groups = (hex) => hex.match(/.{1,4}/g).join(" ");
// As the members read it aloud: the first 32 hex digits in eight groups (kiem-phieu-kin.js).
const spoken = (hex) => groups(hex.slice(0, 32));
const hexLine = (hex) => el("p", { class: "dangbo-kin-hex" }, hex);

function section(title, ...children) {
  return el("section", { class: "dangbo-kin-section" }, el("h2", {}, title), ...children);
}

function facts(rows) {
  return el(
    "dl",
    { class: "dangbo-kin-facts" },
    ...rows.flatMap(([term, value]) => [el("dt", {}, term), el("dd", {}, String(value))]),
  );
}

// A long list shown PAGE rows at a time, with "Trước" / "Sau" and where we are.
function pagedList(label, items, render) {
  const list = el("ol", { class: "dangbo-kin-list" });
  const where = el("p", { class: "dangbo-kin-note", role: "status" });
  const back = el("button", { type: "button", class: "dangbo-button dangbo-button-soft" }, "Trước");
  const next = el("button", { type: "button", class: "dangbo-button dangbo-button-soft" }, "Sau");
  let start = 0;
  const draw = () => {
    const end = Math.min(start + PAGE, items.length);
    list.start = start + 1;
    list.replaceChildren(...items.slice(start, end).map((item) => el("li", {}, render(item))));
    where.textContent = items.length
      ? `${label} ${start + 1}–${end} trên ${items.length}`
      : `Không có ${label.toLowerCase()} nào.`;
    back.disabled = start === 0;
    next.disabled = end >= items.length;
  };
  back.addEventListener("click", () => {
    start = Math.max(0, start - PAGE);
    draw();
  });
  next.addEventListener("click", () => {
    start += PAGE;
    draw();
  });
  draw();
  const pager = items.length > PAGE ? el("div", { class: "dangbo-kin-pager" }, back, next) : null;
  return el("div", {}, where, list, pager);
}

function search(trackers) {
  const known = new Set(trackers);
  const input = el("input", {
    id: "tracker-search",
    class: "dangbo-input dangbo-kin-hexinput",
    autocomplete: "off",
    spellcheck: "false",
    inputmode: "text",
    placeholder: "Dán hoặc nhập mã phiếu (64 ký tự)",
  });
  const answer = el("p", { class: "dangbo-kin-answer", role: "status" });
  const label = el("label", { for: "tracker-search", class: "dangbo-field-label" }, "Mã phiếu");
  const form = el(
    "form",
    {
      class: "dangbo-kin-search",
      onsubmit: (event) => {
        event.preventDefault();
        const wanted = input.value.replace(/\s+/g, "").toLowerCase();
        if (!/^[0-9a-f]{64}$/.test(wanted)) {
          answer.dataset.tone = "warning";
          answer.textContent =
            "Mã phiếu gồm 64 chữ số hệ mười sáu (0–9, a–f); hãy dán đúng mã điện thoại đã hiện khi bỏ phiếu.";
          return;
        }
        const found = known.has(wanted);
        answer.dataset.tone = found ? "done" : "error";
        answer.textContent = found
          ? `Tìm thấy: phiếu ${groups(wanted).slice(0, 19)}… có trên bảng phiếu và đã được tính.`
          : "Không tìm thấy phiếu này trên bảng. Nếu đây đúng là mã phiếu của đồng chí, hãy báo ngay cho Ban Kiểm phiếu.";
      },
    },
    label,
    input,
    el("button", { type: "submit", class: "dangbo-button" }, "Tìm phiếu"),
    answer,
  );
  return section("Tìm phiếu của tôi", form);
}

function resultSection(document_) {
  const { result, poll, board } = document_;
  const need = board.key.threshold;
  const have = document_.partial_decryptions.length;
  if (!result) {
    return section(
      "Kết quả",
      el(
        "p",
        { class: "dangbo-kin-note" },
        `Chưa có kết quả: đã có ${have}/${need} phần giải mã cần thiết của Ban Kiểm phiếu.`,
      ),
    );
  }
  const rows =
    poll.kind === "bieu_quyet"
      ? result.choices.map((c) => [CHOICES[c.choice] || c.label, `${c.votes} phiếu`])
      : result.candidates.map((c) => [
          c.name,
          (poll.kind === "bau_cu_khong_so_du"
            ? `${c.votes} đồng ý, ${c.against} không đồng ý`
            : `${c.votes} phiếu`) + (c.elected ? " — trúng cử" : c.tied ? " — bằng phiếu" : ""),
        ]);
  const verdict =
    poll.kind === "bieu_quyet"
      ? result.passed
        ? "Được thông qua"
        : "Không được thông qua"
      : `Trúng cử ${result.elected.length}/${poll.seats} người`;
  const t = result.total;
  return section(
    "Kết quả (phiếu kín điện tử và phiếu giấy)",
    el("p", { class: "dangbo-kin-verdict", id: "board-verdict" }, verdict),
    facts(rows),
    el(
      "p",
      { class: "dangbo-kin-note" },
      `Phát ra ${t.issued}, thu về ${t.received}, hợp lệ ${t.valid}, không hợp lệ ${t.invalid}; ` +
        `quá bán từ ${result.majority} phiếu (trên ${result.base} đại biểu).` +
        (document_.paper ? ` Trong đó phiếu giấy: ${document_.paper.valid} phiếu hợp lệ.` : ""),
    ),
  );
}

function render(body, document_, api) {
  const board = document_.board;
  const key = board.key;
  const trackers = board.ballots.map((b) => b.tracker);
  const file = `bang-phieu-kin-${board.context.election_id}-${board.context.poll_id}.json`;
  body.replaceChildren(
    section(
      "Cuộc bỏ phiếu",
      facts([
        ["Nội dung", board.context.question],
        ["Hình thức", KINDS[board.context.kind] || board.context.kind],
        ["Số được bầu", board.context.seats],
        ["Số phiếu kín điện tử", board.ballots.length],
        ["Số đại biểu bỏ phiếu điện tử", board.voters.length],
      ]),
    ),
    section(
      "Mã băm của bảng phiếu",
      el("p", { class: "dangbo-kin-hash", id: "board-hash" }, spoken(document_.board_hash)),
      hexLine(`Đầy đủ: ${document_.board_hash}`),
      el(
        "p",
        { class: "dangbo-kin-note" },
        "Mọi phần giải mã đều gắn với mã băm này; Ban Kiểm phiếu đã đọc to và so với nhau trước khi giải mã.",
      ),
    ),
    search(trackers),
    resultSection(document_),
    section(
      "Phần giải mã của Ban Kiểm phiếu",
      document_.partial_decryptions.length
        ? el(
            "ul",
            { class: "dangbo-kin-list" },
            ...document_.partial_decryptions.map((p) =>
              el("li", {}, `Thành viên số ${p.x}: ${p.d.length} phần giải mã, kèm bằng chứng`),
            ),
          )
        : el("p", { class: "dangbo-kin-note" }, "Chưa thành viên nào gửi phần giải mã."),
    ),
    section(
      "Khóa của cuộc bỏ phiếu",
      facts([
        ["Cần", `${key.threshold} trên ${key.trustees.length} thành viên Ban Kiểm phiếu`],
        ["Khóa công khai", key.public_key],
      ]),
      el(
        "ul",
        { class: "dangbo-kin-list" },
        ...key.trustees.map((t) => el("li", {}, `Thành viên số ${t.x}: `, hexLine(t.public))),
      ),
      el("p", { class: "dangbo-kin-note" }, "Dấu vân tay lễ tạo khóa:"),
      hexLine(key.fingerprint),
    ),
    section(
      "Mã nguồn tạo phiếu",
      el(
        "p",
        { class: "dangbo-kin-note" },
        "SHA-256 của các tệp /phieu-kin/*.js đã phục vụ khi bỏ phiếu, để so với mã nguồn công bố:",
      ),
      hexLine(board.ballot_script_sha256),
    ),
    section(
      "Các phiếu kín (mã phiếu)",
      pagedList("Phiếu", trackers, (t) => el("span", { class: "dangbo-kin-hex" }, t)),
    ),
    section(
      "Đại biểu đã bỏ phiếu điện tử",
      el(
        "p",
        { class: "dangbo-kin-note" },
        "Xếp theo tên, không theo thứ tự bỏ phiếu; không gắn với phiếu nào.",
      ),
      pagedList("Đại biểu", board.voters, (name) => name),
    ),
    section(
      "Tải bảng phiếu",
      el(
        "p",
        { class: "dangbo-kin-note" },
        "Ai cũng kiểm tra lại được toàn bộ: dangbo congress verify-tally TỆP.json",
      ),
      el("a", { href: `${api}/secret-board`, download: file, class: "dangbo-kin-link" }, "Tải bảng phiếu (JSON)"),
    ),
  );
}

async function show(box) {
  const body = box.querySelector('[data-field="body"]');
  const status = box.querySelector('[data-field="status"]');
  const api = `/api/congresses/${box.dataset.congress}/polls/${box.dataset.poll}`;
  try {
    const response = await fetch(`${api}/secret-board`, {
      credentials: "same-origin",
      cache: "no-store",
    });
    if (!response.ok) {
      let detail = "Lỗi hệ thống, vui lòng thử lại sau.";
      try {
        detail = (await response.json()).detail || detail;
      } catch {
        /* not problem+json */
      }
      status.dataset.tone = "warning";
      status.textContent = detail;
      return;
    }
    status.textContent = "";
    render(body, await response.json(), api);
  } catch (error) {
    status.dataset.tone = "error";
    status.textContent = `Không tải được bảng phiếu: ${error.message}`;
  }
}

const started = new WeakSet();
function scan() {
  for (const box of document.querySelectorAll("[data-secret-board]")) {
    if (started.has(box) || !box.dataset.congress || !box.dataset.poll) continue;
    started.add(box);
    show(box);
  }
}
new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true });
scan();
