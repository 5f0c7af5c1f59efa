// Paints every prerendered page from its HTML alone, before any script or the full stylesheet
// (run by frontend/pwa_plugin.py after the Reflex build, before the service worker is written).
//
// Reflex's pages start with a render-blocking stylesheet of 600 kB (60 kB compressed; Radix
// Themes, most of it unused by any one page) and module preloads of all the page's scripts,
// which share the phone's slow link with that stylesheet. For each page that links the global
// stylesheet:
//
// 1. Beasties inlines the CSS rules the page's own markup uses (about 15 kB compressed), and the
//    app's @font-face rules go with them, their files preloaded (text is laid out once, in the
//    app's font, not again when the full stylesheet or a late font arrives);
// 2. the stylesheet link, its preload and the module preloads leave the HTML, and the app's
//    bootstrap module becomes an inert script of the same text;
// 3. a small loader, once the first paint is on the screen, adds the full stylesheet and the module
//    preloads, and when the stylesheet is in, runs the bootstrap (a module script of the same
//    text, so the same CSP hash allows it). The app then starts as it would have. (It also
//    starts after a second at the latest: a background tab runs no animation frames.)
// 4. the full stylesheet is loaded as parts of at most STYLESHEET_PART_BYTES: the browser
//    parses each one in a task of its own, where the whole sheet was one task of 120–190 ms on
//    a slow phone, during which a tap would wait. Cutting between top-level rules keeps the
//    cascade: the same rules, in the same order, under the same at-rules. The loader applies
//    the parts one per frame, last first, so what is applied is always the tail of the sheet
//    and the page never moves (see the loader). Each part is
//    named by its content hash; the original file stays as built. The link to it that React
//    renders at hydration finds a disabled link of the same address, which the browser never
//    fetches (were React to add its own, the whole sheet would load again: slower, same look).
//
// Fails loudly when a page does not have the expected shape (a Reflex upgrade changed it).
//
// usage: node first-paint.mjs <static dir>
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import Beasties from "beasties";
import postcss from "postcss";

const GLOBAL_STYLES = /^\/assets\/__reflex_global_styles-[\w-]+\.css$/;
const LINK = /<link\b[^>]*>/gi;
const BOOTSTRAP = /<script\b(?=[^>]*\btype="module")[^>]*>([\s\S]*?)<\/script>/g;
const INERT_TYPE = "text/x-dangbo-module";
const STYLESHEET_PART_BYTES = 100_000;

// Identical on every page (one CSP hash). Data comes from the page's #dangbo-deferred block.
const LOADER = `(() => {
  let started = false;
  const start = async () => {
    if (started) return;
    started = true;
    const deferred = JSON.parse(document.getElementById("dangbo-deferred").textContent);
    const add = (rel, href, attributes = {}, before = null) => {
      const link = document.createElement("link");
      link.rel = rel;
      // Set before the address: a disabled link, or one whose media matches nothing, is never fetched.
      for (const [name, value] of Object.entries(attributes)) link.setAttribute(name, value);
      link.href = href;
      document.head.insertBefore(link, before);
      return link;
    };
    const loaded = (link) => new Promise((done) => { link.onload = link.onerror = done; });
    const task = () => new Promise((next) => setTimeout(next, 0));
    // After the next rendering update: the style work a change caused is done by then. A tab
    // hidden meanwhile renders no frames, so a timer goes on without one.
    const rendered = () =>
      new Promise((next) => {
        const after = () => setTimeout(next, 0);
        requestAnimationFrame(after);
        setTimeout(after, 100);
      });
    // React also preloads the stylesheets it renders, unless a preload is already there.
    deferred.standIns.forEach((href) => {
      add("stylesheet", href, { disabled: "" });
      add("preload", href, { as: "style", media: "not all" });
    });
    // The parts download together but are applied one per frame: the browser builds the rules
    // of each sheet it applies and matches the page against them, for the whole stylesheet
    // one task of 40-75 ms on a desktop CPU (four times that on a slow phone). They are applied
    // last part first, each before the one applied earlier: what is applied is then always the
    // end of the stylesheet, after the page's inlined rules (which come from it, in its order),
    // so every rule wins or loses as it does in the whole sheet and nothing on the page moves.
    const fetched = deferred.styles.map((href) => loaded(add("preload", href, { as: "style" })));
    const styled = (async () => {
      let next = null;
      for (let index = deferred.styles.length - 1; index >= 0; index -= 1) {
        await fetched[index];
        next = add("stylesheet", deferred.styles[index], {}, next);
        await loaded(next);
        await rendered();
      }
    })();
    // A few links per task: each one starts a request, about a millisecond of the main thread
    // on a slow phone, and there are twenty of them.
    for (let index = 0; index < deferred.modules.length; index += 1) {
      if (index % 4 === 0) await task();
      add("modulepreload", deferred.modules[index]);
    }
    // The modules are evaluated one per task, each after its imports: as one module graph they
    // were one long task. The entry module is left to the bootstrap (it starts the app).
    const evaluated = (async () => {
      for (const href of deferred.order) {
        await import(href);
        await task();
      }
    })().catch(() => {}); // the bootstrap then meets the same failure and reports it
    Promise.all([styled, evaluated]).then(() => {
      const inert = document.getElementById("dangbo-app");
      const app = document.createElement("script");
      app.type = "module";
      app.text = inert.text;
      inert.replaceWith(app);
    });
  };
  // Once the first paint is on the screen (its performance entry is reported after it was
  // presented, which an animation frame callback may precede).
  const paints = window.PerformanceObserver && PerformanceObserver.supportedEntryTypes;
  if (document.visibilityState === "hidden") start();
  else if (paints && paints.includes("paint")) {
    new PerformanceObserver((list, observer) => {
      if (list.getEntriesByName("first-contentful-paint").length === 0) return;
      observer.disconnect();
      setTimeout(start, 0);
    }).observe({ type: "paint", buffered: true });
  } else requestAnimationFrame(() => setTimeout(start, 0));
  setTimeout(start, 1000);
})();`;

