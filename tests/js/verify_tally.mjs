// The second verifier of a published secret-poll board (docs/ballots.md §14), on the browser's
// modules (pwa/public/phieu-kin/) in Node, independent of the server's Python:
//
//   node tests/js/verify_tally.mjs ROOT BOARD.json
//
// prints {"failures": [...]} — each failure a short code: board_hash, context_hash, key,
// ballot:N (1-based, a proof, an encoding or the tracker), repeated_ciphertext:N, count (ballots
// ≠ voters), sums, partial:X, counts, total — and exits 0 when there are none, 1 otherwise. It
// recomputes the result's totals (the counts plus the paper figures) but not the counting
// rule's judgement, which is the polls' Python (verify-tally checks that).
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [root, boardPath] = process.argv.slice(2);
const load = (name) => import(pathToFileURL(path.join(root, "phieu-kin", `${name}.js`)).href);
const [group, hashing, contextModule, elgamal, ballots, tally, errors] = await Promise.all(
  ["group", "hashing", "context", "elgamal", "ballot", "tally", "errors"].map(load),
);

const TAG_BOARD = "dangbo/ballots/v1/board";

// The board's canonical bytes: keys sorted at every level, no whitespace (as json.dumps with
// sort_keys, compact separators and ensure_ascii=False).
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
const canonical = (board) => new TextEncoder().encode(JSON.stringify(sorted(board)));

function verify(document) {
  const failures = [];
  const board = document.board;
  const context = contextModule.PollContext.fromJSON(board.context);
  const boardHash = hashing.digest([TAG_BOARD, canonical(board)]);
  if (group.bytesToHex(boardHash) !== document.board_hash) failures.push("board_hash");
  if (group.bytesToHex(context.hash) !== board.context_hash) failures.push("context_hash");
  if (board.key.public_key !== board.context.public_key) failures.push("key");
  const seen = new Set();
  const parsed = [];
  board.ballots.forEach((entry, i) => {
    try {
      const ballot = ballots.verifyBallotJSON(context, entry.ballot);
      if (ballots.tracker(context, ballot) !== entry.tracker) failures.push(`ballot:${i + 1}`);
      for (const ct of ballot.ciphertexts) {
        const a = group.encodePoint(ct.a);
        if (seen.has(a)) failures.push(`repeated_ciphertext:${i + 1}`);
        seen.add(a);
      }
      parsed.push(ballot);
    } catch (error) {
      if (!(error instanceof errors.BallotCryptoError)) throw error;
      failures.push(`ballot:${i + 1}`);
      parsed.push(null);
    }
  });
  if (board.ballots.length !== board.voters.length) failures.push("count");
  const size = ballots.layout(context).size;
  // The sums from the ballots' ciphertexts as published (a ballot with a bad proof still
  // counts in the published sums; it is already named above).
  const cts = board.ballots.map((b) => b.ballot.ciphertexts.map(elgamal.Ciphertext.fromJSON));
  const totals = tally.sumBallots(size, cts.map((c) => ({ ciphertexts: c })));
  const sums = totals.ciphertexts.map((ct) => ct.toJSON());
  if (JSON.stringify(sums) !== JSON.stringify(board.sums)) failures.push("sums");
  const publics = new Map(board.key.trustees.map((t) => [t.x, group.decodePoint(t.public)]));
  const good = [];
  for (const entry of document.partial_decryptions) {
    try {
      const partial = tally.partialFromJSON(entry);
      if (!publics.has(partial.x)) throw new errors.BallotCryptoError("bad_decryption_proof");
      tally.checkPartial(context.hash, boardHash, publics.get(partial.x), totals, partial);
      good.push(partial);
    } catch (error) {
      if (!(error instanceof errors.BallotCryptoError)) throw error;
      failures.push(`partial:${entry.x}`);
    }
  }
  if (document.counts === null || good.length < board.key.threshold) {
    failures.push("counts");
    return failures;
  }
  const counts = tally.combine(
    context.hash,
    boardHash,
    totals,
    board.key.threshold,
    publics,
    good,
  );
  if (JSON.stringify(counts) !== JSON.stringify(document.counts)) failures.push("counts");
  if (!totalHolds(document, counts, board.ballots.length)) failures.push("total");
  return failures;
}

// The result's total = the decrypted counts (as the polls count them) + the paper figures.
function totalHolds(document, counts, ballotCount) {
  const { kind, candidates } = document.poll;
  const paper = document.paper;
  const total = document.result.total;
  const plus = (n, key) => n + (paper ? paper[key] : 0);
  if (total.valid !== plus(ballotCount, "valid") || total.issued !== plus(ballotCount, "issued")) {
    return false;
  }
  if (kind === "bieu_quyet") {
    return ["tan_thanh", "khong_tan_thanh", "khong_bieu_quyet"].every(
      (choice, i) => total.choices[choice] === counts[i] + (paper?.choices?.[choice] ?? 0),
    );
  }
  const paperOf = (id) => paper?.candidates.find((c) => c.candidate_id === id);
  return candidates.every((candidate, i) => {
    const got = total.candidates.find((c) => c.candidate_id === candidate.id);
    const votes = kind === "bau_cu_so_du" ? counts[i] : counts[2 * i];
    const against = kind === "bau_cu_so_du" ? 0 : counts[2 * i + 1];
    return (
      got &&
      got.votes === votes + (paperOf(candidate.id)?.votes ?? 0) &&
      got.against === against + (paperOf(candidate.id)?.against ?? 0)
    );
  });
}

let failures;
try {
  failures = verify(JSON.parse(readFileSync(boardPath, "utf8")));
} catch (error) {
  failures = [`unreadable:${error.message}`];
}
process.stdout.write(JSON.stringify({ failures }));
process.exit(failures.length ? 1 : 0);
