//! Commands for operators and scripts: `omni_inbox channels list|add` (the channel settings of
//! the admin page, on the command line) and `omni_inbox simulate` (a customer writing in: a
//! webhook built and signed exactly as the platform would, posted to a running server).

use super::config::Settings;
use super::db::{self, ChannelRecord, Credentials, Store};
use super::fake::webhook::{customer_message, sign, SimContent};
use super::service::channel::{connect, webhook_path, ConnectInput};
use crate::domain::{ChannelKind, WorkspaceId};

type CliResult = Result<(), Box<dyn std::error::Error>>;

const CHANNELS_USAGE: &str = "usage:
  omni_inbox channels list [--json] [--show-secrets] [--workspace ID]
  omni_inbox channels add --kind messenger|instagram|whatsapp|line --name NAME --account-id ID
                          --secret SECRET [--token TOKEN] [--verify-token VT] [--extra-id ID]
                          [--workspace ID]
  omni_inbox channels add --kind web_chat --name NAME --origin URL [--origin URL…]
                          [--display-name NAME] [--colour #RRGGBB] [--greeting TEXT]
                          [--ask-contact] [--workspace ID]";

/// Reads `--flag value` pairs and bare `--switch`es.
struct Flags(Vec<(String, Option<String>)>);

impl Flags {
    fn parse(args: impl Iterator<Item = String>, switches: &[&str]) -> Result<Flags, String> {
        let mut out = Vec::new();
        let mut args = args.peekable();
        while let Some(flag) = args.next() {
            if !flag.starts_with("--") {
                return Err(format!("unexpected {flag:?}"));
            }
            if switches.contains(&flag.as_str()) {
                out.push((flag, None));
            } else {
                let value = args.next().ok_or(format!("{flag} needs a value"))?;
                out.push((flag, Some(value)));
            }
        }
        Ok(Flags(out))
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(f, _)| f == name)
            .and_then(|(_, v)| v.as_deref())
    }

    /// Every value of a flag given several times (`--origin a --origin b`).
    fn values(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(f, _)| f == name)
            .filter_map(|(_, v)| v.as_deref())
            .collect()
    }

    fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(f, _)| f == name)
    }

    fn only(&self, known: &[&str]) -> Result<(), String> {
        match self.0.iter().find(|(f, _)| !known.contains(&f.as_str())) {
            Some((f, _)) => Err(format!("unknown option {f:?}")),
            None => Ok(()),
        }
    }
}

/// The workspace named by `--workspace`, or the only one there is.
async fn workspace(store: &Store, flag: Option<&str>) -> Result<WorkspaceId, String> {
    if let Some(id) = flag {
        let id: WorkspaceId = id.parse().map_err(|_| format!("bad workspace id {id:?}"))?;
        let all = store.workspace_ids().await.map_err(|e| e.to_string())?;
        return all
            .contains(&id)
            .then_some(id)
            .ok_or(format!("no workspace {id}"));
    }
    match store
        .workspace_ids()
        .await
        .map_err(|e| e.to_string())?
        .as_slice()
    {
        [one] => Ok(*one),
        [] => Err("no workspace yet (omni_inbox create-workspace)".into()),
        _ => Err("several workspaces: say which with --workspace ID".into()),
    }
}

/// How a secret is shown without `--show-secrets`: by the settings page's rule
/// (`domain::channel::secret_hint`), its last four characters ("••••1a2b") when it is long
/// enough that they give nothing away, else only that it is set.
fn hint(secret: &str) -> String {
    match crate::domain::channel::secret_hint(secret) {
        (false, _) => String::new(),
        (true, Some(last4)) => format!("••••{last4}"),
        (true, None) => "set".to_owned(),
    }
}

fn channel_json(c: &ChannelRecord, show_secrets: bool) -> serde_json::Value {
    let secret = |s: &str| {
        if show_secrets {
            s.to_owned()
        } else {
            hint(s)
        }
    };
    serde_json::json!({
        "id": c.id,
        "workspace_id": c.workspace_id,
        "kind": c.kind.as_str(),
        "name": c.name,
        "account_id": c.account_id,
        "webhook_path": c.webhook_key.as_deref().map(|k| webhook_path(c.kind, k)),
        "enabled": c.enabled,
        "last_event_at": c.last_event_at,
        "last_error": c.last_error,
        "secret": secret(&c.credentials.secret),
        "access_token": secret(&c.credentials.access_token),
        "verify_token": secret(&c.credentials.verify_token),
        "extra_id": c.credentials.extra_id,
    })
}

