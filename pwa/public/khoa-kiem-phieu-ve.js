// The drawing of the key ceremony's screen (khoa-kiem-phieu.js): the progress, the start form,
// the member's step with the buttons his ``actions`` allow, the fingerprint this device computed.
import { bytesToHex } from "/phieu-kin/group.js";
import * as ceremony from "/phieu-kin/ceremony.js";
import { backupPanel, restorePanel } from "/khoa-kiem-phieu-sao-luu.js";
import { el } from "/khoa-kiem-phieu-dom.js";

const STEP_WORDS = (m) =>
  m.confirmed
    ? "đã xác nhận"
    : m.shares_sent
      ? "đã gửi phần khóa"
      : m.commitments.length
        ? "đã công bố cam kết"
        : "chưa công bố cam kết";

export function progressParts(screen) {
  const detail = screen.state.ceremony;
  const parts = [];
  if (!detail) {
    parts.push(
      screen.card("Tiến trình", el("p", {}, "Chưa bắt đầu tạo khóa cho cuộc bỏ phiếu này.")),
    );
  } else {
    // A member's own step (and the fingerprint to read aloud) first, then the board's progress.
    if (detail.me != null && !["thay_the", "dung"].includes(detail.status)) {
      parts.push(...memberParts(screen, detail));
    }
    parts.push(statusCard(screen, detail));
  }
  if (screen.can("start")) parts.push(startCard(screen, detail));
  if (detail?.status === "hoan_tat" && screen.member()) {
    parts.push(restorePanel(screen));
  }
  return parts;
}

function statusCard(screen, detail) {
  const lines = [
    el("p", { "data-ceremony-status": detail.status }, el("strong", {}, detail.status_label)),
    el("p", {}, `Cần ${detail.threshold} trong ${detail.size} thành viên để giải mã kết quả.`),
    el(
      "ul",
      { class: "dangbo-ceremony-members" },
      ...detail.members.map((m) => el("li", {}, `Số ${m.x} — ${m.full_name}: ${STEP_WORDS(m)}`)),
    ),
  ];
  if (detail.status === "hoan_tat") {
    lines.push(el("p", { class: "ok" }, "Khóa đã sẵn sàng: cuộc bỏ phiếu có thể mở."));
  }
  if (detail.status === "dung") {
    lines.push(
      el(
        "p",
        { class: "alert" },
        "Ban Kiểm phiếu còn dưới ba thành viên: bổ sung Ban rồi bắt đầu lại.",
      ),
    );
  }
  if (detail.fingerprint_groups.length && detail.me == null) {
    lines.push(fingerprintBox(detail.fingerprint_groups, "Dấu vân tay (theo máy chủ)"));
  }
  return screen.card("Tiến trình", ...lines);
}

function startCard(screen, detail) {
  const form = screen.keep("start", () => {
    const select = el(
      "select",
      { id: "ceremony-threshold", class: "dangbo-select" },
      el("option", { value: "" }, "Mặc định (quá nửa số thành viên)"),
      ...[2, 3, 4, 5].map((k) => el("option", { value: String(k) }, `${k} thành viên`)),
    );
    return el(
      "div",
      {},
      el(
        "label",
        { for: "ceremony-threshold", class: "dangbo-field-label" },
        "Số thành viên cần để giải mã",
      ),
      select,
    );
  });
  const label = detail && detail.status !== "dung" ? "Bắt đầu lại" : "Bắt đầu tạo khóa";
  const note = detail
    ? "Bắt đầu lại khi một thành viên mất thiết bị hoặc không trả lời: mọi việc đã làm của lượt này bị bỏ."
    : "Các thành viên Ban Kiểm phiếu cùng tạo khóa trên điện thoại của mình; không ai, kể cả máy chủ, giữ cả khóa.";
  return screen.card(
    label,
    el("p", {}, note),
    form,
    screen.button(label, () => {
      const value = form.querySelector("select").value;
      screen.start(value ? Number(value) : null);
    }),
  );
}

