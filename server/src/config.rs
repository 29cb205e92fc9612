//! Server configuration: command-line flags, environment variables (`POS_*`) and an optional TOML file.
//!
//! Precedence, highest first: flags, environment, the file named by `--config`/`POS_CONFIG`, built-in defaults.

mod file;

use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser};
use file::FileConfig;
use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;
use thiserror::Error;

/// How the server is started. Every flag can also come from the environment (`POS_*`) or the config file.
#[derive(Clone, Debug, Parser)]
#[command(
    name = "server",
    version,
    about = "The POS server: serves the app and syncs terminals.",
    after_help = "Precedence: flags > environment (POS_*) > config file (--config) > defaults.\n\
The config file is TOML with the long flag names as keys, '-' written as '_' (e.g. data_dir = \"/var/lib/pos\",\n\
cors_origins = [\"https://admin.example\"]); unknown keys are an error. `--print-config` shows the result.\n\
Maintenance subcommands (each with --help): `server backup`, `server restore`, `server create-admin`."
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
    /// TOML file with settings (keys as the long flags, `_` for `-`); flags and environment override it.
    #[arg(long, env = "POS_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Origin allowed to call the API from another site (CORS), e.g. `https://admin.example`; repeatable.
    /// The environment variable takes a comma-separated list. None by default.
    #[arg(
        long = "cors-origin",
        env = "POS_CORS_ORIGINS",
        value_name = "ORIGIN",
        value_delimiter = ','
    )]
    pub cors_origins: Vec<String>,
    /// The server sits behind a reverse proxy: trust its `X-Forwarded-For` (client address for rate limits),
    /// `X-Forwarded-Proto` (HTTPS detection, which turns on HSTS) and `X-Forwarded-Host` (origin check).
    #[arg(long, env = "POS_TRUST_PROXY")]
    pub trust_proxy: bool,
    /// Unauthenticated API requests (public routes, or no credentials) per second allowed per client address.
    /// Signed-in staff and enrolled devices are never limited per address: a shop's tills share one.
    #[arg(long, env = "POS_RATE_LIMIT_PER_SEC", default_value_t = 50.0)]
    pub rate_limit_per_sec: f64,
    /// Unauthenticated API requests a client address may send in a burst.
    #[arg(long, env = "POS_RATE_LIMIT_BURST", default_value_t = 200)]
    pub rate_limit_burst: u32,
    /// Password sign-ins (`POST /api/v1/auth/login`) per minute allowed per client address. Guessing one
    /// email's password is stopped by its lockout (`lockout_secs`); this only slows spraying many emails.
    #[arg(long, env = "POS_AUTH_RATE_LIMIT_PER_MIN", default_value_t = 30.0)]
    pub auth_rate_limit_per_min: f64,
    /// Password sign-ins a client address may send in a burst.
    #[arg(long, env = "POS_AUTH_RATE_LIMIT_BURST", default_value_t = 20)]
    pub auth_rate_limit_burst: u32,
    /// On SIGTERM/Ctrl-C, how long in-flight requests may take to finish before the server stops anyway.
    #[arg(long, env = "POS_SHUTDOWN_GRACE_SECS", default_value_t = 30)]
    pub shutdown_grace_secs: u64,
    /// A staff session ends after this many seconds without a request.
    #[arg(long, env = "POS_SESSION_IDLE_SECS", default_value_t = 1800)]
    pub session_idle_secs: u64,
    /// A staff session ends this many seconds after sign-in at the latest.
    #[arg(long, env = "POS_SESSION_LIFETIME_SECS", default_value_t = 43_200)]
    pub session_lifetime_secs: u64,
    /// After 5 consecutive failed sign-ins (a device's PINs, or an email's passwords), further attempts are
    /// refused (423) for this many seconds.
    #[arg(long, env = "POS_LOCKOUT_SECS", default_value_t = 300)]
    pub lockout_secs: u64,
    /// Argon2 memory cost (KiB) for new PIN and password hashes (argon2's default; lower only for tests).
    #[arg(long, env = "POS_PASSWORD_HASH_MEMORY_KIB", default_value_t = 19_456)]
    pub password_hash_memory_kib: u32,
    /// Argon2 iterations for new PIN and password hashes (argon2's default; lower only for tests).
    #[arg(long, env = "POS_PASSWORD_HASH_ITERATIONS", default_value_t = 2)]
    pub password_hash_iterations: u32,
    /// Whether `/metrics` answers without credentials (`true`/`false`). Default: true when `--bind` is a
    /// loopback address, false otherwise; when not public it needs an API key with the `metrics` scope.
    #[arg(long, env = "POS_METRICS_PUBLIC", value_name = "BOOL")]
    pub metrics_public: Option<bool>,
    /// A host (name or address, as written in webhook URLs) that webhook endpoints may call although it is
    /// internal (loopback, private, link-local); repeatable. None by default: such targets are refused.
    /// The environment variable takes a comma-separated list.
    #[arg(
        long = "webhook-allow-host",
        env = "POS_WEBHOOK_ALLOW_HOSTS",
        value_name = "HOST",
        value_delimiter = ','
    )]
    pub webhook_allow_hosts: Vec<String>,
    /// A webhook delivery's answer must come within this many seconds; a dispatcher holds a delivery for
    /// twice as long (after which, if it died, another instance sends it again).
    #[arg(long, env = "POS_WEBHOOK_TIMEOUT_SECS", default_value_t = 15)]
    pub webhook_timeout_secs: u64,
    /// An inbound webhook source and its Standard Webhooks secret, `SOURCE=whsec_…`: requests to
    /// `POST /api/v1/inbound/SOURCE` must be signed with it; repeatable (the environment variable takes a
    /// comma-separated list). No source is accepted without one.
    #[arg(
        long = "inbound-secret",
        env = "POS_INBOUND_SECRETS",
        value_name = "SOURCE=SECRET",
        value_delimiter = ',',
        hide_env_values = true
    )]
    pub inbound_secrets: Vec<String>,
    /// Print the effective configuration (as a config file) and exit.
    #[arg(long)]
    pub print_config: bool,
}

