// Scanning a delegate's card (thẻ đại biểu) with the phone's camera, in the page: the check-in
// screen of a congress (docs/congress.md, "Screens"; docs/frontend.md, "Scanning cards").
//
// The decoder is qr-scanner (npm, bundled by the build from pwa/node_modules: /qr-scanner.min.js
// and its worker /qr-scanner-worker.min.js, frontend/pwa_plugin.py BUNDLED; no CDN). It uses
// the browser's BarcodeDetector where there is one and its own worker (a blob: worker, which
// the CSP's worker-src allows) elsewhere.
//
//   window.dangbo.quetThe.start(video, {onToken, onMessage})  -> Promise<boolean>
//   window.dangbo.quetThe.stop()
//
// start() opens the back camera in ``video`` (a <video> element or its id), decodes what it
// sees and hands each card's text to onToken(text) once: the same text again within
// REPEAT_MS is ignored (the card stays in front of the camera while the result is read), so a
// scan is one check-in request. onMessage(text, kind) receives the Vietnamese sentences to show
// ("info", "error"): the camera refused, no camera, a camera in use — each ends with the
// fallback, typing the card's number ("Nhập số thẻ"). It resolves to whether the camera runs.
import QrScanner from "/qr-scanner.min.js";

const REPEAT_MS = 4000;

const MESSAGES = {
  starting: "Đang mở máy ảnh…",
  running: "Đưa mã QR trên thẻ đại biểu vào khung hình.",
  refused:
    "Trình duyệt không được phép dùng máy ảnh. Hãy cho phép máy ảnh trong cài đặt của trang, " +
    "hoặc nhập số thẻ bên dưới.",
  none: "Thiết bị này không có máy ảnh. Hãy nhập số thẻ bên dưới.",
  busy: "Máy ảnh đang được ứng dụng khác dùng. Hãy đóng ứng dụng đó, hoặc nhập số thẻ bên dưới.",
  insecure: "Chỉ dùng được máy ảnh trên trang an toàn (https). Hãy nhập số thẻ bên dưới.",
  failed: "Không mở được máy ảnh. Hãy nhập số thẻ bên dưới.",
};

let scanner = null;
let last = { text: "", at: 0 };

function messageFor(error) {
  const name = (error && error.name) || "";
  const text = String((error && error.message) || error || "");
  if (name === "NotAllowedError" || name === "SecurityError") return MESSAGES.refused;
  if (name === "NotFoundError" || name === "OverconstrainedError" || /camera not found|no camera/i.test(text))
    return MESSAGES.none;
  if (name === "NotReadableError" || name === "AbortError") return MESSAGES.busy;
  if (!window.isSecureContext) return MESSAGES.insecure;
  return MESSAGES.failed;
}

async function start(video, { onToken, onMessage = () => {} } = {}) {
  stop();
  const element = typeof video === "string" ? document.getElementById(video) : video;
  if (!element) return false;
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    onMessage(window.isSecureContext ? MESSAGES.none : MESSAGES.insecure, "error");
    return false;
  }
  onMessage(MESSAGES.starting, "info");
  last = { text: "", at: 0 };
  const current = new QrScanner(
    element,
    (result) => {
      const text = (result && result.data ? result.data : "").trim();
      if (!text) return;
      const now = Date.now();
      if (text === last.text && now - last.at < REPEAT_MS) {
        last.at = now; // still in front of the camera: wait until it has been away a while
        return;
      }
      last = { text, at: now };
      onToken(text);
    },
    {
      preferredCamera: "environment",
      maxScansPerSecond: 8,
      returnDetailedScanResult: true,
      highlightScanRegion: false,
      onDecodeError: () => {}, // "No QR code found" for every frame without one
    },
  );
  scanner = current;
  try {
    await current.start();
  } catch (error) {
    if (scanner === current) stop();
    onMessage(messageFor(error), "error");
    return false;
  }
  if (scanner !== current) return false; // stopped while the camera was opening
  onMessage(MESSAGES.running, "info");
  return true;
}

function stop() {
  if (!scanner) return;
  const current = scanner;
  scanner = null;
  current.stop();
  current.destroy();
}

// Leaving the page (a tab closed, another page of the app) releases the camera.
window.addEventListener("pagehide", stop);

window.dangbo = window.dangbo || {};
window.dangbo.quetThe = { start, stop, messages: MESSAGES };
