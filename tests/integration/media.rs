//! Attachments end to end against the fake platforms: stored with their message (the list
//! previews their kind), downloaded by the worker through each platform's content API into
//! the file store (WhatsApp media URL with the token, LINE content API, Meta URLs), capped in
//! size, and served through the real router only to members who may see the conversation,
//! never as something a browser runs.

use crate::common::{app_with, as_member, session_cookie, App, NOW};
use crate::permissions::{import_other_workspace, LOGINS};
use http::StatusCode;
use omni_inbox::domain::{ChannelKind, MediaKind, MediaState};
use omni_inbox::server::db::{ChannelRecord, Credentials, Store};
use omni_inbox::server::fake::media::generated_png;
use omni_inbox::server::fake::webhook::{customer_message, SimContent};
use omni_inbox::server::fake::{self, Running};
use omni_inbox::server::platform::Platforms;
use omni_inbox::server::service::channel::{connect, ConnectInput};
use omni_inbox::server::service::media::fetch_due;
use omni_inbox::server::worker::process_pending;
use omni_inbox::wire::{AttachmentView, ThreadItem, View};

pub(crate) struct Rig {
    pub app: App,
    pub fake: Running,
    pub platforms: Platforms,
    pub dir: TempDir,
}

/// How many files `dir` holds, in every folder under it.
pub(crate) fn files_under(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |entries| {
        entries
            .flatten()
            .map(|e| {
                if e.path().is_dir() {
                    files_under(&e.path())
                } else {
                    1
                }
            })
            .sum()
    })
}

/// A fresh folder for the file store, removed afterwards.
pub(crate) struct TempDir(std::path::PathBuf);

