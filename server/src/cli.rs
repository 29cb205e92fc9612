//! The maintenance subcommands `server backup`, `server restore` and `server create-admin`. They have their own
//! parser, used only when the first argument names one of them, so the serving command line ([`crate::Config`])
//! is unchanged.

use crate::backup::{backup, restore, BackupError, Database};
use crate::bootstrap::{self, BootstrapError};
use clap::{Parser, Subcommand};
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

/// `server backup --to FILE` / `server restore --from FILE`, with the database flags of the server.
#[derive(Clone, Debug, Parser)]
#[command(
    name = "server",
    version,
    about = "Maintenance of the POS server's database.",
    after_help = "backup/restore: SQLite only; with PostgreSQL, use pg_dump / pg_restore (the commands print how).\n\
create-admin: the password comes from POS_ADMIN_PASSWORD or the first line of standard input, never a flag."
)]
pub struct Maintenance {
    #[command(subcommand)]
    pub command: Command,
    /// Directory of the SQLite database (`pos.sqlite3`), as for serving.
    #[arg(long, env = "POS_DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,
    /// The PostgreSQL database, as for serving (the commands then explain pg_dump / pg_restore).
    #[arg(long, env = "POS_DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,
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
    /// Add an administrator (e.g. the first one of a database started with --no-demo). Password: from
    /// POS_ADMIN_PASSWORD, else the first line of standard input.
    CreateAdmin {
        /// Their email address, for signing in to the back office.
        #[arg(long)]
        email: String,
        /// Their name as staff see it.
        #[arg(long)]
        name: String,
        /// Also a PIN (4–8 digits) for signing in at tills. Prefer setting it later in the back office.
        #[arg(long)]
        pin: Option<String>,
    },
}

/// Why a maintenance subcommand failed.
#[derive(Debug, thiserror::Error)]
pub enum MaintenanceError {
    #[error(transparent)]
    Backup(#[from] BackupError),
    #[error(transparent)]
    Bootstrap(#[from] BootstrapError),
}

/// The subcommand names; any other first argument means "serve".
pub const SUBCOMMANDS: [&str; 3] = ["backup", "restore", "create-admin"];

impl Maintenance {
    pub fn database(&self) -> Database {
        match &self.database_url {
            Some(url) => Database::Postgres { url: url.clone() },
            None => Database::Sqlite {
                data_dir: self.data_dir.clone(),
            },
        }
    }

    /// Run the subcommand; returns the line to print on success.
    pub async fn run(&self) -> Result<String, MaintenanceError> {
        Ok(match &self.command {
            Command::Backup { to } => backup(&self.database(), to).await?,
            Command::Restore { from } => restore(&self.database(), from).await?,
            Command::CreateAdmin { email, name, pin } => {
                let password = bootstrap::read_password(
                    std::env::var(bootstrap::PASSWORD_ENV).ok(),
                    std::io::stdin().lock(),
                )?;
                bootstrap::create_admin(&self.database(), name, email, password, pin.clone())
                    .await?
            }
        })
    }
}

/// True when `args` (without the program name) start with a maintenance subcommand.
pub fn is_maintenance(mut args: impl Iterator<Item = OsString>) -> bool {
    args.next()
        .is_some_and(|first| SUBCOMMANDS.iter().any(|name| first == *name))
}

/// When this process was started as `server backup …` or `server restore …`: run that and return the exit
/// code (parse errors and `--help` exit through clap). Otherwise `None`: the caller serves.
pub async fn run_maintenance() -> Option<ExitCode> {
    if !is_maintenance(std::env::args_os().skip(1)) {
        return None;
    }
    let maintenance = Maintenance::parse();
    Some(match maintenance.run().await {
        Ok(done) => {
            println!("{done}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> impl Iterator<Item = OsString> {
        list.iter()
            .map(OsString::from)
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn only_a_leading_subcommand_means_maintenance() {
        assert!(is_maintenance(args(&["backup", "--to", "x"])));
        assert!(is_maintenance(args(&["restore", "--from", "x"])));
        assert!(is_maintenance(args(&["create-admin", "--email", "a@b.c"])));
        assert!(!is_maintenance(args(&[])));
        assert!(!is_maintenance(args(&["--bind", "127.0.0.1:0"])));
        assert!(!is_maintenance(args(&["--data-dir", "backup"])));
    }

    #[test]
    fn flags_go_before_or_after_the_subcommand() {
        let m = Maintenance::try_parse_from([
            "server",
            "backup",
            "--to",
            "b.sqlite3",
            "--data-dir",
            "d",
        ])
        .expect("parses");
        assert_eq!(m.data_dir, PathBuf::from("d"));
        assert!(matches!(m.command, Command::Backup { .. }));
        let m = Maintenance::try_parse_from([
            "server",
            "restore",
            "--database-url",
            "postgres://h/db",
            "--from",
            "f",
        ])
        .expect("parses");
        assert!(matches!(m.database(), Database::Postgres { .. }));
        assert!(
            Maintenance::try_parse_from(["server", "backup"]).is_err(),
            "--to is required"
        );
    }
}
