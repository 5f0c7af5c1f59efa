// Runs the board member's worker (pwa/public/kiem-phieu-kin-worker.js) in Node, on the served
// layout ROOT (noble under noble/, the ballot modules under phieu-kin/):
//
//   node tests/js/tally_worker.mjs ROOT WORKER.js < messages.json
//
// Each message of the JSON list is given to the worker's onmessage in turn; what it posts
// back is printed as one JSON list. The worker imports "/phieu-kin/…" as the browser serves
// it; here that prefix is read from ROOT.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [root, workerPath] = process.argv.slice(2);
const source = readFileSync(workerPath, "utf8").replaceAll('"/phieu-kin/', '"./phieu-kin/');
const copy = path.join(root, "worker-under-test.mjs");
writeFileSync(copy, source);
const answers = [];
globalThis.self = { postMessage: (message) => answers.push(message) };
await import(pathToFileURL(copy).href);
for (const message of JSON.parse(readFileSync(0, "utf8"))) globalThis.self.onmessage({ data: message });
process.stdout.write(JSON.stringify(answers));
