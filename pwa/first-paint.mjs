// Paints every prerendered page from its HTML alone, before any script or the full stylesheet
// (run by frontend/pwa_plugin.py after the Reflex build, before the service worker is written).
//
// Reflex's pages start with a render-blocking stylesheet of 600 kB (60 kB compressed; Radix
// Themes, most of it unused by any one page) and module preloads of all the page's scripts,
// which share the phone's slow link with that stylesheet. For each page that links the global
// stylesheet:
//
// 1. Beasties inlines the CSS rules the page's own markup uses (about 15 kB compressed);
// 2. the stylesheet link, its preload and the module preloads leave the HTML, and the app's
//    bootstrap module becomes an inert script of the same text;
// 3. a small loader, once the first frame is painted, adds the full stylesheet and the module
//    preloads, and when the stylesheet is in, runs the bootstrap (a module script of the same
//    text, so the same CSP hash allows it). The app then starts as it would have.
//
// Fails loudly when a page does not have the expected shape (a Reflex upgrade changed it).
//
// usage: node first-paint.mjs <static dir>
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import Beasties from "beasties";

const GLOBAL_STYLES = /^\/assets\/__reflex_global_styles-[\w-]+\.css$/;
const LINK = /<link\b[^>]*>/gi;
const BOOTSTRAP = /<script\b(?=[^>]*\btype="module")[^>]*>([\s\S]*?)<\/script>/g;
const INERT_TYPE = "text/x-dangbo-module";

// Identical on every page (one CSP hash). Data comes from the page's #dangbo-deferred block.
const LOADER = `(() => {
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    const deferred = JSON.parse(document.getElementById("dangbo-deferred").textContent);
    const add = (rel, href) => {
      const link = document.createElement("link");
      link.rel = rel;
      link.href = href;
      document.head.append(link);
      return link;
    };
    const styled = deferred.styles.map(
      (href) => new Promise((done) => { const link = add("stylesheet", href); link.onload = link.onerror = done; })
    );
    deferred.modules.forEach((href) => add("modulepreload", href));
    Promise.all(styled).then(() => {
      const inert = document.getElementById("dangbo-app");
      const app = document.createElement("script");
      app.type = "module";
      app.text = inert.text;
      inert.replaceWith(app);
    });
  };
  if (document.visibilityState === "hidden") start();
  else requestAnimationFrame(() => setTimeout(start, 0));
  setTimeout(start, 1000);
})();`;

function attributes(tag) {
  const found = {};
  for (const match of tag.matchAll(/([\w-]+)(?:="([^"]*)")?/g)) found[match[1].toLowerCase()] = match[2] ?? "";
  return found;
}

function pages(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "assets" ? [] : pages(full);
    return name.endsWith(".html") ? [full] : [];
  });
}

export function deferAppStart(html, file) {
  const styles = [];
  const modules = [];
  html = html.replace(LINK, (tag) => {
    const { rel, href, as } = attributes(tag.slice(5));
    if (rel === "modulepreload") {
      modules.push(href);
      return "";
    }
    if (GLOBAL_STYLES.test(href ?? "") && (rel === "stylesheet" || (rel === "preload" && as === "style"))) {
      if (rel === "stylesheet") styles.push(href);
      return "";
    }
    return tag;
  });
  const bootstraps = [...html.matchAll(BOOTSTRAP)];
  if (styles.length !== 1 || bootstraps.length !== 1 || modules.length === 0) {
    throw new Error(
      `${file}: expected one global stylesheet, module preloads and one bootstrap module; ` +
        `found ${styles.length}, ${modules.length}, ${bootstraps.length}`
    );
  }
  html = html.replace(BOOTSTRAP, (_, body) => `<script type="${INERT_TYPE}" id="dangbo-app">${body}</script>`);
  const data = JSON.stringify({ styles, modules }).replaceAll("<", "\\u003c");
  const tail = `<script type="application/json" id="dangbo-deferred">${data}</script><script>${LOADER}</script>`;
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
    // ``:where(.radix-themes)``, which Beasties' matcher does not see as used.
    allowRules: [/^:where\(\.radix-themes\)/],
    compress: true,
    logLevel: "warn",
  });
  let count = 0;
  for (const file of pages(root)) {
    const html = readFileSync(file, "utf8");
    if (!html.includes("__reflex_global_styles-")) continue; // plain pages such as offline.html
    count += 1;
    if (html.includes('id="dangbo-deferred"')) continue; // done already (a rerun on one build)
    const inlined = (await beasties.process(html)).replace(" data-beasties-container", "");
    writeFileSync(file, deferAppStart(inlined, path.relative(root, file)));
  }
  if (count === 0) throw new Error(`no Reflex page found under ${root}`);
  console.log(`first paint from HTML: ${count} pages`);
}