/// `omni_inbox channels …`
pub async fn channels(settings: &Settings, mut args: impl Iterator<Item = String>) -> CliResult {
    let sub = args.next();
    let store = db::connect(&settings.database_url).await?;
    match sub.as_deref() {
        Some("list") => {
            let flags = Flags::parse(args, &["--json", "--show-secrets"])?;
            flags.only(&["--json", "--show-secrets", "--workspace"])?;
            let ws = match flags.value("--workspace") {
                Some(_) => Some(workspace(&store, flags.value("--workspace")).await?),
                None => None,
            };
            let all = store.channel_records(ws).await?;
            let show = flags.has("--show-secrets");
            if flags.has("--json") {
                for c in &all {
                    println!("{}", channel_json(c, show));
                }
            } else {
                for c in &all {
                    let path = c.webhook_key.as_deref().map(|k| webhook_path(c.kind, k));
                    println!(
                        "{:>4}  ws {:<3} {:<10} {:<8} {:<24} {}  {}",
                        c.id.get(),
                        c.workspace_id.get(),
                        c.kind.as_str(),
                        if c.enabled { "enabled" } else { "disabled" },
                        c.account_id,
                        c.name,
                        path.map(|p| format!("{}{p}", settings.public_url))
                            .unwrap_or_default(),
                    );
                }
            }
            Ok(())
        }
        Some("add") => {
            let flags = Flags::parse(args, &["--ask-contact"])?;
            if flags.value("--kind") == Some(ChannelKind::WebChat.as_str()) {
                return add_widget(&store, settings, &flags).await;
            }
            let known = [
                "--kind",
                "--name",
                "--account-id",
                "--secret",
                "--token",
                "--verify-token",
                "--extra-id",
                "--workspace",
            ];
            flags.only(&known)?;
            let kind = flags
                .value("--kind")
                .and_then(ChannelKind::parse)
                .filter(|k| *k != ChannelKind::WebChat)
                .ok_or(format!(
                    "--kind must be messenger, instagram, whatsapp or line\n{CHANNELS_USAGE}"
                ))?;
            let need = |f: &str| {
                flags
                    .value(f)
                    .map(str::to_owned)
                    .ok_or(format!("{f} is needed\n{CHANNELS_USAGE}"))
            };
            let input = ConnectInput {
                workspace: workspace(&store, flags.value("--workspace")).await?,
                kind,
                name: need("--name")?,
                account_id: need("--account-id")?,
                credentials: Credentials {
                    secret: need("--secret")?,
                    access_token: flags.value("--token").unwrap_or_default().to_owned(),
                    verify_token: flags.value("--verify-token").unwrap_or_default().to_owned(),
                    extra_id: flags.value("--extra-id").unwrap_or_default().to_owned(),
                },
            };
            match connect(&store, input, &command_line())
                .await
                .map_err(|e| e.to_string())?
            {
                Ok(c) => {
                    let path = webhook_path(c.kind, c.webhook_key.as_deref().unwrap_or_default());
                    println!(
                        "channel {} connected; its webhook: {}{path}",
                        c.id, settings.public_url
                    );
                    println!("{path}");
                    Ok(())
                }
                Err(refused) => Err(refused.to_string().into()),
            }
        }
        _ => Err(CHANNELS_USAGE.into()),
    }
}

/// `channels add --kind web_chat …`: a website widget; prints its snippet and, this once, its
/// identity secret.
async fn add_widget(store: &Store, settings: &Settings, flags: &Flags) -> CliResult {
    use crate::domain::widget::{snippet, WidgetLook};
    use crate::server::service::widget::{connect, SettingsRefused, WidgetInput};
    flags.only(&[
        "--kind",
        "--name",
        "--origin",
        "--display-name",
        "--colour",
        "--greeting",
        "--ask-contact",
        "--workspace",
    ])?;
    let name = flags
        .value("--name")
        .ok_or(format!("--name is needed\n{CHANNELS_USAGE}"))?;
    let origins = flags.values("--origin");
    if origins.is_empty() {
        return Err(format!(
            "--origin is needed (the website that shows the widget)\n{CHANNELS_USAGE}"
        )
        .into());
    }
    let mut look = WidgetLook::default_for(flags.value("--display-name").unwrap_or(name));
    if let Some(c) = flags.value("--colour") {
        look.colour = c.to_owned();
    }
    look.greeting = flags.value("--greeting").unwrap_or_default().to_owned();
    look.ask_contact = flags.has("--ask-contact");
    let input = WidgetInput {
        name: name.to_owned(),
        origins: origins.join("\n"),
        look,
    };
    let ws = workspace(store, flags.value("--workspace")).await?;
    match connect(store, ws, &input, &command_line())
        .await
        .map_err(|e| e.to_string())?
    {
        Ok(c) => {
            let key = c.widget.channel.webhook_key.clone().unwrap_or_default();
            println!("widget {} connected; paste this into the website's pages:", c.widget.channel.id);
            println!("{}", snippet(&settings.public_url, &key));
            println!("identity secret (shown once; the site's server signs user ids with it):");
            println!("{}", c.identity_secret);
            Ok(())
        }
        Err(SettingsRefused::Name) => Err("--name must be 1 to 80 characters".into()),
        Err(SettingsRefused::Origins(e)) => Err(format!(
            "--origin refused ({e:?}): give each as https://host[:port] (http only for localhost), at most 20"
        )
        .into()),
        Err(SettingsRefused::Look(e)) => Err(format!(
            "the look was refused ({e:?}): --colour is #RRGGBB, --display-name 1 to 60 characters, --greeting at most 300"
        )
        .into()),
    }
}

