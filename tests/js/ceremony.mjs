// A board member's part of the key ceremony in JavaScript (pwa/public/phieu-kin/ceremony.js and
// backup.js), run in Node from a served root laid out as the PWA build lays it out, one step
// per call, the member's secrets passed in and out as JSON (tests/api/test_ballots_ceremony_js.py
// keeps them between steps as the browser keeps them in IndexedDB).
//
//   node tests/js/ceremony.mjs ROOT STEP < {…}   -> the step's JSON on stdout
import path from "node:path";
import { pathToFileURL } from "node:url";

const [root, step] = process.argv.slice(2);
const load = (name) => import(pathToFileURL(path.join(root, "phieu-kin", name)).href);
const [ceremony, backup, group] = await Promise.all(
  ["ceremony.js", "backup.js", "group.js"].map(load),
);

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
const scalars = (list) => list.map(group.decodeScalar);
const secretOf = (hex) => group.hexToBytes(hex);

const STEPS = {
  // {ceremony_id, x, threshold} -> {coefficients, transport_secret, body}
  commit: ({ ceremony_id, x, threshold }) => {
    const coefficients = ceremony.drawPolynomial(threshold);
    const transport = ceremony.transportKeyPair();
    return {
      coefficients: coefficients.map(group.encodeScalar),
      transport_secret: group.bytesToHex(transport.secret),
      body: ceremony.commitBody(ceremony_id, x, coefficients, transport.secret),
    };
  },
  // {ceremony_id, x, coefficients, transport_secret, members} -> the shares body
  shares: (a) =>
    ceremony.sharesBody(
      a.ceremony_id,
      a.x,
      scalars(a.coefficients),
      secretOf(a.transport_secret),
      a.members,
    ),
  // {ceremony_id, x, coefficients, transport_secret, listing, members} -> {bad, share}
  open: async (a) => {
    const { received, bad } = await ceremony.openShares(
      a.ceremony_id,
      a.x,
      secretOf(a.transport_secret),
      a.listing,
      a.members,
    );
    const share = ceremony.ownShare(scalars(a.coefficients), a.x, received);
    return { bad, share: group.encodeScalar(share) };
  },
  // {ceremony_id, sender, recipient, sender_secret, recipient_key, value} -> {sealed}
  seal: async (a) => ({
    sealed: await ceremony.sealShare(
      a.ceremony_id,
      a.sender,
      a.recipient,
      secretOf(a.sender_secret),
      group.hexToBytes(a.recipient_key),
      group.decodeScalar(a.value),
    ),
  }),
  // {ceremony_id, sender, recipient, own_secret, sender_key, sealed} -> {value | null}
  unseal: async (a) => {
    const value = await ceremony.openShare(
      a.ceremony_id,
      a.sender,
      a.recipient,
      secretOf(a.own_secret),
      group.hexToBytes(a.sender_key),
      a.sealed,
    );
    return { value: value === null ? null : group.encodeScalar(value) };
  },
  // {coefficients, accuser} -> the reveal body
  reveal: (a) => ceremony.revealBody(scalars(a.coefficients), a.accuser),
  // {detail} -> {fingerprint, groups}
  fingerprint: ({ detail }) => {
    const print = ceremony.fingerprint(detail);
    return { fingerprint: group.bytesToHex(print), groups: ceremony.fingerprintGroups(print) };
  },
  // {detail, x, share} -> the confirmation body
  confirm: (a) => ceremony.confirmBody(a.detail, a.x, group.decodeScalar(a.share)),
  // {record, passphrase} -> {file}
  backup: async (a) => ({ file: await backup.makeBackup(a.record, a.passphrase) }),
  // {file, passphrase} -> {record} | {error}
  restore: async (a) => {
    try {
      return { record: await backup.openBackup(a.file, a.passphrase) };
    } catch (error) {
      if (error instanceof backup.BackupError) return { error: error.code };
      throw error;
    }
  },
};

if (!STEPS[step]) {
  console.error(`unknown step ${step}`);
  process.exit(2);
}
process.stdout.write(JSON.stringify(await STEPS[step](input)));
