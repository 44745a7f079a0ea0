// The team's inbox in the page: signs requests in with Telegram's initData
// inside the Mini App, follows Telegram's theme, and keeps the live stream
// signed in. No inline scripts: the Content-Security-Policy forbids them.
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

  // The live stream cannot send headers: the sign-in goes in its address.
  document.addEventListener("DOMContentLoaded", function () {
    if (!initData) { return; }
    document.querySelectorAll("[sse-connect]").forEach(function (el) {
      var url = new URL(el.getAttribute("sse-connect"), location.href);
      url.searchParams.set("tma", initData);
      el.setAttribute("sse-connect", url.pathname + url.search);
    });
  }, { capture: true });

  // Images cannot send headers either: a photo's address gets the sign-in,
  // on the first page and on every part htmx brings in.
  function signImages(root) {
    if (!initData || !root.querySelectorAll) { return; }
    root.querySelectorAll("img.thumb").forEach(function (img) {
      var url = new URL(img.getAttribute("src"), location.href);
      if (url.origin !== location.origin || url.searchParams.has("tma")) { return; }
      url.searchParams.set("tma", initData);
      img.setAttribute("src", url.pathname + url.search);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { signImages(document); }, { capture: true });
  document.addEventListener("htmx:load", function (event) { signImages(event.target); });

  document.addEventListener("htmx:configRequest", function (event) {
    if (initData) {
      event.detail.headers["Authorization"] = "tma " + initData;
    }
  });

  // A page refused for want of a login, inside the Mini App: load it again
  // signed in.
  document.addEventListener("DOMContentLoaded", function () {
    var refused = document.body && document.body.getAttribute("data-refused");
    if (refused === "401" && initData && window.htmx) {
      // The refusal stays hidden while the page asks again signed in; it
      // shows if that is refused too.
      document.body.classList.add("signing-in");
      var shown = function () { document.body.classList.remove("signing-in"); };
      window.htmx.ajax("GET", location.pathname + location.search, { target: "body", swap: "outerHTML" })
        .then(shown, shown);
    }
  });
})();