impl TempDir {
    pub(crate) fn new() -> TempDir {
        use std::sync::atomic::{AtomicU32, Ordering};
        static N: AtomicU32 = AtomicU32::new(0);
        let path = std::env::temp_dir().join(format!(
            "omni-inbox-files-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    pub fn path(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub(crate) async fn rig() -> Rig {
    let dir = TempDir::new();
    let path = dir.path().display().to_string();
    let app = app_with(&[("APP_SEED_DEMO", "true"), ("APP_FILES_DIR", path.as_str())]).await;
    let fake = fake::start("127.0.0.1:0").await.unwrap();
    let urls = fake.base_urls();
    let platforms = Platforms::new(urls.platform_urls());
    Rig {
        app,
        fake,
        platforms,
        dir,
    }
}

impl Rig {
    fn store(&self) -> &Store {
        &self.app.db.store
    }

    pub async fn channel(&self, kind: ChannelKind, account: &str) -> ChannelRecord {
        let admin = as_member(self.store(), "admin@demo.test").await;
        let input = ConnectInput {
            workspace: admin.workspace_id,
            kind,
            name: format!("{} media", kind.as_str()),
            account_id: account.to_owned(),
            credentials: Credentials {
                secret: "secret".into(),
                access_token: format!("{}-token", kind.as_str()),
                verify_token: "verify".into(),
                extra_id: String::new(),
            },
        };
        connect(self.store(), input, &crate::common::by_test())
            .await
            .unwrap()
            .unwrap()
    }

    /// `sender` (named `name`) sends an image whose bytes the platform keeps under `media`.
    async fn image_from(&self, c: &ChannelRecord, sender: &str, name: &str, media: &str) {
        let body = customer_message(
            c.kind,
            &c.account_id,
            sender,
            name,
            SimContent::Image {
                media_id_or_url: media.to_owned(),
            },
            NOW,
            &format!("{sender}-{media}"),
        );
        self.store()
            .store_inbound_body(c, &body, NOW)
            .await
            .unwrap();
        process_pending(self.store(), None).await.unwrap();
    }

    async fn download(&self) {
        while fetch_due(self.store(), &self.platforms, self.dir.path(), NOW)
            .await
            .unwrap()
            > 0
        {}
    }

    /// The conversation of `name` in Pending · Human, and its first message's attachments.
    async fn attachments_of(
        &self,
        name: &str,
    ) -> (omni_inbox::domain::ConversationId, Vec<AttachmentView>) {
        let admin = as_member(self.store(), "admin@demo.test").await;
        let mut q = crate::common::list_query(&admin, View::PendingHuman, 500);
        q.sort = omni_inbox::domain::sorting::Sort::Newest;
        let row = self
            .store()
            .list_conversations(&q)
            .await
            .unwrap()
            .rows
            .into_iter()
            .find(|r| r.customer_name == name)
            .expect("the customer's conversation");
        assert_eq!(row.last_message_preview, "[image]");
        let detail = self
            .store()
            .conversation_detail(admin.workspace_id, row.id, 50)
            .await
            .unwrap()
            .unwrap();
        let attachments = detail
            .items
            .into_iter()
            .find_map(|i| match i {
                ThreadItem::Message { attachments, .. } if !attachments.is_empty() => {
                    Some(attachments)
                }
                _ => None,
            })
            .expect("a message with attachments");
        (row.id, attachments)
    }

    async fn get(&self, id: i64, login: Option<&str>) -> crate::common::http::RawReply {
        let cookie = match login {
            Some(l) => Some(session_cookie(&self.app.login(l, "demo1234").await)),
            None => None,
        };
        self.app
            .send_bytes(crate::common::get_request(
                &format!("/files/{id}"),
                cookie.as_deref(),
            ))
            .await
    }
}

#[tokio::test]
async fn a_whatsapp_image_is_downloaded_and_shown_only_to_members_who_may_see_it() {
    let r = rig().await;
    let wa = r.channel(ChannelKind::WhatsApp, "106540352200088").await;
    let png = generated_png("whatsapp image");
    r.fake
        .state
        .register_media("1122334455", "image/png", png.clone());
    r.image_from(&wa, "886912000088", "Image Sender", "1122334455")
        .await;
    let (id, attachments) = r.attachments_of("Image Sender").await;
    assert_eq!(attachments.len(), 1);
    assert_eq!(
        (attachments[0].kind, attachments[0].state),
        (MediaKind::Image, MediaState::Pending)
    );
    r.download().await;
    let (_, attachments) = r.attachments_of("Image Sender").await;
    let a = &attachments[0];
    assert_eq!((a.state, a.inline), (MediaState::Stored, true));
    assert_eq!(a.size, Some(png.len() as i64));
    // The platform was asked with the channel's token, for the media URL and then the bytes.
    let asked: Vec<_> = r
        .fake
        .state
        .requests()
        .into_iter()
        .filter(|q| q.method == "GET")
        .map(|q| (q.path, q.headers.get("authorization").cloned()))
        .collect();
    assert!(asked.len() >= 2, "{asked:?}");
    assert!(asked
        .iter()
        .all(|(_, auth)| auth.as_deref() == Some("Bearer whatsapp-token")));

    // Served as an image, safely, to whoever may open the conversation; to nobody else.
    for login in LOGINS {
        let who = as_member(r.store(), login).await;
        let may = omni_inbox::server::service::conversation::visible(r.store(), &who, id)
            .await
            .is_ok();
        let reply = r.get(a.id, Some(login)).await;
        if may {
            assert_eq!(reply.status, StatusCode::OK, "{login}");
            assert_eq!(reply.bytes, png, "{login}");
            assert_eq!(reply.headers["content-type"], "image/png");
            assert_eq!(reply.headers["x-content-type-options"], "nosniff");
            assert!(reply.headers["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("sandbox"));
            assert!(reply.headers["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("inline"));
        } else {
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{login}");
        }
    }
    assert_eq!(r.get(a.id, None).await.status, StatusCode::UNAUTHORIZED);
    import_other_workspace(r.store()).await;
    assert_eq!(
        r.get(a.id, Some("other.supervisor@demo.test")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        r.get(a.id + 1000, Some("admin@demo.test")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_line_file_that_is_really_html_is_only_ever_a_download() {
    let r = rig().await;
    let line = r
        .channel(ChannelKind::Line, "U0000000000000000000000000000b88")
        .await;
    r.fake.state.register_media(
        "600000000000000088",
        "image/jpeg",
        b"<html><script>alert(document.cookie)</script></html>".to_vec(),
    );
    r.image_from(
        &line,
        "U80000000000000000000000000000001",
        "LINE Sender",
        "600000000000000088",
    )
    .await;
    r.download().await;
    let (_, attachments) = r.attachments_of("LINE 000001").await;
    let a = &attachments[0];
    // Stored, but its bytes are not an image: never shown inline.
    assert_eq!((a.state, a.inline), (MediaState::Stored, false));
    let reply = r.get(a.id, Some("admin@demo.test")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers["content-type"], "application/octet-stream");
    assert!(reply.headers["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    let requests = r.fake.state.requests();
    assert!(
        requests.iter().any(|q| q
            .path
            .ends_with("/v2/bot/message/600000000000000088/content")),
        "LINE's content API was asked: {requests:?}"
    );
}

#[tokio::test]
async fn an_attachment_over_the_cap_is_refused_without_keeping_anything() {
    let r = rig().await;
    let wa = r.channel(ChannelKind::WhatsApp, "106540352200089").await;
    let big = vec![0u8; (omni_inbox::domain::media::MAX_MEDIA_BYTES + 1) as usize];
    r.fake.state.register_media("99887766", "video/mp4", big);
    r.image_from(&wa, "886912000089", "Big Sender", "99887766")
        .await;
    r.download().await;
    let (_, attachments) = r.attachments_of("Big Sender").await;
    assert_eq!(attachments[0].state, MediaState::Failed);
    let kept = std::fs::read_dir(r.dir.path())
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(kept, 0, "nothing kept in the file store");
}

crate::common::engine_test!(
    two_workers_never_claim_the_same_download,
    flavor = "multi_thread",
    worker_threads = 4
);
async fn two_workers_never_claim_the_same_download(db: crate::common::TestDb) {
    let s = &db.store;
    s.import(&omni_inbox::server::demo::dataset(
        NOW,
        &crate::common::demo_hash(),
    ))
    .await
    .unwrap();
    let admin = as_member(s, "admin@demo.test").await;
    let input = ConnectInput {
        workspace: admin.workspace_id,
        kind: ChannelKind::WhatsApp,
        name: "WhatsApp claims".into(),
        account_id: "106540352200090".into(),
        credentials: Credentials {
            secret: "secret".into(),
            access_token: "token".into(),
            verify_token: "verify".into(),
            extra_id: String::new(),
        },
    };
    let wa = connect(s, input, &crate::common::by_test())
        .await
        .unwrap()
        .unwrap();
    for i in 0..12 {
        let body = customer_message(
            ChannelKind::WhatsApp,
            &wa.account_id,
            &format!("88691200090{i:02}"),
            "Claimer",
            SimContent::Image {
                media_id_or_url: format!("5550{i}"),
            },
            NOW,
            &format!("claim-{i}"),
        );
        s.store_inbound_body(&wa, &body, NOW).await.unwrap();
    }
    process_pending(s, None).await.unwrap();
    let (a, b) = tokio::join!(s.claim_media(8, NOW, 60_000), s.claim_media(8, NOW, 60_000));
    let (a, b) = (a.unwrap(), b.unwrap());
    let mut ids: Vec<i64> = a.iter().chain(&b).map(|j| j.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), a.len() + b.len(), "a download was claimed twice");
    assert_eq!(ids.len(), 12);
    assert!(a.iter().chain(&b).all(|j| j.channel_kind == ChannelKind::WhatsApp
        && matches!(&j.source, omni_inbox::server::db::MediaSource::Platform(id) if id.starts_with("5550"))));
    // Leased: nobody takes them again until the lease runs out.
    assert!(s
        .claim_media(20, NOW + 1_000, 60_000)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        s.claim_media(20, NOW + 61_000, 60_000).await.unwrap().len(),
        12
    );
}
