// Writes <static dir>/sw.js with Workbox (run by frontend/pwa_plugin.py after the Reflex build).
//
// - precaches the app shell (Vite's hashed assets, the icons, the manifest, the scripts of
//   pwa/public and its HTML pages such as offline.html) with revisioned URLs;
// - every pwa/public/sw-*.js present at build time is imported, before Workbox's own code:
//   sw-offline.js answers navigations (the network, else the saved copy of a document or
//   /offline.html) and watches /api answers for a lost session; sw-push.js shows pushes;
// - nothing else is cached: /api and /_event always go to the network.
//
// usage: node build-sw.mjs <static dir> [page.html ...]
import { readdirSync } from "node:fs";
import path from "node:path";
import { generateSW } from "workbox-build";

const [staticArg, ...precachedPages] = process.argv.slice(2);
if (!staticArg) {
  console.error("usage: node build-sw.mjs <static dir> [page.html ...]");
  process.exit(2);
}
const staticDir = path.resolve(staticArg); // globDirectory must be absolute
const importScripts = readdirSync(staticDir)
  .filter((name) => /^sw-[\w.-]+\.js$/.test(name))
  .sort()
  .map((name) => `/${name}`);

const { count, size, warnings } = await generateSW({
  swDest: path.join(staticDir, "sw.js"),
  globDirectory: staticDir,
  globPatterns: [
    "assets/**/*.{js,css,woff2}",
    "**/*.{png,svg,ico,webmanifest}",
    "*.{js,css}",
    "offline.html",
    ...precachedPages,
  ],
  globIgnores: ["sw.js", "sw-*.js", "workbox-*.js", "**/*.{gz,br,zst}", "404.html"],
  // Vite puts a content hash in every file name under assets/: no extra revision needed.
  dontCacheBustURLsMatching: /^assets\//,
  maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
  importScripts,
  inlineWorkboxRuntime: true,
  mode: "production",
  sourcemap: false,
  skipWaiting: true,
  clientsClaim: true,
  cleanupOutdatedCaches: true,
});
for (const warning of warnings) console.warn(`workbox: ${warning}`);
console.log(
  `sw.js: ${count} files precached` +
    `, ${(size / 1024).toFixed(0)} KiB, imports: ${importScripts.join(", ") || "none"}`,
);
