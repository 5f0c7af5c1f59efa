// A counting-board member's share of a poll's election key, kept on this device only
// (docs/ballots.md §13): IndexedDB database "dangbo-phieu-kin", apart from the offline document
// store (Cache Storage, erased when a session ends) — a share must survive sign-out, since
// without it this member cannot help decrypt the totals.
//
// Store "phan_khoa", one record per (congress, poll, account), key `${congress}/${poll}/${user}`:
//   { key, congress_id, poll_id, user_id, ceremony_id, x, threshold, size,
//     share (s_x, 64 hex), public_part (K_x, 64 hex), election_key (K, 64 hex),
//     fingerprint (128 hex), transport_secret (X25519, 64 hex; only while the run is going on),
//     backup_saved (bool), saved_at (ISO text) }
// A new run of the ceremony (a new ceremony_id) replaces the record.
// Store "giai_ma", key as above: { key, ceremony_id, board_hash, sent_at } — each device gives
// at most one partial decryption per poll.
const DB_NAME = "dangbo-phieu-kin";
const VERSION = 1;
const SHARES = "phan_khoa";
const DECRYPTIONS = "giai_ma";

export const recordKey = (congressId, pollId, userId) => `${congressId}/${pollId}/${userId}`;

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(SHARES)) db.createObjectStore(SHARES, { keyPath: "key" });
      if (!db.objectStoreNames.contains(DECRYPTIONS)) {
        db.createObjectStore(DECRYPTIONS, { keyPath: "key" });
      }
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run(storeName, mode, action) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(storeName, mode);
      const request = action(tx.objectStore(storeName));
      let result;
      request.onsuccess = () => {
        result = request.result;
      };
      tx.oncomplete = () => resolve(result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

/** Saves (or replaces) this member's record for a poll; `record` holds the fields above. */
export function saveShare(record) {
  const key = recordKey(record.congress_id, record.poll_id, record.user_id);
  return run(SHARES, "readwrite", (store) => store.put({ ...record, key }));
}

/** This member's record for a poll, or undefined. */
export function loadShare(congressId, pollId, userId) {
  return run(SHARES, "readonly", (store) => store.get(recordKey(congressId, pollId, userId)));
}

/** Notes that this device sent its partial decryption for the poll (under `boardHash`). */
export function markDecrypted(congressId, pollId, userId, ceremonyId, boardHash) {
  const key = recordKey(congressId, pollId, userId);
  const sent_at = new Date().toISOString();
  return run(DECRYPTIONS, "readwrite", (store) =>
    store.put({ key, ceremony_id: ceremonyId, board_hash: boardHash, sent_at }),
  );
}

/** The note of an earlier partial decryption for the poll, or undefined. */
export function decryptedBefore(congressId, pollId, userId) {
  return run(DECRYPTIONS, "readonly", (store) => store.get(recordKey(congressId, pollId, userId)));
}
