//! The built `support-bot-demo` program, driven as a person would: its
//! sign-in link opens the inbox with the month's tickets, a simulated
//! person's message shows there, a reply from the page reaches that
//! person, a line typed in the terminal reaches the bot, and Ctrl-C
//! (SIGINT) stops it within 5 seconds leaving no file behind.

use std::path::Path;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
use tokio::process::{Child, Command};

/// How long the demo may take to show something (its start makes the
/// month's tickets, in a debug build).
const PATIENCE: Duration = Duration::from_secs(60);

/// A port nobody listens on now.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// The demo's standard output, line by line, as it comes.
#[derive(Clone, Default)]
struct Output(Arc<Mutex<Vec<String>>>);

impl Output {
    fn read_from(child: &mut Child) -> Output {
        let output = Output::default();
        let lines = Arc::clone(&output.0);
        let stdout = child.stdout.take().unwrap();
        tokio::spawn(async move {
            let mut reader = tokio::io::BufReader::new(stdout).lines();
            while let Ok(Some(line)) = reader.next_line().await {
                lines.lock().unwrap().push(line);
            }
        });
        output
    }

    fn all(&self) -> String {
        self.0.lock().unwrap().join("\n")
    }

    /// What the demo printed, a message to a person (its lines after the
    /// first indented) as one entry.
    fn entries(&self) -> Vec<String> {
        let mut entries: Vec<String> = Vec::new();
        for line in self.0.lock().unwrap().iter() {
            match (line.strip_prefix("    "), entries.last_mut()) {
                (Some(more), Some(last)) => {
                    last.push('\n');
                    last.push_str(more);
                }
                _ => entries.push(line.clone()),
            }
        }
        entries
    }

