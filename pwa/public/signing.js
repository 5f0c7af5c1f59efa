// Đảng bộ số — signing with a passkey (ký số). Uses window.dangbo.post from /app.js.
//
// The server holds the signing keys and uses one only after a fresh WebAuthn assertion whose
// challenge commits to the document's SHA-256 and to the intent ("Ký duyệt …" for the lãnh
// đạo's approval, "Phát hành văn bản số …" for the văn thư's release, which applies the
// organisation's signature). This script runs that assertion for both: begin (server returns
// the options), navigator.credentials.get (the person confirms with fingerprint, face or
// PIN), finish (server checks and signs). Each function resolves to null on success, or to a
// Vietnamese explanation to show. Needs /passkey.js (dangbo.webauthn).
(() => {
  "use strict";
  const dangbo = (window.dangbo = window.dangbo || {});

  // The options and credential conversions come from /passkey.js (loaded before this file).
  const webauthn = () => dangbo.webauthn;

  // What has not happened when the person cancels ("Văn bản chưa được ký.").
  const NOT_SIGNED = "Văn bản chưa được ký.";

  function explain(error, notDone) {
    switch (error && error.name) {
      case "NotAllowedError":
      case "AbortError":
        return "Bạn đã hủy xác nhận hoặc đã hết thời gian. " + (notDone || NOT_SIGNED);
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
   *  server's answer in `dangbo.lastSigningResult` and to null, or to an explanation
   *  (`notDone` says what did not happen when the person cancels). */
  dangbo.confirmSigning = async (challenge, finishPath, notDone) => {
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
      return explain(error, notDone);
    }
  };

  /** The whole ceremony: POST beginPath (no body) for the challenge, then confirmSigning.
   *  E.g. dangbo.signWithPasskey("/api/documents/42/sign/begin",
   *                              "/api/documents/42/sign/finish"), or the release:
   *  dangbo.signWithPasskey("/api/documents/42/release/begin",
   *                         "/api/documents/42/release/finish", "Văn bản chưa phát hành."). */
  dangbo.signWithPasskey = async (beginPath, finishPath, notDone) => {
    let challenge;
    try {
      challenge = await dangbo.post(beginPath, {});
    } catch (error) {
      return explain(error, notDone);
    }
    return dangbo.confirmSigning(challenge, finishPath, notDone);
  };
})();
