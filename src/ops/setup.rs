//! `support-bot setup`: the first settings, by asking. One plain question
//! at a time on standard input (so a script can answer them too), every
//! answer checked:
//!
//! 1. the token from BotFather, checked with `getMe` (which names the bot);
//! 2. the person opens the bot and presses Start; their chat id is taken
//!    from that message (`getUpdates`, never confirmed, so the bot still
//!    reads it when it starts). A webhook makes `getUpdates` answer 409:
//!    set-up says so and offers to delete it;
//! 3. optionally the team's group: the person adds the bot, set-up sees it
//!    arrive and says whether it is a forum and which admin rights the
//!    bot is missing ([`crate::bot::access`]), checking again until fixed;
//! 4. `.env` written: a new one (readable by its owner only), or the
//!    settings put into an existing one only after a yes (its other lines
//!    stay as they are).
//!
//! The Bot API is the one `BOT_API_URL` names, as for the bot. Ctrl-D (or
//! the end of the input) stops at any question, and nothing is written.

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use serde_json::Value;
use teloxide::prelude::*;
use teloxide::{ApiError, RequestError};

use crate::bot::access::{self, Purpose};
use crate::bot::listener::get_raw_updates;
use crate::check::{masked_token, token_looks_valid};
use crate::telemetry::mask;

/// Runs set-up in the working folder on standard input and output.
pub fn run() -> ExitCode {
    let api_url = match api_url() {
        Ok(url) => url,
        Err(e) => {
            eprintln!("support-bot: {e}");
            return ExitCode::from(2);
        }
    };
    use std::io::IsTerminal;
    let talk = Talk {
        echo: !std::io::stdin().is_terminal(),
        input: std::io::stdin().lock(),
        out: std::io::stdout(),
    };
    let mut setup = Setup {
        talk,
        api_url,
        env_file: Path::new(".env"),
        wait_limit: WAIT_LIMIT,
    };
    match super::block_on(setup.run()) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(stop)) => {
            setup.talk.say(&format!("\n{stop} Nothing was written."));
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("support-bot: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The Bot API's address: `BOT_API_URL` from the environment, as the bot
/// reads it, else Telegram's.
fn api_url() -> Result<url::Url, String> {
    let given = std::env::var("BOT_API_URL").unwrap_or_default();
    let given = given.trim();
    if given.is_empty() {
        return Ok(url::Url::parse(DEFAULT_API_URL).expect("a valid URL"));
    }
    url::Url::parse(given)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && !u.cannot_be_a_base())
        .ok_or_else(|| format!("BOT_API_URL must be an http or https URL, not {given:?}"))
}

const DEFAULT_API_URL: &str = "https://api.telegram.org/";

/// How long set-up waits for a message before asking whether to go on.
const WAIT_LIMIT: Duration = Duration::from_secs(5 * 60);

/// Why set-up stopped before writing anything.
#[derive(Debug)]
enum Stop {
    /// Ctrl-D, or the end of a script's answers.
    EndOfInput,
    /// The person chose not to go on; the text says what to do.
    Declined(String),
}

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stop::EndOfInput => write!(
                f,
                "Stopped: no answer came (Ctrl-D or the end of the input)."
            ),
            Stop::Declined(why) => write!(f, "Stopped: {why}"),
        }
    }
}

/// Questions and answers, one line each.
struct Talk<R, W> {
    input: R,
    out: W,
    /// Whether to repeat each answer after its question: when the answers
    /// come from a script, not typed, so the output reads as a dialogue.
    echo: bool,
}

impl<R: BufRead, W: Write> Talk<R, W> {
    fn say(&mut self, text: &str) {
        let _ = writeln!(self.out, "{text}");
        let _ = self.out.flush();
    }

    /// Asks `question` and returns the answer, trimmed (maybe empty).
    fn ask(&mut self, question: &str) -> Result<String, Stop> {
        self.ask_shown(question, |answer| answer.to_string())
    }

