// Small DOM helpers of the key ceremony's screen (khoa-kiem-phieu.js and its backup part).

/** An element: attributes (``on…`` functions become listeners, ``true``/``false`` set or drop
 *  a boolean attribute) and children (text or elements; null and false are skipped). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === "function") node.addEventListener(name.slice(2), value);
    else if (value === true) node.setAttribute(name, "");
    else if (value !== false && value != null) node.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child == null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** The Vietnamese sentence of an API refusal (RFC 9457 ``detail``). */
export async function problem(response) {
  if (response.status === 403) {
    return "Màn hình này dành cho Đoàn Chủ tịch, Đoàn Thư ký và Ban Kiểm phiếu của đại hội.";
  }
  try {
    const body = await response.json();
    if (body && body.detail) return body.detail;
  } catch {
    /* not problem+json */
  }
  return response.status === 404
    ? "Không tìm thấy cuộc bỏ phiếu này."
    : "Lỗi hệ thống, vui lòng thử lại sau.";
}

/** Hands `text` to the browser as a file download named `name`. */
export function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const link = el("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
