//! The bot's command menus: setMyCommands, getMyCommands, deleteMyCommands,
//! per scope and language.

use serde_json::{json, Value};

use crate::params::Params;
use crate::rules::validate_command;
use crate::server::{bad, ApiErr, ApiResult};
use crate::state::State;

/// Bot commands as (command, description) pairs, in the order set.
pub type CommandList = Vec<(String, String)>;

/// Commands registered for one (scope, language_code).
struct CommandSet {
    scope: Value,
    language_code: String,
    commands: CommandList,
}

/// Every command set, in the order first set.
#[derive(Default)]
pub(crate) struct Commands(Vec<CommandSet>);

impl Commands {
    /// (scope, commands) of every set, language-specific ones included.
    pub fn listed(&self) -> Vec<(Value, CommandList)> {
        self.0
            .iter()
            .map(|c| (c.scope.clone(), c.commands.clone()))
            .collect()
    }

    fn remove(&mut self, scope: &Value, language_code: &str) {
        self.0
            .retain(|c| !(&c.scope == scope && c.language_code == language_code));
    }
}

/// (scope, language_code) of a *MyCommands call; the scope defaults to {"type":"default"}.
fn command_scope(st: &State, p: &Params) -> Result<(Value, String), ApiErr> {
    const SCOPES: [&str; 7] = [
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    ];
    let scope = p
        .json("scope")
        .map_err(|_| bad("can't parse BotCommandScope JSON object"))?
        .unwrap_or_else(|| json!({"type": "default"}));
    let kind = scope["type"].as_str().unwrap_or_default();
    if !SCOPES.contains(&kind) {
        return Err(bad("wrong bot command scope type specified"));
    }
    if kind.starts_with("chat") {
        let chat = scope["chat_id"]
            .as_i64()
            .ok_or_else(|| bad("chat not found"))?;
        if !st.store.chats.contains_key(&chat) {
            return Err(bad("chat not found"));
        }
    }
    Ok((scope, p.text("language_code").unwrap_or_default()))
}

pub(crate) fn set_my_commands(st: &mut State, p: &Params) -> ApiResult {
    let list = p
        .json("commands")
        .map_err(|_| bad("can't parse commands JSON object"))?;
    let list = match list {
        Some(Value::Array(items)) => items,
        None => return Err(bad("commands is empty")),
        Some(_) => return Err(bad("can't parse commands JSON object")),
    };
    if list.len() > 100 {
        return Err(bad("BOT_COMMANDS_TOO_MUCH"));
    }
    let commands = list
        .iter()
        .map(validate_command)
        .collect::<Result<Vec<_>, _>>()?;
    let (scope, language_code) = command_scope(st, p)?;
    st.commands.remove(&scope, &language_code);
    if !commands.is_empty() {
        st.commands.0.push(CommandSet {
            scope,
            language_code,
            commands,
        });
    }
    Ok(json!(true))
}

pub(crate) fn get_my_commands(st: &mut State, p: &Params) -> ApiResult {
    let (scope, language_code) = command_scope(st, p)?;
    let found = st
        .commands
        .0
        .iter()
        .find(|c| c.scope == scope && c.language_code == language_code);
    let list: Vec<Value> = found
        .map(|c| {
            c.commands
                .iter()
                .map(|(n, d)| json!({"command": n, "description": d}))
                .collect()
        })
        .unwrap_or_default();
    Ok(Value::Array(list))
}

pub(crate) fn delete_my_commands(st: &mut State, p: &Params) -> ApiResult {
    let (scope, language_code) = command_scope(st, p)?;
    st.commands.remove(&scope, &language_code);
    Ok(json!(true))
}
