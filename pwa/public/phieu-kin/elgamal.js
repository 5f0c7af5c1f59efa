// Exponential ElGamal: Enc(m; r) = (r·G, m·G + r·K) (docs/ballots.md §6);
// backend/ballots/crypto/elgamal.py. There is deliberately no decryption here: a total is
// decrypted only by the counting board's members, each with his share (tally.js).
import { BallotCryptoError } from "./errors.js";
import { add, base, decodePoint, encodePoint, IDENTITY, mul, randomScalar } from "./group.js";

export class Ciphertext {
  constructor(a, b) {
    this.a = a; // r·G
    this.b = b; // m·G + r·K
    Object.freeze(this);
  }

  toJSON() {
    return { a: encodePoint(this.a), b: encodePoint(this.b) };
  }

  // A received ciphertext: both components valid points, neither the identity.
  static fromJSON(data) {
    if (!isPlainObject(data) || !sameKeys(data, ["a", "b"])) {
      throw new BallotCryptoError("wrong_shape", "a ciphertext is {a, b}");
    }
    return new Ciphertext(decodePoint(data.a), decodePoint(data.b));
  }
}

export const EMPTY_SUM = new Ciphertext(IDENTITY, IDENTITY);

export function isPlainObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function sameKeys(object, keys) {
  const own = Object.keys(object);
  return own.length === keys.length && keys.every((key) => Object.hasOwn(object, key));
}

// Encryption of m ≥ 0 with randomness r in [1, ℓ−1]; m = 0 gives B = r·K.
export function encrypt(key, m, r) {
  if (!Number.isSafeInteger(m) || m < 0) throw new RangeError("a plaintext is a count ≥ 0");
  if (r === 0n) throw new RangeError("encryption randomness is never zero");
  const secret = { secret: true };
  return new Ciphertext(base(r, secret), add(base(BigInt(m)), mul(r, key, secret)));
}

export function encryptRandom(key, m) {
  const r = randomScalar();
  return [encrypt(key, m, r), r];
}

// The homomorphic sum; (O, O) for none.
export function addCiphertexts(ciphertexts) {
  let a = IDENTITY;
  let b = IDENTITY;
  for (const ciphertext of ciphertexts) {
    a = add(a, ciphertext.a);
    b = add(b, ciphertext.b);
  }
  return new Ciphertext(a, b);
}
