//! Runtime settings of the server binary.
//!
//! Read from `Leptos.toml` (or the file named by `APP_CONFIG`): its `[app]` table holds the
//! application's settings and its `[package.metadata.leptos]` table the Leptos runtime
//! settings. Environment variables override both: `DATABASE_URL`, `APP_SEED_DEMO`,
//! `APP_TRUST_PROXY`, `APP_TRUSTED_PROXIES`, `APP_PUBLIC_URL`, the platforms' base URLs
//! (`APP_META_GRAPH_BASE_URL`, `APP_META_GRAPH_VERSION`, `APP_INSTAGRAM_GRAPH_BASE_URL`,
//! `APP_LINE_API_BASE_URL`, `APP_LINE_DATA_API_BASE_URL`), and every `LEPTOS_*` variable (e.g. `LEPTOS_SITE_ADDR`). cargo-leptos sets
//! the `LEPTOS_*` variables itself when it runs the server; the release binary runs without it.

use leptos::config::{get_configuration, LeptosOptions};
use serde::Deserialize;
use std::path::Path;

/// The default database: an SQLite file under `data/`, created and migrated on start.
pub const DEFAULT_DATABASE_URL: &str = "sqlite:data/inbox.db";
/// The default file store, beside the default database.
pub const DEFAULT_FILES_DIR: &str = "data/files";
/// Loops processing stored webhook bodies at once, unless `APP_INBOUND_WORKERS` says.
pub const DEFAULT_INBOUND_WORKERS: usize = 4;
/// The most `APP_INBOUND_WORKERS` may ask for.
pub const MAX_INBOUND_WORKERS: usize = 64;
/// Batches of live events kept for streams that fall behind, unless `APP_LIVE_BACKLOG` says.
pub const DEFAULT_LIVE_BACKLOG: usize = 256;

#[derive(Clone, Debug)]
pub struct Settings {
    pub leptos: LeptosOptions,
    pub database_url: String,
    /// Create the demo workspace when the database is empty.
    pub seed_demo: bool,
    /// Believe `X-Forwarded-For` / `X-Forwarded-Proto` / `X-Forwarded-Host` (behind a proxy).
    pub trust_proxy: bool,
    /// The proxies in front of the server (addresses), besides loopback: the client is the
    /// rightmost `X-Forwarded-For` address that is not one of them.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The address members and platforms reach, without a trailing slash
    /// (`https://inbox.example.com`): the base of every link the product prints, and https
    /// here makes the session cookie `Secure` and `__Host-` prefixed.
    pub public_url: String,
    /// Where the platforms' APIs are: their real hosts, or local fakes in tests and the demo.
    pub platforms: PlatformUrls,
    /// The file store: attachments downloaded from the platforms (`APP_FILES_DIR`).
    pub files_dir: std::path::PathBuf,
    /// Loops processing stored webhook bodies at once (`APP_INBOUND_WORKERS`, 1 to 64).
    pub inbound_workers: usize,
    /// Batches of live events kept for open streams that fall behind (`APP_LIVE_BACKLOG`, 1 to
    /// 65,536); a stream further behind is closed and its page resumes from its cursor.
    pub live_backlog: usize,
}

/// The platforms' API base URLs (CHANNELS.md §0.3), without a trailing slash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlatformUrls {
    /// Messenger, Instagram through a page, WhatsApp Cloud API.
    pub meta_graph: String,
    /// The Graph API version in every Meta path (`v23.0`).
    pub meta_graph_version: String,
    /// Instagram with Instagram login.
    pub instagram_graph: String,
    /// LINE: reply, push, profile.
    pub line_api: String,
    /// LINE: content downloads.
    pub line_data_api: String,
}

impl Default for PlatformUrls {
    fn default() -> Self {
        PlatformUrls {
            meta_graph: "https://graph.facebook.com".into(),
            meta_graph_version: "v23.0".into(),
            instagram_graph: "https://graph.instagram.com".into(),
            line_api: "https://api.line.me".into(),
            line_data_api: "https://api-data.line.me".into(),
        }
    }
}

