// The browser's check of a checked (Benaloh) ballot's file (pwa/public/phieu-kin/reveal-check.js),
// run in Node from a served root laid out as the PWA build lays it out.
//
//   node tests/js/reveal_check.mjs ROOT < [{text, tracker}…]  -> [{failures, lines, tracker}…]
// `text` is the file's text (its JSON, or its QR codes' texts one per line), as the page reads it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [root] = process.argv.slice(2);
const check = await import(pathToFileURL(path.join(root, "phieu-kin", "reveal-check.js")).href);
const jobs = JSON.parse(readFileSync(0, "utf8"));
const out = jobs.map(({ text, tracker }) => {
  let document;
  try {
    document = check.documentOf(text);
  } catch (error) {
    return { unreadable: error.message, failures: [], lines: [], tracker: "" };
  }
  const { failures, lines, tracker: found } = check.verify(document, tracker ?? null);
  return { failures, lines, tracker: found };
});
process.stdout.write(JSON.stringify(out));
