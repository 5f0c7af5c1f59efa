// Checking a checked (Benaloh) ballot's file on any device: the same checks and words as
// `dangbo congress verify-ballot` (backend/ballots/verify_ballot.py), written again on the
// browser's core, so that the phone that made the ballot is checked by code it did not run
// (docs/ballots.md §10 "The checked ballot's file"). Used by /kiem-tra-phieu.html and by Node.
import { verifyReveal } from "./ballot.js";
import { PollContext } from "./context.js";
import { BallotCryptoError } from "./errors.js";
import { bytesToHex, encodePoint } from "./group.js";

export const SCHEMA = "dangbo/ballots/reveal/v1";
export const QR_PREFIX = "dangbo-phieu";
const QR_LINE = new RegExp(`^${QR_PREFIX}:(\\d+)/(\\d+):(.*)$`);
const RESOLUTION = {
  tan_thanh: "Tán thành",
  khong_tan_thanh: "Không tán thành",
  khong_bieu_quyet: "Không biểu quyết",
};

// The Vietnamese sentences of the codes a reveal can fail with (the same as errors.py's).
export const MESSAGES = {
  bad_encoding:
    "Dữ liệu mã hoá không đúng định dạng (cần 64 chữ số thập lục phân viết thường).",
  non_canonical_scalar:
    "Một số vô hướng không ở dạng chuẩn (phải nhỏ hơn bậc của nhóm).",
  bad_point:
    "Một điểm của đường cong không hợp lệ, không thuộc nhóm con cấp nguyên tố hoặc là phần tử đơn vị.",
  wrong_shape:
    "Phiếu không đúng cấu trúc (số bản mã hoặc số chứng minh không khớp với cuộc bỏ phiếu).",
  bad_choice:
    "Lựa chọn trên phiếu không hợp lệ theo quy tắc của cuộc bỏ phiếu.",
  bad_bit_proof:
    "Chứng minh rằng một ô của phiếu chỉ mang giá trị 0 hoặc 1 không hợp lệ.",
  bad_range_proof:
    "Chứng minh về số lựa chọn trên phiếu không hợp lệ.",
  bad_reveal:
    "Phiếu kiểm tra không khớp với các lựa chọn và số ngẫu nhiên đã công bố.",
};

/** The file's JSON, from the file itself or from its QR codes' texts (one per line, any order). */
export function documentOf(text) {
  let body = text.trim();
  if (body.startsWith(`${QR_PREFIX}:`)) {
    const parts = new Map();
    const counts = new Set();
    for (const line of body.split(/\r?\n/)) {
      if (!line.trim()) continue;
      const found = QR_LINE.exec(line.trim());
      if (!found) throw new Error("một dòng không phải nội dung mã QR của phiếu kiểm tra");
      parts.set(Number(found[1]), found[3]);
      counts.add(Number(found[2]));
    }
    const [n] = counts;
    const whole = counts.size === 1 && parts.size === n;
    if (!whole || ![...parts.keys()].every((i) => i >= 1 && i <= n)) {
      throw new Error("thiếu hoặc thừa mã QR: cần đủ mọi mã 1…n của cùng một phiếu");
    }
    body = Array.from({ length: n }, (_, i) => parts.get(i + 1)).join("");
  }
  const document = JSON.parse(body);
  if (document === null || typeof document !== "object" || Array.isArray(document)) {
    throw new Error("tệp không phải một đối tượng JSON");
  }
  return document;
}

const nameOf = (choice) => (choice.includes(" ") ? choice.slice(choice.indexOf(" ") + 1) : choice);

/** The choices a ballot held, in words (as verify_ballot.describe). */
export function describe(context, bits) {
  if (context.kind === "bieu_quyet") {
    const chosen = context.choices.filter((_, i) => bits[i]).map((c) => RESOLUTION[c] ?? c);
    return [`Lựa chọn: ${chosen.join(", ") || "không có"}`];
  }
  if (context.kind === "bau_cu_so_du") {
    return context.choices.map((c, i) => `${nameOf(c)}: ${bits[i] ? "giữ lại" : "gạch tên"}`);
  }
  return context.choices.map((c, i) => {
    const [agree, disagree] = [bits[2 * i], bits[2 * i + 1]];
    return `${nameOf(c)}: ${agree ? "Đồng ý" : disagree ? "Không đồng ý" : "không chọn"}`;
  });
}

/** What to compare with the published board: the poll, its key and its context hash. */
export function describeContext(context) {
  return [
    `Cuộc bỏ phiếu: ${context.question} (đại hội ${context.electionId}, số ${context.pollId})`,
    `Khóa của Ban Kiểm phiếu: ${encodePoint(context.publicKey)}`,
    `Mã bối cảnh (so với context_hash trên bảng phiếu): ${bytesToHex(context.hash)}`,
  ];
}

/** {failures, lines, tracker, context}: no failure means the file is sound. ``tracker``
 * (optional) is the one the phone showed. */
export function verify(document, tracker = null) {
  const verdict = { failures: [], lines: [], tracker: "", context: null };
  const keys = Object.keys(document).sort().join(",");
  if (document.schema !== SCHEMA || keys !== "context,reveal,schema") {
    verdict.failures.push(`Tệp không theo mẫu ${SCHEMA} (schema, context, reveal).`);
    return verdict;
  }
  let context;
  try {
    const data = document.context;
    const texts = [data.election_id, data.poll_id, data.question];
    if (!Number.isInteger(data.seats) || !texts.every((x) => typeof x === "string")) {
      throw new TypeError("context");
    }
    context = PollContext.fromJSON(data);
  } catch {
    verdict.failures.push("Thông tin cuộc bỏ phiếu (context) trong tệp không hợp lệ.");
    return verdict;
  }
  verdict.context = context;
  let bits;
  try {
    bits = verifyReveal(context, document.reveal);
  } catch (error) {
    const code = error instanceof BallotCryptoError ? error.code : "wrong_shape";
    verdict.failures.push(`Phiếu kiểm tra không đạt (${code}): ${MESSAGES[code] ?? ""}`);
    return verdict;
  }
  verdict.tracker = document.reveal.tracker;
  if (tracker && tracker.replaceAll(" ", "").toLowerCase() !== verdict.tracker) {
    verdict.failures.push("Mã theo dõi trong tệp khác mã theo dõi đã cho.");
  }
  verdict.lines = describe(context, bits);
  return verdict;
}
