// Đảng bộ số — signing with a passkey (ký số). Uses window.dangbo.post from /app.js.
//
// The server holds the signing key and uses it only after a fresh WebAuthn assertion whose
// challenge commits to the document's SHA-256 and to the intent ("Ký văn bản số …"). This
// script runs that assertion: begin (server returns the options), navigator.credentials.get
// (the person confirms with fingerprint, face or PIN), finish (server checks and signs).
// Each function resolves to null on success, or to a Vietnamese explanation to show.
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

  // Recent browsers convert the JSON options themselves; older ones get the same by hand.
  function requestOptions(json) {
    if (window.PublicKeyCredential && PublicKeyCredential.parseRequestOptionsFromJSON) {
      return PublicKeyCredential.parseRequestOptionsFromJSON(json);
    }
    return {
      ...json,
      challenge: toBuffer(json.challenge),
      allowCredentials: (json.allowCredentials || []).map((d) => ({ ...d, id: toBuffer(d.id) })),
    };
  }

  function assertionJSON(credential) {
    if (typeof credential.toJSON === "function") {
      try {
        return credential.toJSON();
      } catch {
        /* fall through to the manual form */
      }
    }
    const r = credential.response;
    const response = {
      clientDataJSON: toBase64url(r.clientDataJSON),
      authenticatorData: toBase64url(r.authenticatorData),
      signature: toBase64url(r.signature),
    };
    if (r.userHandle) response.userHandle = toBase64url(r.userHandle);
    return {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment ?? undefined,
      clientExtensionResults: credential.getClientExtensionResults(),
      response,
    };
  }

  function explain(error) {
    switch (error && error.name) {
      case "NotAllowedError":
      case "AbortError":
        return "Bạn đã hủy xác nhận hoặc đã hết thời gian. Văn bản chưa được ký.";
      case "SecurityError":
        return "Trang này không được phép dùng khóa truy cập (cần HTTPS).";
      case "NotSupportedError":
        return "Thiết bị hoặc trình duyệt không hỗ trợ khóa truy cập.";
      case "TypeError":
        return "Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.";
      default:
        return (error && error.status && error.message) || "Không ký được. Hãy thử lại.";
    }
  }

  /** The assertion for a challenge the server already gave (SigningChallenge JSON:
   *  {ceremony, options, …}); posts {ceremony, credential} to finishPath. Resolves to the
   *  server's answer in `dangbo.lastSigningResult` and to null, or to an explanation. */
  dangbo.confirmSigning = async (challenge, finishPath) => {
    if (!(window.PublicKeyCredential && navigator.credentials)) {
      return "Trình duyệt này không hỗ trợ khóa truy cập nên không ký được.";
    }
    try {
      const credential = await navigator.credentials.get({
        publicKey: requestOptions(challenge.options),
      });
      dangbo.lastSigningResult = await dangbo.post(finishPath, {
        ceremony: challenge.ceremony,
        credential: assertionJSON(credential),
      });
      return null;
    } catch (error) {
      return explain(error);
    }
  };

  /** The whole ceremony: POST beginPath (no body) for the challenge, then confirmSigning.
   *  E.g. dangbo.signWithPasskey("/api/documents/42/sign/begin",
   *                              "/api/documents/42/sign/finish"). */
  dangbo.signWithPasskey = async (beginPath, finishPath) => {
    let challenge;
    try {
      challenge = await dangbo.post(beginPath, {});
    } catch (error) {
      return explain(error);
    }
    return dangbo.confirmSigning(challenge, finishPath);
  };
})();