// Identical on every page (one CSP hash), at the end of the head. The page can be tapped before the
// app has started: a form sent then would be submitted by the browser itself, a reload of the
// same page that loses the tap (seen with /dang-nhap?username=). Until the app says it has
// started (frontend/components/app_started.py, a layout effect, run inside the commit of the
// hydrated page; React's own props on the form are no sign, they are set before the commit,
// while React still drops the events), a submission is held, the last one per form, and sent
// again then, once: a tap between the signal and the sending joins the held one.
const HOLD_EARLY_SUBMIT = `(() => {
  const held = new Map();
  let released = false; // set as the held forms are sent: from then on React answers alone
  document.addEventListener("submit", (event) => {
    if (released || !(event.target instanceof HTMLFormElement)) return;
    event.preventDefault();
    held.set(event.target, event.submitter);
  }, true);
  document.addEventListener("dangbo:started", () => setTimeout(() => {
    released = true;
    for (const [form, submitter] of held) {
      if (form.isConnected) form.requestSubmit(submitter && submitter.isConnected ? submitter : null);
    }
    held.clear();
  }, 0), { once: true });
})();`;

function attributes(tag) {
  const found = {};
  for (const match of tag.matchAll(/([\w-]+)(?:="([^"]*)")?/g)) found[match[1].toLowerCase()] = match[2] ?? "";
  return found;
}

// Static imports of a built chunk (``import{a as b}from"./x.js"``, ``import"./y.js"``).
const STATIC_IMPORT = /\bimport\s*(?:[^"'`;()]*?\bfrom\s*)?["'](\.{1,2}\/[\w.-]+\.js)["']/g;

// The page's modules, each after its own imports, without the entry module.
function evaluationOrder(root, modules, entry) {
  const order = [];
  const seen = new Set();
  const visit = (href) => {
    if (seen.has(href)) return;
    seen.add(href);
    const source = readFileSync(path.join(root, href), "utf8");
    for (const [, relative] of source.matchAll(STATIC_IMPORT)) {
      visit(path.posix.join(path.posix.dirname(href), relative));
    }
    if (href !== entry) order.push(href);
  };
  modules.forEach(visit);
  return order;
}

function pages(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "assets" ? [] : pages(full);
    return name.endsWith(".html") ? [full] : [];
  });
}

// Writes the stylesheet at ``href`` again as parts (see 4. above); returns their hrefs, in order.
export function splitStylesheet(root, href) {
  const file = path.join(root, href);
  const sheet = postcss.parse(readFileSync(file, "utf8"));
  const parts = [[]];
  let size = 0;
  for (const node of sheet.nodes) {
    if (node.type === "atrule" && ["charset", "import"].includes(node.name)) {
      throw new Error(`${href}: @${node.name} must stay first; cutting the sheet would move it`);
    }
    const text = node.toString();
    if (size > 0 && size + text.length > STYLESHEET_PART_BYTES) {
      parts.push([]);
      size = 0;
    }
    parts.at(-1).push(text);
    size += text.length;
  }
  const hrefs = [];
  for (const part of parts) {
    const text = part.join("\n");
    const hash = createHash("sha256").update(text).digest("base64url").slice(0, 10);
    const name = href.replace(/\.css$/, `.part-${hash}.css`);
    writeFileSync(path.join(root, name), text);
    hrefs.push(name);
  }
  return hrefs;
}

