// The JavaScript side of the secret ballots' cryptography (pwa/public/phieu-kin/), run in Node
// as the browser runs it: from a served root where the build put the modules (the PWA build's
// copy_es_modules for /noble/, pwa/public/phieu-kin/ beside it; tests/unit/test_ballot_crypto_js.py
// lays it out).
//
//   node tests/js/ballots.mjs ROOT vectors VECTORS.json   every shared vector; exit 1 on a miss
//   node tests/js/ballots.mjs ROOT run < [job…]         build, verify, reveal: see runJob
//   node tests/js/ballots.mjs ROOT measure < {context, choices, rounds}  -> build/verify ms
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [root, command, ...rest] = process.argv.slice(2);
const load = (name) => import(pathToFileURL(path.join(root, "phieu-kin", name)).href);
const MODULES = ["group", "hashing", "context", "elgamal", "proofs", "ballot", "tally", "errors"];
const [group, hashing, contextModule, elgamal, proofs, ballots, tally, errors] = await Promise.all(
  MODULES.map((name) => load(`${name}.js`)),
);
const { PollContext } = contextModule;
const { BallotCryptoError } = errors;

// A scalar source that replays recorded draws (the vectors' "draws"), in order.
function scripted(draws) {
  let next = 0;
  return () => {
    if (next >= draws.length) throw new Error("more draws than recorded");
    return group.decodeScalar(draws[next++]);
  };
}

// The refusal code of f(), or null when it returns true; "refused" when it returns false.
function outcome(f, failedCode) {
  try {
    return f() === false ? failedCode : null;
  } catch (error) {
    if (error instanceof BallotCryptoError) return error.code;
    throw error;
  }
}

const FAILED = {
  bit: "bad_bit_proof",
  range: "bad_range_proof",
  decryption: "bad_decryption_proof",
  key: "bad_key_proof",
};
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const got = (code) => code ?? "accepted";

function runVectors(file) {
  // 2^64 − 1 (a hash item) is beyond a JSON number's precision: read big integers from their
  // source text (JSON.parse's reviver context).
  const exact = (key, value, context) =>
    typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value)
      ? BigInt(context.source)
      : value;
  const vectors = JSON.parse(readFileSync(file, "utf8"), exact);
  const results = [];
  const check = (section, name, ok, detail = "") => results.push({ section, name, ok, detail });
  const expectCode = (section, row, code) => {
    const wanted = row.valid === false ? row.code : null;
    check(section, row.name, code === wanted, `expected ${got(wanted)}, got ${got(code)}`);
  };

  check("group", "order", group.ORDER.toString() === vectors.group.order);
  check("group", "base", group.encodePoint(group.G) === vectors.group.base);
  check("group", "identity", group.encodePoint(group.IDENTITY) === vectors.group.identity);
  for (const row of vectors.points) {
    expectCode("points", row, outcome(() => group.decodePoint(row.hex)));
  }
  for (const row of vectors.scalars) {
    expectCode("scalars", row, outcome(() => group.decodeScalar(row.hex)));
  }

  const item = (spec) => {
    if ("text" in spec) return spec.text;
    if ("int" in spec) return BigInt(spec.int);
    if ("hex" in spec) return group.hexToBytes(spec.hex);
    return spec.list.map(item);
  };
  for (const row of vectors.hashes) {
    const items = row.items.map(item);
    const encoded = group.bytesToHex(hashing.encode(items));
    check("hashes", `${row.name}: encoding`, encoded === row.encoded, "encoded bytes differ");
    check("hashes", `${row.name}: digest`, group.bytesToHex(hashing.digest(items)) === row.digest);
    const scalar = group.encodeScalar(hashing.challenge(items));
    check("hashes", `${row.name}: scalar`, scalar === row.scalar);
  }

  const contexts = {};
  for (const row of vectors.contexts) {
    contexts[row.name] = PollContext.fromJSON(row);
    check("contexts", row.name, group.bytesToHex(contexts[row.name].hash) === row.hash);
  }

  for (const row of vectors.encryptions) {
    const ct = elgamal.encrypt(group.decodePoint(row.public_key), row.m, group.decodeScalar(row.r));
    check("encryptions", row.name, same(ct.toJSON(), row.ciphertext));
  }

  for (const row of vectors.proofs) {
    expectCode("proofs", row, outcome(() => verifyProofRow(contexts, row), FAILED[row.kind]));
    if (row.secrets) check("proofs", `${row.name}: reproduced`, reproduceProof(contexts, row));
  }

  for (const row of vectors.ballots) {
    const ctx = contexts[row.context];
    expectCode("ballots", row, outcome(() => ballots.verifyBallotJSON(ctx, row.ballot)));
    if (row.valid) {
      const ballot = ballots.Ballot.fromJSON(ctx, row.ballot);
      check("ballots", `${row.name}: tracker`, ballots.tracker(ctx, ballot) === row.tracker);
      const [rebuilt, rs] = ballots.buildBallot(ctx, row.choices, scripted(row.draws));
      const rebuiltSame =
        same(rebuilt.toJSON(), row.ballot) && same(rs.map(group.encodeScalar), row.randomness);
      check("ballots", `${row.name}: rebuilt byte for byte`, rebuiltSame);
    }
  }

  for (const row of vectors.reveals) {
    const ctx = contexts[row.context];
    expectCode("reveals", row, outcome(() => ballots.verifyReveal(ctx, row.reveal)));
  }

  for (const row of vectors.tallies) runTally(contexts, row, check);

  return results;
}

