// Chaum–Pedersen and Schnorr proofs made non-interactive with strong Fiat–Shamir
// (docs/ballots.md §7–§9); backend/ballots/crypto/proofs.py, step for step.
//
// Proofs are sent as challenges and responses only; the verifier recomputes the commitments and
// checks that the challenges add up to the hash of the whole statement with those commitments.
// A zero challenge or response (legal in a simulated branch) goes through group.mul/base, which
// give the identity, exactly as the server's verifier does. ``draw`` gives each secret scalar
// (randomScalar; the shared vectors pass their fixed draws, in the server's order).
import { BallotCryptoError } from "./errors.js";
import { isPlainObject, sameKeys } from "./elgamal.js";
import {
  base,
  decodeScalar,
  encodeScalar,
  mod,
  mul,
  randomScalar,
  scalarBytes,
  sub,
} from "./group.js";
import { challenge, TAG_BIT, TAG_DECRYPTION, TAG_KEY, TAG_RANGE } from "./hashing.js";

const SECRET = { secret: true };

// One (challenge, response) pair per allowed value.
export class DisjunctiveProof {
  constructor(c, z) {
    this.c = c;
    this.z = z;
    Object.freeze(this);
  }

  toJSON() {
    return { c: this.c.map(encodeScalar), z: this.z.map(encodeScalar) };
  }

  static fromJSON(data, branches) {
    if (
      !isPlainObject(data) ||
      !sameKeys(data, ["c", "z"]) ||
      !Array.isArray(data.c) ||
      !Array.isArray(data.z) ||
      data.c.length !== branches ||
      data.z.length !== branches
    ) {
      const shape = `a proof has ${branches} challenges and responses`;
      throw new BallotCryptoError("wrong_shape", shape);
    }
    return new DisjunctiveProof(data.c.map(decodeScalar), data.z.map(decodeScalar));
  }

  // c_0, z_0, c_1, z_1, … as 32-byte strings (the tracker hashes them in this order).
  scalars() {
    return this.c.flatMap((c, i) => [scalarBytes(c), scalarBytes(this.z[i])]);
  }
}

// A single (challenge, response): the decryption and key proofs.
export class ScalarProof {
  constructor(c, z) {
    this.c = c;
    this.z = z;
    Object.freeze(this);
  }

  toJSON() {
    return { c: encodeScalar(this.c), z: encodeScalar(this.z) };
  }

  static fromJSON(data) {
    if (!isPlainObject(data) || !sameKeys(data, ["c", "z"])) {
      throw new BallotCryptoError("wrong_shape", "a proof is {c, z}");
    }
    return new ScalarProof(decodeScalar(data.c), decodeScalar(data.z));
  }
}

// a_i = z·G − c·A, b_i = z·K − c·(B − v·G).
function branchCommitments(key, ct, value, c, z) {
  const shifted = sub(ct.b, base(BigInt(value)));
  return [sub(base(z), mul(c, ct.a)), sub(mul(z, key), mul(c, shifted))];
}

function proveDisjunctive(prefix, key, ct, values, m, r, draw) {
  const real = values.indexOf(m);
  if (real < 0) throw new RangeError("the plaintext is not an allowed value: nothing to prove");
  const cs = values.map(() => 0n);
  const zs = values.map(() => 0n);
  const commitments = [];
  let w = 0n;
  values.forEach((value, i) => {
    // Draw order: c_i then z_i if simulated, w if real.
    if (i === real) {
      w = draw();
      commitments.push(base(w, SECRET), mul(w, key, SECRET));
    } else {
      cs[i] = draw();
      zs[i] = draw();
      commitments.push(...branchCommitments(key, ct, value, cs[i], zs[i]));
    }
  });
  const total = challenge([...prefix, ct.a, ct.b, values, ...commitments]);
  cs[real] = mod(total - cs.reduce((sum, c) => sum + c, 0n));
  zs[real] = mod(w + cs[real] * r);
  return new DisjunctiveProof(cs, zs);
}

function verifyDisjunctive(prefix, key, ct, values, proof) {
  if (proof.c.length !== values.length || proof.z.length !== values.length) return false;
  const commitments = values.flatMap((value, i) =>
    branchCommitments(key, ct, value, proof.c[i], proof.z[i]),
  );
  const expected = challenge([...prefix, ct.a, ct.b, values, ...commitments]);
  return mod(proof.c.reduce((sum, c) => sum + c, 0n)) === expected;
}

export const BIT_VALUES = [0, 1];

export function proveBit(q, position, key, ct, m, r, draw = randomScalar) {
  return proveDisjunctive([TAG_BIT, q, position], key, ct, BIT_VALUES, m, r, draw);
}

export function verifyBit(q, position, key, ct, proof) {
  return verifyDisjunctive([TAG_BIT, q, position], key, ct, BIT_VALUES, proof);
}

export function proveRange(q, group, positions, key, total, values, m, r, draw = randomScalar) {
  const prefix = [TAG_RANGE, q, group, [...positions]];
  return proveDisjunctive(prefix, key, total, values, m, r, draw);
}

export function verifyRange(q, group, positions, key, total, values, proof) {
  return verifyDisjunctive([TAG_RANGE, q, group, [...positions]], key, total, values, proof);
}

function decryptionItems(q, boardHash, x, sharePublic, position, ct, d) {
  return [TAG_DECRYPTION, q, boardHash, x, sharePublic, position, ct.a, ct.b, d];
}

// D = s_x·A with a proof that log_G K_x = log_A D.
export function proveDecryption(q, boardHash, x, share, position, ct, draw = randomScalar) {
  const sharePublic = base(share, SECRET);
  const d = mul(share, ct.a, SECRET);
  const w = draw();
  const items = decryptionItems(q, boardHash, x, sharePublic, position, ct, d);
  const c = challenge([...items, base(w, SECRET), mul(w, ct.a, SECRET)]);
  return [d, new ScalarProof(c, mod(w + c * share))];
}

export function verifyDecryption(q, boardHash, x, sharePublic, position, ct, d, proof) {
  const a = sub(base(proof.z), mul(proof.c, sharePublic));
  const b = sub(mul(proof.z, ct.a), mul(proof.c, d));
  const items = decryptionItems(q, boardHash, x, sharePublic, position, ct, d);
  return proof.c === challenge([...items, a, b]);
}

// Schnorr proof of knowledge of s for P = s·G.
export function proveKey(ceremonyId, x, j, secret, draw = randomScalar) {
  const point = base(secret, SECRET);
  const w = draw();
  const c = challenge([TAG_KEY, ceremonyId, x, j, point, base(w, SECRET)]);
  return [point, new ScalarProof(c, mod(w + c * secret))];
}

export function verifyKey(ceremonyId, x, j, point, proof) {
  const a = sub(base(proof.z), mul(proof.c, point));
  return proof.c === challenge([TAG_KEY, ceremonyId, x, j, point, a]);
}
