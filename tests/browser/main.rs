//! The team's inbox in a real headless browser: Chromium driven over WebDriver (`chromedriver`, by `fantoccini`), the bot against
//! the fake Bot API. A team member signs in through a `/web` link and
//! through the Mini App's signed `initData` in `#tgWebAppData`, watches a
//! ticket arrive live, answers, notes, claims, closes and reopens; what a
//! person writes stays text; forged, stale and used sign-ins are refused.
//! The screenshots in `docs/screenshots/` are made here, so the README
//! shows the pages as they are; they are written only when asked
//! (`UPDATE_SCREENSHOTS=1`), so a test run leaves the tracked files alone.
//!
//! The browser is the program named by `CHROMIUM` (else `chromium`,
//! `chromium-browser` or `google-chrome` on `PATH`), the driver the one
//! named by `CHROMEDRIVER` (else `chromedriver` on `PATH`). Without them
//! each test prints one line and passes, except in strict mode (`CI=true`,
//! see `testkit::strict`), where a missing browser fails the test.
//!
//! A test binary of its own (`cargo test --test browser`): cargo runs test
//! binaries one after another, so the browser's appetite for the machine's
//! two cores never slows the timing tests of `tests/api`.

use testkit::{helpers, strict};

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use support_bot::web::auth::sign_init_data;

use helpers::*;

/// The names the browser goes by on `PATH`, in the order they are tried.
const CHROMIUM_NAMES: [&str; 3] = ["chromium", "chromium-browser", "google-chrome"];
/// How long a test waits for the page before it fails.
const PAGE_PATIENCE: Duration = Duration::from_secs(10);

const DESKTOP: (u32, u32) = (1280, 800);
const PHONE: (u32, u32) = (390, 844);

/// The port chromedriver says it listens on ("... started successfully on
/// port N."); its further output is read and dropped.
async fn driver_port(output: tokio::process::ChildStdout) -> u16 {
    use tokio::io::AsyncBufReadExt;
    let mut lines = tokio::io::BufReader::new(output).lines();
    let port = tokio::time::timeout(PAGE_PATIENCE, async {
        while let Some(line) = lines.next_line().await.unwrap() {
            if let Some(rest) = line.split("started successfully on port ").nth(1) {
                return rest.trim_end_matches('.').trim().parse::<u16>().ok();
            }
        }
        None
    })
    .await
    .ok()
    .flatten()
    .expect("chromedriver says its port");
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    port
}

/// The program named by the setting `variable`, else the first of `names`
/// found on `PATH`.
fn program(variable: &str, names: &[&str]) -> Option<PathBuf> {
    match std::env::var_os(variable).filter(|v| !v.is_empty()) {
        Some(named) => which::which(named).ok(),
        None => names.iter().find_map(|name| which::which(name).ok()),
    }
}

/// The browser and its driver; if either is missing, says so (once for the
/// whole run) and gives `None`, or fails in strict mode, where `.ci/run`
/// installs them.
fn browser() -> Option<(PathBuf, PathBuf)> {
    let chromium = program("CHROMIUM", &CHROMIUM_NAMES);
    let driver = program("CHROMEDRIVER", &["chromedriver"]);
    if let (Some(chromium), Some(driver)) = (chromium.clone(), driver.clone()) {
        return Some((chromium, driver));
    }
    let missing: Vec<&str> = [(chromium, "chromium"), (driver, "chromedriver")]
        .into_iter()
        .filter(|(found, _)| found.is_none())
        .map(|(_, name)| name)
        .collect();
    let missing = format!(
        "{} not found (install them, or name them with CHROMIUM and CHROMEDRIVER)",
        missing.join(" and ")
    );
    static SAID: std::sync::Once = std::sync::Once::new();
    if strict::strict() {
        strict::cannot_run(&missing);
    }
    SAID.call_once(|| strict::cannot_run(&missing));
    None
}

/// Whether the screenshots in `docs/screenshots/` are to be written
/// (`UPDATE_SCREENSHOTS=1`).
fn update_screenshots() -> bool {
    std::env::var("UPDATE_SCREENSHOTS").is_ok_and(|v| v == "1" || v == "true")
}

/// Runs `test` with a fresh headless Chromium (its own chromedriver on a
/// free port, its own empty profile) and closes the browser whatever
/// happens; a failure in `test` fails the test after that.
async fn with_browser<F, Fut>(test: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    with_browser_flags(&[], test).await;
}