    /// Asks `question`; an echoed answer is shown as `shown` makes it.
    fn ask_shown(
        &mut self,
        question: &str,
        shown: impl Fn(&str) -> String,
    ) -> Result<String, Stop> {
        let _ = write!(self.out, "{question} ");
        let _ = self.out.flush();
        let mut line = String::new();
        match self.input.read_line(&mut line) {
            Ok(0) | Err(_) => Err(Stop::EndOfInput),
            Ok(_) => {
                let answer = line.trim().to_string();
                if self.echo {
                    let _ = writeln!(self.out, "{}", shown(&answer));
                }
                Ok(answer)
            }
        }
    }

    /// A yes-or-no question; an empty answer is `default`.
    fn yes_no(&mut self, question: &str, default: bool) -> Result<bool, Stop> {
        let hint = if default { "[Y/n]" } else { "[y/N]" };
        loop {
            let answer = self.ask(&format!("{question} {hint}"))?.to_lowercase();
            match answer.as_str() {
                "" => return Ok(default),
                "y" | "yes" => return Ok(true),
                "n" | "no" => return Ok(false),
                _ => self.say("Please answer y (yes) or n (no)."),
            }
        }
    }
}

/// Someone who wrote to the bot in a private chat.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Writer {
    chat: i64,
    name: String,
    username: Option<String>,
}

impl std::fmt::Display for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.name)?;
        if let Some(username) = &self.username {
            write!(f, " (@{username})")?;
        }
        write!(f, ", chat id {}", self.chat)
    }
}

/// The settings set-up found.
struct Found {
    token: String,
    admins: Vec<i64>,
    team: Option<i64>,
}

struct Setup<'a, R, W> {
    talk: Talk<R, W>,
    api_url: url::Url,
    env_file: &'a Path,
    wait_limit: Duration,
}