function verifyProofRow(contexts, row) {
  const st = row.statement;
  if (row.kind === "key") {
    const proof = proofs.ScalarProof.fromJSON(row.proof);
    return proofs.verifyKey(st.ceremony_id, st.x, st.j, group.decodePoint(st.public), proof);
  }
  const ctx = contexts[st.context];
  const ct = elgamal.Ciphertext.fromJSON(st.ciphertext);
  if (row.kind === "decryption") {
    const proof = proofs.ScalarProof.fromJSON(row.proof);
    const board = group.hexToBytes(st.board_hash);
    const publicShare = group.decodePoint(st.share_public);
    const d = group.decodePoint(st.d);
    return proofs.verifyDecryption(ctx.hash, board, st.x, publicShare, st.position, ct, d, proof);
  }
  const proof = proofs.DisjunctiveProof.fromJSON(row.proof, st.values.length);
  if (row.kind === "bit") return proofs.verifyBit(ctx.hash, st.position, ctx.publicKey, ct, proof);
  return proofs.verifyRange(ctx.hash, st.group, st.positions, ctx.publicKey, ct, st.values, proof);
}

function reproduceProof(contexts, row) {
  const st = row.statement;
  const secrets = row.secrets;
  const draw = scripted(secrets.draws);
  let proof;
  if (row.kind === "key") {
    const secret = group.decodeScalar(secrets.secret);
    const [point, made] = proofs.proveKey(st.ceremony_id, st.x, st.j, secret, draw);
    if (group.encodePoint(point) !== st.public) return false;
    proof = made;
  } else {
    const ctx = contexts[st.context];
    const ct = elgamal.Ciphertext.fromJSON(st.ciphertext);
    if (row.kind === "decryption") {
      const board = group.hexToBytes(st.board_hash);
      const share = group.decodeScalar(secrets.share);
      const [d, made] = proofs.proveDecryption(ctx.hash, board, st.x, share, st.position, ct, draw);
      if (group.encodePoint(d) !== st.d) return false;
      proof = made;
    } else if (row.kind === "bit") {
      const r = group.decodeScalar(secrets.r);
      proof = proofs.proveBit(ctx.hash, st.position, ctx.publicKey, ct, secrets.m, r, draw);
    } else {
      const r = group.decodeScalar(secrets.r);
      const { group: index, positions, values } = st;
      const key = ctx.publicKey;
      proof = proofs.proveRange(ctx.hash, index, positions, key, ct, values, secrets.m, r, draw);
    }
  }
  return same(proof.toJSON(), row.proof);
}

function runTally(contexts, row, check) {
  const ctx = contexts[row.context];
  const name = row.name;
  const parsed = row.ballots.map((b) => ballots.verifyBallotJSON(ctx, b));
  const totals = tally.sumBallots(ballots.layout(ctx).size, parsed);
  const sums = totals.ciphertexts.map((ct) => ct.toJSON());
  check("tallies", `${name}: totals`, same(sums, row.totals));
  check("tallies", `${name}: ballot count`, totals.ballotCount === row.ballot_count);
  const board = group.hexToBytes(row.board_hash);
  const publics = new Map(row.members.map((m) => [m.x, group.decodePoint(m.public)]));
  const withoutDraws = ({ draws, ...partial }) => partial;
  const partials = new Map(row.partials.map((p) => [p.x, tally.partialFromJSON(withoutDraws(p))]));
  for (const member of row.members) {
    const recorded = row.partials.find((p) => p.x === member.x);
    const share = group.decodeScalar(member.share);
    const draw = scripted(recorded.draws);
    const made = tally.partialDecrypt(ctx.hash, board, member.x, share, totals, draw);
    const { draws, ...expected } = recorded;
    const reproduced = same(tally.partialToJSON(made), expected);
    check("tallies", `${name}: member ${member.x}'s partial reproduced`, reproduced);
  }
  for (const xs of row.combinations) {
    const chosen = xs.map((x) => partials.get(x));
    const counts = tally.combine(ctx.hash, board, totals, row.threshold, publics, chosen);
    check("tallies", `${name}: members ${xs} give the counts`, same(counts, row.counts));
  }
  for (const bad of row.tampered_partials) {
    const code = outcome(() => {
      const partial = tally.partialFromJSON(bad.partial);
      tally.checkPartial(ctx.hash, board, publics.get(partial.x), totals, partial);
    });
    const detail = `expected ${bad.code}, got ${got(code)}`;
    check("tallies", `${name}: ${bad.name}`, code === bad.code, detail);
  }
  const combined = (chosen) =>
    outcome(() => tally.combine(ctx.hash, board, totals, row.threshold, publics, chosen));
  const one = partials.get(1);
  check("tallies", `${name}: one member is not enough`, combined([one]) === "not_enough_shares");
  check("tallies", `${name}: one member twice is refused`, combined([one, one]) === "wrong_shape");
  const unknownKey = outcome(() => tally.partialFromJSON(row.partials[0]));
  check("tallies", `${name}: a partial with another key is refused`, unknownKey === "wrong_shape");
}

