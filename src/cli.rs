//! The command line: no command runs the bot; `demo` starts the demo
//! program; `setup` writes the first settings by asking; `check-config`
//! and the operating commands ([`crate::ops`]: `export`, `stats`, `forget`,
//! `migrate`, `backup`, `restore`) are for operators. Parsed with clap, which also answers `--help` and
//! `--version` (and stops with exit code 2 on a mistyped command line).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// A Telegram customer-support bot. Without a command it runs the bot until
/// SIGINT or SIGTERM.
///
/// Settings come from the environment, a .env file and Config.toml in the
/// working folder (see docs/configuration.md).
#[derive(Debug, Parser)]
#[command(name = "support-bot", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What to do instead of running the bot.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the demo: the bot with a simulated Telegram, no token needed.
    ///
    /// The demo is a program of its own, `support-bot-demo`, so that this
    /// one never contains the simulated Telegram. It is started when it
    /// lies beside this program (as `cargo build --release --workspace`
    /// leaves them); otherwise this says how to start it.
    Demo {
        /// Passed on to the demo: `--port`, `--data`, `--every` (see
        /// `support-bot-demo --help`).
        #[arg(
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "ARGS"
        )]
        args: Vec<String>,
    },
    /// Set the bot up by answering a few questions, and write .env.
    ///
    /// Asks for the token from BotFather (and checks it), takes your chat
    /// id from the message you send the bot, can check the team's group
    /// (a forum? the bot's admin rights?), then writes .env, asking before
    /// it changes an existing one. Uses BOT_API_URL from the environment.
    Setup,
    /// Check the settings and the data file, print them, and exit.
    ///
    /// Reads the settings exactly as the bot does and checks the token's
    /// shape, the admin chat ids, the port and the data file. Does not
    /// contact Telegram and changes nothing. Exit code 0 when all is well,
    /// 2 when there are problems.
    CheckConfig,
    /// Write every ticket (without message texts) as JSON or CSV.
    ///
    /// Reads the data file without changing it, so it can run while the bot
    /// runs. Tickets come in the order they were opened.
    Export {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Write to this file instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Read this data file instead of DATA_FILE from the settings (then
        /// no other setting is needed).
        #[arg(long, value_name = "FILE")]
        data_file: Option<PathBuf>,
    },
    /// Erase a person's messages and name, as /forget does.
    ///
    /// Their tickets stay as anonymous records. Writes to the data file, so
    /// it refuses while the bot runs (use /forget <ID> in a team chat then).
    Forget {
        /// The person's Telegram chat id.
        chat: i64,
        /// Use this data file instead of DATA_FILE from the settings.
        #[arg(long, value_name = "FILE")]
        data_file: Option<PathBuf>,
    },
    /// Copy the data file and its journal into one new file, consistently,
    /// while the bot runs.
    ///
    /// The copy is the store exactly as it was after one change. For the
    /// JSON store; with PostgreSQL use pg_dump (see docs/operations.md).
    Backup {
        /// The backup to write (never overwritten).
        file: PathBuf,
        /// Back up this data file instead of DATA_FILE from the settings.
        #[arg(long, value_name = "FILE")]
        data_file: Option<PathBuf>,
    },
    /// Write a backup as the data file of an empty folder.
    ///
    /// Refused while a bot runs on the data file or when there is data
    /// there already: move it away first.
    Restore {
        /// The backup made by `backup`.
        file: PathBuf,
        /// Restore as this data file instead of DATA_FILE from the settings.
        #[arg(long, value_name = "FILE")]
        data_file: Option<PathBuf>,
    },
    /// Print the support team's figures (as /stats does), for a cron report.
    ///
    /// Reads the data file without changing it, so it can run while the bot
    /// runs.
    Stats {
        /// Read this data file instead of DATA_FILE from the settings (then
        /// no other setting is needed; English, days in UTC).
        #[arg(long, value_name = "FILE")]
        data_file: Option<PathBuf>,
    },
    /// Copy the data from the JSON store to PostgreSQL, or back.
    ///
    /// `--from json --to postgres` copies DATA_FILE (with its journal) into
    /// the empty database of DATABASE_URL; `--from postgres --to json`
    /// writes the database's data into a new DATA_FILE. The copy is read
    /// back and compared; nothing is deleted on either side. Stop the bot
    /// first.
    Migrate {
        #[arg(long, value_enum)]
        from: StoreName,
        #[arg(long, value_enum)]
        to: StoreName,
        /// The data file instead of DATA_FILE from the settings.
        #[arg(long, value_name = "FILE")]
        data_file: Option<PathBuf>,
        /// The database instead of DATABASE_URL from the settings.
        #[arg(long, value_name = "URL")]
        database_url: Option<String>,
    },
}

/// The stores `migrate` copies between.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StoreName {
    /// The data file (DATA_FILE) and its journal.
    Json,
    /// The PostgreSQL database (DATABASE_URL).
    Postgres,
}

/// How `export` writes the tickets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A JSON array of objects, one per ticket.
    Json,
    /// CSV with a header line, one row per ticket.
    Csv,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn no_command_runs_the_bot_and_export_defaults_to_json_on_stdout() {
        assert!(Cli::try_parse_from(["support-bot"])
            .unwrap()
            .command
            .is_none());
        match Cli::try_parse_from(["support-bot", "export"])
            .unwrap()
            .command
        {
            Some(Command::Export {
                format,
                output,
                data_file,
            }) => {
                assert_eq!(format, Format::Json);
                assert!(output.is_none() && data_file.is_none());
            }
            other => panic!("{other:?}"),
        }
        assert!(Cli::try_parse_from(["support-bot", "export", "--format", "xml"]).is_err());
    }
}
