//! The optional TOML config file: the same settings as the flags, every key optional, unknown keys refused.

use super::{Config, ConfigError};
use crate::store::postgres::redact_url;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The settings a config file may hold; each key is the long flag name with `_` for `-`.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    #[serde(skip_serializing_if = "Option::is_none")]
    bind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    data_dir: Option<PathBuf>,
    /// PostgreSQL URL; printed with its password hidden.
    #[serde(skip_serializing_if = "Option::is_none")]
    database_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    site_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    no_demo: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cors_origins: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    trust_proxy: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rate_limit_per_sec: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rate_limit_burst: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    auth_rate_limit_per_min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    auth_rate_limit_burst: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    shutdown_grace_secs: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    session_idle_secs: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    session_lifetime_secs: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lockout_secs: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    password_hash_memory_kib: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    password_hash_iterations: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    metrics_public: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    webhook_allow_hosts: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    webhook_timeout_secs: Option<u64>,
    /// `SOURCE=whsec_…`; printed with the secrets hidden.
    #[serde(skip_serializing_if = "Option::is_none")]
    inbound_secrets: Option<Vec<String>>,
}

impl FileConfig {
    /// Read and parse `path`; a syntax error, a wrong type or an unknown key names the file and the key.
    pub fn read(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        toml::from_str(&text).map_err(|e| ConfigError::File {
            path: path.to_path_buf(),
            message: e.to_string().trim_end().to_owned(),
        })
    }

    /// Copy every setting of the file into `config` unless `given(setting)` says a flag or the environment
    /// already set it.
    pub fn apply(self, config: &mut Config, given: impl Fn(&str) -> bool) {
        macro_rules! take {
            ($($field:ident),* $(,)?) => {$(
                if let Some(value) = self.$field {
                    if !given(stringify!($field)) {
                        config.$field = value;
                    }
                }
            )*};
        }
        take!(
            bind,
            data_dir,
            site_dir,
            no_demo,
            cors_origins,
            trust_proxy,
            rate_limit_per_sec,
            rate_limit_burst,
            auth_rate_limit_per_min,
            auth_rate_limit_burst,
            shutdown_grace_secs,
            session_idle_secs,
            session_lifetime_secs,
            lockout_secs,
            password_hash_memory_kib,
            password_hash_iterations,
            webhook_allow_hosts,
            webhook_timeout_secs,
            inbound_secrets,
        );
        if let Some(public) = self.metrics_public {
            if !given("metrics_public") {
                config.metrics_public = Some(public);
            }
        }
        if let Some(url) = self.database_url {
            if !given("database_url") {
                config.database_url = Some(url);
            }
        }
    }

    /// As TOML text (a valid config file).
    pub fn to_toml(&self) -> String {
        toml::to_string(self).unwrap_or_else(|e| format!("# cannot show the configuration: {e}\n"))
    }
}

impl From<&Config> for FileConfig {
    fn from(c: &Config) -> Self {
        FileConfig {
            bind: Some(c.bind.clone()),
            data_dir: Some(c.data_dir.clone()),
            database_url: c.database_url.as_deref().map(redact_url),
            site_dir: Some(c.site_dir.clone()),
            no_demo: Some(c.no_demo),
            cors_origins: Some(c.cors_origins.clone()),
            trust_proxy: Some(c.trust_proxy),
            rate_limit_per_sec: Some(c.rate_limit_per_sec),
            rate_limit_burst: Some(c.rate_limit_burst),
            auth_rate_limit_per_min: Some(c.auth_rate_limit_per_min),
            auth_rate_limit_burst: Some(c.auth_rate_limit_burst),
            shutdown_grace_secs: Some(c.shutdown_grace_secs),
            session_idle_secs: Some(c.session_idle_secs),
            session_lifetime_secs: Some(c.session_lifetime_secs),
            lockout_secs: Some(c.lockout_secs),
            password_hash_memory_kib: Some(c.password_hash_memory_kib),
            password_hash_iterations: Some(c.password_hash_iterations),
            metrics_public: c.metrics_public,
            webhook_allow_hosts: Some(c.webhook_allow_hosts.clone()),
            webhook_timeout_secs: Some(c.webhook_timeout_secs),
            inbound_secrets: Some(
                c.inbound_secrets
                    .iter()
                    .map(|e| match e.split_once('=') {
                        Some((source, _)) => format!("{source}=***"),
                        None => "***".into(),
                    })
                    .collect(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_printed_database_url_hides_its_password() {
        let mut config = Config::new("/data", "/site");
        config.database_url = Some("postgres://a:b@h/d".into());
        let text = FileConfig::from(&config).to_toml();
        assert!(
            text.contains("database_url = \"postgres://a:***@h/d\""),
            "{text}"
        );
    }

    #[test]
    fn unknown_keys_are_named() {
        let err =
            toml::from_str::<FileConfig>("bind = \"x\"\nbnid = \"y\"\n").expect_err("unknown key");
        assert!(err.to_string().contains("bnid"), "{err}");
    }

    #[test]
    fn printed_config_reads_back() {
        let config = Config::new("/data", "/site");
        let text = FileConfig::from(&config).to_toml();
        let back: FileConfig = toml::from_str(&text).expect("round trip");
        assert_eq!(back.data_dir.as_deref(), Some(Path::new("/data")));
        assert_eq!(back.rate_limit_burst, Some(200));
    }
}