function memberParts(screen, detail) {
  const me = screen.member();
  const own = screen.secrets();
  const mine = [];
  const title = `Phần việc của bạn (thành viên số ${me.x})`;
  if (detail.status === "hoan_tat") return [fingerprintCard(screen, detail, true)];
  if (screen.can("commit")) {
    mine.push(
      el("p", {}, "Điện thoại của bạn tạo phần khóa bí mật; chỉ phần công khai được gửi đi."),
      screen.button("Tạo và công bố phần khóa của tôi", () => screen.commit()),
    );
    return [screen.card(title, ...mine)];
  }
  if (!own && !(screen.record?.ceremony_id === detail.ceremony_id && screen.record.share)) {
    mine.push(
      el(
        "p",
        { class: "alert" },
        "Thiết bị này không giữ phần bí mật của lượt tạo khóa này. Hãy dùng thiết bị đã công bố cam kết, hoặc đề nghị Đoàn Chủ tịch bắt đầu lại.",
      ),
    );
    return [screen.card(title, ...mine)];
  }
  if (screen.can("send_shares")) {
    mine.push(screen.button("Gửi phần khóa cho các thành viên khác", () => screen.sendShares()));
  } else if (detail.status === "cam_ket" || detail.status === "gui_phan_khoa") {
    mine.push(el("p", {}, "Đã xong bước này. Đang chờ các thành viên khác…"));
  }
  const parts = [];
  if (detail.status === "kiem_tra" || detail.status === "hoan_tat") {
    mine.push(...checkingParts(screen, detail));
    parts.push(fingerprintCard(screen, detail));
  }
  if (mine.length) parts.unshift(screen.card(title, ...mine));
  if (screen.can("confirm") && ready(screen, detail)) parts.push(backupPanel(screen));
  return parts;
}

/** The shares are all in, this device's fingerprint is the server's, no complaint waits. */
function ready(screen, detail) {
  return (
    screen.checked &&
    !screen.checked.bad.length &&
    screen.record?.share &&
    screen.record.fingerprint === detail.fingerprint &&
    !detail.complaints.some((c) => c.verdict === "cho_tra_loi")
  );
}

function checkingParts(screen, detail) {
  const out = [];
  for (const c of detail.complaints.filter((c) => c.verdict === "cho_tra_loi")) {
    if (c.accused === detail.me && screen.can("reveal")) {
      out.push(
        el("p", { class: "alert" }, `Thành viên số ${c.accuser} khiếu nại phần khóa bạn gửi.`),
        screen.button(`Công bố phần khóa đã gửi cho thành viên số ${c.accuser}`, () =>
          screen.reveal(c.accuser),
        ),
      );
    } else {
      out.push(
        el(
          "p",
          {},
          `Thành viên số ${c.accuser} khiếu nại thành viên số ${c.accused}: chờ trả lời; chưa ai xác nhận được.`,
        ),
      );
    }
  }
  const pending = (x) =>
    detail.complaints.some(
      (c) => c.accuser === detail.me && c.accused === x && c.verdict === "cho_tra_loi",
    );
  for (const x of screen.checked?.bad || []) {
    if (pending(x)) continue;
    out.push(el("p", { class: "alert" }, `Phần khóa thành viên số ${x} gửi cho bạn không đúng.`));
    if (screen.can("complain"))
      out.push(screen.button(`Khiếu nại thành viên số ${x}`, () => screen.complain(x)));
  }
  const me = screen.member();
  if (me.confirmed) {
    out.push(
      el(
        "p",
        { class: "ok" },
        detail.status === "hoan_tat"
          ? "Bạn đã xác nhận. Phần khóa của bạn được giữ trên thiết bị này."
          : "Bạn đã xác nhận. Đang chờ các thành viên khác…",
      ),
    );
  }
  return out;
}

function fingerprintCard(screen, detail, done = false) {
  if (!done && !screen.record?.fingerprint && !screen.checked) {
    return screen.card(
      "Dấu vân tay của lễ tạo khóa",
      el("p", {}, "Đang kiểm tra phần khóa nhận được…"),
    );
  }
  const print = ceremony.fingerprint(detail);
  const groups = ceremony.fingerprintGroups(print);
  const same = bytesToHex(print) === detail.fingerprint;
  return screen.card(
    "Dấu vân tay của lễ tạo khóa",
    el("p", {}, "Đọc to và so với các thành viên khác: phải giống hệt nhau."),
    fingerprintBox(groups, "Dấu vân tay do thiết bị này tính"),
    same
      ? el("p", {}, "Khớp với dấu vân tay của máy chủ.")
      : el(
          "p",
          { class: "alert", role: "alert" },
          "Dấu vân tay thiết bị này tính khác với máy chủ. Đừng xác nhận; báo ngay cho Đoàn Chủ tịch.",
        ),
  );
}

function fingerprintBox(groups, label) {
  return el(
    "div",
    {
      class: "dangbo-fingerprint",
      "data-fingerprint": groups.join(" "),
      role: "group",
      "aria-label": label,
    },
    ...groups.map((g) => el("span", {}, g)),
  );
}
