//! A month of history, made by the bot's own rules: every step is the
//! event a person or a team member would have caused, decided by
//! [`Engine::decide_and_save`] / [`Engine::act_at`] at the time it happened
//! and saved as one store transaction, exactly as the running bot saves
//! its steps. So the tickets, claims, notes, saved answers, ratings, the
//! ban and the team's figures are the ones the bot itself would hold.
//!
//! The messages those steps decided went out back then: each step's saved
//! messages are recorded as sent ([`AlreadySent`]) instead of being sent
//! now.

use std::sync::Arc;

use support_bot::config::Config;
use support_bot::engine::{Acting, Engine, Member as Who, Outlet, Sender};
use support_bot::fsm::{BanTarget, Effect, Event, Media, Place, Role, TicketArg};
use support_bot::health::Health;
use support_bot::metrics::Metrics;
use support_bot::model::{Chat, MediaKind, Person as Owner, State, TicketId, UnixTime};
use support_bot::store::Store;

use fake_telegram::FakeTelegram;

use crate::cast::{self, Dice, Lang, Member, Person, TEAM};

/// What the month left: how many tickets, and each open ticket's problem
/// (the simulated people go on with it).
pub struct Made {
    pub tickets: usize,
    pub people: usize,
    pub open: Vec<(Chat, usize)>,
}

/// Steps whose messages are taken as sent when they were decided.
struct AlreadySent(Arc<Store>);

impl Outlet for AlreadySent {
    fn push_in(&self, seq: Option<u64>, _acting: Chat, _thread: Option<i32>, _: Vec<Effect>) {
        if let Some(seq) = seq {
            self.0.mark_sent(seq);
        }
    }
}

/// One thing someone did, at a time.
struct Step {
    at: UnixTime,
    what: Act,
}

