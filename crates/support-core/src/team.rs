//! How the support team works together: the settings (`TEAM_CHAT_ID`,
//! `NOTIFY_ADMIN_CHATS`, `AGENT_NAMES`, `NOTE_PREFIX`, `SPAM_PER_MINUTE`)
//! as plain values. Reading them from `Config.toml` and the environment is
//! the binary's business (`support_bot::config`); the rules take what they
//! need of them in [`crate::fsm::TeamRules`].

/// How the support team works together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamSettings {
    /// The team's forum supergroup: each ticket gets a topic there.
    pub chat: Option<i64>,
    /// Whether the chats of `ADMIN_CHAT_ID` still get every notice beside
    /// the team chat.
    pub notify_admin_chats: bool,
    /// Who people see answering them.
    pub agent_names: AgentNames,
    /// A team member's message for a ticket starting with this is an
    /// internal note, not sent to the person (wherever it is typed).
    pub note_prefix: String,
    /// A person sending more messages than this in a minute is asked to
    /// slow down; the rest are held back, then passed on to the team
    /// together once the burst ends.
    pub spam_per_minute: u32,
}

impl Default for TeamSettings {
    fn default() -> TeamSettings {
        TeamSettings {
            chat: None,
            notify_admin_chats: true,
            agent_names: AgentNames::Hidden,
            note_prefix: "//".into(),
            spam_per_minute: 20,
        }
    }
}

/// Who a person sees answering them (`AGENT_NAMES`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgentNames {
    /// "Support team", whoever answers.
    Hidden,
    /// The first name of the team member who answers.
    FirstName,
}