const SIMULATE_USAGE: &str =
    "usage: omni_inbox simulate --channel messenger|instagram|whatsapp|line|ID
                          --from NAME (--text TEXT | --image URL_OR_MEDIA_ID) [--url BASE_URL]
                          [--workspace ID]";

/// A stable platform id for a simulated customer, from their name (the same `--from` is the
/// same customer every time).
fn sender_id(kind: ChannelKind, name: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(name.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let digits: String = digest.iter().map(|b| char::from(b'0' + b % 10)).collect();
    match kind {
        ChannelKind::Line => format!("U{}", &hex[..32]),
        ChannelKind::WhatsApp => format!("8869{}", &digits[..8]),
        _ => format!("7{}", &digits[..15]),
    }
}

/// `omni_inbox simulate …`: posts one signed customer webhook to a running server.
pub async fn simulate(settings: &Settings, args: impl Iterator<Item = String>) -> CliResult {
    let flags = Flags::parse(args, &[])?;
    flags.only(&[
        "--channel",
        "--from",
        "--text",
        "--image",
        "--url",
        "--workspace",
    ])?;
    let which = flags.value("--channel").ok_or(SIMULATE_USAGE)?;
    let from = flags.value("--from").ok_or(SIMULATE_USAGE)?;
    let content = match (flags.value("--text"), flags.value("--image")) {
        (Some(t), None) => SimContent::Text(t.to_owned()),
        (None, Some(i)) => SimContent::Image {
            media_id_or_url: i.to_owned(),
        },
        _ => return Err(SIMULATE_USAGE.into()),
    };
    let store = db::connect(&settings.database_url).await?;
    let ws = workspace(&store, flags.value("--workspace")).await?;
    let all = store.channel_records(Some(ws)).await?;
    let channel = match which.parse::<i64>() {
        Ok(id) => all.iter().find(|c| c.id.get() == id),
        Err(_) => {
            let kind = ChannelKind::parse(which).ok_or(SIMULATE_USAGE)?;
            all.iter()
                .find(|c| c.kind == kind && c.webhook_key.is_some())
        }
    }
    .ok_or(format!("no connected {which} channel in workspace {ws}"))?;
    let key = channel
        .webhook_key
        .as_deref()
        .ok_or("that channel has no webhook (connect it with `omni_inbox channels add`)")?;
    let now = super::auth::now_millis();
    let unique = format!("sim{now}");
    let sender = sender_id(channel.kind, from);
    let body = customer_message(
        channel.kind,
        &channel.account_id,
        &sender,
        from,
        content,
        now,
        &unique,
    );
    let (header, signature) = sign(channel.kind, channel.credentials.secret.as_bytes(), &body);
    let base = flags
        .value("--url")
        .map(str::to_owned)
        .unwrap_or_else(|| settings.public_url.clone());
    let url = format!(
        "{}{}",
        base.trim_end_matches('/'),
        webhook_path(channel.kind, key)
    );
    let answer = reqwest::Client::new()
        .post(&url)
        .header("content-type", "application/json")
        .header(header, signature)
        .body(body)
        .send()
        .await?;
    let status = answer.status();
    println!("POST {url} → {status}");
    if status.is_success() {
        Ok(())
    } else {
        Err(format!("the server answered {status}").into())
    }
}

/// The command line as the audit log names it.
fn command_line() -> crate::server::db::AuditBy {
    crate::server::db::AuditBy {
        member: None,
        name: "omni_inbox (command line)".into(),
        at: super::auth::now_millis(),
    }
}
