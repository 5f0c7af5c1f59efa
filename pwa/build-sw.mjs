// Writes <static dir>/sw.js with Workbox (run by frontend/pwa_plugin.py after the Reflex build).
//
// - precaches the app shell (Vite's hashed assets, the icons, the manifest, the scripts of
//   pwa/public and its HTML pages such as offline.html) with revisioned URLs;
// - a navigation that fails for want of network gets /offline.html;
// - nothing else is cached: /api and /_event always go to the network;
// - every pwa/public/sw-*.js present at build time is imported (push, offline reading...).
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
  runtimeCaching: [
    {
      // Pages are always fetched fresh (they need the live state socket anyway); with no
      // network the precached offline page answers instead. Never cached, never /api.
      urlPattern: ({ request, url }) =>
        request.mode === "navigate" &&
        !url.pathname.startsWith("/api/") &&
        !url.pathname.startsWith("/_event"),
      handler: "NetworkOnly",
      options: { precacheFallback: { fallbackURL: "/offline.html" } },
    },
  ],
});
for (const warning of warnings) console.warn(`workbox: ${warning}`);
console.log(
  `sw.js: ${count} files precached` +
    `, ${(size / 1024).toFixed(0)} KiB, imports: ${importScripts.join(", ") || "none"}`,
);
