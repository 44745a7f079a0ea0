// The team's inbox in the page: signs requests in with Telegram's initData
// (in the Authorization header only) inside the Mini App, follows
// Telegram's theme, keeps the live stream and photos signed in with a
// short-lived stream token, and forgets everything on logout. No inline
// scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";
  var KEY = "support-bot-init-data";
  var hash = new URLSearchParams(location.hash.slice(1));
  // Telegram's own script, when the page loads it, has the sign-in; without
  // it, Telegram's clients put the same data in the fragment.
  var tg = window.Telegram && window.Telegram.WebApp;
  var initData = (tg && tg.initData) || hash.get("tgWebAppData");
  try {
    if (initData) {
      sessionStorage.setItem(KEY, initData);
    } else {
      initData = sessionStorage.getItem(KEY);
    }
  } catch (e) { /* storage may be off: the hash is enough for this page */ }

  // Telegram's theme colours, when opened as a Mini App.
  var theme = hash.get("tgWebAppThemeParams");
  if (theme) {
    try {
      var params = JSON.parse(theme);
      var names = { bg_color: "--tg-bg", text_color: "--tg-text", hint_color: "--tg-hint",
        button_color: "--tg-button", button_text_color: "--tg-button-text",
        secondary_bg_color: "--tg-secondary-bg" };
      Object.keys(names).forEach(function (k) {
        if (/^#[0-9a-fA-F]{3,8}$/.test(params[k] || "")) {
          document.documentElement.style.setProperty(names[k], params[k]);
        }
      });
    } catch (e) { /* a theme that cannot be read changes nothing */ }
  }

  // The live stream and photos cannot send headers, and initData must never
  // go into an address (logs, caches, history keep addresses). Inside the
  // Mini App the page trades initData once for a stream token: good for
  // minutes, for this member's live stream and photos only.
  var stream = { token: null, at: 0, asking: null };
  var STREAM_TOKEN_FRESH = 4 * 60 * 1000;
  function streamToken() {
    if (!initData) { return Promise.resolve(null); }
    if (stream.token && Date.now() - stream.at < STREAM_TOKEN_FRESH) {
      return Promise.resolve(stream.token);
    }
    if (!stream.asking) {
      stream.asking = fetch("/api/stream-token", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Authorization": "tma " + initData }
      }).then(function (resp) { return resp.ok ? resp.json() : null; })
        .then(function (body) {
          stream.asking = null;
          if (body && body.token) { stream.token = body.token; stream.at = Date.now(); }
          return stream.token;
        }, function () { stream.asking = null; return stream.token; });
    }
    return stream.asking;
  }
  function withToken(address) {
    var url = new URL(address, location.href);
    if (stream.token && url.origin === location.origin) { url.searchParams.set("st", stream.token); }
    return url.pathname + url.search;
  }
  streamToken();
  // The live stream connects with the newest token; when a token grows old
  // or the stream is refused, htmx connects again and gets a fresh one.
  document.addEventListener("DOMContentLoaded", function () {
    if (!initData || !window.htmx) { return; }
    window.htmx.createEventSource = function (address) {
      streamToken();
      return new EventSource(withToken(address), { withCredentials: true });
    };
    window.setInterval(streamToken, STREAM_TOKEN_FRESH);
  }, { capture: true });

  function signImages(root) {
    if (!initData || !root.querySelectorAll) { return; }
    streamToken().then(function () {
      root.querySelectorAll("img.thumb").forEach(function (img) {
        var url = new URL(img.getAttribute("src"), location.href);
        if (url.origin !== location.origin || url.searchParams.has("st")) { return; }
        img.setAttribute("src", withToken(img.getAttribute("src")));
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { signImages(document); }, { capture: true });
  document.addEventListener("htmx:load", function (event) { signImages(event.target); });

  // Logging out leaves nothing of the inbox in the browser: initData and
  // any page htmx kept are cleared from sessionStorage, as soon as the
  // button is pressed and again on the logged-out page.
  function forget() {
    initData = null;
    stream.token = null;
    try { sessionStorage.clear(); } catch (e) { /* storage may be off */ }
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.getAttribute("action") === "/logout") { forget(); }
  }, { capture: true });
  document.addEventListener("DOMContentLoaded", function () {
    if (document.querySelector("[data-logged-out]")) { forget(); }
  });
  document.addEventListener("htmx:load", function (event) {
    var root = event.target;
    if (root && root.querySelector && (root.matches("[data-logged-out]") || root.querySelector("[data-logged-out]"))) { forget(); }
  });

  document.addEventListener("htmx:configRequest", function (event) {
    if (initData) {
      event.detail.headers["Authorization"] = "tma " + initData;
    }
  });

  // A page refused for want of a login, inside the Mini App: load it again
  // signed in. htmx swaps the new page into this body; the refused page
  // has the same head and body attributes as every page (pages.rs), so
  // what shows is the page as if it had been loaded signed in.
  document.addEventListener("DOMContentLoaded", function () {
    var refused = document.querySelector("[data-refused]");
    if (refused && refused.getAttribute("data-refused") === "401" && initData && window.htmx) {
      // The refusal stays hidden while the page asks again signed in; it
      // shows if that is refused too.
      document.body.classList.add("signing-in");
      var shown = function () {
        document.body.classList.remove("signing-in");
        if (!document.body.classList.length) { document.body.removeAttribute("class"); }
      };
      window.htmx.ajax("GET", location.pathname + location.search, { target: "body", swap: "outerHTML" })
        .then(shown, shown);
    }
  });
})();