    /// Waits for an entry that `wanted` picks.
    async fn wait_for<T>(&self, what: &str, mut wanted: impl FnMut(&str) -> Option<T>) -> T {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let found = self.entries().iter().find_map(|l| wanted(l));
            if let Some(found) = found {
                return found;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "waited in vain for {what}; the demo said:\n{}",
                self.all()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn files_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect()
}

async fn get_json(base: &str, path: &str, cookie: &str) -> Value {
    let resp = client()
        .get(format!("{base}{path}"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200, "{path}");
    resp.json().await.unwrap()
}

#[tokio::test]
async fn the_demo_shows_a_month_answers_live_people_and_stops_on_ctrl_c_leaving_nothing() {
    let root = tempfile::tempdir().unwrap();
    let (tmp, cwd) = (root.path().join("tmp"), root.path().join("cwd"));
    std::fs::create_dir(&tmp).unwrap();
    std::fs::create_dir(&cwd).unwrap();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_support-bot-demo"))
        .args(["--port", &port.to_string(), "--every", "1"])
        .current_dir(&cwd)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("TMPDIR", &tmp)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let output = Output::read_from(&mut child);

    // The sign-in link, the one /web gives, signs the browser in.
    let link = output
        .wait_for("the sign-in link", |l| {
            l.trim()
                .strip_prefix(&format!("{base}/app/login/"))
                .map(|token| format!("{base}/app/login/{token}"))
        })
        .await;
    let resp = client().post(&link).send().await.unwrap();
    assert_eq!(resp.status(), 303, "{}", output.all());
    let cookie = resp.headers()["set-cookie"].to_str().unwrap();
    let cookie = cookie.split(';').next().unwrap().to_string();

    // The month: open tickets, closed ones with ratings, the spammer banned.
    let open = get_json(&base, "/api/tickets?tab=open", &cookie).await;
    let closed = get_json(&base, "/api/tickets?tab=closed", &cookie).await;
    assert!(open["total"].as_u64().unwrap() >= 15, "{open}");
    assert!(closed["total"].as_u64().unwrap() >= 35, "{closed}");
    let page = client()
        .get(format!("{base}/app"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    let first = open["rows"][0]["name"].as_str().unwrap();
    assert!(page.contains(first), "the inbox lists {first}");
    let mut rated = 0;
    let mut banned = 0;
    for row in closed["rows"].as_array().unwrap() {
        let id = row["id"].as_str().unwrap();
        let ticket = get_json(&base, &format!("/api/tickets/{id}"), &cookie).await;
        rated += usize::from(ticket["rating"].is_u64());
        banned += usize::from(ticket["banned"] == true);
    }
    assert!(rated >= 20, "{rated} rated tickets");
    assert_eq!(banned, 1, "one spammer");

    // A simulated person writes; the inbox shows it.
    let (name, text) = output
        .wait_for("a simulated person writing", |l| {
            let (name, text) = l.split_once(" wrote: ")?;
            (name != "Jamie").then(|| (name.to_string(), text.to_string()))
        })
        .await;
    let mut ticket = None;
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while ticket.is_none() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "{name}'s message in the inbox"
        );
        let open = get_json(&base, "/api/tickets?tab=open", &cookie).await;
        for row in open["rows"].as_array().unwrap() {
            if row["name"] != name.as_str() {
                continue;
            }
            let id = row["id"].as_str().unwrap();
            let detail = get_json(&base, &format!("/api/tickets/{id}"), &cookie).await;
            let lines = detail["lines"].as_array().unwrap();
            if lines.iter().any(|l| l["text"] == text.as_str()) {
                ticket = Some(id.to_string());
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let ticket = ticket.unwrap();

    // The team answers from the page; the person gets it.
    let resp = client()
        .post(format!("{base}/app/tickets/{ticket}/reply"))
        .header("cookie", &cookie)
        .header("origin", &base)
        .form(&[("text", "We are on it, a new one goes out today.")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    output
        .wait_for("the reply reaching the person", |l| {
            (l.starts_with(&format!("{name} got: "))
                && l.contains("We are on it, a new one goes out today."))
            .then_some(())
        })
        .await;

    // A line typed in the terminal is Jamie writing to the bot.
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"Where is my parcel?\n").await.unwrap();
    output
        .wait_for("Jamie's ticket", |l| {
            l.starts_with("Jamie got: ").then_some(())
        })
        .await;

    // Ctrl-C stops it within 5 seconds, cleanly.
    let pid = child.id().unwrap().to_string();
    let sent = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = tokio::time::timeout(Duration::from_secs(5), child.wait())
        .await
        .expect("it stops within 5 s")
        .unwrap();
    assert!(status.success(), "{status}");
    assert!(files_in(&tmp).is_empty(), "{:?}", files_in(&tmp));
    assert!(files_in(&cwd).is_empty(), "{:?}", files_in(&cwd));
}

#[tokio::test]
async fn with_data_the_demo_keeps_its_folder_and_goes_on_from_it_next_time() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let tickets_after = |args: &[&str]| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_support-bot-demo"));
        command
            .args(args)
            .current_dir(root.path())
            .env("TMPDIR", root.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        command
    };
    for (run, said) in [(1, "Making a month"), (2, "Going on with the demo's data")] {
        let port = free_port().to_string();
        let args = [
            "--port",
            &port,
            "--every",
            "0",
            "--data",
            data.to_str().unwrap(),
        ];
        let mut child = Command::from(tickets_after(&args))
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let output = Output::read_from(&mut child);
        output
            .wait_for("the sign-in link", |l| {
                l.contains("/app/login/").then_some(())
            })
            .await;
        assert!(output.all().contains(said), "run {run}: {}", output.all());
        let pid = child.id().unwrap().to_string();
        std::process::Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap();
        let status = tokio::time::timeout(Duration::from_secs(5), child.wait())
            .await
            .expect("it stops within 5 s")
            .unwrap();
        assert!(status.success());
        assert!(data.join("ticket_data.json").is_file(), "run {run}");
    }
    let mut left = files_in(root.path());
    left.sort();
    assert_eq!(
        left,
        [data.display().to_string()],
        "nothing but the data folder"
    );
}
