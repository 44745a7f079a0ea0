//! The inbox as an attacker sees it: oversized bodies, forged posts,
//! credentials in addresses, sessions of people no longer on the team.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::*;
use crate::web::*;

/// The resident memory of process `pid`, in bytes (Linux).
fn rss_bytes(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect("VmRSS in /proc");
    kb * 1024
}

/// Posts `total` bytes to `path` on `port` over a raw connection (with a
/// `Content-Length`, or chunked without one) and returns the status line
/// of the answer, read while the body is still being sent.
async fn post_huge(port: u16, path: &str, total: usize, declared: bool) -> String {
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let (mut read, mut write) = stream.into_split();
    let head = if declared {
        format!("POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {total}\r\n\r\n")
    } else {
        format!("POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n")
    };
    write.write_all(head.as_bytes()).await.unwrap();
    let sender = tokio::spawn(async move {
        let chunk = vec![b'a'; 64 * 1024];
        let mut sent = 0;
        while sent < total {
            let piece = if declared {
                write.write_all(&chunk).await
            } else {
                let framed =
                    [format!("{:x}\r\n", chunk.len()).as_bytes(), &chunk, b"\r\n"].concat();
                write.write_all(&framed).await
            };
            // The server answered and closed: the rest is never read.
            if piece.is_err() {
                return sent;
            }
            sent += chunk.len();
        }
        sent
    });
    let mut answer = vec![0; 1024];
    let n = tokio::time::timeout(PATIENCE, read.read(&mut answer))
        .await
        .expect("an answer while the body is still coming")
        .unwrap();
    sender.abort();
    String::from_utf8_lossy(&answer[..n])
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// The built program with the inbox (and `extra` settings), once its HTTP
/// server answers; and its port.
async fn start_listening(
    fake: &fake_telegram::FakeTelegram,
    dir: &tempfile::TempDir,
    extra: &[(&str, &str)],
) -> (tokio::process::Child, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
        .to_string();
    let mut settings = vec![
        ("HTTP_PORT", port.as_str()),
        ("PUBLIC_URL", "http://support.example.com/"),
    ];
    settings.extend_from_slice(extra);
    let child = start_program(fake, dir.path(), &settings);
    let healthz = format!("http://127.0.0.1:{port}/healthz");
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while reqwest::get(&healthz).await.is_err() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the bot never listened"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (child, port.parse().unwrap())
}

#[tokio::test]
async fn an_unauthenticated_300_mb_post_is_answered_413_and_the_bots_memory_barely_moves() {
    let fake = fake_telegram().await;
    let dir = tempfile::tempdir().unwrap();
    let (mut child, port) = start_listening(&fake, &dir, &[]).await;
    let pid = child.id().unwrap();
    let before = rss_bytes(pid);
    const HUGE: usize = 300 * 1024 * 1024;
    for declared in [true, false] {
        let status = post_huge(port, "/app/tickets/ABCDEF12/reply", HUGE, declared).await;
        assert!(status.contains(" 413 "), "declared {declared}: {status}");
    }
    let after = rss_bytes(pid);
    let grown = after.saturating_sub(before);
    assert!(
        grown < 20 * 1024 * 1024,
        "the bot grew from {before} to {after} bytes"
    );
    child.kill().await.unwrap();
}

#[tokio::test]
async fn a_forged_login_path_is_404_and_the_sign_in_form_posts_to_its_own_address() {
    let mut app = spawn_web_app().await;
    let id = ann_opens(&mut app, "Please help").await;
    let forged = format!("/app/login/..%2Ftickets%2F{id}%2Fban");
    let page = client().get(url(&app, &forged)).send().await.unwrap();
    assert_eq!(page.status(), 404);
    let used = client().post(url(&app, &forged)).send().await.unwrap();
    assert_eq!(used.status(), 404);
    for bad in ["ABC", &"A".repeat(64), &"g".repeat(64), &"a".repeat(65)] {
        let page = client()
            .get(url(&app, &format!("/app/login/{bad}")))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 404, "{bad}");
    }
    // A well-formed token gets the button, whose form names no address.
    let page = client()
        .get(url(&app, &format!("/app/login/{}", "0a".repeat(32))))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let body = page.text().await.unwrap();
    let form = body
        .split("<form")
        .nth(1)
        .and_then(|f| f.split('>').next())
        .expect("a form");
    assert!(!form.contains("action"), "{form}");
    // Ticket IDs in addresses are exactly 8 upper-case hex digits. (An ID
    // of digits alone has no lower-case form: one letter made lower-case.)
    let lower = if id.chars().any(|c| c.is_ascii_alphabetic()) {
        id.to_lowercase()
    } else {
        format!("{}a", &id[..7])
    };
    for path in [
        format!("/app/tickets/{lower}"),
        format!("/app/tickets/%23{id}"),
        format!("/api/tickets/{lower}"),
    ] {
        let resp = client()
            .get(url(&app, &path))
            .header("authorization", tma(ADMIN, "Alex"))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 404, "{path}");
    }
    let banned = app.store.read(|m| !m.bans.is_empty());
    assert!(!banned, "nobody was banned");
}

