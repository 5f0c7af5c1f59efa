// Đảng bộ số — passkey ceremonies (WebAuthn) against /api/auth. Uses window.dangbo.post
// from /app.js. Each function resolves to null when it navigates away on success, or to a
// Vietnamese explanation to show on the page.
(() => {
  "use strict";
  const dangbo = (window.dangbo = window.dangbo || {});

  const toBuffer = (base64url) => {
    const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0)).buffer;
  };
  const toBase64url = (buffer) => {
    let binary = "";
    for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  };
  const descriptors = (list) => (list || []).map((d) => ({ ...d, id: toBuffer(d.id) }));

  // Recent browsers convert the JSON options themselves; older ones get the same by hand.
  function creationOptions(json) {
    if (PublicKeyCredential.parseCreationOptionsFromJSON) {
      return PublicKeyCredential.parseCreationOptionsFromJSON(json);
    }
    return {
      ...json,
      challenge: toBuffer(json.challenge),
      user: { ...json.user, id: toBuffer(json.user.id) },
      excludeCredentials: descriptors(json.excludeCredentials),
    };
  }

  function requestOptions(json) {
    if (PublicKeyCredential.parseRequestOptionsFromJSON) {
      return PublicKeyCredential.parseRequestOptionsFromJSON(json);
    }
    return {
      ...json,
      challenge: toBuffer(json.challenge),
      allowCredentials: descriptors(json.allowCredentials),
    };
  }

  function credentialJSON(credential) {
    if (typeof credential.toJSON === "function") {
      try {
        return credential.toJSON();
      } catch {
        /* fall through to the manual form */
      }
    }
    const r = credential.response;
    const response = { clientDataJSON: toBase64url(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toBase64url(r.attestationObject);
      response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      response.authenticatorData = toBase64url(r.authenticatorData);
      response.signature = toBase64url(r.signature);
      if (r.userHandle) response.userHandle = toBase64url(r.userHandle);
    }
    return {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment ?? undefined,
      clientExtensionResults: credential.getClientExtensionResults(),
      response,
    };
  }

  // What went wrong, in Vietnamese: the browser's own messages ("The operation either timed
  // out or was not allowed…") never reach the page. WebAuthn answers NotAllowedError alike for
  // "cancelled", "timed out" and "no passkey for this site on this device" (so that a site
  // cannot probe which keys a device holds); a timeout is told apart by the time it took, a
  // device with no built-in authenticator by asking the browser, and otherwise the message
  // names both causes and says how to get an enrollment link.
  const NO_PASSKEY_HELP =
    "Nếu chưa từng tạo khóa trên thiết bị này, hãy đề nghị quản trị viên của đơn vị gửi " +
    "liên kết đăng ký khóa truy cập, rồi mở liên kết đó trên chính thiết bị này.";
  const TIMED_OUT = "Đã hết thời gian xác thực. Bấm lại và mở khóa ngay khi điện thoại hỏi.";
  const NETWORK = "Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.";
  const GENERAL = "Không thực hiện được. Hãy thử lại; nếu vẫn lỗi, hãy báo quản trị viên.";

  async function platformAuthenticator() {
    try {
      return await PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable();
    } catch {
      return true; // unknown: do not claim the device has none
    }
  }

  async function explain(error, ceremony, startedAt, timeoutMs) {
    if (error && error.status) return error.message || GENERAL; // the API's problem.detail
    const timedOut = performance.now() - startedAt >= 0.95 * timeoutMs;
    switch (error && error.name) {
      case "NotAllowedError":
        if (timedOut) return TIMED_OUT;
        if (ceremony === "register") {
          return "Chưa tạo được khóa: bạn đã hủy, hoặc thiết bị chưa mở khóa được. Bấm «Tạo " +
            "khóa truy cập» để thử lại.";
        }
        if (!(await platformAuthenticator())) {
          return "Thiết bị này không có khóa truy cập mở bằng vân tay, khuôn mặt hay mã PIN. " +
            "Hãy đăng nhập trên thiết bị đã đăng ký, hoặc dùng khóa bảo mật rời. " +
            NO_PASSKEY_HELP;
        }
        return "Chưa đăng nhập được: bạn đã hủy, hoặc thiết bị này chưa có khóa truy cập " +
          "của Đảng bộ số. " + NO_PASSKEY_HELP;
      case "AbortError":
        return "Đã hủy xác thực. Bấm lại khi sẵn sàng.";
      case "InvalidStateError":
        return ceremony === "register"
          ? "Thiết bị này đã có khóa truy cập của tài khoản này. Hãy đăng nhập."
          : GENERAL;
      case "ConstraintError":
        return "Thiết bị chưa đặt vân tay, khuôn mặt hay mã PIN để mở khóa. Hãy đặt trong " +
          "phần cài đặt bảo mật của máy rồi thử lại.";
      case "SecurityError":
        return "Trang này không được phép dùng khóa truy cập (cần HTTPS).";
      case "NotSupportedError":
        return "Thiết bị hoặc trình duyệt không hỗ trợ khóa truy cập.";
      case "TypeError":
        return NETWORK;
      default:
        return GENERAL;
    }
  }

  function unsupported() {
    return window.PublicKeyCredential && navigator.credentials
      ? null
      : "Trình duyệt này không hỗ trợ khóa truy cập. Hãy dùng Chrome, Safari, Edge hoặc Firefox bản mới.";
  }

  // Where to go after signing in: the page that asked (?tiep=/...), on this site only.
  function nextPage() {
    const next = new URLSearchParams(window.location.search).get("tiep") || "/";
    return next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
  }

  /** Usernameless login (a username, when typed, narrows the choice of keys). */
  // Shared with /signing.js (the signing step-up is the same kind of assertion).
  dangbo.webauthn = { requestOptions, credentialJSON };

  dangbo.passkeyLogin = async (usernameFieldId) => {
    const problem = unsupported();
    if (problem) return problem;
    let startedAt = performance.now();
    let timeoutMs = Infinity;
    try {
      const username = document.getElementById(usernameFieldId)?.value.trim() || null;
      const begin = await dangbo.post("/api/auth/login/begin", { username });
      startedAt = performance.now();
      timeoutMs = begin.options.timeout || Infinity;
      const credential = await navigator.credentials.get({
        publicKey: requestOptions(begin.options),
      });
      await dangbo.post("/api/auth/login/finish", {
        ceremony: begin.ceremony,
        credential: credentialJSON(credential),
      });
      // A full load, so the page's state socket starts with the new session cookie.
      window.location.assign(nextPage());
      return null;
    } catch (error) {
      return explain(error, "login", startedAt, timeoutMs);
    }
  };

  /** Enrollment from an invitation link: create a discoverable passkey, then sign in. */
  dangbo.passkeyRegister = async (token, nameFieldId) => {
    const problem = unsupported();
    if (problem) return problem;
    let startedAt = performance.now();
    let timeoutMs = Infinity;
    try {
      const name = document.getElementById(nameFieldId)?.value.trim() || null;
      const begin = await dangbo.post("/api/auth/register/begin", { token });
      startedAt = performance.now();
      timeoutMs = begin.options.timeout || Infinity;
      const credential = await navigator.credentials.create({
        publicKey: creationOptions(begin.options),
      });
      await dangbo.post("/api/auth/register/finish", {
        ceremony: begin.ceremony,
        credential: credentialJSON(credential),
        name,
      });
      window.location.assign("/");
      return null;
    } catch (error) {
      return explain(error, "register", startedAt, timeoutMs);
    }
  };
})();
