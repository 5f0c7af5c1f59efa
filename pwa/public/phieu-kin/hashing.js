// The one hash of the protocol (docs/ballots.md §5): SHA-512 over a canonical length-prefixed
// list of items whose first item is a domain-separation tag; backend/ballots/crypto/hashing.py.
// An item is a text (string), an integer in [0, 2^64) (number or bigint), raw bytes
// (Uint8Array: digests), a point (its 32-byte encoding), or an array of items (its count, then
// its items). A scalar is hashed as its 32 bytes: pass scalarBytes(k).
import { sha512 } from "../noble/hashes/sha2.js";
import { concatBytes, utf8ToBytes } from "../noble/hashes/utils.js";
import { Point, reduceDigest } from "./group.js";

export const TAG_CONTEXT = "dangbo/ballots/v1/context";
export const TAG_BIT = "dangbo/ballots/v1/bit";
export const TAG_RANGE = "dangbo/ballots/v1/range";
export const TAG_DECRYPTION = "dangbo/ballots/v1/decryption";
export const TAG_KEY = "dangbo/ballots/v1/key";
export const TAG_TRACKER = "dangbo/ballots/v1/tracker";

const TWO_64 = 1n << 64n;

function framed(data) {
  const out = new Uint8Array(4 + data.length);
  new DataView(out.buffer).setUint32(0, data.length, false);
  out.set(data, 4);
  return out;
}

function integerBytes(n) {
  const value = BigInt(n);
  if (value < 0n || value >= TWO_64) throw new RangeError("an integer item is in [0, 2^64)");
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, value, false);
  return out;
}

function encodeInto(item, out) {
  if (item instanceof Uint8Array) out.push(framed(item));
  else if (item instanceof Point) out.push(framed(item.toBytes()));
  else if (typeof item === "string") out.push(framed(utf8ToBytes(item)));
  else if (typeof item === "bigint" || (typeof item === "number" && Number.isSafeInteger(item))) {
    out.push(framed(integerBytes(item)));
  } else if (Array.isArray(item)) {
    out.push(framed(integerBytes(item.length)));
    for (const inner of item) encodeInto(inner, out);
  } else {
    throw new TypeError(`not a hash item: ${typeof item}`);
  }
}

export function encode(items) {
  const out = [];
  for (const item of items) encodeInto(item, out);
  return concatBytes(...out);
}

// H(items): 64 bytes.
export const digest = (items) => sha512(encode(items));

// Hs(items): the digest as a little-endian integer mod ℓ.
export const challenge = (items) => reduceDigest(digest(items));