#[tokio::test]
async fn a_change_asked_from_another_site_or_with_initdata_in_the_address_is_refused() {
    let mut app = spawn_web_app().await;
    let id = ann_opens(&mut app, "Please help").await;
    let claim = url(&app, &format!("/app/tickets/{id}/claim"));
    for (name, value) in [
        ("origin", "https://evil.example.net"),
        ("origin", "null"),
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
    ] {
        let resp = client()
            .post(&claim)
            .header("authorization", tma(ADMIN, "Alex"))
            .header(name, value)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 403, "{name}: {value}");
    }
    // initData in the address is no sign-in, on a post or anywhere else.
    let data: String =
        url::form_urlencoded::byte_serialize(init_data(ADMIN, "Alex").as_bytes()).collect();
    let resp = client()
        .post(format!("{claim}?tma={data}"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
    let resp = client()
        .get(url(&app, &format!("/api/tickets?tma={data}")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
    let claimed = app
        .store
        .read(|m| m.tickets.values().any(|t| t.claim.is_some()));
    assert!(!claimed, "nothing was claimed");
    // From the inbox's own page it works.
    let resp = client()
        .post(&claim)
        .header("authorization", tma(ADMIN, "Alex"))
        .header("origin", url(&app, ""))
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let claimed = app
        .store
        .read(|m| m.tickets.values().any(|t| t.claim.is_some()));
    assert!(claimed);
}

/// A session for `member` put straight into the store; its cookie.
async fn session_for(app: &TestApp, member: i64, name: &str) -> String {
    let token = support_bot::links::new_token();
    let change = support_bot::model::Change::WebSession {
        hash: support_bot::links::hash(&token),
        session: Some(support_bot::model::WebLogin {
            member,
            name: name.into(),
            expires: support_bot::clock::now() + 3600,
        }),
    };
    app.store
        .transact(None, |_| support_bot::store::Decision {
            changes: vec![change],
            outbox: None,
            result: (),
        })
        .await
        .unwrap();
    format!("{}={token}", support_bot::web::auth::COOKIE)
}

#[tokio::test]
async fn logout_is_a_post_and_a_get_ends_nothing() {
    let app = spawn_web_app().await;
    let cookie = session_for(&app, ADMIN, "Alex").await;
    let get = client()
        .get(url(&app, "/logout"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(get.status(), 405);
    let still = client()
        .get(url(&app, "/api/tickets"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(still.status(), 200);
    let out = client()
        .post(url(&app, "/logout"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 200);
    assert!(out.text().await.unwrap().contains("data-logged-out"));
}

#[tokio::test]
async fn a_member_found_no_longer_on_the_team_loses_every_session_and_open_stream() {
    use fake_telegram::MemberStatus;
    let app = spawn_with_team_group(Duration::from_millis(300)).await;
    app.fake.add_private_chat(CARL, "Carl", None);
    app.fake.add_member(TEAM_GROUP, CARL, MemberStatus::Member);
    let laptop = session_for(&app, CARL, "Carl").await;
    let phone = session_for(&app, CARL, "Carl").await;
    let mut stream = client()
        .get(url(&app, "/api/events"))
        .header("cookie", &laptop)
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    let token = stream_token(&app, CARL, "Carl").await;
    let mut by_token = client()
        .get(url(&app, &format!("/api/events?st={token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(by_token.status(), 200);

    app.fake.add_member(TEAM_GROUP, CARL, MemberStatus::Left);
    // Both streams end within a few re-checks, with no request made.
    for open in [&mut stream, &mut by_token] {
        let ended = tokio::time::timeout(PATIENCE, async {
            while let Ok(Some(_)) = open.chunk().await {}
        })
        .await;
        assert!(ended.is_ok(), "the stream was closed");
    }
    let left = app
        .store
        .read(|m| m.web_sessions.values().filter(|s| s.member == CARL).count());
    assert_eq!(left, 0, "every session of Carl is deleted");
    // Back on the team, the old sessions stay dead; a stream token
    // still in hand works only while he is on the team.
    app.fake.add_member(TEAM_GROUP, CARL, MemberStatus::Member);
    // Once the bot sees him on the team again, a fresh sign-in works...
    eventually_async("Carl is on the team again", || async {
        let resp = client()
            .get(url(&app, "/api/tickets"))
            .header("authorization", tma(CARL, "Carl"))
            .send()
            .await
            .unwrap();
        resp.status() == 200
    })
    .await;
    // ...but not the sessions ended when he left.
    for cookie in [&laptop, &phone] {
        let resp = client()
            .get(url(&app, "/api/tickets"))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 401);
    }
}

#[tokio::test]
async fn live_streams_are_capped_per_viewer_and_a_too_long_reply_is_refused_with_a_word() {
    let mut app = spawn_web_app().await;
    let id = ann_opens(&mut app, "Please help").await;
    let to_ann = app.fake.sent().iter().filter(|m| m.chat_id == ANN).count();
    let long = "é".repeat(4097);
    let resp = client()
        .post(url(&app, &format!("/app/tickets/{id}/reply")))
        .header("authorization", tma(ADMIN, "Alex"))
        .form(&[("text", long.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 413);
    let page = resp.text().await.unwrap();
    assert!(page.contains("This message is too long"), "{page}");
    app.settle().await;
    let now_ann = app.fake.sent().iter().filter(|m| m.chat_id == ANN).count();
    assert_eq!(now_ann, to_ann, "nothing was sent");

    let mut open = Vec::new();
    for _ in 0..support_bot::web::STREAMS_PER_VIEWER {
        let stream = client()
            .get(url(&app, "/api/events"))
            .header("authorization", tma(ADMIN, "Alex"))
            .send()
            .await
            .unwrap();
        assert_eq!(stream.status(), 200);
        open.push(stream);
    }
    let one_more = client()
        .get(url(&app, "/api/events"))
        .header("authorization", tma(ADMIN, "Alex"))
        .send()
        .await
        .unwrap();
    assert_eq!(one_more.status(), 429);
    // Another member still gets theirs; a closed stream frees its place.
    let other = client()
        .get(url(&app, "/api/events"))
        .header("authorization", tma(ADMIN2, "Sam"))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 200);
    drop(open.pop());
    // The server learns that a stream was closed when it next writes to
    // it: news from Ann makes it write.
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        app.fake.push_text(ANN, "Still there?");
        let again = client()
            .get(url(&app, "/api/events"))
            .header("authorization", tma(ADMIN, "Alex"))
            .send()
            .await
            .unwrap();
        if again.status() == 200 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the place was never freed"
        );
        // Polling, with a deadline: each try sends news anew.
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

#[tokio::test]
async fn refused_sign_ins_are_counted_on_metrics_and_the_csp_allows_no_foreign_script() {
    let app = spawn_web_app().await;
    let count = |text: &str| -> u64 {
        text.lines()
            .find_map(|l| l.strip_prefix("support_bot_requests_refused_total{reason=\"sign_in\"} "))
            .and_then(|v| v.parse().ok())
            .expect("the counter")
    };
    let metrics = || async {
        client()
            .get(url(&app, "/metrics"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    let before = count(&metrics().await);
    for _ in 0..3 {
        let resp = client()
            .get(url(&app, "/api/tickets"))
            .header("authorization", "tma hash=0000")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 401);
    }
    assert!(count(&metrics().await) >= before + 3);
    let page = client()
        .get(url(&app, "/app"))
        .header("authorization", tma(ADMIN, "Alex"))
        .send()
        .await
        .unwrap();
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("script-src 'self';"), "{csp}");
    let scripts = csp
        .split(';')
        .find(|d| d.trim().starts_with("script-src"))
        .unwrap();
    assert!(!scripts.contains("telegram.org"), "{csp}");
}

/// One raw HTTP request, as the fuzz run makes them.
#[derive(Debug, Clone)]
struct RawRequest {
    method: &'static str,
    target: String,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

/// A part of an address: sometimes what the route expects, sometimes not.
fn segment(good: &'static [&'static str]) -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    prop_oneof![
        proptest::sample::select(good).prop_map(str::to_string),
        "[A-Za-z0-9%._~#-]{0,70}",
        Just("..%2F..%2Fapp".to_string()),
        Just("%00%FF%C0%AF".to_string()),
    ]
}

fn raw_request(
    ticket: &'static str,
    init_data: &'static str,
) -> impl proptest::strategy::Strategy<Value = RawRequest> {
    use proptest::prelude::*;
    let tickets: &'static [&'static str] = Box::leak(vec![ticket, "ABCDEF12"].into_boxed_slice());
    let routes = prop_oneof![
        Just("/".to_string()),
        Just("/status".to_string()),
        Just("/metrics".to_string()),
        Just("/healthz".to_string()),
        Just("/app".to_string()),
        Just("/app/dashboard".to_string()),
        Just("/logout".to_string()),
        Just("/api/tickets".to_string()),
        Just("/api/stream-token".to_string()),
        segment(tickets).prop_map(|t| format!("/app/tickets/{t}")),
        segment(tickets).prop_map(|t| format!("/api/tickets/{t}")),
        (
            segment(tickets),
            segment(&["reply", "note", "answer", "claim", "unclaim", "close", "reopen", "ban"])
        )
            .prop_map(|(t, a)| format!("/app/tickets/{t}/{a}")),
        (
            segment(tickets),
            segment(&["0", "1", "99999999999999999999"])
        )
            .prop_map(|(t, n)| format!("/app/tickets/{t}/photos/{n}")),
        segment(&["0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"])
            .prop_map(|t| format!("/app/login/{t}")),
        segment(&["app.js", "app.css", "vendor/htmx.min.js", "../Cargo.toml"])
            .prop_map(|p| format!("/assets/{p}")),
    ];
    let query = proptest::option::of("[a-z]{1,6}=[A-Za-z0-9%+&=._-]{0,60}");
    let method =
        proptest::sample::select(&["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"][..]);
    let header = prop_oneof![
        Just(("authorization", format!("tma {init_data}"))),
        "[ -~]{0,80}".prop_map(|v| ("authorization", format!("tma {v}"))),
        "[ -~]{0,80}".prop_map(|v| ("authorization", format!("Bearer {v}"))),
        "[ -~]{0,80}".prop_map(|v| ("cookie", v)),
        "[ -~]{0,40}".prop_map(|v| ("origin", v)),
        proptest::sample::select(&["same-origin", "cross-site", "none", "same-site", "x"][..])
            .prop_map(|v| ("sec-fetch-site", v.to_string())),
        proptest::sample::select(
            &[
                "application/x-www-form-urlencoded",
                "application/json",
                "multipart/form-data",
                "x/y"
            ][..]
        )
        .prop_map(|v| ("content-type", v.to_string())),
        "[0-9a-z]{0,25}".prop_map(|v| ("last-event-id", v)),
    ];
    let body = prop_oneof![
        Just(Vec::new()),
        "\\PC{0,300}".prop_map(|t| format!("text={t}").into_bytes()),
        proptest::collection::vec(any::<u8>(), 0..3000),
    ];
    (
        method,
        routes,
        query,
        proptest::collection::vec(header, 0..5),
        body,
    )
        .prop_map(|(method, path, query, headers, body)| RawRequest {
            method,
            target: match query {
                Some(q) => format!("{path}?{q}"),
                None => path,
            },
            headers,
            body,
        })
}

/// Sends `request` and returns the status of the answer (`None`: no
/// answer at all, which a panic in a handler would give).
async fn send_raw(port: u16, request: &RawRequest) -> Option<u16> {
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .ok()?;
    let mut head = format!(
        "{} {} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n",
        request.method, request.target
    );
    for (name, value) in &request.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        request.body.len()
    ));
    stream.write_all(head.as_bytes()).await.ok()?;
    stream.write_all(&request.body).await.ok()?;
    // Only the status line: a live stream would never end.
    let mut answer = Vec::new();
    let mut byte = [0u8; 1];
    while !answer.ends_with(b"\r\n") && answer.len() < 200 {
        let n = tokio::time::timeout(PATIENCE, stream.read(&mut byte))
            .await
            .ok()?
            .ok()?;
        if n == 0 {
            break;
        }
        answer.push(byte[0]);
    }
    let line = String::from_utf8_lossy(&answer);
    line.split(' ').nth(1)?.parse().ok()
}

#[tokio::test]
async fn fuzzed_requests_to_every_route_get_an_answer_never_a_5xx_and_memory_stays_bounded() {
    use proptest::strategy::{Strategy, ValueTree};
    let fake = fake_telegram().await;
    let dir = tempfile::tempdir().unwrap();
    let extra = [("DASHBOARD_TOKEN", "a-dashboard-token-for-tests")];
    let (mut child, port) = start_listening(&fake, &dir, &extra).await;
    fake.push_text(ANN, "My printer is on fire");
    let sent = fake.wait_for_sent(2, PATIENCE).await.expect("a ticket");
    let ticket = sent
        .iter()
        .find_map(|m| {
            regex::Regex::new(r"\b[0-9A-F]{8}\b")
                .unwrap()
                .find(&m.text)
                .map(|f| f.as_str().to_string())
        })
        .expect("a ticket ID");
    let ticket: &'static str = Box::leak(ticket.into_boxed_str());
    let init: &'static str = Box::leak(init_data(ADMIN, "Alex").into_boxed_str());
    let pid = child.id().unwrap();
    let before = rss_bytes(pid);
    let strategy = raw_request(ticket, init);
    let mut runner = proptest::test_runner::TestRunner::default();
    for _ in 0..400 {
        let request = strategy.new_tree(&mut runner).unwrap().current();
        let status = send_raw(port, &request).await;
        assert!(
            status.is_some_and(|s| s < 500),
            "{status:?} for {request:?}"
        );
    }
    let grown = rss_bytes(pid).saturating_sub(before);
    assert!(grown < 20 * 1024 * 1024, "the bot grew by {grown} bytes");
    let alive = reqwest::get(format!("http://127.0.0.1:{port}/healthz"))
        .await
        .unwrap();
    assert_eq!(alive.status(), 200);
    child.kill().await.unwrap();
}