impl<R: BufRead, W: Write> Setup<'_, R, W> {
    async fn run(&mut self) -> Result<(), Stop> {
        self.talk.say(
            "This sets up support-bot in this folder: a few questions, one at a time, then it writes .env.\n\
             Press Ctrl-D at any question to stop; nothing is written before the end.",
        );
        let (bot, me) = self.token().await?;
        let name = me.username().to_string();
        let token = bot.token().to_string();
        let admins = self.admins(&bot, &name).await?;
        let team = self.team_group(&bot, &me).await?;
        self.write_env(&Found {
            token,
            admins,
            team,
        })?;
        self.talk.say(&format!(
            "\nNext:\n\
             - check the settings: support-bot check-config (or cargo run --release -- check-config)\n\
             - start the bot: support-bot (or cargo run --release)\n\
             - everyone else on the team opens t.me/{name} and presses Start; run setup again to add their chat ids to ADMIN_CHAT_ID.\n\
             Every other setting is in docs/configuration.md."
        ));
        Ok(())
    }

    /// Step 1: a token Telegram accepts, and the bot it belongs to.
    async fn token(&mut self) -> Result<(Bot, teloxide::types::Me), Stop> {
        self.talk.say(
            "\nStep 1 of 4: the bot's token.\n\
             In Telegram, open @BotFather, send /newbot and follow its questions (or send /mybots to see a bot you made).\n\
             It gives you a token that looks like 123456789:AAHk2-abcdefghijklmnopqrstuvwxyz.",
        );
        loop {
            // Echoed, the token shows only the bot's id.
            let token = self.talk.ask_shown("Paste the token:", |t| {
                if t.is_empty() {
                    String::new()
                } else {
                    masked_token(t)
                }
            })?;
            if token.is_empty() {
                self.talk
                    .say("Please paste the token (or press Ctrl-D to stop).");
                continue;
            }
            if !token_looks_valid(&token) {
                self.talk.say(
                    "That does not look like a token: it is digits, a colon, then letters, digits, - or _. Please paste it again.",
                );
                continue;
            }
            let bot = Bot::new(&token).set_api_url(self.api_url.clone());
            match bot.get_me().await {
                Ok(me) => {
                    self.talk.say(&format!(
                        "That is the bot @{} (\"{}\").",
                        me.username(),
                        me.user.full_name()
                    ));
                    return Ok((bot, me));
                }
                Err(RequestError::Api(ApiError::InvalidToken)) => self.talk.say(
                    "Telegram does not know this token (was it revoked?). Copy it again from BotFather and paste it.",
                ),
                Err(e) => self.talk.say(&format!(
                    "Could not reach Telegram at {} ({}). Check the connection, then paste the token again.",
                    self.api_url,
                    mask(&e.to_string(), &token)
                )),
            }
        }
    }

    /// Step 2: the chat ids of those who pressed Start, as chosen.
    async fn admins(&mut self, bot: &Bot, name: &str) -> Result<Vec<i64>, Stop> {
        self.talk.say(&format!(
            "\nStep 2 of 4: your chat id, where the bot tells you of new tickets.\n\
             In Telegram, open t.me/{name} and press Start (or send it any message). Others on the team may do the same now.\n\
             Waiting for the message..."
        ));
        let writers = self
            .wait_for(bot, "a message to the bot", |updates| {
                let writers = private_writers(updates);
                (!writers.is_empty()).then_some(writers)
            })
            .await?;
        self.talk.say("Messages came from:");
        for (i, writer) in writers.iter().enumerate() {
            self.talk.say(&format!("  {}. {writer}", i + 1));
        }
        let default = if writers.len() == 1 { "1" } else { "" };
        loop {
            let question = if default.is_empty() {
                "Which of them are on the support team? Their numbers, separated by commas (such as 1,2):".to_string()
            } else {
                "Which of them are on the support team? Their numbers, separated by commas [1]:"
                    .to_string()
            };
            let mut answer = self.talk.ask(&question)?;
            if answer.is_empty() {
                answer = default.to_string();
            }
            match choose(&answer, writers.len()) {
                Ok(chosen) => return Ok(chosen.into_iter().map(|i| writers[i].chat).collect()),
                Err(problem) => self.talk.say(&problem),
            }
        }
    }

    /// Step 3: the team's group, if the team wants one: where the bot was
    /// added, checked until it is right or the person goes on as it is.
    async fn team_group(
        &mut self,
        bot: &Bot,
        me: &teloxide::types::Me,
    ) -> Result<Option<i64>, Stop> {
        let name = me.username().to_string();
        self.talk.say(
            "\nStep 3 of 4: the team's group (optional).\n\
             A team of several people works best in one Telegram group with topics: each ticket gets its own topic there.",
        );
        if !self
            .talk
            .yes_no("Set up a group for the team now?", false)?
        {
            return Ok(None);
        }
        self.talk.say(&format!(
            "1. In Telegram, make a group for the team (or take one), open its settings (Edit) and turn on Topics.\n\
             2. Add @{name} to the group (Add members).\n\
             3. Make it an admin (Edit, Administrators, Add Admin) with Manage topics allowed.\n\
             Waiting for the bot to arrive in a group (or send /setup@{name} there)..."
        ));
        let (mut chat, _) = self
            .wait_for(bot, "the bot in a group", latest_group)
            .await?;
        loop {
            let finding = match access::check(bot, me.id, chat, Purpose::Team, None).await {
                Ok(finding) => finding,
                Err(e) => {
                    self.talk.say(&format!(
                        "Could not ask Telegram about the group {chat} ({}).",
                        mask(&e.to_string(), bot.token())
                    ));
                    self.talk
                        .ask("Press Enter to ask again (Ctrl-D to stop):")?;
                    continue;
                }
            };
            if let Some(access::Problem::Moved(to)) = finding.problems.first() {
                self.talk.say(&format!(
                    "The group {chat} is now the supergroup {to} (Telegram gave it a new id)."
                ));
                chat = *to;
                continue;
            }
            let title = finding.title.as_deref().unwrap_or("?");
            self.talk
                .say(&format!("The bot is in the group \"{title}\" (id {chat})."));
            if finding.problems.is_empty() {
                self.talk
                    .say("It has topics, and the bot is an admin that may manage them: all set.");
                return Ok(Some(chat));
            }
            self.talk.say("Still to do:");
            for problem in &finding.problems {
                self.talk
                    .say(&format!("- {}", problem.advice(chat, Purpose::Team, &name)));
            }
            let answer = self.talk.ask(
                "Fix it in Telegram, then press Enter to check again (or type skip to use the group as it is, none for no group):",
            )?;
            match answer.to_lowercase().as_str() {
                "skip" => return Ok(Some(chat)),
                "none" => return Ok(None),
                _ => {
                    // Turning on topics can give the group a new id.
                    if let Ok(updates) = get_raw_updates(bot, None, 0).await {
                        if let Some((moved, _)) = latest_group(&updates) {
                            chat = moved;
                        }
                    }
                }
            }
        }
    }

    /// Waits until `pick` finds what it looks for among the updates
    /// Telegram holds for the bot. Updates are read, never confirmed, so
    /// the bot still gets them when it starts.
    async fn wait_for<T>(
        &mut self,
        bot: &Bot,
        what: &str,
        pick: impl Fn(&[Value]) -> Option<T>,
    ) -> Result<T, Stop> {
        let mut since = tokio::time::Instant::now();
        loop {
            if since.elapsed() > self.wait_limit {
                self.talk.ask(&format!(
                    "Nothing yet ({what}). Press Enter to keep waiting (Ctrl-D to stop):"
                ))?;
                since = tokio::time::Instant::now();
            }
            match get_raw_updates(bot, None, 10).await {
                Ok(updates) => {
                    if let Some(found) = pick(&updates) {
                        return Ok(found);
                    }
                    if !updates.is_empty() {
                        // Others are waiting too: Telegram answers at once.
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
                Err(RequestError::Api(ApiError::Unknown(text))) if text.contains("webhook") => {
                    self.webhook_set(bot).await?;
                }
                Err(RequestError::Api(ApiError::TerminatedByOtherGetUpdates)) => {
                    self.talk.say(
                        "Another program is reading this bot's messages right now (is the bot itself running somewhere?).",
                    );
                    self.talk
                        .ask("Stop it, then press Enter to go on (Ctrl-D to stop):")?;
                }
                Err(RequestError::RetryAfter(wait)) => tokio::time::sleep(wait.duration()).await,
                Err(e) => {
                    self.talk.say(&format!(
                        "Could not reach Telegram ({}); trying again in 5 seconds.",
                        mask(&e.to_string(), bot.token())
                    ));
                    tokio::time::sleep(Duration::from_secs(5)).await;
                }
            }
        }
    }

    /// The bot has a webhook, so Telegram keeps its messages from
    /// `getUpdates`: offers to delete it.
    async fn webhook_set(&mut self, bot: &Bot) -> Result<(), Stop> {
        let address = bot
            .get_webhook_info()
            .await
            .ok()
            .and_then(|info| info.url)
            .map_or_else(|| "an address".to_string(), |u| u.to_string());
        self.talk.say(&format!(
            "This bot has a webhook: Telegram sends its messages to {address}, so set-up cannot see them.\n\
             Deleting the webhook lets set-up read them. A bot in webhook mode (BOT_MODE=webhook) sets it again when it starts."
        ));
        if !self.talk.yes_no("Delete the webhook now?", false)? {
            return Err(Stop::Declined(
                "the webhook stays. Stop the bot that uses it and run setup again, or find your chat id by hand (docs/setting-up.md, \"Find your chat id\").".into(),
            ));
        }
        if let Err(e) = bot.delete_webhook().await {
            self.talk.say(&format!(
                "Telegram did not delete the webhook ({}); trying again.",
                mask(&e.to_string(), bot.token())
            ));
        } else {
            self.talk
                .say("The webhook is deleted. Waiting for the message...");
        }
        Ok(())
    }

    /// Step 4: `.env`, new or, after a yes, with these settings put in.
    fn write_env(&mut self, found: &Found) -> Result<(), Stop> {
        let mut settings = vec![
            ("BOT_TOKEN", found.token.clone()),
            (
                "ADMIN_CHAT_ID",
                found
                    .admins
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(","),
            ),
        ];
        if let Some(team) = found.team {
            settings.push(("TEAM_CHAT_ID", team.to_string()));
        }
        if self.api_url.as_str() != DEFAULT_API_URL {
            settings.push(("BOT_API_URL", self.api_url.to_string()));
        }
        self.talk.say("\nStep 4 of 4: the settings file .env.");
        let path = self.env_file;
        let written = match std::fs::read_to_string(path) {
            Ok(old) => {
                self.talk.say(&format!(
                    "{} already exists. Set-up can put {} into it; its other lines stay as they are.",
                    path.display(),
                    settings
                        .iter()
                        .map(|(k, _)| *k)
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
                if !self.talk.yes_no("Change it?", false)? {
                    self.talk.say(&format!(
                        "{} is left as it was. To use the new settings, put these lines in it yourself:",
                        path.display()
                    ));
                    for (key, value) in &settings {
                        self.talk.say(&format!("  {key}={value}"));
                    }
                    return Ok(());
                }
                std::fs::write(path, merge_env(&old, &settings))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                write_new(path, &new_env(&settings))
            }
            Err(e) => Err(e),
        };
        match written {
            Ok(()) => {
                self.talk.say(&format!(
                    "Wrote {}. It holds the token: keep it out of chats and repositories.",
                    path.display()
                ));
                Ok(())
            }
            Err(e) => Err(Stop::Declined(format!(
                "{} could not be written ({e}).",
                path.display()
            ))),
        }
    }
}

/// The people who wrote to the bot in a private chat, in the order of
/// their first message, each once.
fn private_writers(updates: &[Value]) -> Vec<Writer> {
    let mut writers: Vec<Writer> = Vec::new();
    for update in updates {
        let Some(message) = update
            .get("message")
            .or_else(|| update.get("edited_message"))
        else {
            continue;
        };
        let chat = &message["chat"];
        if chat["type"] != "private" {
            continue;
        }
        let Some(id) = chat["id"].as_i64() else {
            continue;
        };
        if writers.iter().any(|w| w.chat == id) {
            continue;
        }
        let first = chat["first_name"].as_str().unwrap_or("someone");
        let name = match chat["last_name"].as_str() {
            Some(last) => format!("{first} {last}"),
            None => first.to_string(),
        };
        writers.push(Writer {
            chat: id,
            name,
            username: chat["username"].as_str().map(str::to_string),
        });
    }
    writers
}

/// The group the bot arrived in last (added to it, or a message there),
/// with its title, following a group that became a supergroup to its new
/// id.
fn latest_group(updates: &[Value]) -> Option<(i64, String)> {
    let mut latest = None;
    for update in updates {
        let (chat, arrived) = if let Some(member) = update.get("my_chat_member") {
            let status = member["new_chat_member"]["status"].as_str().unwrap_or("");
            (
                &member["chat"],
                matches!(status, "member" | "administrator"),
            )
        } else if let Some(message) = update.get("message") {
            if let Some(to) = message["migrate_to_chat_id"].as_i64() {
                let title = message["chat"]["title"].as_str().unwrap_or("").to_string();
                latest = Some((to, title));
                continue;
            }
            (&message["chat"], true)
        } else {
            continue;
        };
        if !matches!(chat["type"].as_str(), Some("group" | "supergroup")) {
            continue;
        }
        match chat["id"].as_i64() {
            Some(id) if arrived => {
                let title = chat["title"].as_str().unwrap_or("").to_string();
                latest = Some((id, title));
            }
            Some(id) if latest.as_ref().is_some_and(|(l, _)| *l == id) => latest = None,
            _ => {}
        }
    }
    latest
}

/// Reads "1, 3" as the 0-based choices among `count`, or says what is wrong.
fn choose(answer: &str, count: usize) -> Result<Vec<usize>, String> {
    let mut chosen = Vec::new();
    for part in answer.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part.parse::<usize>() {
            Ok(n) if (1..=count).contains(&n) => {
                if !chosen.contains(&(n - 1)) {
                    chosen.push(n - 1);
                }
            }
            _ if count == 1 => {
                return Err(format!(
                    "{part:?} is not the number shown before the name. Please type 1."
                ))
            }
            _ => {
                return Err(format!(
                    "{part:?} is not one of the numbers 1 to {count}. Please type the numbers shown before the names."
                ))
            }
        }
    }
    if chosen.is_empty() {
        return Err("Please type at least one number (the team needs someone to tell).".into());
    }
    Ok(chosen)
}

/// A new `.env` with `settings`.
fn new_env(settings: &[(&str, String)]) -> String {
    let mut text = String::from(
        "# Written by `support-bot setup`. Every setting: docs/configuration.md\n\
         # (and .env.example). Real environment variables win over this file.\n",
    );
    for (key, value) in settings {
        text.push_str(&format!("{key}={value}\n"));
    }
    text
}

/// `old` with each of `settings` put in: the first line setting the key
/// (`KEY=...` or `export KEY=...`) gets the new value, later ones go; a key
/// not set yet is added at the end. Every other line stays as it was.
fn merge_env(old: &str, settings: &[(&str, String)]) -> String {
    let mut done = vec![false; settings.len()];
    let mut text = String::new();
    for line in old.lines() {
        let bare = line.trim_start();
        let bare = bare.strip_prefix("export ").unwrap_or(bare).trim_start();
        let key = bare.split('=').next().unwrap_or("").trim();
        match settings
            .iter()
            .position(|(k, _)| *k == key && bare.contains('='))
        {
            Some(i) if done[i] => {}
            Some(i) => {
                done[i] = true;
                text.push_str(&format!("{}={}\n", settings[i].0, settings[i].1));
            }
            None => {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    for (i, (key, value)) in settings.iter().enumerate() {
        if !done[i] {
            text.push_str(&format!("{key}={value}\n"));
        }
    }
    text
}

/// Writes a file that did not exist, readable by its owner only (it holds
/// the token).
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_existing_env_keeps_its_other_lines_and_gets_each_setting_once() {
        let old = "# mine\nBOT_TOKEN=old\nPUBLIC_URL=https://x\nexport ADMIN_CHAT_ID=1\nADMIN_CHAT_ID=2\n# TEAM_CHAT_ID=-100\n";
        let merged = merge_env(
            old,
            &[
                ("BOT_TOKEN", "1:new".into()),
                ("ADMIN_CHAT_ID", "42,43".into()),
                ("TEAM_CHAT_ID", "-1009".into()),
            ],
        );
        assert_eq!(
            merged,
            "# mine\nBOT_TOKEN=1:new\nPUBLIC_URL=https://x\nADMIN_CHAT_ID=42,43\n# TEAM_CHAT_ID=-100\nTEAM_CHAT_ID=-1009\n"
        );
    }

    #[test]
    fn choices_are_numbers_from_the_list() {
        assert_eq!(choose("1", 1), Ok(vec![0]));
        assert!(choose("3", 1).unwrap_err().contains("Please type 1."));
        assert_eq!(choose(" 2, 1 ,2", 3), Ok(vec![1, 0]));
        assert!(choose("4", 3)
            .unwrap_err()
            .contains("\"4\" is not one of the numbers 1 to 3"));
        assert!(choose("me", 3).is_err());
        assert!(choose(",", 3).unwrap_err().contains("at least one"));
    }

    #[test]
    fn the_writers_are_the_private_chats_each_once_in_order() {
        let message = |chat: Value| json!({"message": {"chat": chat}});
        let updates = [
            message(
                json!({"id": 7, "type": "private", "first_name": "Alex", "last_name": "Kim", "username": "alex"}),
            ),
            message(json!({"id": -100, "type": "supergroup", "title": "Team"})),
            message(json!({"id": 8, "type": "private", "first_name": "Bo"})),
            message(json!({"id": 7, "type": "private", "first_name": "Alex"})),
        ];
        let writers = private_writers(&updates);
        assert_eq!(
            writers.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["Alex Kim (@alex), chat id 7", "Bo, chat id 8"]
        );
    }

    #[test]
    fn the_group_is_the_last_one_the_bot_arrived_in_and_follows_a_new_id() {
        let added = |id: i64, status: &str| json!({"my_chat_member": {"chat": {"id": id, "type": "group", "title": "T"}, "new_chat_member": {"status": status}}});
        assert_eq!(latest_group(&[added(-5, "member")]), Some((-5, "T".into())));
        assert_eq!(
            latest_group(&[added(-5, "member"), added(-5, "left")]),
            None
        );
        let moved = json!({"message": {"chat": {"id": -5, "type": "group", "title": "T"}, "migrate_to_chat_id": -1005}});
        assert_eq!(
            latest_group(&[added(-5, "administrator"), moved]),
            Some((-1005, "T".into()))
        );
        let private = json!({"message": {"chat": {"id": 7, "type": "private"}}});
        assert_eq!(latest_group(&[private]), None);
    }
}