export function deferAppStart(html, file, root, stylesheetParts = {}, fontFaces = "") {
  const styles = [];
  const standIns = [];
  const modules = [];
  html = html.replace(LINK, (tag) => {
    const { rel, href, as } = attributes(tag.slice(5));
    if (rel === "modulepreload") {
      modules.push(href);
      return "";
    }
    if (GLOBAL_STYLES.test(href ?? "") && (rel === "stylesheet" || (rel === "preload" && as === "style"))) {
      if (rel === "stylesheet") {
        if (stylesheetParts[href]) {
          styles.push(...stylesheetParts[href]);
          standIns.push(href);
        } else styles.push(href);
      }
      return "";
    }
    return tag;
  });
  const bootstraps = [...html.matchAll(BOOTSTRAP)];
  if (styles.length === 0 || bootstraps.length !== 1 || modules.length === 0) {
    throw new Error(
      `${file}: expected the global stylesheet, module preloads and one bootstrap module; ` +
        `found ${styles.length}, ${modules.length}, ${bootstraps.length}`
    );
  }
  const entry = bootstraps[0][1].match(/\bimport\("([^"]+)"\)/)?.[1];
  if (!entry || !modules.includes(entry)) throw new Error(`${file}: the bootstrap imports no known entry`);
  const order = evaluationOrder(root, modules, entry);
  html = html.replace(BOOTSTRAP, (_, body) => `<script type="${INERT_TYPE}" id="dangbo-app">${body}</script>`);
  const data = JSON.stringify({ styles, standIns, modules, order }).replaceAll("<", "\\u003c");
  const tail = `<script type="application/json" id="dangbo-deferred">${data}</script><script>${LOADER}</script>`;
  // The font faces go with the first paint: text is drawn once, in the app's font, rather
  // than redrawn when the full stylesheet brings them.
  // Preloaded, the files are there for the first paint (and a fetch of the font's own priority,
  // discovered only when the text is laid out, does not hold the first paint back).
  if (fontFaces) {
    const preloads = [...fontFaces.matchAll(/url\(['"]?(\/assets\/[^'")]+\.woff2)['"]?\)/g)]
      .map(([, href]) => `<link rel="preload" as="font" type="font/woff2" crossorigin href="${href}">`)
      .join("");
    html = html.replace("</head>", `${preloads}<style>${fontFaces}</style></head>`);
  }
  // Before the body: no form can be sent before the hold is in place.
  html = html.replace("</head>", `<script>${HOLD_EARLY_SUBMIT}</script></head>`);
  return html.replace(/<\/body>/, `${tail}</body>`);
}

const staticArg = process.argv[2];
if (staticArg) {
  const root = path.resolve(staticArg);
  const beasties = new Beasties({
    path: root,
    publicPath: "/",
    preload: false, // the loader above brings the full stylesheet
    pruneSource: false, // other pages and later states need every rule
    reduceInlineStyles: false, // Emotion's inline styles are all in use
    inlineFonts: false,
    preloadFonts: false, // fonts must not compete with the page for the link
    // Radix Themes puts its theme variables (panel and surface colours…) on
    // ``:where(.radix-themes)``, which Beasties' matcher does not see as used. The documents
    // list that van-ban-som.js draws from the HTML is not in the markup Beasties sees: its
    // cards' rules, the badges' and the badges' colours are kept too (1.7 kB compressed), or
    // the cards would be laid out again when the full stylesheet arrives.
    allowRules: [
      /^:where\(\.radix-themes\)/,
      /\.dangbo-doc-/,
      /\.rt-Badge/,
      /^\[data-accent-color=(amber|gray|orange)\]/,
    ],
    compress: true,
    logLevel: "warn",
  });
  let count = 0;
  const inlined = new Map();
  for (const file of pages(root)) {
    const html = readFileSync(file, "utf8");
    if (!html.includes("__reflex_global_styles-")) continue; // plain pages such as offline.html
    count += 1;
    if (html.includes('id="dangbo-deferred"')) continue; // done already (a rerun on one build)
    // Beasties reads the whole stylesheet: every page first, the stylesheet cut after.
    inlined.set(file, (await beasties.process(html)).replace(" data-beasties-container", ""));
  }
  if (count === 0) throw new Error(`no Reflex page found under ${root}`);
  const stylesheets = new Set(
    [...inlined.values()].flatMap((html) => [...html.matchAll(/href="(\/assets\/__reflex_global_styles-[\w-]+\.css)"/g)].map((m) => m[1]))
  );
  const stylesheetParts = {};
  for (const href of stylesheets) stylesheetParts[href] = splitStylesheet(root, href);
  // /fonts.css: the app's @font-face rules with the built files' addresses (pwa_plugin.py).
  const fontFaces = postcss.parse(readFileSync(path.join(root, "fonts.css"), "utf8")).toString().replace(/\s*\n\s*/g, "");
  for (const [file, html] of inlined) {
    writeFileSync(file, deferAppStart(html, path.relative(root, file), root, stylesheetParts, fontFaces));
  }
  const parts = Object.values(stylesheetParts).map((hrefs) => hrefs.length).join(", ");
  console.log(`first paint from HTML: ${count} pages; global stylesheet in ${parts} parts`);
}
