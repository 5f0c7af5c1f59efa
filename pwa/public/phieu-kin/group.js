// The group of the secret ballots (docs/ballots.md §1–§4): the prime-order subgroup of
// edwards25519, written additively, with @noble/curves' point arithmetic (served by the build
// under /noble/: frontend/pwa_plugin.py copy_es_modules; no CDN). The server does the same with
// libsodium (backend/ballots/crypto/group.py); the two disagree at the edges, and this module
// makes them agree:
// - a scalar is 64 lowercase hex digits, little-endian, strictly below ℓ (libsodium would take
//   z + ℓ);
// - a received point is canonical (strict RFC 8032 decoding), not of small order and
//   torsion-free, so never the identity (libsodium's crypto_core_ed25519_is_valid_point);
// - multiplying by 0, or the identity, gives the identity (noble's multiply throws on 0n).
// Points are noble Point objects here; their 32-byte encodings are what is hashed and sent.
import { ed25519 } from "../noble/curves/ed25519.js";
import { bytesToHex, hexToBytes, randomBytes } from "../noble/hashes/utils.js";
import { BallotCryptoError } from "./errors.js";

export const Point = ed25519.Point;
export const ORDER = Point.Fn.ORDER; // ℓ = 2^252 + 27742317777372353535851937790883648493
export const G = Point.BASE;
export const IDENTITY = Point.ZERO;
const HEX_64 = /^[0-9a-f]{64}$/;

export { bytesToHex, hexToBytes };

export const mod = (k) => ((k % ORDER) + ORDER) % ORDER;

export function littleEndianNumber(bytes) {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]);
  return n;
}

export function scalarBytes(k) {
  let n = mod(k);
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++, n >>= 8n) out[i] = Number(n & 0xffn);
  return out;
}

export const encodeScalar = (k) => bytesToHex(scalarBytes(k));
export const encodePoint = (point) => bytesToHex(point.toBytes());
export const isIdentity = (point) => point.is0();
export const samePoint = (p, q) => p.equals(q);

// k·G; the identity for k ≡ 0. ``secret``: the constant-time ladder (randomness, nonces, keys);
// otherwise the faster variable-time one, for public scalars (verification).
export function base(k, { secret = false } = {}) {
  return mul(k, G, { secret });
}

// k·P for P in the prime-order subgroup (or the identity); the identity for k ≡ 0.
export function mul(k, point, { secret = false } = {}) {
  const scalar = mod(k);
  if (scalar === 0n || point.is0()) return IDENTITY;
  return secret ? point.multiply(scalar) : point.multiplyUnsafe(scalar);
}

export const add = (p, q) => p.add(q);
export const sub = (p, q) => p.subtract(q);

// A 64-byte digest as a little-endian integer mod ℓ (libsodium's scalar_reduce).
export function reduceDigest(digest) {
  if (digest.length !== 64) throw new RangeError("a 64-byte digest is reduced");
  return littleEndianNumber(digest) % ORDER;
}

// Uniform in [1, ℓ−1]: 64 bytes of crypto.getRandomValues (noble's randomBytes) reduced mod ℓ,
// drawn again if 0 (docs/ballots.md §4).
export function randomScalar() {
  for (;;) {
    const k = reduceDigest(randomBytes(64));
    if (k !== 0n) return k;
  }
}

// 64 lowercase hex digits as 32 bytes (bad_encoding otherwise).
export function hexBytes(text) {
  if (typeof text !== "string" || !HEX_64.test(text)) {
    throw new BallotCryptoError("bad_encoding", JSON.stringify(text)?.slice(0, 80) ?? "");
  }
  return hexToBytes(text);
}

// A received scalar: 64 lowercase hex digits, little-endian, strictly below ℓ (0 allowed).
export function decodeScalar(text) {
  const value = littleEndianNumber(hexBytes(text));
  if (value >= ORDER) throw new BallotCryptoError("non_canonical_scalar", text);
  return value;
}

// Canonical, on the curve, not of small order, torsion-free; so never the identity. The strict
// decoding refuses y ≥ p and a "negative zero" x; re-encoding must give the same bytes.
export function checkPoint(bytes) {
  let point;
  try {
    point = Point.fromBytes(bytes, false);
  } catch {
    throw new BallotCryptoError("bad_point", bytesToHex(bytes));
  }
  if (
    point.is0() ||
    point.isSmallOrder() ||
    !point.isTorsionFree() ||
    bytesToHex(point.toBytes()) !== bytesToHex(bytes)
  ) {
    throw new BallotCryptoError("bad_point", bytesToHex(bytes));
  }
  return point;
}

// A received point (docs/ballots.md §2): the identity is refused.
export function decodePoint(text) {
  return checkPoint(hexBytes(text));
}

