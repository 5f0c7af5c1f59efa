// A ballot per counting rule: its layout, building, verifying, tracker and Benaloh check
// (docs/ballots.md §10); backend/ballots/crypto/ballot.py, step for step, so that a ballot made
// here is accepted there and the reverse, and both name the same failure.
import { Ciphertext, addCiphertexts, encrypt, isPlainObject, sameKeys } from "./elgamal.js";
import { BallotCryptoError } from "./errors.js";
import {
  add,
  base,
  bytesToHex,
  decodeScalar,
  encodeScalar,
  mod,
  mul,
  randomScalar,
} from "./group.js";
import { digest, TAG_TRACKER } from "./hashing.js";
import {
  BIT_VALUES,
  DisjunctiveProof,
  proveBit,
  proveRange,
  verifyBit,
  verifyRange,
} from "./proofs.js";

const range = (from, to) => Array.from({ length: to - from }, (_, i) => from + i);

// The ciphertexts of a poll's ballot and its range groups ({positions, values}).
export function layout(context) {
  const n = context.choices.length;
  if (context.kind === "bau_cu_so_du") {
    if (n < 1 || context.seats < 1) {
      throw new RangeError("a strike-out ballot has at least one name and one seat");
    }
    const kept = range(1, Math.min(context.seats, n) + 1);
    return { size: n, groups: [{ positions: range(0, n), values: kept }] };
  }
  if (context.kind === "bau_cu_khong_so_du") {
    const groups = range(0, n).map((i) => ({ positions: [2 * i, 2 * i + 1], values: [0, 1] }));
    return { size: 2 * n, groups };
  }
  if (n !== 3) throw new RangeError("a resolution has three choices: yes, no, abstain");
  return { size: 3, groups: [{ positions: [0, 1, 2], values: [1] }] };
}

export class Ballot {
  constructor(ciphertexts, bitProofs, rangeProofs) {
    this.ciphertexts = ciphertexts;
    this.bitProofs = bitProofs;
    this.rangeProofs = rangeProofs;
    Object.freeze(this);
  }

  toJSON() {
    return {
      ciphertexts: this.ciphertexts.map((ct) => ct.toJSON()),
      bit_proofs: this.bitProofs.map((p) => p.toJSON()),
      range_proofs: this.rangeProofs.map((p) => p.toJSON()),
    };
  }

  // Parse strictly against the poll's layout: shape first, then every encoding, in order.
  static fromJSON(context, data) {
    const shape = layout(context);
    const keys = ["ciphertexts", "bit_proofs", "range_proofs"];
    if (
      !isPlainObject(data) ||
      !sameKeys(data, keys) ||
      !keys.every((key) => Array.isArray(data[key])) ||
      data.ciphertexts.length !== shape.size ||
      data.bit_proofs.length !== shape.size ||
      data.range_proofs.length !== shape.groups.length
    ) {
      throw new BallotCryptoError("wrong_shape", `${shape.size} ciphertexts expected`);
    }
    return new Ballot(
      data.ciphertexts.map((ct) => Ciphertext.fromJSON(ct)),
      data.bit_proofs.map((p) => DisjunctiveProof.fromJSON(p, BIT_VALUES.length)),
      data.range_proofs.map((p, i) => DisjunctiveProof.fromJSON(p, shape.groups[i].values.length)),
    );
  }
}

const isBit = (m) => m === 0 || m === 1;
const sumAt = (bits, positions) => positions.reduce((sum, p) => sum + bits[p], 0);

export function checkChoices(context, bits) {
  const shape = layout(context);
  if (!Array.isArray(bits) || bits.length !== shape.size || !bits.every(isBit)) {
    throw new BallotCryptoError("bad_choice", `${shape.size} bits of 0 or 1 expected`);
  }
  for (const group of shape.groups) {
    if (!group.values.includes(sumAt(bits, group.positions))) {
      throw new BallotCryptoError("bad_choice", `positions ${group.positions}`);
    }
  }
}

