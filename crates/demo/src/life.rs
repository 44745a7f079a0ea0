//! The demo while it runs: people writing to the bot every few seconds
//! (through the simulated Telegram, as updates the bot polls for), what the
//! bot sends them printed in the terminal ("Ann got: ..."), their answers
//! to the team and their ratings, and the terminal's own lines written as
//! a person.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use fake_telegram::{FakeTelegram, SentMessage};
use support_bot::model::{Author, Chat, State};
use support_bot::replies::Button;
use support_bot::store::Store;

use crate::cast::{self, Dice, Member, Person};

/// Everyone the demo plays, and what it knows of them.
pub struct World {
    pub fake: FakeTelegram,
    pub store: Arc<Store>,
    /// The people the demo writes as on its own.
    people: Vec<Person>,
    /// Each person's problem in their open ticket, and whether they
    /// already answered the team's question about it.
    problems: Mutex<HashMap<Chat, (usize, bool)>>,
    dice: Mutex<Dice>,
}

impl World {
    pub fn new(
        fake: FakeTelegram,
        store: Arc<Store>,
        open: &[(Chat, usize)],
        seed: u64,
    ) -> Arc<World> {
        Arc::new(World {
            fake,
            store,
            people: cast::people(),
            problems: Mutex::new(open.iter().map(|&(c, p)| (c, (p, false))).collect()),
            dice: Mutex::new(Dice::new(seed)),
        })
    }

    /// Everyone who writes to the bot: the month's people, the spammer and
    /// the terminal's person.
    pub fn everyone(&self) -> impl Iterator<Item = Person> + '_ {
        self.people
            .iter()
            .copied()
            .chain([cast::SPAMMER, cast::YOU_AS_PERSON])
    }

    fn person(&self, chat: Chat) -> Option<Person> {
        self.everyone().find(|p| p.id == chat)
    }

    fn roll<R>(&self, f: impl FnOnce(&mut Dice) -> R) -> R {
        f(&mut self.dice.lock().unwrap_or_else(|e| e.into_inner()))
    }

    fn problems(&self) -> std::sync::MutexGuard<'_, HashMap<Chat, (usize, bool)>> {
        self.problems.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `person` writes `text` to the bot.
    fn writes(&self, person: Person, text: &str) {
        say(&format!("{} wrote: {}", person.name, text));
        self.fake.push_text(person.id, text);
    }

    /// A simulated person writes: a new ticket, or more about their open
    /// one. Someone banned, or in the middle of something else, is let be.
    fn someone_writes(&self) {
        for _ in 0..10 {
            let person = self.roll(|d| *d.pick(&self.people));
            let lang = person.lang;
            match self.store.read(|m| m.state(person.id)) {
                State::Idle => {
                    let topic = self.roll(|d| d.below(10)) as usize;
                    self.problems().insert(person.id, (topic, false));
                    let text = lang.topics[topic].opens;
                    if topic == cast::PHOTO_TOPIC {
                        say(&format!("{} sent a photo: {}", person.name, text));
                        self.fake.push_photo(person.id, Some(text));
                    } else {
                        self.writes(person, text);
                    }
                    return;
                }
                State::TicketOpen { .. } => {
                    let text = self.roll(|d| *d.pick(&lang.chasers));
                    self.writes(person, text);
                    return;
                }
                _ => {}
            }
        }
    }

    /// A message the bot sent to one of the people: printed, and the
    /// person answers it as people do (a team's answer gets an answer, a
    /// rating question a rating).
    fn got(self: &Arc<World>, sent: &SentMessage) {
        let Some(person) = self.person(sent.chat_id) else {
            return;
        };
        if sent.method == "setmessagereaction" {
            // A reaction on their message (the bot saw it), not a message.
            return;
        }
        let text = if sent.text.is_empty() {
            "(a photo)".to_string()
        } else {
            sent.text.replace('\n', "\n    ")
        };
        say(&format!("{} got: {}", person.name, text));
        if person.id == cast::YOU_AS_PERSON.id || person.id == cast::SPAMMER.id {
            return;
        }
        if let Some((data, stars)) = rating_button(sent, self.roll(|d| d.below(10))) {
            let world = Arc::clone(self);
            let message_id = sent.message_id;
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_secs(2)).await;
                say(&format!("{} pressed {stars} ⭐", person.name));
                world.fake.push_callback(person.id, message_id, &data);
                if world.roll(|d| d.one_in(2)) {
                    tokio::time::sleep(Duration::from_secs(2)).await;
                    let comment = person.lang.comments[usize::from(stars < 4)];
                    world.writes(person, comment);
                }
            });
        } else if self.is_the_teams_answer(person.id, &sent.text) {
            let back = {
                let mut problems = self.problems();
                match problems.get_mut(&person.id) {
                    Some((topic, answered)) if !*answered => {
                        *answered = true;
                        Some(person.lang.topics[*topic].back)
                    }
                    _ => None,
                }
            };
            let thanks = self.roll(|d| *d.pick(&person.lang.thanks));
            let world = Arc::clone(self);
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_secs(4)).await;
                world.writes(person, back.unwrap_or(thanks));
            });
        }
    }

    /// Whether `text` to `chat` carries what a team member last wrote on
    /// the person's newest ticket (not a note).
    fn is_the_teams_answer(&self, chat: Chat, text: &str) -> bool {
        self.store.read(|m| {
            let newest = m.user_tickets.get(&chat).and_then(|t| t.last());
            newest
                .and_then(|id| m.ticket(id))
                .and_then(|t| {
                    t.messages
                        .iter()
                        .rfind(|e| matches!(e.from, Author::Admin(_)) && !e.note)
                })
                .is_some_and(|e| !e.text.is_empty() && text.contains(&e.text))
        })
    }

    /// A line typed in the terminal: `link` prints a new sign-in link,
    /// `Name: text` writes as that person, anything else as the terminal's
    /// person.
    pub async fn typed(&self, line: &str, member: Member) {
        let line = line.trim();
        if line.is_empty() {
            return;
        }
        if line == "link" {
            match sign_in_link(&self.fake, member).await {
                Some(link) => say(&format!("Sign in to the inbox: {link}")),
                None => say("No sign-in link came; try again."),
            }
            return;
        }
        let named = line.split_once(':').and_then(|(name, text)| {
            let person = self
                .everyone()
                .find(|p| p.name.eq_ignore_ascii_case(name.trim()))?;
            Some((person, text.trim()))
        });
        match named {
            Some((person, text)) if !text.is_empty() => self.writes(person, text),
            _ => self.writes(cast::YOU_AS_PERSON, line),
        }
    }
}

