//! The command line: the server's flags ([`Config`]) and the optional maintenance subcommands. With no
//! subcommand the binary serves.

use crate::backup::{backup, restore, BackupError};
use crate::config::Config;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Clone, Debug, Parser)]
#[command(
    name = "server",
    version,
    about = "The POS server: serves the app and syncs terminals.",
    after_help = "With no subcommand the server serves. `--data-dir` and `--database-url` also apply to the subcommands."
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Clone, Debug, Subcommand)]
pub enum Command {
    /// Copy the SQLite database into a new file while servers keep running (PostgreSQL: use pg_dump).
    Backup {
        /// The backup file to create; it must not exist yet.
        #[arg(long, value_name = "FILE")]
        to: PathBuf,
    },
    /// Replace the SQLite database with a backup; refused while a server uses it (PostgreSQL: pg_restore).
    Restore {
        /// A file made by `server backup`.
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
    },
}

impl Command {
    /// Run the maintenance command; returns the line to print on success.
    pub async fn run(&self, config: &Config) -> Result<String, BackupError> {
        match self {
            Command::Backup { to } => backup(config, to).await,
            Command::Restore { from } => restore(config, from).await,
        }
    }
}
