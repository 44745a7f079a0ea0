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

  // Telegram's theme colours, when opened as a Mini App: the page takes
  // the dark or light look of the theme, then each colour of the theme
  // that keeps its text readable (WCAG AA: 4.5:1 against what it sits on).
  // A colour that would not is left out, and the page's own takes its
  // place (app.css).
  var theme = hash.get("tgWebAppThemeParams");
  if (theme) {
    try { applyTheme(JSON.parse(theme)); } catch (e) { /* a theme that cannot be read changes nothing */ }
  }
  function applyTheme(params) {
    var root = document.documentElement;
    var names = { bg_color: "--tg-bg", text_color: "--tg-text", hint_color: "--tg-hint",
      link_color: "--tg-link", button_color: "--tg-button", button_text_color: "--tg-button-text",
      secondary_bg_color: "--tg-secondary-bg" };
    Object.keys(names).forEach(function (k) {
      if (/^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(params[k] || "")) {
        root.style.setProperty(names[k], params[k]);
      }
    });
    var bg = rgb(params.bg_color);
    if (bg) { root.classList.add(luminance(bg) < 0.2 ? "dark" : "light"); }
    // [text, what it sits on, the theme's colour for each]: the text's
    // colour goes first, then the background's.
    var pairs = [
      ["--fg", "--bg", "--tg-text", "--tg-bg"],
      ["--muted", "--bg", "--tg-hint", "--tg-bg"],
      ["--link", "--bg", "--tg-link", "--tg-bg"],
      ["--fg", "--card", "--tg-text", "--tg-secondary-bg"],
      ["--muted", "--card", "--tg-hint", "--tg-secondary-bg"],
      ["--link", "--card", "--tg-link", "--tg-secondary-bg"],
      ["--accent-fg", "--accent", "--tg-button-text", "--tg-button"]
    ];
    // Twice: leaving out a background changes the pairs checked before.
    pairs.concat(pairs).forEach(function (pair) {
      [pair[2], pair[3]].forEach(function (theirs) {
        if (contrast(pair[0], pair[1]) < 4.5) { root.style.removeProperty(theirs); }
      });
    });
  }
  function rgb(hex) {
    var m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec((hex || "").trim());
    if (!m) { return null; }
    var h = m[1].length === 3 ? m[1].replace(/./g, "$&$&") : m[1];
    return [0, 2, 4].map(function (i) { return parseInt(h.substr(i, 2), 16); });
  }
  function luminance(c) {
    var l = c.map(function (v) {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
  }
  // The contrast of two of the page's colours as they are now.
  function contrast(fg, bg) {
    var style = getComputedStyle(document.documentElement);
    var a = rgb(style.getPropertyValue(fg)), b = rgb(style.getPropertyValue(bg));
    if (!a || !b) { return 21; }
    var x = luminance(a), y = luminance(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
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

  // A conversation opens at its latest message, just above the answer
  // box; a message arriving live keeps the view there if it was there.
  function toLatest() {
    if (document.querySelector("#messages") && document.querySelector(".composer")) {
      window.scrollTo(0, document.documentElement.scrollHeight);
    }
  }
  function atLatest() {
    return window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 80;
  }
  var stayAtLatest = false;
  document.addEventListener("DOMContentLoaded", toLatest);
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    stayAtLatest = !!target && (target === document.body || (target.id === "messages" && atLatest()));
  });
  document.addEventListener("htmx:afterSettle", function () {
    // After htmx's own scrolling (to the top of a page it brought).
    if (stayAtLatest) { stayAtLatest = false; window.setTimeout(toLatest, 0); }
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