// Encrypt and prove a ballot (the phone's job). Returns the ballot and its per-ciphertext
// randomness, which only a Benaloh check reveals. Draw order, as the server's: every r_i first
// (unless given), then each bit proof, then each range proof.
export function buildBallot(context, bits, draw = randomScalar, randomness = null) {
  checkChoices(context, bits);
  const shape = layout(context);
  const key = context.publicKey;
  const q = context.hash;
  const rs = randomness ? [...randomness] : bits.map(() => draw());
  const cts = bits.map((m, i) => encrypt(key, m, rs[i]));
  const bitProofs = range(0, shape.size).map((i) =>
    proveBit(q, i, key, cts[i], bits[i], rs[i], draw),
  );
  const rangeProofs = shape.groups.map((group, index) => {
    const total = addCiphertexts(group.positions.map((p) => cts[p]));
    const m = sumAt(bits, group.positions);
    const r = mod(group.positions.reduce((sum, p) => sum + rs[p], 0n));
    return proveRange(q, index, group.positions, key, total, group.values, m, r, draw);
  });
  return [new Ballot(cts, bitProofs, rangeProofs), rs];
}

// Throw BallotCryptoError unless every proof of the ballot holds for this poll.
export function verifyBallot(context, ballot) {
  const shape = layout(context);
  const key = context.publicKey;
  const q = context.hash;
  if (
    ballot.ciphertexts.length !== shape.size ||
    ballot.bitProofs.length !== shape.size ||
    ballot.rangeProofs.length !== shape.groups.length
  ) {
    throw new BallotCryptoError("wrong_shape");
  }
  ballot.ciphertexts.forEach((ct, i) => {
    if (!verifyBit(q, i, key, ct, ballot.bitProofs[i])) {
      throw new BallotCryptoError("bad_bit_proof", `position ${i}`);
    }
  });
  shape.groups.forEach((group, index) => {
    const total = addCiphertexts(group.positions.map((p) => ballot.ciphertexts[p]));
    const proof = ballot.rangeProofs[index];
    if (!verifyRange(q, index, group.positions, key, total, group.values, proof)) {
      throw new BallotCryptoError("bad_range_proof", `group ${index}`);
    }
  });
}

export function verifyBallotJSON(context, data) {
  const ballot = Ballot.fromJSON(context, data);
  verifyBallot(context, ballot);
  return ballot;
}

// First 32 bytes of H(tracker tag, Q, ciphertexts, bit proofs, range proofs), in hex. A list
// is its count then its items: the ciphertexts' count (each two points follow), a proof list's
// count (each proof its branch count, then c_i, z_i).
export function tracker(context, ballot) {
  const proofs = (list) => list.flatMap((proof) => [proof.c.length, ...proof.scalars()]);
  const items = [TAG_TRACKER, context.hash, ballot.ciphertexts.length];
  items.push(...ballot.ciphertexts.flatMap((ct) => [ct.a, ct.b]));
  items.push(ballot.bitProofs.length, ...proofs(ballot.bitProofs));
  items.push(ballot.rangeProofs.length, ...proofs(ballot.rangeProofs));
  return bytesToHex(digest(items).slice(0, 32));
}

// What a checked (never cast) ballot shows: its choices and every ciphertext's randomness.
export function makeReveal(context, ballot, bits, randomness) {
  return {
    ballot: ballot.toJSON(),
    tracker: tracker(context, ballot),
    choices: [...bits],
    randomness: randomness.map(encodeScalar),
  };
}

// Check a Benaloh reveal; return the choices it proves the ballot held.
export function verifyReveal(context, reveal) {
  if (!isPlainObject(reveal) || !sameKeys(reveal, ["ballot", "tracker", "choices", "randomness"])) {
    const shape = "a reveal is {ballot, tracker, choices, randomness}";
    throw new BallotCryptoError("wrong_shape", shape);
  }
  const ballot = verifyBallotJSON(context, reveal.ballot);
  if (reveal.tracker !== tracker(context, ballot)) {
    throw new BallotCryptoError("bad_reveal", "tracker");
  }
  const { choices: bits, randomness: rs } = reveal;
  const size = ballot.ciphertexts.length;
  if (!Array.isArray(bits) || !Array.isArray(rs) || bits.length !== size || rs.length !== size) {
    throw new BallotCryptoError("wrong_shape", "one choice and one randomness per ciphertext");
  }
  const key = context.publicKey;
  ballot.ciphertexts.forEach((ct, i) => {
    const r = decodeScalar(rs[i]);
    const m = bits[i];
    if (!isBit(m) || r === 0n) throw new BallotCryptoError("bad_reveal", `position ${i}`);
    if (!ct.a.equals(base(r)) || !ct.b.equals(add(base(BigInt(m)), mul(r, key)))) {
      throw new BallotCryptoError("bad_reveal", `position ${i}`);
    }
  });
  return [...bits];
}