/// [`with_browser`], with Chromium started with `flags` too.
async fn with_browser_flags<F, Fut>(flags: &[&str], test: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Some((chromium, chromedriver)) = browser() else {
        return;
    };
    // Port 0: chromedriver takes a free port itself and says which.
    let mut driver = tokio::process::Command::new(chromedriver)
        .arg("--port=0")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("chromedriver starts");
    let port = driver_port(driver.stdout.take().expect("its output")).await;
    let profile = tempfile::tempdir().unwrap();
    let mut args: Vec<String> = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        "--window-size=1400,1000",
    ]
    .into_iter()
    .chain(flags.iter().copied())
    .map(String::from)
    .collect();
    args.push(format!("--user-data-dir={}", profile.path().display()));
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({ "binary": chromium, "args": args }),
    );
    let address = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + PAGE_PATIENCE;
    let client = loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&address)
            .await
        {
            Ok(client) => break client,
            Err(error) if Instant::now() > deadline => {
                panic!("chromedriver did not start a browser: {error}")
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    };
    let outcome = tokio::spawn(test(client.clone())).await;
    let _ = client.close().await;
    let _ = driver.kill().await;
    if let Err(failed) = outcome {
        std::panic::resume_unwind(failed.into_panic());
    }
}

/// The public address the tests' bot believes it has; the browser goes to
/// the real one (`base`) instead.
const PUBLIC: &str = "http://support.example.com";

/// The bot with the inbox (`PUBLIC_URL` set), one admin, Alex; and the
/// address the browser reaches it at.
async fn spawn_inbox() -> (TestApp, String) {
    let fake = fake_telegram().await;
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut config = test_config(&fake, &dir, &[ADMIN]);
    config.web.public_url = Some(format!("{PUBLIC}/").parse().unwrap());
    let app = spawn_app_with(fake, dir, config).await;
    let base = format!("http://127.0.0.1:{}", app.http_port);
    (app, base)
}

/// Runs `script` (a function body; `arguments[i]` are `args`) in the page.
async fn js(c: &Client, script: &str, args: Vec<Value>) -> Value {
    c.execute(script, args).await.expect("the script runs")
}

