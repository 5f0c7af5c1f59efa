// A counting-board member's checks of a secret poll, off the page's thread (a module worker
// started by /kiem-phieu-kin.js; docs/ballots.md "The board member's screen"). Checking a
// ballot costs a few hundred milliseconds on a cheap phone, so the ballots are checked as they
// arrive while the poll is open; at close only the frozen board's hash, the ballots not seen
// yet, the repeats, the count and the sums remain. Then, and only if all of it holds, the
// member's partial decryption of the sums (never of a single ballot).
//
// Messages in: {id, type: "context" | "ballots" | "board" | "decrypt", …}; out: {id, …}, or
// {id, error} when something unexpected broke.
import { layout, tracker, verifyBallotJSON } from "/phieu-kin/ballot.js";
import { PollContext } from "/phieu-kin/context.js";
import { BallotCryptoError } from "/phieu-kin/errors.js";
import { base, bytesToHex, decodePoint, decodeScalar } from "/phieu-kin/group.js";
import { digest } from "/phieu-kin/hashing.js";
import { partialDecrypt, partialToJSON, sumBallots } from "/phieu-kin/tally.js";

const TAG_BOARD = "dangbo/ballots/v1/board";

// What the server's json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
// gives: keys sorted at every level, no whitespace.
function sorted(value) {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sorted(value[k])]),
    );
  }
  return value;
}
const canonicalText = (value) => JSON.stringify(sorted(value));

let followed = null; // the context the ballots were checked against while the poll was open
const checked = new Map(); // tracker → {text, ballot}: ballots whose proofs already held
let frozen = null; // {context, boardHash, totals, publics} once the board passed its checks

// One ballot: its proofs and its tracker; the parsed ballot, or the reason it fails.
function checkBallot(context, entry) {
  try {
    const ballot = verifyBallotJSON(context, entry.ballot);
    if (tracker(context, ballot) !== entry.tracker) return { reason: "mã phiếu không khớp" };
    return { ballot };
  } catch (error) {
    if (!(error instanceof BallotCryptoError)) throw error;
    return { reason: `bằng chứng không hợp lệ (${error.code})` };
  }
}

function onContext({ context, contextHash }) {
  followed = PollContext.fromJSON(context);
  return { ok: bytesToHex(followed.hash) === contextHash };
}

function onBallots({ ballots }) {
  const failures = [];
  for (const entry of ballots) {
    const { ballot, reason } = checkBallot(followed, entry);
    if (reason) failures.push(`Phiếu ${entry.tracker.slice(0, 8)}…: ${reason}`);
    else checked.set(entry.tracker, { text: canonicalText(entry.ballot), ballot });
  }
  return { checked: ballots.length, failures };
}

// The frozen board as published: every check a member makes before he decrypts. Each failure
// is a Vietnamese sentence naming what failed.
function onBoard({ document }) {
  frozen = null;
  const failures = [];
  const board = document.board;
  const boardHash = digest([TAG_BOARD, new TextEncoder().encode(canonicalText(board))]);
  if (bytesToHex(boardHash) !== document.board_hash) {
    failures.push("Mã băm của bảng phiếu không khớp với nội dung bảng phiếu.");
  }
  const context = PollContext.fromJSON(board.context);
  if (bytesToHex(context.hash) !== board.context_hash) {
    failures.push("Mã băm thông tin cuộc bỏ phiếu trên bảng phiếu không khớp.");
  }
  if (followed && bytesToHex(followed.hash) !== bytesToHex(context.hash)) {
    failures.push("Thông tin cuộc bỏ phiếu trên bảng phiếu khác với lúc đang bỏ phiếu.");
  }
  if (board.key.public_key !== board.context.public_key) {
    failures.push("Khóa công khai trên bảng phiếu khác khóa của cuộc bỏ phiếu.");
  }
  const parsed = [];
  const seen = new Set();
  let fresh = 0;
  board.ballots.forEach((entry, i) => {
    const known = checked.get(entry.tracker);
    let ballot = known && known.text === canonicalText(entry.ballot) ? known.ballot : null;
    if (!ballot) {
      fresh += 1;
      const result = checkBallot(context, entry);
      if (result.reason) failures.push(`Phiếu thứ ${i + 1} trên bảng: ${result.reason}.`);
      ballot = result.ballot;
    }
    if (ballot) parsed.push(ballot);
    for (const ct of entry.ballot.ciphertexts || []) {
      if (seen.has(ct.a)) failures.push(`Phiếu thứ ${i + 1} dùng lại một bản mã đã có trên bảng.`);
      seen.add(ct.a);
    }
  });
  if (board.ballots.length !== board.voters.length) {
    failures.push(
      `Số phiếu trên bảng (${board.ballots.length}) khác số đại biểu đã bỏ phiếu điện tử ` +
        `(${board.voters.length}).`,
    );
  }
  const totals = sumBallots(layout(context).size, parsed);
  const sums = totals.ciphertexts.map((ct) => ct.toJSON());
  if (parsed.length !== board.ballots.length || canonicalText(sums) !== canonicalText(board.sums)) {
    failures.push("Tổng mã hóa trên bảng khác tổng do máy này tự cộng lại từ các phiếu.");
  }
  if (!failures.length) {
    const publics = new Map(board.key.trustees.map((t) => [t.x, t.public]));
    frozen = { context, boardHash, totals, publics };
  }
  return {
    failures,
    ballots: board.ballots.length,
    voters: board.voters.length,
    fresh,
    boardHash: bytesToHex(boardHash),
  };
}

// The member's partial decryption of the sums, bound to the board's hash (docs/ballots.md §8).
function onDecrypt({ share, x, electionKey }) {
  if (!frozen) return { failure: "Bảng phiếu chưa qua kiểm tra nên không giải mã." };
  const secret = decodeScalar(share);
  const expected = frozen.publics.get(x);
  if (
    electionKey !== bytesToHex(frozen.context.publicKey.toBytes()) ||
    !expected ||
    bytesToHex(base(secret, { secret: true }).toBytes()) !== bytesToHex(decodePoint(expected).toBytes())
  ) {
    return {
      failure:
        "Phần khóa trên thiết bị này không khớp với khóa của cuộc bỏ phiếu (có thể là của một " +
        "lần tạo khóa khác).",
    };
  }
  const partial = partialDecrypt(frozen.context.hash, frozen.boardHash, x, secret, frozen.totals);
  return { partial: partialToJSON(partial) };
}

const HANDLERS = { context: onContext, ballots: onBallots, board: onBoard, decrypt: onDecrypt };

self.onmessage = (event) => {
  const { id, type, ...data } = event.data;
  try {
    self.postMessage({ id, ...HANDLERS[type](data) });
  } catch (error) {
    self.postMessage({ id, error: String(error && error.message ? error.message : error) });
  }
};
