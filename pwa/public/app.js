// Đảng bộ số — loaded on every page: the service worker, the API helpers, signing out.
(() => {
  "use strict";
  const dangbo = (window.dangbo = window.dangbo || {});

  function cookie(name) {
    const prefix = name + "=";
    for (const part of document.cookie.split(";")) {
      const item = part.trim();
      if (item.startsWith(prefix)) return decodeURIComponent(item.slice(prefix.length));
    }
    return "";
  }

  /** Whether React has taken over this element (it keeps the props on the node). */
  const started = (node) => Object.keys(node).some((key) => key.startsWith("__reactProps$"));

  // A page paints before its scripts have run (pwa/first-paint.mjs). A form sent in that
  // moment would be submitted by the browser itself: a page reload that loses the tap. Hold
  // the submission and hand it to the app as soon as it has started.
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || started(form)) return;
      event.preventDefault();
      const submitter = event.submitter;
      const retry = () => (started(form) ? form.requestSubmit(submitter) : setTimeout(retry, 50));
      setTimeout(retry, 50);
    },
    true,
  );

  /** The CSRF token the API expects in x-csrftoken (GET /api/csrf sets the cookie). */
  dangbo.csrfToken = async () => {
    if (!cookie("csrftoken")) await fetch("/api/csrf", { credentials: "same-origin" });
    return cookie("csrftoken");
  };

  /** POST JSON to the API; resolves to the JSON answer, or throws an Error whose message is
   *  the Vietnamese problem detail and whose status is the HTTP status. */
  dangbo.post = async (path, body) => {
    const response = await fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "content-type": "application/json",
        "x-csrftoken": await dangbo.csrfToken(),
      },
      body: JSON.stringify(body ?? {}),
    });
    if (!response.ok) {
      let detail = "Lỗi hệ thống, vui lòng thử lại sau.";
      try {
        detail = (await response.json()).detail || detail;
      } catch {
        /* not problem+json: keep the general message */
      }
      const error = new Error(detail);
      error.status = response.status;
      throw error;
    }
    return response.status === 204 ? null : response.json();
  };

  /** Sign out here (or everywhere), clear what this device keeps, go to the login page.
   *  Areas that keep offline copies register window.dangboLogout to erase them. */
  dangbo.signOut = async (everywhere) => {
    try {
      await dangbo.post(everywhere ? "/api/auth/logout-everywhere" : "/api/auth/logout");
    } catch (error) {
      console.warn("đăng xuất:", error.message); // session already gone: still clear below
    }
    try {
      await window.dangboLogout?.();
    } catch (error) {
      console.warn("dọn dữ liệu ngoại tuyến:", error);
    }
    window.location.assign("/dang-nhap");
  };

  dangbo.copyText = async (text) => {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      return false;
    }
  };

  if ("serviceWorker" in navigator) {
    window.addEventListener("load", () => {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch((error) => {
        console.warn("service worker:", error);
      });
    });
  }
})();
