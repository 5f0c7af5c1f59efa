// The homomorphic tally (docs/ballots.md §8, §11); backend/ballots/crypto/tally.py: totals per
// position, a member's partial decryption of the totals only, their check, the k-of-n
// combination with Lagrange coefficients and the small discrete log. Nothing here decrypts a
// single ballot.
import { addCiphertexts, isPlainObject, sameKeys } from "./elgamal.js";
import { BallotCryptoError } from "./errors.js";
import {
  add,
  bytesToHex,
  checkPoint,
  encodePoint,
  G,
  hexBytes,
  IDENTITY,
  mod,
  mul,
  ORDER,
  randomScalar,
  sub,
} from "./group.js";
import { proveDecryption, ScalarProof, verifyDecryption } from "./proofs.js";

export function sumBallots(size, ballots) {
  const sums = Array.from({ length: size }, (_, i) =>
    addCiphertexts(ballots.map((b) => b.ciphertexts[i])),
  );
  return { ciphertexts: sums, ballotCount: ballots.length };
}

// A member's share of the decryption of every total, each with its Chaum–Pedersen proof. As on
// the server, a partial decryption holds each D_x as its 32 bytes; checkPartial decodes them.
export function partialDecrypt(q, boardHash, x, share, totals, draw = randomScalar) {
  const made = totals.ciphertexts.map((ct, i) =>
    proveDecryption(q, boardHash, x, share, i, ct, draw),
  );
  return { x, shares: made.map(([d]) => d.toBytes()), proofs: made.map(([, proof]) => proof) };
}

export function partialToJSON(partial) {
  return {
    x: partial.x,
    d: partial.shares.map(bytesToHex),
    proofs: partial.proofs.map((p) => p.toJSON()),
  };
}

// A received partial decryption {x, d, proofs}: the encodings only; checkPartial then checks
// each D against its total.
export function partialFromJSON(data) {
  if (
    !isPlainObject(data) ||
    !sameKeys(data, ["x", "d", "proofs"]) ||
    !Number.isSafeInteger(data.x) ||
    data.x < 1 ||
    !Array.isArray(data.d) ||
    !Array.isArray(data.proofs)
  ) {
    throw new BallotCryptoError("wrong_shape", "a partial decryption is {x, d, proofs}");
  }
  return {
    x: data.x,
    shares: data.d.map(hexBytes),
    proofs: data.proofs.map((p) => ScalarProof.fromJSON(p)),
  };
}

// Check every D_x and its proof; returns the D_x as points.
export function checkPartial(q, boardHash, sharePublic, totals, partial) {
  const size = totals.ciphertexts.length;
  if (partial.shares.length !== size || partial.proofs.length !== size) {
    throw new BallotCryptoError("wrong_shape", "one partial decryption per total");
  }
  return totals.ciphertexts.map((ct, i) => {
    const bytes = partial.shares[i];
    let d;
    // The identity only as the share of an empty sum (docs/ballots.md §8).
    if (ct.a.is0()) {
      if (bytesToHex(bytes) !== encodePoint(IDENTITY)) {
        throw new BallotCryptoError("bad_point", "the share of an empty sum is the identity");
      }
      d = IDENTITY;
    } else {
      d = checkPoint(bytes);
    }
    if (!verifyDecryption(q, boardHash, partial.x, sharePublic, i, ct, d, partial.proofs[i])) {
      throw new BallotCryptoError("bad_decryption_proof", `member ${partial.x}, position ${i}`);
    }
    return d;
  });
}

function inverse(k) {
  // Fermat: k^(ℓ−2) mod ℓ (ℓ prime); the member indexes are public.
  let result = 1n;
  let power = mod(k);
  for (let e = ORDER - 2n; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * power) % ORDER;
    power = (power * power) % ORDER;
  }
  return result;
}

// λ_x = Π_{y≠x} y / (y − x) mod ℓ.
export function lagrangeAtZero(xs) {
  if (new Set(xs).size !== xs.length || xs.some((x) => x < 1)) {
    throw new RangeError("member indexes are distinct and ≥ 1");
  }
  const out = new Map();
  for (const x of xs) {
    let num = 1n;
    let den = 1n;
    for (const y of xs) {
      if (y !== x) {
        num = mod(num * BigInt(y));
        den = mod(den * BigInt(y - x));
      }
    }
    out.set(x, mod(num * inverse(den)));
  }
  return out;
}

// m·G → m for m in 0 … limit, by repeated addition from the identity (keys: encodings).
export function discreteLogTable(limit) {
  const table = new Map([[encodePoint(IDENTITY), 0]]);
  let point = IDENTITY;
  for (let m = 1; m <= limit; m++) {
    point = add(point, G);
    table.set(encodePoint(point), m);
  }
  return table;
}

// Check each member's partial decryption, combine k of them and read the counts.
export function combine(q, boardHash, totals, threshold, sharePublics, partials) {
  if (partials.length < threshold) {
    throw new BallotCryptoError("not_enough_shares", `${partials.length} of ${threshold}`);
  }
  const chosen = partials.slice(0, threshold);
  if (new Set(chosen.map((p) => p.x)).size !== chosen.length) {
    throw new BallotCryptoError("wrong_shape", "one partial decryption per member");
  }
  const decoded = chosen.map((partial) => {
    if (!sharePublics.has(partial.x)) {
      throw new BallotCryptoError("bad_decryption_proof", `unknown member ${partial.x}`);
    }
    return checkPartial(q, boardHash, sharePublics.get(partial.x), totals, partial);
  });
  const weights = lagrangeAtZero(chosen.map((p) => p.x));
  const table = discreteLogTable(totals.ballotCount);
  return totals.ciphertexts.map((ct, i) => {
    let point = ct.b;
    chosen.forEach((partial, member) => {
      point = sub(point, mul(weights.get(partial.x), decoded[member][i]));
    });
    const count = table.get(encodePoint(point));
    if (count === undefined) throw new BallotCryptoError("no_discrete_log", `position ${i}`);
    return count;
  });
}
