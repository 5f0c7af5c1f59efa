// Đảng bộ số — turning Web Push on and off on this device.
//
// An ES module, imported on demand by the notification settings page (import("/push.js")).
// enable() must run from a click: the page shows why notifications are useful first, and
// only then does the browser ask for permission. Uses window.dangbo.csrfToken from /app.js.

const PERMISSION_DENIED =
  "Trình duyệt đang chặn thông báo của Đảng bộ số. Hãy mở phần cài đặt trang web của trình " +
  "duyệt (biểu tượng ổ khóa cạnh địa chỉ), cho phép Thông báo, rồi bấm lại.";
const NOT_SUPPORTED =
  "Trình duyệt này chưa hỗ trợ thông báo đẩy. Hãy dùng Chrome, Edge, Firefox hoặc Safari mới.";
const IOS_INSTALL_FIRST =
  "Trên iPhone và iPad, hãy thêm Đảng bộ số vào Màn hình chính trước (nút Chia sẻ → «Thêm " +
  "vào MH chính»), mở ứng dụng từ biểu tượng đó rồi bật thông báo.";

const PUSH_SERVICE_DOWN =
  "Chưa kết nối được dịch vụ thông báo của trình duyệt. Kiểm tra mạng rồi bấm lại sau ít phút.";
const GENERAL = "Chưa bật hay tắt được thông báo. Hãy tải lại trang rồi thử lại.";

// The browser's own errors come in English ("Registration failed - permission denied",
// "Registration failed - push service error"…): say in Vietnamese what happened and what
// to do. Our own errors (the API's problem detail, the wait for the service worker) are
// already Vietnamese and are passed on as they are.
class Explained extends Error {}

function explain(error) {
  if (error instanceof Explained) return error.message;
  switch (error && error.name) {
    case "NotAllowedError":
      return PERMISSION_DENIED;
    case "AbortError":
    case "NetworkError":
      return PUSH_SERVICE_DOWN;
    case "NotSupportedError":
      return NOT_SUPPORTED;
    case "InvalidStateError":
    case "InvalidAccessError":
      return "Thông báo trên thiết bị này cần được đặt lại: tắt rồi bật lại thông báo.";
    case "TypeError":
      return "Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.";
    default:
      return GENERAL;
  }
}

function isIos() {
  return /iPhone|iPad|iPod/.test(navigator.userAgent) ||
    (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
}

function standalone() {
  return window.matchMedia("(display-mode: standalone)").matches || navigator.standalone === true;
}

export function supported() {
  return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

function toBytes(base64url) {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function sameBytes(buffer, bytes) {
  if (!buffer) return false;
  const a = new Uint8Array(buffer);
  return a.length === bytes.length && a.every((value, i) => value === bytes[i]);
}

async function sha256hex(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function api(method, path, body) {
  const headers = { accept: "application/json" };
  if (method !== "GET") headers["x-csrftoken"] = await window.dangbo.csrfToken();
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(path, {
    method,
    credentials: "same-origin",
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) await window.dangbo.sessionGone(); // erases saved copies
  if (!response.ok) {
    let detail = "Lỗi hệ thống, vui lòng thử lại sau.";
    try {
      detail = (await response.json()).detail || detail;
    } catch {
      /* keep the general message */
    }
    throw new Explained(detail);
  }
  return response.status === 204 ? null : response.json();
}

async function registration() {
  // /app.js registers /sw.js on load; wait for it (with a bound, so a broken worker is said).
  const ready = navigator.serviceWorker.ready;
  const late = new Promise((_, reject) =>
    setTimeout(() => reject(new Explained("Chưa sẵn sàng: hãy tải lại trang rồi thử lại.")), 15000),
  );
  return Promise.race([ready, late]);
}

/** Where this device stands: {supported, permission, subscribed, endpoint_sha256, hint}. */
export async function status() {
  if (!supported()) {
    return {
      supported: false,
      permission: "unsupported",
      subscribed: false,
      endpoint_sha256: "",
      hint: isIos() && !standalone() ? IOS_INSTALL_FIRST : NOT_SUPPORTED,
    };
  }
  const reg = await navigator.serviceWorker.getRegistration("/");
  const subscription = reg ? await reg.pushManager.getSubscription() : null;
  return {
    supported: true,
    permission: Notification.permission,
    subscribed: Boolean(subscription),
    endpoint_sha256: subscription ? await sha256hex(subscription.endpoint) : "",
    hint: Notification.permission === "denied" ? PERMISSION_DENIED : "",
  };
}

/** Ask permission (from a click), subscribe with the server's VAPID key, register the
 *  subscription with the API. Resolves to {ok, message}. */
export async function enable() {
  try {
    if (!supported()) return { ok: false, message: isIos() ? IOS_INSTALL_FIRST : NOT_SUPPORTED };
    const permission = await Notification.requestPermission();
    if (permission !== "granted") {
      return {
        ok: false,
        message:
          permission === "denied"
            ? PERMISSION_DENIED
            : "Bạn chưa cho phép thông báo. Bấm lại và chọn «Cho phép» khi trình duyệt hỏi.",
      };
    }
    const reg = await registration();
    const { public_key: publicKey } = await api("GET", "/api/push/vapid-public-key");
    const serverKey = toBytes(publicKey);
    let subscription = await reg.pushManager.getSubscription();
    if (subscription && !sameBytes(subscription.options.applicationServerKey, serverKey)) {
      await subscription.unsubscribe(); // made for an older server key: useless now
      subscription = null;
    }
    if (!subscription) {
      subscription = await reg.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: serverKey,
      });
    }
    await api("POST", "/api/push/subscriptions", subscription.toJSON());
    return { ok: true, message: "Đã bật thông báo trên thiết bị này." };
  } catch (error) {
    return { ok: false, message: explain(error) };
  }
}

/** Stop notifications on this device: unsubscribe here and forget it on the server. */
export async function disable() {
  try {
    const reg = await navigator.serviceWorker.getRegistration("/");
    const subscription = reg ? await reg.pushManager.getSubscription() : null;
    if (!subscription) return { ok: true, message: "Thiết bị này chưa bật thông báo." };
    const hash = await sha256hex(subscription.endpoint);
    const devices = await api("GET", "/api/push/subscriptions");
    const mine = devices.find((d) => d.endpoint_sha256 === hash);
    if (mine) await api("DELETE", `/api/push/subscriptions/${mine.id}`);
    await subscription.unsubscribe();
    return { ok: true, message: "Đã tắt thông báo trên thiết bị này." };
  } catch (error) {
    return { ok: false, message: explain(error) };
  }
}
