// Đảng bộ số — the register form (/van-ban/vao-so) sends itself to the API. Uses
// window.dangbo.csrfToken from /app.js.
//
// The file goes from the browser to POST /api/documents in one request, which holds it in
// memory until the classification gate has passed it: it never goes through Reflex's
// /_upload, which spools uploads over 1 MiB to a temporary file on the server's disk (a
// state secret must not reach a disk, even for a moment).
//
// dangbo.registerDocument(formId, path) reads the form's named fields, checks what the API
// would otherwise answer in a less helpful way (no file, no độ mật chosen, a short trích yếu,
// a date that is not a date), posts multipart `metadata` (JSON) + `file`, and resolves to
//   {id}                            the document was registered;
//   {error, code, pages?}           a Vietnamese explanation (the API's problem detail);
//                                   code "classification_question": the file has no text
//                                   layer (a scan), the form must ask the độ mật question.
(() => {
  "use strict";
  const dangbo = (window.dangbo = window.dangbo || {});

  /** What a date field holds (dd/mm/yyyy as the app writes dates, with slashes, dots,
   *  dashes or spaces, or eight digits; as frontend/components/date_field.py reads it) as
   *  {value: "yyyy-mm-dd" or null when empty} or {error} naming the field. */
  function isoDate(text, label) {
    const value = String(text || "").trim();
    if (!value) return { value: null };
    const match =
      /^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$/.exec(value) ||
      /^(\d{2})(\d{2})(\d{4})$/.exec(value);
    if (!match) {
      return { error: `${label}: hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/12/2026.` };
    }
    const [day, month, year] = match.slice(1).map(Number);
    const date = new Date(Date.UTC(year, month - 1, day));
    const real =
      date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
    if (!real) return { error: `${label}: ngày ${match.slice(1).join("/")} không có trên lịch.` };
    return { value: date.toISOString().slice(0, 10) };
  }

  /** The metadata the API expects (shared.documents.DocumentMetadata), or {error}. */
  function metadataOf(data) {
    const text = (name) => String(data.get(name) || "").trim();
    const direction = text("direction") === "di" ? "di" : "den";
    const meta = { direction, trich_yeu: text("trich_yeu"), do_khan: text("do_khan") || "thuong" };
    if (meta.trich_yeu.length < 3) return { error: "Hãy ghi trích yếu (ít nhất 3 ký tự)." };
    const dates = { ngay_ban_hanh: "Ngày ban hành", han_xu_ly: "Hạn xử lý" };
    for (const [name, label] of Object.entries(dates)) {
      const date = isoDate(text(name), label);
      if (date.error) return { error: date.error };
      if (date.value) meta[name] = date.value;
    }
    if (direction === "den") {
      meta.so_ky_hieu = text("so_ky_hieu") || null;
      const loai = text("loai_den");
      meta.loai = loai && loai !== "auto" ? loai : null;
      meta.co_quan_ban_hanh = text("co_quan_ban_hanh");
      meta.nguoi_ky = text("nguoi_ky");
    } else {
      meta.loai = text("loai_di") || "BC";
      delete meta.ngay_ban_hanh; // the release gives an outgoing document its date
    }
    // The độ mật the clerk chose. "Không mật" is checked by the gate against every text the
    // file carries, so it is sent only as the answer to the scan question (do_mat_answer); a
    // classification is sent at once, to be refused and audited.
    const stated = text("do_mat");
    if (!stated) return { error: "Hãy chọn độ mật của văn bản." };
    const answer = text("do_mat_answer");
    if (answer) meta.do_mat = answer;
    else if (stated !== "khong") meta.do_mat = stated;
    return { meta };
  }

  async function problemOf(response) {
    try {
      const problem = await response.json();
      if (problem && problem.detail) {
        // The problem's code is the last part of its type (…/problems/classified).
        const type = String(problem.type || "");
        const code = type.includes("/problems/") ? type.split("/").pop() : "";
        return { error: problem.detail, code, pages: problem.image_only_pages };
      }
    } catch {
      /* not problem+json */
    }
    if (response.status === 413) return { error: "Tệp quá lớn để tải lên.", code: "too_large" };
    return { error: "Lỗi hệ thống, vui lòng thử lại sau.", code: "" };
  }

  dangbo.registerDocument = async (formId, path) => {
    const form = document.getElementById(formId);
    if (!form) return { error: "Trang chưa sẵn sàng. Hãy tải lại trang.", code: "" };
    const data = new FormData(form);
    const file = data.get("file");
    if (!(file instanceof File) || !file.name) {
      return { error: "Hãy chọn tệp văn bản (PDF, Word hoặc Excel).", code: "" };
    }
    if (form.querySelector("[name=do_mat_answer]") && !data.get("do_mat_answer")) {
      return { error: "Hãy trả lời câu hỏi: văn bản có độ mật không?", code: "" };
    }
    const checked = metadataOf(data);
    if (checked.error) return { error: checked.error, code: "" };
    const body = new FormData();
    body.append("metadata", JSON.stringify(checked.meta));
    body.append("file", file, file.name);
    let response;
    try {
      response = await fetch(path, {
        method: "POST",
        credentials: "same-origin",
        headers: { "x-csrftoken": await dangbo.csrfToken() },
        body,
      });
    } catch {
      return { error: "Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.", code: "offline" };
    }
    if (!response.ok) return problemOf(response);
    const registered = await response.json();
    return { id: registered.id };
  };
})();