/// Why the configuration could not be loaded.
#[derive(Debug, Error)]
pub enum ConfigError {
    /// Bad flags, or `--help`/`--version` (which `clap::Error::exit` prints and exits 0 for).
    #[error(transparent)]
    Args(#[from] clap::Error),
    #[error("cannot read the config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path}: {message}")]
    File { path: PathBuf, message: String },
    #[error("invalid setting {setting}: {message}")]
    Invalid {
        setting: &'static str,
        message: String,
    },
}

/// An inbound source name: 1 to 64 of a-z, 0-9, `-` and `_`.
pub fn valid_source(source: &str) -> bool {
    !source.is_empty()
        && source.len() <= 64
        && source
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

impl Config {
    /// The secret of inbound source `source`, if one is configured.
    pub fn inbound_secret(&self, source: &str) -> Option<&str> {
        self.inbound_secrets.iter().find_map(|entry| {
            entry
                .split_once('=')
                .filter(|(s, _)| *s == source)
                .map(|(_, secret)| secret)
        })
    }

    /// A configuration for the given directories with the defaults otherwise (used by tests and embedders).
    pub fn new(data_dir: impl Into<PathBuf>, site_dir: impl Into<PathBuf>) -> Self {
        Config {
            bind: "127.0.0.1:0".into(),
            data_dir: data_dir.into(),
            database_url: None,
            site_dir: site_dir.into(),
            no_demo: false,
            config: None,
            cors_origins: Vec::new(),
            trust_proxy: false,
            rate_limit_per_sec: 50.0,
            rate_limit_burst: 200,
            auth_rate_limit_per_min: 30.0,
            auth_rate_limit_burst: 20,
            shutdown_grace_secs: 30,
            session_idle_secs: 1800,
            session_lifetime_secs: 43_200,
            lockout_secs: 300,
            password_hash_memory_kib: 19_456,
            password_hash_iterations: 2,
            metrics_public: None,
            webhook_allow_hosts: Vec::new(),
            webhook_timeout_secs: 15,
            inbound_secrets: Vec::new(),
            print_config: false,
        }
    }

    /// Flags and environment of this process, then the config file, then defaults.
    pub fn load() -> Result<Self, ConfigError> {
        Self::load_from(std::env::args_os())
    }

    /// As [`Config::load`] with the given command line (the first item is the program name).
    pub fn load_from<I, T>(args: I) -> Result<Self, ConfigError>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone,
    {
        let matches = Config::command().try_get_matches_from(args)?;
        let mut config = Config::from_arg_matches(&matches)?;
        if let Some(path) = config.config.clone() {
            let file = FileConfig::read(&path)?;
            file.apply(&mut config, |id| given(&matches, id));
        }
        config.validate()?;
        Ok(config)
    }

    /// Check values clap cannot: positive rates, bursts of at least one, well-formed origins.
    pub fn validate(&mut self) -> Result<(), ConfigError> {
        let positive = |setting: &'static str, v: f64| {
            if v.is_finite() && v > 0.0 {
                Ok(())
            } else {
                Err(ConfigError::Invalid {
                    setting,
                    message: format!("must be a positive number, not {v}"),
                })
            }
        };
        positive("rate_limit_per_sec", self.rate_limit_per_sec)?;
        for entry in &self.inbound_secrets {
            let valid = entry.split_once('=').is_some_and(|(source, secret)| {
                valid_source(source) && crate::events::signing::decode_secret(secret).is_ok()
            });
            if !valid {
                return Err(ConfigError::Invalid {
                    setting: "inbound_secrets",
                    message: "each must be SOURCE=whsec_… (a source of a-z, 0-9, '-' and '_'; a secret of \
                              base64 after whsec_)"
                        .into(),
                });
            }
        }
        positive("auth_rate_limit_per_min", self.auth_rate_limit_per_min)?;
        for (setting, value) in [
            ("rate_limit_burst", u64::from(self.rate_limit_burst)),
            (
                "auth_rate_limit_burst",
                u64::from(self.auth_rate_limit_burst),
            ),
            ("session_idle_secs", self.session_idle_secs),
            ("session_lifetime_secs", self.session_lifetime_secs),
            ("lockout_secs", self.lockout_secs),
            ("webhook_timeout_secs", self.webhook_timeout_secs),
            (
                "password_hash_iterations",
                u64::from(self.password_hash_iterations),
            ),
        ] {
            if value == 0 {
                return Err(ConfigError::Invalid {
                    setting,
                    message: "must be at least 1".into(),
                });
            }
        }
        if self.password_hash_memory_kib < 8 {
            return Err(ConfigError::Invalid {
                setting: "password_hash_memory_kib",
                message: "must be at least 8".into(),
            });
        }
        self.cors_origins = self
            .cors_origins
            .iter()
            .map(|o| {
                normalise_origin(o).ok_or_else(|| ConfigError::Invalid {
                    setting: "cors_origins",
                    message: format!("{o:?} is not an origin like https://shop.example:8443"),
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(())
    }

    /// The effective configuration as a TOML config file.
    pub fn to_toml(&self) -> String {
        FileConfig::from(self).to_toml()
    }

    /// The SQLite database file inside the data directory.
    pub fn database_path(&self) -> PathBuf {
        self.data_dir.join("pos.sqlite3")
    }

    /// Whether `/metrics` needs no credentials: as configured, else when the server listens on loopback only.
    pub fn metrics_are_public(&self) -> bool {
        self.metrics_public.unwrap_or_else(|| {
            let host = self
                .bind
                .rsplit_once(':')
                .map_or(self.bind.as_str(), |(h, _)| h)
                .trim_start_matches('[')
                .trim_end_matches(']');
            host.eq_ignore_ascii_case("localhost")
                || host
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
        })
    }

    /// How long shutdown waits for in-flight requests.
    pub fn shutdown_grace(&self) -> Duration {
        Duration::from_secs(self.shutdown_grace_secs)
    }
}

/// True when the setting `id` was given on the command line or in the environment (so the file must not
/// override it).
fn given(matches: &ArgMatches, id: &str) -> bool {
    matches!(
        matches.value_source(id),
        Some(ValueSource::CommandLine | ValueSource::EnvVariable)
    )
}

/// `scheme://host[:port]` in lowercase without a trailing slash, or `None` when `origin` is not one.
pub fn normalise_origin(origin: &str) -> Option<String> {
    let trimmed = origin.trim().trim_end_matches('/').to_ascii_lowercase();
    let (scheme, rest) = trimmed.split_once("://")?;
    let host_ok = !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    (matches!(scheme, "http" | "https") && host_ok).then_some(trimmed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_normalised_or_refused() {
        assert_eq!(
            normalise_origin("https://Admin.Example:8443/").as_deref(),
            Some("https://admin.example:8443")
        );
        assert_eq!(normalise_origin("admin.example"), None);
        assert_eq!(normalise_origin("ftp://x"), None);
        assert_eq!(normalise_origin("https://x/path"), None);
        assert_eq!(normalise_origin("https://"), None);
    }

    #[test]
    fn defaults_match_the_flag_defaults() {
        let parsed = Config::load_from(["server"]).expect("defaults parse");
        let new = Config::new("./data", "target/site");
        assert_eq!(parsed.rate_limit_per_sec, new.rate_limit_per_sec);
        assert_eq!(parsed.rate_limit_burst, new.rate_limit_burst);
        assert_eq!(parsed.auth_rate_limit_per_min, new.auth_rate_limit_per_min);
        assert_eq!(parsed.auth_rate_limit_burst, new.auth_rate_limit_burst);
        assert_eq!(parsed.shutdown_grace_secs, new.shutdown_grace_secs);
        assert!(parsed.cors_origins.is_empty() && !parsed.trust_proxy);
    }

    #[test]
    fn bad_values_are_refused() {
        assert!(Config::load_from(["server", "--rate-limit-burst", "0"]).is_err());
        assert!(Config::load_from(["server", "--rate-limit-per-sec", "-1"]).is_err());
        assert!(Config::load_from(["server", "--cors-origin", "nope"]).is_err());
        assert!(Config::load_from(["server", "--session-idle-secs", "0"]).is_err());
        assert!(Config::load_from(["server", "--password-hash-memory-kib", "4"]).is_err());
    }

    #[test]
    fn metrics_are_public_on_loopback_unless_configured() {
        let mut c = Config::new("d", "s");
        for (bind, public) in [
            ("127.0.0.1:3000", true),
            ("[::1]:3000", true),
            ("localhost:3000", true),
            ("0.0.0.0:3000", false),
            ("192.168.1.5:3000", false),
        ] {
            c.bind = bind.into();
            assert_eq!(c.metrics_are_public(), public, "{bind}");
        }
        c.metrics_public = Some(true);
        assert!(c.metrics_are_public());
        c.bind = "127.0.0.1:1".into();
        c.metrics_public = Some(false);
        assert!(!c.metrics_are_public());
    }
}
