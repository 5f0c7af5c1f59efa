// The statement every proof of a poll hashes: the poll's context hash Q (docs/ballots.md §5);
// backend/ballots/crypto/context.py.
import { checkPoint, decodePoint, encodePoint, Point } from "./group.js";
import { digest, TAG_CONTEXT } from "./hashing.js";

export const KINDS = ["bieu_quyet", "bau_cu_so_du", "bau_cu_khong_so_du"];

export class PollContext {
  constructor({ electionId, pollId, kind, question, seats, choices, publicKey }) {
    if (!KINDS.includes(kind)) throw new Error(`unknown poll kind ${kind}`);
    Object.assign(this, { electionId, pollId, kind, question, seats });
    this.choices = [...choices];
    // Checked like any received point, whether given as bytes or as a Point (as the server does).
    this.publicKey = checkPoint(publicKey instanceof Point ? publicKey.toBytes() : publicKey);
    const items = [TAG_CONTEXT, electionId, pollId, kind, question, seats, this.choices];
    this.hash = digest([...items, this.publicKey]);
    // Every ciphertext and proof multiplies K: a window table for it, built on first use, makes
    // building a ballot about a third cheaper (docs/ballots.md, "Measured").
    this.publicKey.precompute(8);
    Object.freeze(this);
  }

  toJSON() {
    return {
      election_id: this.electionId,
      poll_id: this.pollId,
      kind: this.kind,
      question: this.question,
      seats: this.seats,
      choices: [...this.choices],
      public_key: encodePoint(this.publicKey),
    };
  }

  static fromJSON(data) {
    return new PollContext({
      electionId: data.election_id,
      pollId: data.poll_id,
      kind: data.kind,
      question: data.question,
      seats: data.seats,
      choices: data.choices,
      publicKey: decodePoint(data.public_key),
    });
  }
}