function runJob(job) {
  if (job.op === "key") {
    const secret = group.randomScalar();
    const [point, proof] = proofs.proveKey(job.ceremony_id, job.x, job.j, secret);
    return { public: group.encodePoint(point), proof: proof.toJSON() };
  }
  const ctx = PollContext.fromJSON(job.context);
  if (job.op === "partial") {
    const parsed = job.ballots.map((b) => ballots.verifyBallotJSON(ctx, b));
    const totals = tally.sumBallots(ballots.layout(ctx).size, parsed);
    const share = group.decodeScalar(job.share);
    const board = group.hexToBytes(job.board_hash);
    return tally.partialToJSON(tally.partialDecrypt(ctx.hash, board, job.x, share, totals));
  }
  if (job.op === "build") {
    const [ballot, rs] = ballots.buildBallot(ctx, job.choices);
    const reveal = ballots.makeReveal(ctx, ballot, job.choices, rs);
    return { ballot: ballot.toJSON(), tracker: reveal.tracker, reveal };
  }
  let answer = null;
  const code = outcome(() => {
    answer =
      job.op === "verify"
        ? { tracker: ballots.tracker(ctx, ballots.verifyBallotJSON(ctx, job.ballot)) }
        : { choices: ballots.verifyReveal(ctx, job.reveal) };
  });
  return code ? { ok: false, code } : { ok: true, ...answer };
}

const readInput = () => JSON.parse(readFileSync(0, "utf8"));
const print = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);

if (command === "vectors") {
  const results = runVectors(rest[0]);
  const failed = results.filter((r) => !r.ok);
  for (const r of failed) process.stderr.write(`FAIL ${r.section}: ${r.name} ${r.detail}\n`);
  const named = failed.map((r) => `${r.section}: ${r.name} ${r.detail}`);
  print({ checks: results.length, failed: named });
  process.exitCode = failed.length ? 1 : 0;
} else if (command === "run") {
  // A list of jobs in one process (Node's start-up and noble's tables once):
  // {op: "build", context, choices} -> {ballot, tracker, reveal}
  // {op: "verify", context, ballot} -> {ok, code?, tracker?}
  // {op: "reveal", context, reveal} -> {ok, code?, choices?}
  // {op: "partial", context, ballots, board_hash, x, share} -> a partial decryption {x, d, proofs}
  // {op: "key", ceremony_id, x, j} -> {public, proof} for a fresh secret
  print(readInput().map(runJob));
} else if (command === "measure") {
  // Wall time and this process's CPU time (user + system) per ballot: on a shared machine the
  // CPU time is the steadier figure.
  const { context, choices, rounds = 5 } = readInput();
  const ctx = PollContext.fromJSON(context);
  ballots.buildBallot(ctx, choices); // warm-up: noble's base-point table, the JIT
  const timed = (f) => {
    const wall = performance.now();
    const cpu = process.cpuUsage();
    const value = f();
    const used = process.cpuUsage(cpu);
    return [value, performance.now() - wall, (used.user + used.system) / 1000];
  };
  const build = { wall: [], cpu: [] };
  const verify = { wall: [], cpu: [] };
  for (let i = 0; i < rounds; i++) {
    const [ballot, wall, cpu] = timed(() => ballots.buildBallot(ctx, choices)[0].toJSON());
    build.wall.push(wall);
    build.cpu.push(cpu);
    const sent = JSON.parse(JSON.stringify(ballot));
    const [, vWall, vCpu] = timed(() => ballots.verifyBallotJSON(ctx, sent));
    verify.wall.push(vWall);
    verify.cpu.push(vCpu);
  }
  const median = (xs) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
  print({
    rounds,
    build_ms: { wall: median(build.wall), cpu: median(build.cpu) },
    verify_ms: { wall: median(verify.wall), cpu: median(verify.cpu) },
    node: process.version,
  });
} else {
  process.stderr.write("usage: ballots.mjs ROOT vectors FILE | run | measure\n");
  process.exitCode = 2;
}
