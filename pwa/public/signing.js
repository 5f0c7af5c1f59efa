// Đảng bộ số — signing with a passkey (ký số). Uses window.dangbo.post from /app.js.
//
// The server holds the signing key and uses it only after a fresh WebAuthn assertion whose
// challenge commits to the document's SHA-256 and to the intent ("Ký văn bản số …"). This
// script runs that assertion: begin (server returns the options), navigator.credentials.get
// (the person confirms with fingerprint, face or PIN), finish (server checks and signs).
// Each function resolves to null on success, or to a Vietnamese explanation to show.
// Needs /passkey.js (dangbo.webauthn).
(() => {
  "use strict";
  const dangbo = (window.dangbo = window.dangbo || {});

  // The options and credential conversions come from /passkey.js (loaded before this file).
  const webauthn = () => dangbo.webauthn;

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
        publicKey: webauthn().requestOptions(challenge.options),
      });
      dangbo.lastSigningResult = await dangbo.post(finishPath, {
        ceremony: challenge.ceremony,
        credential: webauthn().credentialJSON(credential),
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