impl Settings {
    /// Whether the public address is https (cookies are then `Secure`).
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", default)]
struct AppTable {
    database_url: Option<String>,
    seed_demo: Option<bool>,
    trust_proxy: Option<bool>,
    trusted_proxies: Option<Vec<String>>,
    public_url: Option<String>,
    meta_graph_base_url: Option<String>,
    meta_graph_version: Option<String>,
    instagram_graph_base_url: Option<String>,
    line_api_base_url: Option<String>,
    line_data_api_base_url: Option<String>,
    files_dir: Option<String>,
    inbound_workers: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
struct FileTop {
    #[serde(default)]
    app: AppTable,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not valid TOML: {source}")]
    Toml {
        path: String,
        source: toml::de::Error,
    },
    #[error("Leptos settings: {0}")]
    Leptos(String),
    #[error("{name}: {value:?} is not an IP address")]
    Address { name: &'static str, value: String },
    #[error("APP_PUBLIC_URL must start with http:// or https://, not {0:?}")]
    PublicUrl(String),
    #[error("{name} must start with http:// or https://, not {value:?}")]
    Url { name: &'static str, value: String },
    #[error("{name} must be true or false, not {value:?}")]
    Bool { name: &'static str, value: String },
    #[error("{name} must be a whole number from {min} to {max}, not {value:?}")]
    Count {
        name: &'static str,
        value: String,
        min: usize,
        max: usize,
    },
}

impl Settings {
    /// Loads the settings file (if present) and applies the environment.
    pub fn load() -> Result<Settings, ConfigError> {
        let path = std::env::var("APP_CONFIG").unwrap_or_else(|_| "Leptos.toml".to_owned());
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        Settings::from_file_and_env(Path::new(&path), &env)
    }

    pub fn from_file_and_env(
        path: &Path,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Settings, ConfigError> {
        let shown = path.display().to_string();
        let (app, mut leptos) = if path.exists() {
            let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                path: shown.clone(),
                source,
            })?;
            let top: FileTop = toml::from_str(&text).map_err(|source| ConfigError::Toml {
                path: shown.clone(),
                source,
            })?;
            let conf =
                get_configuration(Some(&shown)).map_err(|e| ConfigError::Leptos(e.to_string()))?;
            (top.app, conf.leptos_options)
        } else {
            let conf = get_configuration(None).map_err(|e| ConfigError::Leptos(e.to_string()))?;
            (AppTable::default(), conf.leptos_options)
        };
        if leptos.hash_files && !super::assets::hash_file_beside_binary(&leptos) {
            tracing::warn!(
                file = %leptos.hash_file,
                "hash-files is on but the hash file is not beside the binary: pages link unhashed file names"
            );
            leptos.hash_files = false;
        }
        let public_url = env("APP_PUBLIC_URL")
            .or(app.public_url)
            .unwrap_or_else(|| format!("http://{}", leptos.site_addr))
            .trim_end_matches('/')
            .to_owned();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(ConfigError::PublicUrl(public_url));
        }
        let proxies: Vec<String> = match env("APP_TRUSTED_PROXIES") {
            Some(list) => list.split(',').map(|p| p.trim().to_owned()).collect(),
            None => app.trusted_proxies.unwrap_or_default(),
        };
        let trusted_proxies = proxies
            .into_iter()
            .filter(|p| !p.is_empty())
            .map(|p| {
                p.parse().map_err(|_| ConfigError::Address {
                    name: "APP_TRUSTED_PROXIES",
                    value: p,
                })
            })
            .collect::<Result<_, _>>()?;
        let defaults = PlatformUrls::default();
        let url = |name: &'static str, file: Option<String>, default: String| {
            let value = env(name).or(file).unwrap_or(default);
            let value = value.trim_end_matches('/').to_owned();
            if value.starts_with("http://") || value.starts_with("https://") {
                Ok(value)
            } else {
                Err(ConfigError::Url { name, value })
            }
        };
        let platforms = PlatformUrls {
            meta_graph: url(
                "APP_META_GRAPH_BASE_URL",
                app.meta_graph_base_url,
                defaults.meta_graph,
            )?,
            meta_graph_version: env("APP_META_GRAPH_VERSION")
                .or(app.meta_graph_version)
                .unwrap_or(defaults.meta_graph_version),
            instagram_graph: url(
                "APP_INSTAGRAM_GRAPH_BASE_URL",
                app.instagram_graph_base_url,
                defaults.instagram_graph,
            )?,
            line_api: url(
                "APP_LINE_API_BASE_URL",
                app.line_api_base_url,
                defaults.line_api,
            )?,
            line_data_api: url(
                "APP_LINE_DATA_API_BASE_URL",
                app.line_data_api_base_url,
                defaults.line_data_api,
            )?,
        };
        let files_dir = env("APP_FILES_DIR")
            .or(app.files_dir)
            .unwrap_or_else(|| DEFAULT_FILES_DIR.to_owned())
            .into();
        let inbound_workers = match env("APP_INBOUND_WORKERS") {
            Some(v) => v.trim().parse().ok(),
            None => Some(app.inbound_workers.unwrap_or(DEFAULT_INBOUND_WORKERS)),
        }
        .filter(|n| (1..=MAX_INBOUND_WORKERS).contains(n))
        .ok_or_else(|| ConfigError::Count {
            name: "APP_INBOUND_WORKERS",
            value: env("APP_INBOUND_WORKERS")
                .or(app.inbound_workers.map(|n| n.to_string()))
                .unwrap_or_default(),
            min: 1,
            max: MAX_INBOUND_WORKERS,
        })?;
        let live_backlog = match env("APP_LIVE_BACKLOG") {
            Some(v) => v
                .trim()
                .parse()
                .ok()
                .filter(|n| (1..=65_536).contains(n))
                .ok_or(ConfigError::Count {
                    name: "APP_LIVE_BACKLOG",
                    value: v,
                    min: 1,
                    max: 65_536,
                })?,
            None => DEFAULT_LIVE_BACKLOG,
        };
        Ok(Settings {
            live_backlog,
            files_dir,
            inbound_workers,
            platforms,
            public_url,
            trusted_proxies,
            leptos,
            database_url: env("DATABASE_URL")
                .or(app.database_url)
                .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned()),
            seed_demo: bool_env(env, "APP_SEED_DEMO")?
                .or(app.seed_demo)
                .unwrap_or(false),
            trust_proxy: bool_env(env, "APP_TRUST_PROXY")?
                .or(app.trust_proxy)
                .unwrap_or(false),
        })
    }
}

fn bool_env(
    env: &dyn Fn(&str) -> Option<String>,
    name: &'static str,
) -> Result<Option<bool>, ConfigError> {
    match env(name).as_deref() {
        None => Ok(None),
        Some("1" | "true" | "yes") => Ok(Some(true)),
        Some("0" | "false" | "no") => Ok(Some(false)),
        Some(other) => Err(ConfigError::Bool {
            name,
            value: other.to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_leptos_toml_parses() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("Leptos.toml");
        let s = Settings::from_file_and_env(&path, &|_| None).unwrap();
        assert_eq!(s.database_url, DEFAULT_DATABASE_URL);
        assert!(!s.seed_demo, "no demo unless asked");
        assert_eq!(s.public_url, "http://127.0.0.1:3000");
        assert!(!s.secure_cookies());
        assert!(s.trusted_proxies.is_empty());
        assert_eq!(s.leptos.site_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(&*s.leptos.output_name, "omni_inbox");
        assert_eq!(&*s.leptos.site_pkg_dir, "pkg");
        assert_eq!(s.inbound_workers, DEFAULT_INBOUND_WORKERS);
    }

    #[test]
    fn environment_overrides_the_file() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("Leptos.toml");
        let env = |k: &str| match k {
            "DATABASE_URL" => Some("postgres://x@127.0.0.1/db".to_owned()),
            "APP_SEED_DEMO" => Some("false".to_owned()),
            _ => None,
        };
        let s = Settings::from_file_and_env(&path, &env).unwrap();
        assert_eq!(s.database_url, "postgres://x@127.0.0.1/db");
        assert!(!s.seed_demo);
        let https = |k: &str| match k {
            "APP_PUBLIC_URL" => Some("https://inbox.example.com/".to_owned()),
            "APP_TRUSTED_PROXIES" => Some("10.0.0.2, 10.0.0.3".to_owned()),
            _ => None,
        };
        let s = Settings::from_file_and_env(&path, &https).unwrap();
        assert_eq!(s.public_url, "https://inbox.example.com");
        assert!(s.secure_cookies());
        assert_eq!(s.trusted_proxies.len(), 2);
        let bad_proxy = |k: &str| (k == "APP_TRUSTED_PROXIES").then(|| "proxy.local".to_owned());
        assert!(matches!(
            Settings::from_file_and_env(&path, &bad_proxy),
            Err(ConfigError::Address { .. })
        ));
        // The platforms' hosts, or local fakes.
        assert_eq!(s.platforms.line_api, "https://api.line.me");
        let fakes = |k: &str| match k {
            "APP_META_GRAPH_BASE_URL" => Some("http://127.0.0.1:9400/meta/".to_owned()),
            "APP_LINE_DATA_API_BASE_URL" => Some("http://127.0.0.1:9400/line-data".to_owned()),
            "APP_META_GRAPH_VERSION" => Some("v99.0".to_owned()),
            _ => None,
        };
        let s = Settings::from_file_and_env(&path, &fakes).unwrap();
        assert_eq!(s.platforms.meta_graph, "http://127.0.0.1:9400/meta");
        assert_eq!(s.platforms.line_data_api, "http://127.0.0.1:9400/line-data");
        assert_eq!(s.platforms.meta_graph_version, "v99.0");
        assert_eq!(s.platforms.instagram_graph, "https://graph.instagram.com");
        let bad_url = |k: &str| (k == "APP_LINE_API_BASE_URL").then(|| "api.line.me".to_owned());
        assert!(matches!(
            Settings::from_file_and_env(&path, &bad_url),
            Err(ConfigError::Url { .. })
        ));
        let bad = |k: &str| (k == "APP_TRUST_PROXY").then(|| "maybe".to_owned());
        assert!(matches!(
            Settings::from_file_and_env(&path, &bad),
            Err(ConfigError::Bool { .. })
        ));
        let workers =
            |n: &'static str| move |k: &str| (k == "APP_INBOUND_WORKERS").then(|| n.to_owned());
        let s = Settings::from_file_and_env(&path, &workers(" 2")).unwrap();
        assert_eq!(s.inbound_workers, 2);
        for bad in ["0", "65", "four"] {
            assert!(
                matches!(
                    Settings::from_file_and_env(&path, &workers(bad)),
                    Err(ConfigError::Count { .. })
                ),
                "{bad}"
            );
        }
    }
}
