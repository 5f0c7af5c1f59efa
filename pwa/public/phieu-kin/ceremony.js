// A counting-board member's secret part of the key ceremony (docs/ballots.md §13), step for
// step as tests/ceremony_support.py does it in Python: the polynomial, its commitments and the
// Schnorr proof of its constant term; the X25519 transport key; sealing and opening shares
// (X25519 → HKDF-SHA-256 → AES-256-GCM with the §13 associated data); checking a received
// share against its sender's commitments; the share s_x; the fingerprint computed from the
// progress this device was shown (backend/ballots/transcript.py); the proven test decryption.
//
// X25519 is noble's (served under /noble/ with ed25519.js, so no browser needs WebCrypto's
// newer X25519); HKDF and AES-GCM are WebCrypto's (every browser, and Node's globalThis.crypto).
import { x25519 } from "../noble/curves/ed25519.js";
import { utf8ToBytes } from "../noble/hashes/utils.js";
import { Ciphertext } from "./elgamal.js";
import {
  add,
  base,
  bytesToHex,
  decodePoint,
  encodePoint,
  encodeScalar,
  hexBytes,
  hexToBytes,
  IDENTITY,
  littleEndianNumber,
  mod,
  mul,
  ORDER,
  randomScalar,
  samePoint,
  scalarBytes,
} from "./group.js";
import { digest, encode } from "./hashing.js";
import { proveDecryption, proveKey } from "./proofs.js";

export const TAG_CEREMONY = "dangbo/ballots/v1/ceremony";
export const TAG_CEREMONY_TEST = "dangbo/ballots/v1/ceremony-test";
export const TAG_SHARE = "dangbo/ballots/v1/share";
const SHARE_KEY_INFO = utf8ToBytes("dangbo/ballots/v1/share-key");
const NONCE_BYTES = 12;

const subtle = () => globalThis.crypto.subtle;

// ---- the polynomial ------------------------------------------------------------------------

/** k coefficients a_0 … a_{k−1}, each uniform in [1, ℓ−1]. */
export const drawPolynomial = (threshold) => Array.from({ length: threshold }, randomScalar);

/** f(t) = Σ_j a_j·t^j mod ℓ. */
export function evaluatePolynomial(coefficients, t) {
  let value = 0n;
  let power = 1n;
  for (const a of coefficients) {
    value = mod(value + a * power);
    power = mod(power * BigInt(t));
  }
  return value;
}

/** A fresh X25519 key pair for this run alone: {secret, public} as 32-byte arrays. */
export function transportKeyPair() {
  const secret = x25519.utils.randomSecretKey();
  return { secret, public: x25519.getPublicKey(secret) };
}

export const transportPublic = (secret) => x25519.getPublicKey(secret);

/** Step 1's body: the commitments C_j = a_j·G, the key proof of a_0 (§9, j = 0) and the
 *  transport key. */
export function commitBody(ceremonyId, x, coefficients, transportSecret) {
  const [, proof] = proveKey(ceremonyId, x, 0, coefficients[0]);
  return {
    commitments: coefficients.map((a) => encodePoint(base(a, { secret: true }))),
    proof: proof.toJSON(),
    transport_key: bytesToHex(transportPublic(transportSecret)),
  };
}

// ---- sealed shares ---------------------------------------------------------------------------

/** encode([share tag, id, sender, recipient, sender's key, recipient's key]) (not hashed). */
export const shareAssociatedData = (ceremonyId, sender, recipient, senderKey, recipientKey) =>
  encode([TAG_SHARE, ceremonyId, sender, recipient, senderKey, recipientKey]);

async function shareKey(ownSecret, theirPublic, usage) {
  const secret = x25519.getSharedSecret(ownSecret, theirPublic);
  const ikm = await subtle().importKey("raw", secret, "HKDF", false, ["deriveKey"]);
  // An empty salt is RFC 5869's default (HMAC pads it to 32 zero bytes), as Python's salt=None.
  return subtle().deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: SHARE_KEY_INFO },
    ikm,
    { name: "AES-GCM", length: 256 },
    false,
    [usage],
  );
}

/** nonce ‖ AES-256-GCM(f_x(r) as 32 little-endian bytes, ad): 120 hex digits. */
export async function sealShare(ceremonyId, sender, recipient, ownSecret, recipientKey, value) {
  const ownKey = transportPublic(ownSecret);
  const additionalData = shareAssociatedData(ceremonyId, sender, recipient, ownKey, recipientKey);
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  const key = await shareKey(ownSecret, recipientKey, "encrypt");
  const box = await subtle().encrypt(
    { name: "AES-GCM", iv, additionalData },
    key,
    scalarBytes(value),
  );
  const out = new Uint8Array(NONCE_BYTES + box.byteLength);
  out.set(iv);
  out.set(new Uint8Array(box), NONCE_BYTES);
  return bytesToHex(out);
}

/** Step 2's body: f_x(r) sealed to every other member r (members as on the progress). */
export async function sharesBody(ceremonyId, x, coefficients, transportSecret, members) {
  const shares = [];
  for (const m of members) {
    if (m.x === x) continue;
    const value = evaluatePolynomial(coefficients, m.x);
    const sealed = await sealShare(
      ceremonyId,
      x,
      m.x,
      transportSecret,
      hexToBytes(m.transport_key),
      value,
    );
    shares.push({ recipient: m.x, sealed });
  }
  return { shares };
}