enum Act {
    Says(Person, &'static str),
    Photo(Person, &'static str),
    Rates(Person, u8),
    Saves(Member, &'static str, &'static str),
    Team(Member, Person, TeamAct),
}

enum TeamAct {
    Claim,
    Note(&'static str),
    Reply(&'static str),
    SavedAnswer(&'static str),
    Close,
    Ban,
}

/// How a ticket of the month ends up.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fate {
    /// Answered, closed, and rated (with a comment or not).
    Rated { stars: u8, comment: bool },
    /// Answered and closed, not rated.
    Closed,
    /// Answered; the team waits for the person.
    Waiting,
    /// Claimed and answered; the person wrote back, the team is next.
    Claimed,
    /// Nobody answered yet.
    New,
}

const MINUTE: u64 = 60;
const HOUR: u64 = 3600;
const DAY: u64 = 86_400;

/// Makes the month before `now` in the store of `config` (which must hold
/// no data yet): 44 people in four languages and a spammer, 52 tickets.
pub async fn make(config: &Config, fake: &FakeTelegram, now: UnixTime) -> Result<Made, String> {
    let store = Arc::new(Store::open(&config.data_file).map_err(|e| e.to_string())?);
    let engine = Engine::new(
        config,
        Arc::clone(&store),
        Arc::new(Metrics::new()),
        Arc::new(Health::default()),
        Box::new(AlreadySent(Arc::clone(&store))),
    );
    let (steps, open) = plan(now);
    let mut month = Month {
        engine: &engine,
        fake,
        message_ids: Default::default(),
    };
    for step in steps {
        month.run(step).await?;
    }
    drop(engine);
    store.compact_now().await.map_err(|e| e.to_string())?;
    let (tickets, people) = store.read(|m| (m.tickets.len(), m.user_tickets.len()));
    Ok(Made {
        tickets,
        people,
        open,
    })
}

/// The month's steps in the order they happened, and the problem of each
/// ticket left open.
fn plan(now: UnixTime) -> (Vec<Step>, Vec<(Chat, usize)>) {
    let mut dice = Dice::new(20_260_501);
    let mut steps = Vec::new();
    let mut open = Vec::new();
    let first = now - 30 * DAY;
    for (n, (name, text)) in cast::SAVED.iter().enumerate() {
        let by = TEAM[n % TEAM.len()];
        steps.push(step(first + n as u64 * HOUR, Act::Saves(by, name, text)));
    }
    const STARS: [u8; 12] = [5, 5, 4, 5, 3, 5, 4, 5, 2, 5, 4, 1];
    for (n, person) in cast::people().into_iter().enumerate() {
        let topic = (n * 7 + n / 4) % 10;
        let by = TEAM[n % TEAM.len()];
        if n < 8 {
            // An earlier ticket, in the first week of the month.
            let opened = now - (29 - n as u64) * DAY - dice.below(10 * HOUR);
            let fate = if n % 2 == 0 {
                Fate::Rated {
                    stars: 5,
                    comment: true,
                }
            } else {
                Fate::Closed
            };
            let earlier = (topic + 3) % 10;
            steps.extend(ticket(&mut dice, person, by, earlier, opened, fate, now));
        }
        let (fate, opened) = match n {
            0..=27 => {
                let fate = if n % 5 == 4 {
                    Fate::Closed
                } else {
                    Fate::Rated {
                        stars: STARS[n % STARS.len()],
                        comment: dice.one_in(3),
                    }
                };
                let days = 2 + n as u64 * 25 / 28;
                (fate, now - days * DAY - dice.below(10 * HOUR))
            }
            28..=33 => (Fate::Waiting, now - dice.between(20 * HOUR, 3 * DAY)),
            34..=38 => (Fate::Claimed, now - dice.between(4 * HOUR, 30 * HOUR)),
            _ => (Fate::New, now - dice.between(10 * MINUTE, 6 * HOUR)),
        };
        steps.extend(ticket(&mut dice, person, by, topic, opened, fate, now));
        if matches!(fate, Fate::Waiting | Fate::Claimed | Fate::New) {
            open.push((person.id, topic));
        }
    }
    // The spammer, banned by the team a few days ago.
    let spammer = cast::SPAMMER;
    let at = now - 3 * DAY - 5 * HOUR;
    for (n, text) in cast::SPAM.iter().enumerate() {
        steps.push(step(at + n as u64 * MINUTE, Act::Says(spammer, text)));
    }
    steps.push(step(
        at + 12 * MINUTE,
        Act::Team(TEAM[1], spammer, TeamAct::Ban),
    ));
    // In the order they happened; one ticket's steps are in order already.
    steps.sort_by_key(|s| s.at);
    (steps, open)
}

fn step(at: UnixTime, what: Act) -> Step {
    Step { at, what }
}

/// The steps of one ticket of `person` about `topic`, opened at `opened`,
/// handled by `by`, ending as `fate`; nothing after `now`.
fn ticket(
    dice: &mut Dice,
    person: Person,
    by: Member,
    topic: usize,
    opened: UnixTime,
    fate: Fate,
    now: UnixTime,
) -> Vec<Step> {
    let lang: &Lang = person.lang;
    let words = &lang.topics[topic];
    let mut steps = Vec::new();
    let mut at = opened;
    let mut then = |steps: &mut Vec<Step>, after: u64, what: Act| {
        at += after;
        steps.push(step(at.min(now - MINUTE), what));
    };
    let opens = if topic == cast::PHOTO_TOPIC {
        Act::Photo(person, words.opens)
    } else {
        Act::Says(person, words.opens)
    };
    then(&mut steps, 0, opens);
    if fate == Fate::New {
        if dice.one_in(2) && opened + 50 * MINUTE < now {
            let chaser = *dice.pick(&lang.chasers);
            then(&mut steps, 45 * MINUTE, Act::Says(person, chaser));
        }
        return steps;
    }
    // The first answer: mostly within the hour, sometimes hours later.
    let first_answer = if dice.one_in(4) {
        dice.between(HOUR, 4 * HOUR)
    } else {
        dice.between(MINUTE, 50 * MINUTE)
    };
    then(
        &mut steps,
        first_answer,
        Act::Team(by, person, TeamAct::Claim),
    );
    if fate == Fate::Claimed || dice.one_in(3) {
        let note = TeamAct::Note(cast::NOTES[topic]);
        then(&mut steps, 40, Act::Team(by, person, note));
    }
    let answer = match cast::saved_answer_for(topic).filter(|_| lang.code == "en") {
        Some(name) => TeamAct::SavedAnswer(name),
        None => TeamAct::Reply(words.answer),
    };
    then(&mut steps, 90, Act::Team(by, person, answer));
    if fate == Fate::Waiting {
        return steps;
    }
    then(
        &mut steps,
        dice.between(4 * MINUTE, 90 * MINUTE),
        Act::Says(person, words.back),
    );
    if fate == Fate::Claimed {
        return steps;
    }
    then(
        &mut steps,
        dice.between(10 * MINUTE, 5 * HOUR),
        Act::Team(by, person, TeamAct::Close),
    );
    if let Fate::Rated { stars, comment } = fate {
        then(
            &mut steps,
            dice.between(2 * MINUTE, 40 * MINUTE),
            Act::Rates(person, stars),
        );
        if comment {
            let said = lang.comments[usize::from(stars < 4) + usize::from(stars < 3)];
            then(&mut steps, MINUTE, Act::Says(person, said));
        }
    }
    steps
}

/// Runs the steps through the engine.
struct Month<'a> {
    engine: &'a Engine,
    fake: &'a FakeTelegram,
    /// The last message id of each person's chat.
    message_ids: std::collections::HashMap<Chat, i32>,
}

impl Month<'_> {
    async fn run(&mut self, step: Step) -> Result<(), String> {
        let at = step.at;
        match step.what {
            Act::Says(person, text) => self.person(at, person, Event::Text(text.into())).await,
            Act::Photo(person, caption) => {
                let message_id = self.next_message(person.id);
                let media = Media {
                    kind: MediaKind::Photo,
                    chat: person.id,
                    message_id,
                    thumb: Some(self.fake.earlier_photo()),
                };
                let event = Event::Media {
                    media,
                    caption: Some(caption.into()),
                };
                self.person(at, person, event).await
            }
            Act::Rates(person, stars) => {
                let ticket = self.ticket_of(person);
                self.person(at, person, Event::Rate { ticket, stars }).await
            }
            Act::Saves(member, name, text) => {
                let event = Event::Save {
                    name: name.into(),
                    text: text.into(),
                };
                self.team(at, member, event).await
            }
            Act::Team(member, person, act) => {
                let ticket = self.ticket_of(person);
                let id = TicketArg::Id(ticket);
                let event = match act {
                    TeamAct::Claim => Event::Claim(id),
                    TeamAct::Note(text) => Event::Note {
                        ticket: id,
                        text: text.into(),
                    },
                    TeamAct::Reply(text) => Event::Reply {
                        ticket: id,
                        text: text.into(),
                    },
                    TeamAct::SavedAnswer(name) => Event::SendAnswer {
                        name: name.into(),
                        ticket: id,
                    },
                    TeamAct::Close => Event::Close(id),
                    TeamAct::Ban => Event::Ban {
                        target: BanTarget::Ticket(ticket),
                        reason: "spam".into(),
                        silent: false,
                    },
                };
                self.team(at, member, event).await
            }
        }
    }

    fn next_message(&mut self, chat: Chat) -> i32 {
        let id = self.message_ids.entry(chat).or_insert(0);
        *id += 1;
        *id
    }

    /// The person's newest ticket (the steps of a ticket come after its
    /// opening).
    fn ticket_of(&self, person: Person) -> TicketId {
        self.engine
            .store
            .read(|m| {
                m.user_tickets
                    .get(&person.id)
                    .and_then(|t| t.last().copied())
            })
            .expect("a team step comes after the person's first message")
    }

    /// A person's message or button, from their private chat.
    async fn person(&mut self, at: UnixTime, person: Person, event: Event) -> Result<(), String> {
        let message_id = Some(self.next_message(person.id));
        let sender = Sender {
            person: Owner {
                chat: person.id,
                name: person.name.into(),
                username: None,
            },
            member: Who {
                id: person.id,
                first_name: person.name.into(),
            },
            place: Place::Chat,
            role: Role::User,
            language: Some(person.lang.code),
            message_id,
        };
        let acting = Acting::Chat {
            chat: person.id,
            thread: None,
        };
        let kind = event.name();
        let outcome = self
            .engine
            .decide_and_save(at, None, State::Idle, sender, event, acting)
            .await;
        match outcome {
            Err(error) => Err(error.to_string()),
            saved => {
                self.engine.hand_over(saved, acting, kind).await;
                Ok(())
            }
        }
    }

    /// A team member's action, as from the inbox.
    async fn team(&mut self, at: UnixTime, member: Member, event: Event) -> Result<(), String> {
        self.engine
            .act_at(at, member.id, member.name.into(), event)
            .await
            .map(drop)
    }
}
