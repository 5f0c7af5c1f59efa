// Đảng bộ số — loaded on every page: the service worker, the API helpers, signing out, the
// session check of the offline store and navigation while the connection is lost.
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

  /** A 401 from the API: the session is gone, and with it what is bound to it here. */
  async function sessionGone() {
    try {
      await window.dangboOffline?.erasePersonal();
    } catch (error) {
      console.warn("dọn dữ liệu ngoại tuyến:", error);
    }
  }
  dangbo.sessionGone = sessionGone;

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
    if (response.status === 401) await sessionGone();
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

  /** Sign out here (or everywhere), clear what this device keeps (the offline store, and
   *  whatever an area registered in window.dangboLogout), go to the login page. */
  dangbo.signOut = async (everywhere) => {
    try {
      await dangbo.post(everywhere ? "/api/auth/logout-everywhere" : "/api/auth/logout");
    } catch (error) {
      console.warn("đăng xuất:", error.message); // session already gone: still clear below
    }
    try {
      // Signing out on purpose erases the whole offline store, the library too.
      await window.dangboOffline?.eraseAll();
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

  // Saved documents are bound to the session. When this device keeps any, every page load
  // asks the API whether the session still holds: a 401 erases them before anything else
  // is shown, an answer renews the N-day bound, no answer leaves the bound to decide.
  const store = window.dangboOffline;
  if (store && "caches" in window) {
    store
      .hasPersonal()
      .then((kept) => kept && store.checkSession())
      .then((result) => result === "unknown" && store.personalReadable())
      .catch((error) => console.warn("phiên ngoại tuyến:", error));
  }

  // With the network (or the app's live connection) gone, a page of the app cannot load its
  // data: a tap on a link of the app, or going back, becomes a full navigation, which the
  // service worker answers with the saved copy of that document or the offline page. Never
  // the previous page's data under a new address.
  const connectionLost = () =>
    !navigator.onLine || document.querySelector("[data-dangbo-connection='lost']") !== null;
  document.addEventListener(
    "click",
    (event) => {
      if (event.defaultPrevented || event.button !== 0 || !connectionLost()) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
      if (!link || (link.target && link.target !== "_self") || link.hasAttribute("download")) return;
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin || /^\/api\//.test(url.pathname)) return;
      if (url.pathname === location.pathname && url.hash) return; // a jump within the page
      event.preventDefault();
      event.stopPropagation();
      location.assign(url.href);
    },
    true,
  );
  window.addEventListener("popstate", () => {
    if (connectionLost()) location.reload();
  });

  if ("serviceWorker" in navigator) {
    window.addEventListener("load", () => {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch((error) => {
        console.warn("service worker:", error);
      });
    });
  }
})();
