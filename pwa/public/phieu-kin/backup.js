// The backup of a board member's key share (docs/ballots.md §13, "The backup file"): a JSON
// file holding the share s_x encrypted under a passphrase — Argon2id (noble's, pure JavaScript:
// no WebAssembly, so the CSP stays without 'wasm-unsafe-eval') derives an AES-256-GCM key —
// with the public facts of the share in the clear and bound as associated data. Restoring it
// on a new device checks the share against its public part K_x before anything is kept.
import { argon2idAsync } from "../noble/hashes/argon2.js";
import { utf8ToBytes } from "../noble/hashes/utils.js";
import { base, bytesToHex, decodePoint, hexToBytes, littleEndianNumber, ORDER } from "./group.js";
import { samePoint, scalarBytes } from "./group.js";
import { encode } from "./hashing.js";

export const BACKUP_FORMAT = "dangbo-phan-khoa/1";
export const TAG_BACKUP = "dangbo/ballots/v1/backup";
// OWASP's Argon2id floor (19 MiB, 2 passes, 1 lane): a second or two on a phone.
export const KDF = { name: "argon2id", memory_kib: 19456, iterations: 2, parallelism: 1 };
export const PASSPHRASE_MIN = 10;

// The share's public facts, in the file's clear part and in the associated data.
const FACTS = [
  "congress_id",
  "poll_id",
  "user_id",
  "ceremony_id",
  "x",
  "threshold",
  "size",
  "public_part",
  "election_key",
  "fingerprint",
];

export class BackupError extends Error {
  constructor(code) {
    super(code);
    this.code = code; // "not_a_backup" | "wrong_passphrase" | "wrong_share"
  }
}

const associatedData = (facts) =>
  encode([
    TAG_BACKUP,
    facts.ceremony_id,
    facts.congress_id,
    facts.poll_id,
    facts.user_id,
    facts.x,
    facts.threshold,
    facts.size,
    hexToBytes(facts.public_part),
    hexToBytes(facts.election_key),
    hexToBytes(facts.fingerprint),
  ]);

async function passphraseKey(passphrase, salt, kdf, usage) {
  const bytes = await argon2idAsync(utf8ToBytes(passphrase.normalize("NFC")), salt, {
    t: kdf.iterations,
    m: kdf.memory_kib,
    p: kdf.parallelism,
    dkLen: 32,
  });
  return globalThis.crypto.subtle.importKey("raw", bytes, "AES-GCM", false, [usage]);
}

/** The backup file's text for `record` (a device-store record: its facts and `share`). */
export async function makeBackup(record, passphrase) {
  const facts = Object.fromEntries(FACTS.map((name) => [name, record[name]]));
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const key = await passphraseKey(passphrase, salt, KDF, "encrypt");
  const sealed = await globalThis.crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: associatedData(facts) },
    key,
    hexToBytes(record.share),
  );
  const file = {
    format: BACKUP_FORMAT,
    ...facts,
    kdf: { ...KDF, salt: bytesToHex(salt) },
    cipher: { name: "AES-256-GCM", nonce: bytesToHex(iv) },
    sealed_share: bytesToHex(new Uint8Array(sealed)),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** A device-store record (without the key field) from a backup file's text, or BackupError. */
export async function openBackup(text, passphrase) {
  let file;
  try {
    file = JSON.parse(text);
  } catch {
    throw new BackupError("not_a_backup");
  }
  if (!file || file.format !== BACKUP_FORMAT || file.kdf?.name !== "argon2id") {
    throw new BackupError("not_a_backup");
  }
  let plain;
  try {
    const key = await passphraseKey(passphrase, hexToBytes(file.kdf.salt), file.kdf, "decrypt");
    plain = await globalThis.crypto.subtle.decrypt(
      { name: "AES-GCM", iv: hexToBytes(file.cipher.nonce), additionalData: associatedData(file) },
      key,
      hexToBytes(file.sealed_share),
    );
  } catch {
    throw new BackupError("wrong_passphrase");
  }
  const share = littleEndianNumber(new Uint8Array(plain));
  if (share >= ORDER || !samePoint(base(share), decodePoint(file.public_part))) {
    throw new BackupError("wrong_share");
  }
  const record = Object.fromEntries(FACTS.map((name) => [name, file[name]]));
  return {
    ...record,
    share: bytesToHex(scalarBytes(share)),
    backup_saved: true,
    saved_at: new Date().toISOString(),
  };
}