/** The share sealed by `sender` to `recipient`, or null if it does not open or is not below ℓ. */
export async function openShare(ceremonyId, sender, recipient, ownSecret, senderKey, sealedHex) {
  const blob = hexToBytes(sealedHex);
  const ownKey = transportPublic(ownSecret);
  const additionalData = shareAssociatedData(ceremonyId, sender, recipient, senderKey, ownKey);
  try {
    const key = await shareKey(ownSecret, senderKey, "decrypt");
    const plain = await subtle().decrypt(
      { name: "AES-GCM", iv: blob.slice(0, NONCE_BYTES), additionalData },
      key,
      blob.slice(NONCE_BYTES),
    );
    const value = littleEndianNumber(new Uint8Array(plain));
    return value < ORDER ? value : null;
  } catch {
    return null; // a share that does not open is a complaint
  }
}

/** Σ_j x^j·C_j: the public image f(x)·G of a member's polynomial at x. */
export function evaluateCommitments(commitments, x) {
  let point = IDENTITY;
  let power = 1n;
  for (const c of commitments) {
    point = add(point, mul(power, c));
    power = mod(power * BigInt(x));
  }
  return point;
}

/** A share f(x) is right iff f(x)·G = Σ_j x^j·C_j. */
export const shareMatches = (commitments, x, share) =>
  samePoint(base(share), evaluateCommitments(commitments, x));

/** Opens and checks every share of the listing (GET …/key-ceremony/shares) sealed to member x:
 *  {received: Map(sender → f_sender(x)), bad: [senders whose share failed]}. */
export async function openShares(ceremonyId, x, ownSecret, listing, members) {
  const commitments = new Map(members.map((m) => [m.x, m.commitments.map(decodePoint)]));
  const received = new Map();
  const bad = [];
  for (const item of listing.shares) {
    const value = await openShare(
      ceremonyId,
      item.sender,
      x,
      ownSecret,
      hexToBytes(item.sender_transport_key),
      item.sealed,
    );
    if (value === null || !shareMatches(commitments.get(item.sender), x, value)) {
      bad.push(item.sender);
    } else {
      received.set(item.sender, value);
    }
  }
  return { received, bad };
}

/** s_x = Σ_i f_i(x), his own f_x(x) included. */
export function ownShare(coefficients, x, received) {
  let total = evaluatePolynomial(coefficients, x);
  for (const value of received.values()) total = mod(total + value);
  return total;
}

// ---- the fingerprint and the test decryption ---------------------------------------------------

const byNumbers =
  (...keys) =>
  (a, b) => {
    for (const key of keys) if (a[key] !== b[key]) return a[key] - b[key];
    return 0;
  };

/** The fingerprint F (64 bytes) of a ceremony's progress (`CeremonyDetail`), computed here
 *  from what this device was shown, not taken from the server's word. */
export function fingerprint(detail) {
  const members = [...detail.members].sort(byNumbers("x"));
  const sealed = [...detail.sealed].sort(byNumbers("sender", "recipient"));
  const reveals = detail.complaints
    .filter((c) => c.verdict === "bac")
    .sort(byNumbers("accuser", "accused"));
  return digest([
    TAG_CEREMONY,
    detail.ceremony_id,
    detail.threshold,
    members.length,
    members.map((m) => [
      m.x,
      m.user_id,
      hexToBytes(m.transport_key),
      m.commitments.map(hexBytes),
      hexBytes(m.proof.c),
      hexBytes(m.proof.z),
    ]),
    sealed.map((s) => [s.sender, s.recipient, hexToBytes(s.sealed)]),
    reveals.map((c) => [c.accuser, c.accused, hexBytes(c.share)]),
  ]);
}

/** Its first 32 hex digits in 8 groups of 4, to read aloud. */
export function fingerprintGroups(print) {
  const text = bytesToHex(print).slice(0, 32);
  return Array.from({ length: 8 }, (_, i) => text.slice(4 * i, 4 * i + 4));
}

/** The test decryption's Q. */
export const trialContext = (ceremonyId) => digest([TAG_CEREMONY_TEST, ceremonyId]);

/** Step 4's body: the backup saved, the fingerprint, D_x = s_x·A with its §8 proof. */
export function confirmBody(detail, x, share) {
  const print = fingerprint(detail);
  const trial = new Ciphertext(
    decodePoint(detail.test_ciphertext.a),
    decodePoint(detail.test_ciphertext.b),
  );
  const [d, proof] = proveDecryption(trialContext(detail.ceremony_id), print, x, share, 0, trial);
  return {
    backup_saved: true,
    fingerprint: bytesToHex(print),
    test: { d: encodePoint(d), proof: proof.toJSON() },
  };
}

/** The answer to a complaint: f_x(accuser), in the clear (public by design, §13 step 3). */
export const revealBody = (coefficients, accuser) => ({
  accuser,
  share: encodeScalar(evaluatePolynomial(coefficients, accuser)),
});

export { encodeScalar, encodePoint };