/// Waits until the expression `condition` holds in the page.
async fn wait_until(c: &Client, condition: &str, args: Vec<Value>, what: &str) {
    let deadline = Instant::now() + PAGE_PATIENCE;
    loop {
        let held = c
            .execute(&format!("return !!({condition});"), args.clone())
            .await
            .unwrap_or(Value::Bool(false));
        if held == Value::Bool(true) {
            return;
        }
        if Instant::now() > deadline {
            let text = js(
                c,
                "return location.href + '\\n' + (document.body ? document.body.outerHTML : '')",
                vec![],
            )
            .await;
            panic!("waited {PAGE_PATIENCE:?} for {what}; the page says:\n{text}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the page's text shows `text`.
async fn wait_for_text(c: &Client, text: &str) {
    wait_until(
        c,
        "document.body && document.body.innerText.includes(arguments[0])",
        vec![json!(text)],
        &format!("{text:?} on the page"),
    )
    .await;
}

/// Clicks what `css` finds.
async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap();
}

/// Presses "Log out" and checks that the browser keeps nothing in
/// `sessionStorage` once the logged-out page is there. htmx puts that page
/// in place of the inbox's (the page is not reloaded), and from the moment
/// it is in the document nothing is kept.
async fn log_out(c: &Client) {
    js(
        c,
        "window.keptAtLogout = null;
         new MutationObserver(function (_, watching) {
           if (document.querySelector('[data-logged-out]')) {
             window.keptAtLogout = Object.keys(sessionStorage);
             watching.disconnect();
           }
         }).observe(document, { childList: true, subtree: true });
         return null",
        vec![],
    )
    .await;
    click(c, "form[action='/logout'] button").await;
    wait_until(
        c,
        "document.querySelector('[data-logged-out]')",
        vec![],
        "logged out",
    )
    .await;
    assert_eq!(
        js(c, "return window.keptAtLogout", vec![]).await,
        json!([]),
        "kept when the logged-out page came (null: the page was reloaded)"
    );
    assert_eq!(
        js(c, "return Object.keys(sessionStorage)", vec![]).await,
        json!([]),
        "kept once logged out"
    );
}

/// Types `text` into the conversation's answer box and sends it.
async fn send_reply(c: &Client, text: &str) {
    c.find(Locator::Css("#text"))
        .await
        .unwrap()
        .send_keys(text)
        .await
        .unwrap();
    c.find(Locator::Css("form.compose button:not(.secondary)"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Clicks the button that posts to an address ending in `/action`, and
/// waits for the page it brings.
async fn press(c: &Client, action: &str, then_shows: &str) {
    let selector = format!(
        "form[action$='/{action}'] button[type=submit]:not([formaction]), button[formaction$='/{action}']"
    );
    c.find(Locator::Css(&selector))
        .await
        .unwrap_or_else(|e| panic!("a {action} button: {e}"))
        .click()
        .await
        .unwrap();
    wait_until(
        c,
        "document.querySelector(arguments[0])",
        vec![json!(then_shows)],
        &format!("{then_shows} after {action}"),
    )
    .await;
}

/// Waits until the conversation shows a photo, loaded.
async fn wait_for_photo(c: &Client) {
    wait_until(
        c,
        "Array.from(document.querySelectorAll('#messages img.thumb')).some(i => i.complete && i.naturalWidth > 0)",
        vec![],
        "a photo's thumbnail, loaded",
    )
    .await;
}

fn screenshots() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots")
}

/// Makes the page's viewport `width` x `height` (the window is larger by
/// whatever the browser keeps for itself).
async fn resize(c: &Client, width: u32, height: u32) {
    c.set_window_size(width, height).await.unwrap();
    let chrome = js(c, "return window.outerHeight - window.innerHeight", vec![]).await;
    // Headless Chromium keeps the width but counts a bar in the height.
    let extra = u32::try_from(chrome.as_i64().unwrap_or(0).max(0)).unwrap_or(0);
    c.set_window_size(width, height + extra).await.unwrap();
    wait_until(
        c,
        "window.innerWidth === arguments[0] && window.innerHeight === arguments[1]",
        vec![json!(width), json!(height)],
        "the window's new size",
    )
    .await;
}

/// Sizes the window, checks the page fits its width (one column on a
/// phone: nothing to scroll sideways) and takes a screenshot; returns it.
async fn shoot(c: &Client, (width, height): (u32, u32), name: &str) -> Vec<u8> {
    resize(c, width, height).await;
    let overflow = js(
        c,
        "return document.documentElement.scrollWidth - window.innerWidth",
        vec![],
    )
    .await;
    assert!(
        overflow.as_i64().unwrap_or(0) <= 0,
        "{name}: the page is wider than the window by {overflow} px"
    );
    let png = c.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"), "{name}: not a PNG");
    png
}

/// [`shoot`], saved in `docs/screenshots/` as `name`.
async fn save(c: &Client, size: (u32, u32), name: &str) {
    let png = shoot(c, size, name).await;
    std::fs::create_dir_all(screenshots()).unwrap();
    std::fs::write(screenshots().join(format!("{name}.png")), png).unwrap();
}

/// Telegram's `initData` for Alex, signed with the test token at `at`.
fn alex_init_data(at: u64) -> String {
    let user = format!(r#"{{"id":{ADMIN},"first_name":"Alex","language_code":"en"}}"#);
    sign_init_data(
        &[
            ("auth_date", &at.to_string()),
            ("query_id", "AAHdF6IQAAAAAN0XohDhrOrc"),
            ("user", &user),
        ],
        TOKEN,
    )
}

/// The fragment Telegram opens a Mini App with.
fn mini_app_fragment(init_data: &str) -> String {
    let mut fragment = url::form_urlencoded::Serializer::new(String::new());
    fragment.append_pair("tgWebAppData", init_data);
    fragment.append_pair("tgWebAppVersion", "8.0");
    fragment.append_pair("tgWebAppPlatform", "web");
    fragment.finish()
}

#[tokio::test]
async fn a_member_signs_in_with_a_web_link_and_works_a_ticket_that_arrives_live() {
    let (mut app, base) = spawn_inbox().await;
    app.says(BEN, "Where is my order #1042? It was due on Monday.", 2)
        .await;
    let sent = app.says(ADMIN, "/web", 1).await;
    let link = sent[0]
        .text
        .split_whitespace()
        .find(|w| w.contains("/app/login/"))
        .expect("a login link")
        .to_string();
    let link = link
        .strip_prefix(PUBLIC)
        .map(|path| format!("{base}{path}"))
        .unwrap_or_else(|| panic!("a link under PUBLIC_URL: {link}"));
    let fake = app.fake.clone();
    let store = Arc::clone(&app.store);

    with_browser(move |c| async move {
        // The link's page signs in only when its button is pressed.
        // Its form posts back to the link's own address.
        c.goto(&link).await.unwrap();
        click(&c, "main form:not([action]) button[type=submit]").await;
        wait_until(&c, "document.querySelector('#list')", vec![], "the inbox").await;
        wait_for_text(&c, "Where is my order").await;

        // A new ticket shows up without a reload.
        js(&c, "window.stillTheSamePage = 42; return null", vec![]).await;
        fake.push_text(ANN, "My printer is on fire");
        wait_until(
            &c,
            "document.querySelector('#list').innerText.includes('My printer is on fire')",
            vec![],
            "the new ticket in the list",
        )
        .await;
        assert_eq!(
            js(&c, "return window.stillTheSamePage", vec![]).await,
            json!(42),
            "the page was not reloaded"
        );
        shoot(&c, DESKTOP, "inbox-desktop").await;
        shoot(&c, PHONE, "inbox-phone").await;
        resize(&c, DESKTOP.0, DESKTOP.1).await;

        // Open it.
        let row = c
            .find(Locator::XPath(
                "//tr[contains(., 'My printer is on fire')]//td[contains(@class,'id')]/a",
            ))
            .await
            .unwrap();
        let id = row.text().await.unwrap();
        row.click().await.unwrap();
        wait_until(
            &c,
            "document.querySelector('#messages')",
            vec![],
            "the conversation",
        )
        .await;
        let ticket = support_bot::model::TicketId::parse(&id).unwrap();
        assert_eq!(
            js(&c, "return window.stillTheSamePage", vec![]).await,
            json!(42),
            "opening a ticket from the list reloaded the page"
        );

        // A note reaches nobody (checked with the reply that follows: a
        // note sent to Ann would reach her before it).
        let to_ann = fake.sent().iter().filter(|m| m.chat_id == ANN).count();
        let compose = c.find(Locator::Css("#text")).await.unwrap();
        compose
            .send_keys("She sounds upset: be kind")
            .await
            .unwrap();
        press(&c, "note", "#messages li.note").await;
        wait_for_text(&c, "She sounds upset: be kind").await;

        // A reply reaches Ann through Telegram, tagged with the ticket.
        send_reply(&c, "Unplug it, please. We are on it.").await;
        assert!(fake.wait_sent_to(ANN, to_ann + 1, PATIENCE).await);
        let to_ann: Vec<_> = fake
            .sent()
            .into_iter()
            .filter(|m| m.chat_id == ANN)
            .skip(to_ann)
            .collect();
        assert_eq!(to_ann.len(), 1, "a note reaches nobody: {to_ann:?}");
        let reply = &to_ann[0];
        assert!(reply.text.contains("Unplug it, please."), "{}", reply.text);
        assert!(reply.text.contains(&id), "{}", reply.text);
        wait_for_text(&c, "Unplug it, please. We are on it.").await;

        // Ann answers; it shows live in the open conversation.
        fake.push_text(ANN, "Done, it smells of toast now");
        wait_for_text(&c, "it smells of toast").await;
        // A photo shows as a thumbnail fetched through the bot.
        fake.push_photo(ANN, Some("This is what it looks like"));
        wait_for_photo(&c).await;

        // Claim, close, reopen.
        press(&c, "claim", "form[action$='/unclaim']").await;
        press(&c, "close", "form[action$='/reopen']").await;
        let closed = store.read(|m| m.ticket(&ticket).cloned()).unwrap();
        assert_eq!(closed.status, support_bot::model::TicketStatus::Closed);
        assert_eq!(closed.claim.map(|c| c.member), Some(ADMIN));
        press(&c, "reopen", "form[action$='/close']").await;
        let reopened = store.read(|m| m.ticket(&ticket).cloned()).unwrap();
        assert_ne!(reopened.status, support_bot::model::TicketStatus::Closed);
        wait_for_text(&c, "it smells of toast").await;
        shoot(&c, DESKTOP, "conversation-desktop").await;
        shoot(&c, PHONE, "conversation-phone").await;
        resize(&c, DESKTOP.0, DESKTOP.1).await;

        // The dashboard draws its three charts.
        c.goto(&format!("{base}/app/dashboard")).await.unwrap();
        wait_until(
            &c,
            "document.querySelectorAll('#dashboard svg').length === 3",
            vec![],
            "three charts",
        )
        .await;
        shoot(&c, DESKTOP, "dashboard-desktop").await;
        shoot(&c, PHONE, "dashboard-phone").await;

        // Logging out ends the session and leaves nothing in sessionStorage.
        log_out(&c).await;
        c.goto(&format!("{base}/app")).await.unwrap();
        wait_until(
            &c,
            "document.querySelector('[data-refused=\"401\"]')",
            vec![],
            "refused once logged out",
        )
        .await;

        // The link was good once.
        c.goto(&link).await.unwrap();
        c.find(Locator::Css("main form button[type=submit]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_for_text(&c, "already used").await;
    })
    .await;
}

#[tokio::test]
async fn the_mini_app_signs_in_from_the_fragment_and_what_a_person_writes_runs_nothing() {
    let (mut app, base) = spawn_inbox().await;
    let payload = r#"<img src=x onerror="window.pwned=1"> <script>window.pwned=2</script> help"#;
    let sent = app.says(ANN, payload, 2).await;
    let id = app.ticket_id_in(&sent[0].text);
    app.fake.push_photo(ANN, Some("a photo"));
    let deadline = Instant::now() + PATIENCE;
    while app
        .store
        .read(|m| m.tickets.values().map(|t| t.messages.len()).sum::<usize>())
        < 2
    {
        assert!(Instant::now() < deadline, "the photo reaches the ticket");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let now = support_bot::clock::now();

    with_browser(move |c| async move {
        // Telegram opens the Mini App with the signed initData in the
        // fragment; the page sends it with every request.
        let fragment = mini_app_fragment(&alex_init_data(now));
        c.goto(&format!("{base}/app#{fragment}")).await.unwrap();
        wait_until(&c, "document.querySelector('#list')", vec![], "the inbox").await;
        c.find(Locator::Css(&format!("a[href='/app/tickets/{id}']")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_until(
            &c,
            "document.querySelector('#messages')",
            vec![],
            "the conversation",
        )
        .await;

        // The photo's address carries the sign-in: an image sends no header.
        wait_for_photo(&c).await;

        // The person's HTML is shown as they wrote it and runs nothing.
        wait_for_text(&c, r#"<img src=x onerror="window.pwned=1">"#).await;
        wait_for_text(&c, "<script>window.pwned=2</script>").await;
        // Once every image has loaded or failed, an onerror would have run.
        wait_until(
            &c,
            "Array.from(document.images).every(i => i.complete)",
            vec![],
            "every image loaded or failed",
        )
        .await;
        assert_eq!(
            js(&c, "return typeof window.pwned", vec![]).await,
            json!("undefined")
        );
        assert_eq!(
            js(
                &c,
                "return document.querySelectorAll('#messages img:not(.thumb), #messages script').length",
                vec![]
            )
            .await,
            json!(0)
        );

        // The sign-in never goes into an address: the photo and the live
        // stream carry a short-lived stream token instead.
        let photo = js(&c, "return document.querySelector('#messages img.thumb').getAttribute('src')", vec![]).await;
        let photo = photo.as_str().unwrap();
        assert!(photo.contains("st=") && !photo.contains("tma") && !photo.contains("hash"), "{photo}");
        // htmx keeps no copies of pages in sessionStorage.
        assert_eq!(
            js(&c, "return sessionStorage.getItem('htmx-history-cache')", vec![]).await,
            Value::Null
        );

        // Logging out leaves nothing in sessionStorage.
        log_out(&c).await;

        // A forged or stale initData is refused and shows nothing.
        let forged = alex_init_data(now).replace("Alex", "Eve");
        let stale = alex_init_data(now - 2 * 3600);
        for (what, data) in [("forged", forged), ("stale", stale)] {
            c.goto("about:blank").await.unwrap();
            c.goto(&format!("{base}/app#{}", mini_app_fragment(&data)))
                .await
                .unwrap();
            wait_until(
                &c,
                "document.querySelector('[data-refused=\"401\"]') \
                 && !document.body.classList.contains('signing-in')",
                vec![],
                &format!("the {what} initData refused"),
            )
            .await;
            // Shown once the signed-in request was answered: nothing more
            // comes.
            let text = js(&c, "return document.body.innerText", vec![]).await;
            let text = text.as_str().unwrap();
            assert!(
                !text.contains(&id) && !text.contains("help"),
                "{what}: {text}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn the_mini_app_opened_as_telegram_opens_it_stays_in_the_page_and_claims_replies_and_notes() {
    let (mut app, base) = spawn_inbox().await;
    let sent = app
        .says(BEN, "My parcel came open and half of it is missing", 2)
        .await;
    let id = app.ticket_id_in(&sent[0].text);
    let ticket = support_bot::model::TicketId::parse(&id).unwrap();
    let now = support_bot::clock::now();
    let fake = app.fake.clone();
    let store = Arc::clone(&app.store);

    with_browser(move |c| async move {
        // Telegram opens the Mini App at its address with initData in the
        // fragment: the browser's first request carries no header and is
        // refused, and the page asks again signed in.
        let fragment = mini_app_fragment(&alex_init_data(now));
        c.goto(&format!("{base}/app#{fragment}")).await.unwrap();
        wait_until(&c, "document.querySelector('#list')", vec![], "the inbox").await;
        wait_for_text(&c, "half of it is missing").await;
        wait_until(
            &c,
            "!document.body.classList.contains('signing-in')",
            vec![],
            "the signed-in page shown",
        )
        .await;

        // The page is the one a signed-in request gets: the same body
        // attributes, the same scripts, nothing left of the refusal.
        let same = js(
            &c,
            "function shape(doc) {
               return {
                 body: Array.from(doc.body.attributes).map(a => a.name + '=' + a.value).sort(),
                 scripts: Array.from(doc.querySelectorAll('script')).map(s => s.getAttribute('src')),
               };
             }
             return fetch(location.pathname, {
               headers: { Authorization: 'tma ' + sessionStorage.getItem('support-bot-init-data') },
             }).then(r => r.text()).then(html => ({
               shown: shape(document),
               direct: shape(new DOMParser().parseFromString(html, 'text/html')),
             }));",
            vec![],
        )
        .await;
        assert_eq!(same["shown"], same["direct"], "signed in from the refused page");
        assert_eq!(same["shown"]["body"], json!(["hx-boost=true"]));
        assert_eq!(
            js(&c, "return document.querySelectorAll('[data-refused]').length", vec![]).await,
            json!(0)
        );

        // From here on, nothing reloads the page.
        js(&c, "window.stillTheSamePage = 42; return null", vec![]).await;
        let same_page = |after: &'static str| {
            let c = c.clone();
            async move {
                assert_eq!(
                    js(&c, "return window.stillTheSamePage", vec![]).await,
                    json!(42),
                    "the page was reloaded by {after}"
                );
            }
        };

        c.find(Locator::Css(&format!("a[href='/app/tickets/{id}']")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_until(&c, "document.querySelector('#messages')", vec![], "the conversation").await;
        same_page("opening a ticket").await;

        // Claim.
        press(&c, "claim", "form[action$='/unclaim']").await;
        same_page("claiming").await;
        let claimed = store.read(|m| m.ticket(&ticket).cloned()).unwrap();
        assert_eq!(claimed.claim.map(|c| c.member), Some(ADMIN));

        // A note: on the ticket, shown, sent to nobody.
        let to_ben = fake.sent().iter().filter(|m| m.chat_id == BEN).count();
        c.find(Locator::Css("#text"))
            .await
            .unwrap()
            .send_keys("Ben ordered twice last month")
            .await
            .unwrap();
        press(&c, "note", "#messages li.note").await;
        wait_for_text(&c, "Ben ordered twice last month").await;
        same_page("writing a note").await;
        let noted = store.read(|m| m.ticket(&ticket).cloned()).unwrap();
        assert!(
            noted
                .messages
                .iter()
                .any(|e| e.note && e.text == "Ben ordered twice last month"),
            "{:?}",
            noted.messages
        );

        // A reply reaches Ben through Telegram.
        send_reply(&c, "We are sending the other half today.").await;
        assert!(fake.wait_sent_to(BEN, to_ben + 1, PATIENCE).await);
        wait_for_text(&c, "We are sending the other half today.").await;
        same_page("replying").await;
        let to_ben_now: Vec<_> = fake
            .sent()
            .into_iter()
            .filter(|m| m.chat_id == BEN)
            .skip(to_ben)
            .collect();
        assert_eq!(to_ben_now.len(), 1, "the note reached nobody: {to_ben_now:?}");
        assert!(
            to_ben_now[0].text.contains("We are sending the other half today.")
                && to_ben_now[0].text.contains(&id),
            "{}",
            to_ben_now[0].text
        );

        // Ben's answer shows live in the open conversation.
        fake.push_text(BEN, "Thank you, that is quick");
        wait_for_text(&c, "Thank you, that is quick").await;
        same_page("a message arriving").await;

        // The header's link back to the inbox stays in the page too.
        click(&c, "header nav a[href='/app']").await;
        wait_until(&c, "document.querySelector('#list')", vec![], "the inbox again").await;
        same_page("going back to the inbox").await;

        // Logging out is done in place, like everything else.
        log_out(&c).await;
    })
    .await;
}

/// axe-core, the accessibility engine of the browsers' own tools: the
/// file named by `AXE_CORE`, else the one `.ci/run` installs with npm
/// (`target/axe/node_modules/axe-core/axe.min.js`). Without it the audit
/// says so and passes, except in strict mode, where it fails.
fn axe_source() -> Option<String> {
    let path = std::env::var_os("AXE_CORE")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("target/axe/node_modules/axe-core/axe.min.js")
        });
    match std::fs::read_to_string(&path) {
        Ok(source) => Some(source),
        Err(error) => {
            strict::cannot_run(&format!(
                "axe-core not found at {} ({error}): `npm install --prefix target/axe axe-core`, or name it with AXE_CORE",
                path.display()
            ));
            None
        }
    }
}

/// Runs axe-core on the page as it is now against WCAG 2.1 A and AA and
/// fails on any serious or critical violation, naming each with the
/// elements it found.
async fn audit(c: &Client, axe: &str, what: &str) {
    wait_until(
        c,
        "document.readyState === 'complete' && !document.body.classList.contains('signing-in')",
        vec![],
        &format!("{what} loaded"),
    )
    .await;
    // Injected through WebDriver: the page's CSP allows no script but its
    // own, and the audit must not need the page to allow more.
    js(c, &format!("{axe}\nreturn null;"), vec![]).await;
    let found = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, {
               runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
               resultTypes: ['violations'],
             }).then(
               r => done({ ran: true, violations: r.violations.map(v => ({
                 id: v.id, impact: v.impact, help: v.help,
                 nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary),
               })) }),
               e => done({ ran: false, error: String(e) }));",
            vec![],
        )
        .await
        .expect("axe runs");
    assert_eq!(found["ran"], json!(true), "{what}: axe failed: {found}");
    let serious: Vec<&Value> = found["violations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
        .collect();
    assert!(
        serious.is_empty(),
        "{what}: axe-core finds serious or critical violations:\n{}",
        serde_json::to_string_pretty(&serious).unwrap()
    );
}

/// Telegram's dark theme as its clients hand it to a Mini App: its button
/// colour under white text (3.7:1) and its link colour on its background
/// (4.3:1) are below AA, the rest is readable.
const TELEGRAM_DARK: &str = r##"{"bg_color":"#212121","text_color":"#ffffff","hint_color":"#aaaaaa","link_color":"#8774e1","button_color":"#8774e1","button_text_color":"#ffffff","secondary_bg_color":"#181818","header_bg_color":"#212121","accent_text_color":"#8774e1","section_bg_color":"#212121","destructive_text_color":"#e53935"}"##;

/// A ticket with a conversation worth looking at: Ann's message, a note,
/// a reply, her answer and a saved answer to pick. Returns its ID.
async fn ticket_to_audit(app: &mut TestApp) -> String {
    let sent = app
        .says(ANN, "My printer is on fire. It started an hour ago and now the whole office smells of toast.", 2)
        .await;
    let id = app.ticket_id_in(&sent[0].text);
    app.says(ADMIN, &format!("/note {id} She sounds upset: be kind"), 1)
        .await;
    app.says(
        ADMIN,
        &format!("/reply {id} Unplug it, please. We are on it."),
        2,
    )
    .await;
    app.fake.push_text(ANN, "Done, thank you");
    app.settle().await;
    id
}

/// The pages of `base` the audit visits, opened with `fragment` (Alex's
/// signed initData, and a theme if any) as the Mini App is: the inbox, a
/// conversation, the dashboard and the sign-in page.
async fn audit_pages(c: &Client, axe: &str, base: &str, id: &str, fragment: &str, how: &str) {
    let conversation = format!("/app/tickets/{id}");
    let sign_in = format!("/app/login/{}", "ab".repeat(32));
    let pages = [
        ("/app", "document.querySelector('#list')", "the inbox"),
        (
            conversation.as_str(),
            "document.querySelector('#messages li.note')",
            "a conversation",
        ),
        (
            "/app/dashboard",
            "document.querySelectorAll('#dashboard svg').length === 3",
            "the dashboard",
        ),
        (
            sign_in.as_str(),
            "document.querySelector('main form button')",
            "the sign-in page",
        ),
    ];
    for (path, ready, what) in pages {
        // From elsewhere: a new fragment alone would not load the page.
        c.goto("about:blank").await.unwrap();
        c.goto(&format!("{base}{path}#{fragment}")).await.unwrap();
        wait_until(c, ready, vec![], what).await;
        audit(c, axe, &format!("{what} ({how})")).await;
    }
}

#[tokio::test]
async fn axe_core_finds_no_serious_violation_in_light_dark_and_telegram_dark() {
    let Some(axe) = axe_source() else {
        return;
    };
    let axe = Arc::new(axe);
    let (mut app, base) = spawn_inbox().await;
    app.says(ADMIN, "/save hours We answer every day from 9 to 18.", 1)
        .await;
    let id = ticket_to_audit(&mut app).await;
    let now = support_bot::clock::now();
    let signed_in = mini_app_fragment(&alex_init_data(now));

    // The light theme; then Telegram's dark theme inside the Mini App,
    // whose unreadable colours the page leaves out.
    let (a, b, i, f) = (
        Arc::clone(&axe),
        base.clone(),
        id.clone(),
        signed_in.clone(),
    );
    with_browser(move |c| async move {
        let dark = js(&c, "return matchMedia('(prefers-color-scheme: dark)').matches", vec![]).await;
        assert_eq!(dark, json!(false), "a light browser");
        audit_pages(&c, &a, &b, &i, &f, "light").await;

        let themed = format!("{f}&tgWebAppThemeParams={}", urlencode(TELEGRAM_DARK));
        c.goto("about:blank").await.unwrap();
        audit_pages(&c, &a, &b, &i, &themed, "Telegram's dark theme").await;
        // The theme is there where it is readable, the page's own colours
        // where it is not.
        let colours = js(
            &c,
            "const s = getComputedStyle(document.documentElement);
             return [document.documentElement.className, getComputedStyle(document.body).backgroundColor,
                     s.getPropertyValue('--tg-bg'), s.getPropertyValue('--tg-button'), s.getPropertyValue('--tg-link')];",
            vec![],
        )
        .await;
        assert_eq!(colours, json!(["dark", "rgb(33, 33, 33)", "#212121", "", ""]));
    })
    .await;

    // The system's dark scheme in a browser.
    let (a, b, i, f) = (
        Arc::clone(&axe),
        base.clone(),
        id.clone(),
        signed_in.clone(),
    );
    with_browser_flags(
        &[
            "--force-dark-mode",
            "--blink-settings=preferredColorScheme=0",
        ],
        move |c| async move {
            c.goto(&format!("{b}/app/login/{}", "ab".repeat(32)))
                .await
                .unwrap();
            let dark = js(
                &c,
                "return matchMedia('(prefers-color-scheme: dark)').matches",
                vec![],
            )
            .await;
            assert_eq!(dark, json!(true), "a dark browser");
            audit_pages(&c, &a, &b, &i, &f, "dark").await;
            let background = js(
                &c,
                "return getComputedStyle(document.body).backgroundColor",
                vec![],
            )
            .await;
            assert_eq!(
                background,
                json!("rgb(23, 24, 26)"),
                "the page's own dark colours"
            );
        },
    )
    .await;
}

/// `text` as one value of a URL's query or fragment.
fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// The pictures of the front page and the manual (`docs/screenshots/`),
/// made from the demo's month of tickets. A tool, not a check (the same
/// pages at the same sizes are checked by the tests above), so it runs only
/// when asked: `cargo build -p support-bot-demo`, then
/// `UPDATE_SCREENSHOTS=1 cargo test --test browser -- --ignored the_manuals_pictures`.
#[tokio::test]
#[ignore = "makes the manual's pictures: UPDATE_SCREENSHOTS=1, --ignored"]
async fn the_manuals_pictures_show_the_demo() {
    assert!(
        update_screenshots(),
        "set UPDATE_SCREENSHOTS=1 to write docs/screenshots/"
    );
    let exe = std::env::current_exe().unwrap();
    let demo = exe
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("support-bot-demo");
    assert!(
        demo.exists(),
        "{} is missing: cargo build -p support-bot-demo",
        demo.display()
    );
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let base = format!("http://127.0.0.1:{port}");
    let mut child = tokio::process::Command::new(&demo)
        .args(["--port", &port.to_string(), "--every", "3600"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines =
        tokio::io::AsyncBufReadExt::lines(tokio::io::BufReader::new(child.stdout.take().unwrap()));
    let link = loop {
        let line = tokio::time::timeout(Duration::from_secs(60), lines.next_line())
            .await
            .expect("the demo prints its sign-in link")
            .unwrap()
            .expect("the demo prints its sign-in link");
        if let Some(at) = line.find(&format!("{base}/app/login/")) {
            break line[at..].trim().to_string();
        }
    };
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    with_browser(move |c| async move {
        c.goto(&link).await.unwrap();
        click(&c, "main form:not([action]) button[type=submit]").await;
        wait_until(&c, "document.querySelector('#list')", vec![], "the inbox").await;
        save(&c, DESKTOP, "inbox-desktop").await;
        save(&c, PHONE, "inbox-phone").await;
        resize(&c, DESKTOP.0, DESKTOP.1).await;
        // A claimed conversation with a note and a photo, if the month has one.
        let first = js(
            &c,
            "return document.querySelector('#list a[href*=\"/app/tickets/\"]').getAttribute('href')",
            vec![],
        )
        .await;
        let path = first.as_str().expect("a ticket in the inbox").to_string();
        c.goto(&format!("{base}{path}")).await.unwrap();
        wait_until(&c, "document.querySelector('textarea#text')", vec![], "the conversation").await;
        save(&c, DESKTOP, "conversation-desktop").await;
        save(&c, PHONE, "conversation-phone").await;
        resize(&c, DESKTOP.0, DESKTOP.1).await;
        c.goto(&format!("{base}/app/dashboard")).await.unwrap();
        wait_until(
            &c,
            "document.querySelectorAll('#dashboard svg').length === 3",
            vec![],
            "three charts",
        )
        .await;
        save(&c, DESKTOP, "dashboard-desktop").await;
        save(&c, PHONE, "dashboard-phone").await;
    })
    .await;
    // Ctrl-C, so the demo removes its temporary folder.
    let pid = child.id().expect("the demo runs").to_string();
    std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap();
    let stopped = tokio::time::timeout(Duration::from_secs(10), child.wait()).await;
    assert!(
        stopped.is_ok_and(|s| s.is_ok_and(|s| s.success())),
        "the demo stops on Ctrl-C"
    );
}
