//! The maintenance subcommands `server backup`, `server restore`, `server create-admin`, `server import
//! products` and `server export products`. They have their own
//! parser, used only when the first argument names one of them, so the serving command line ([`crate::Config`])
//! is unchanged.

use crate::backup::{backup, restore, BackupError, Database};
use crate::bootstrap::{self, BootstrapError};
use crate::catalog_csv::command::{self, CsvCommandError};
use crate::catalog_csv::number::DecimalSeparator;
use crate::catalog_csv::read::parse_delimiter;
use crate::catalog_csv::validate::ImportOptions;
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
create-admin: the password comes from POS_ADMIN_PASSWORD or the first line of standard input, never a flag.\n\
import products: exit code 0 when every row was imported, 1 when nothing was written (the bad rows are listed), 3 \
when --only-good-rows wrote the good rows and skipped bad ones."
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
    /// Import products (with variants) from a CSV file: every row is checked first, and nothing is written
    /// unless all are good (or --only-good-rows). See the columns in ARCHITECTURE.md ("Catalog CSV").
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Export the catalog's products (with variants) as CSV, in the columns an import reads.
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
}

#[derive(Clone, Debug, Subcommand)]
pub enum ImportWhat {
    /// Products with variants, one row per sellable item.
    Products {
        /// The CSV file.
        file: PathBuf,
        #[command(flatten)]
        format: CsvFormat,
        /// Write the good rows even when some are bad (the bad ones are listed and skipped).
        #[arg(long)]
        only_good_rows: bool,
        /// Check the file only; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// A row whose SKU is already in the catalog replaces that item (otherwise it is a bad row).
        #[arg(long)]
        update_existing: bool,
    },
}

#[derive(Clone, Debug, Subcommand)]
pub enum ExportWhat {
    /// Products with variants, one row per sellable item.
    Products {
        /// The file to write (standard output when absent).
        file: Option<PathBuf>,
        #[command(flatten)]
        format: CsvFormat,
    },
}

/// How numbers and cells are written in a CSV file.
#[derive(Clone, Copy, Debug, clap::Args)]
pub struct CsvFormat {
    /// The decimal separator of the file's numbers: `.` or `,`. The other one in a number is an error.
    #[arg(long, default_value = ".", value_parser = clap::value_parser!(DecimalSeparator))]
    pub decimal_separator: DecimalSeparator,
    /// The character between cells: `,`, `;` or `tab`.
    #[arg(long, default_value = ",", value_parser = parse_delimiter)]
    pub delimiter: u8,
}

/// Why a maintenance subcommand failed.
#[derive(Debug, thiserror::Error)]
pub enum MaintenanceError {
    #[error(transparent)]
    Backup(#[from] BackupError),
    #[error(transparent)]
    Bootstrap(#[from] BootstrapError),
    #[error(transparent)]
    Csv(#[from] CsvCommandError),
}

impl MaintenanceError {
    /// The process's exit code for this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            MaintenanceError::Csv(e) => e.exit_code(),
            _ => 1,
        }
    }
}

/// The subcommand names; any other first argument means "serve".
pub const SUBCOMMANDS: [&str; 5] = ["backup", "restore", "create-admin", "import", "export"];

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
            Command::Import {
                what:
                    ImportWhat::Products {
                        file,
                        format,
                        only_good_rows,
                        dry_run,
                        update_existing,
                    },
            } => {
                let options = ImportOptions {
                    decimal_separator: format.decimal_separator,
                    delimiter: format.delimiter,
                    dry_run: *dry_run,
                    only_good_rows: *only_good_rows,
                    update_existing: *update_existing,
                };
                command::import_products(&self.database(), file, options).await?
            }
            Command::Export {
                what: ExportWhat::Products { file, format },
            } => {
                command::export_products(
                    &self.database(),
                    file.as_deref(),
                    format.decimal_separator,
                    format.delimiter,
                )
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
            if !done.is_empty() {
                println!("{done}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
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
        let m = Maintenance::try_parse_from([
            "server",
            "import",
            "products",
            "p.csv",
            "--decimal-separator",
            ",",
            "--delimiter",
            ";",
            "--only-good-rows",
        ])
        .expect("parses");
        match m.command {
            Command::Import {
                what:
                    ImportWhat::Products {
                        format,
                        only_good_rows,
                        dry_run,
                        ..
                    },
            } => {
                assert_eq!(format.decimal_separator, DecimalSeparator::Comma);
                assert_eq!(format.delimiter, b';');
                assert!(only_good_rows && !dry_run);
            }
            other => panic!("{other:?}"),
        }
        assert!(Maintenance::try_parse_from([
            "server",
            "import",
            "products",
            "p.csv",
            "--decimal-separator",
            "'"
        ])
        .is_err());
        let m = Maintenance::try_parse_from(["server", "export", "products"]).expect("parses");
        assert!(matches!(
            m.command,
            Command::Export {
                what: ExportWhat::Products { file: None, .. }
            }
        ));
    }
}
