//! Server configuration: command-line flags with environment-variable fallbacks.

use clap::Parser;
use std::path::PathBuf;

/// How the server is started. Every flag can also come from the environment (`POS_*`).
#[derive(Clone, Debug, Parser)]
#[command(
    name = "server",
    version,
    about = "The POS server: serves the app and syncs terminals."
)]
pub struct Config {
    /// Address to listen on; port 0 picks a free port (the real one is printed).
    #[arg(long, env = "POS_BIND", default_value = "127.0.0.1:3000")]
    pub bind: String,
    /// Directory for the database (`pos.sqlite3`); created if missing.
    #[arg(long, env = "POS_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    /// PostgreSQL instead of SQLite: `postgres://user:password@host:port/database`. Several servers may share
    /// one database. Absent: SQLite in the data directory. (Backups: `server backup --help`.)
    #[arg(long, env = "POS_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// Directory with the built browser app (`cargo xtask build` writes it).
    #[arg(long, env = "POS_SITE_DIR", default_value = "target/site")]
    pub site_dir: PathBuf,
    /// Do not seed the demo store into an empty database.
    #[arg(long, env = "POS_NO_DEMO")]
    pub no_demo: bool,
}

impl Config {
    /// A configuration for the given directories with the defaults otherwise (used by tests and embedders).
    pub fn new(data_dir: impl Into<PathBuf>, site_dir: impl Into<PathBuf>) -> Self {
        Config {
            bind: "127.0.0.1:0".into(),
            data_dir: data_dir.into(),
            database_url: None,
            site_dir: site_dir.into(),
            no_demo: false,
        }
    }

    /// The SQLite database file inside the data directory.
    pub fn database_path(&self) -> PathBuf {
        self.data_dir.join("pos.sqlite3")
    }
}