/// The data of the rating button a person presses (mostly 5 or 4 stars,
/// by `roll` in 0..10), if `sent` asks for a rating.
fn rating_button(sent: &SentMessage, roll: u64) -> Option<(String, u8)> {
    let stars = match roll {
        0..=5 => 5,
        6..=8 => 4,
        _ => 3,
    };
    let rows = sent
        .reply_markup
        .as_ref()?
        .get("inline_keyboard")?
        .as_array()?;
    rows.iter()
        .filter_map(|row| row.as_array())
        .flatten()
        .filter_map(|button| button.get("callback_data")?.as_str())
        .find(|data| matches!(Button::from_data(data), Some(Button::Rate(_, s)) if s == stars))
        .map(|data| (data.to_string(), stars))
}

/// Prints a line of the demo's story.
pub fn say(line: &str) {
    println!("{line}");
}

/// Asks the bot for `member`'s one-time sign-in link to the inbox, as the
/// member would (`/web` in their private chat), and returns it.
pub async fn sign_in_link(fake: &FakeTelegram, member: Member) -> Option<String> {
    let before = fake.sent().len();
    fake.push_text(member.id, "/web");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    while tokio::time::Instant::now() < deadline {
        let link = fake
            .sent()
            .iter()
            .skip(before)
            .filter(|m| m.chat_id == member.id)
            .flat_map(|m| m.text.split_whitespace())
            .find(|word| word.contains("/app/login/"))
            .map(str::to_string);
        if link.is_some() {
            return link;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    None
}

/// Prints what the bot sends to people as it is sent, and lets them
/// answer. Runs until the demo stops.
pub async fn watch(world: Arc<World>) {
    let mut seen = world.fake.sent().len();
    loop {
        let Ok(sent) = world
            .fake
            .wait_for_sent(seen + 1, Duration::from_secs(3600))
            .await
        else {
            continue;
        };
        for message in &sent[seen..] {
            world.got(message);
        }
        seen = sent.len();
    }
}

/// A simulated person writes every `every`. Runs until the demo stops.
pub async fn simulate(world: Arc<World>, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.tick().await;
    loop {
        ticks.tick().await;
        world.someone_writes();
    }
}

/// Reads the terminal's lines on a thread of its own (a read of the
/// terminal cannot be cancelled; the thread ends with the program).
pub fn terminal_lines() -> tokio::sync::mpsc::UnboundedReceiver<String> {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let _ = std::thread::Builder::new()
        .name("terminal".into())
        .spawn(move || {
            for line in std::io::stdin().lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
    rx
}
