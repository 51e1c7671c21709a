//! Files sent from the composer (`POST /conversations/{id}/files`), through the real router:
//! kept in the file store with their reply and queued in one transaction, sent to each
//! platform as the kind it shows (an image, a WhatsApp document, a LINE link) from a public
//! address the platform fetches without a session; refused by the same rights and window as a
//! text reply, by size before anything is read, and leaving no file behind when refused.

use crate::common::{as_member, session_cookie};
use crate::media::{rig, Rig};
use crate::permissions::{import_other_workspace, LOGINS};
use axum::body::Body;
use http::{header, Request, StatusCode};
use omni_inbox::domain::actions::may_reply;
use omni_inbox::domain::media::MAX_UPLOAD_BYTES;
use omni_inbox::domain::{ChannelKind, ConversationId, MediaKind, MediaState, Millis};
use omni_inbox::server::auth::now_millis;
use omni_inbox::server::db::ChannelRecord;
use omni_inbox::server::fake::media::generated_png;
use omni_inbox::server::fake::webhook::{customer_message, SimContent};
use omni_inbox::server::service::conversation::{act, visible, Act};
use omni_inbox::server::service::outbound::send_due;
use omni_inbox::server::worker::process_pending;
use omni_inbox::wire::ThreadItem;
use serde_json::Value;

const PAGE: &str = "104700000000091";
const WA_NUMBER: &str = "106540352200091";
const LINE_BOT: &str = "U0000000000000000000000000000b91";
const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

impl Rig {
    /// The customer `sender` writes at `at`; their conversation, followed up by the admin.
    pub(crate) async fn customer_writes(
        &self,
        c: &ChannelRecord,
        sender: &str,
        at: Millis,
    ) -> ConversationId {
        let s = &self.app.db.store;
        let body = customer_message(
            c.kind,
            &c.account_id,
            sender,
            &format!("Customer {sender}"),
            SimContent::Text("hello".into()),
            at,
            &format!("{sender}-{at}"),
        );
        s.store_inbound_body(c, &body, at).await.unwrap();
        process_pending(s, None).await.unwrap();
        let admin = as_member(s, "admin@demo.test").await;
        let target = s
            .resolve_inbound(
                c.workspace_id,
                c.id,
                sender,
                "?",
                omni_inbox::domain::Handler::Human,
                at,
            )
            .await
            .unwrap();
        let omni_inbox::server::db::InboundTarget::Conversation(id) = target else {
            panic!("{target:?}")
        };
        let rec = s
            .conversation(admin.workspace_id, id, Some(admin.member_id))
            .await
            .unwrap()
            .unwrap();
        act(s, &admin, id, rec.version, Act::FollowUp, at)
            .await
            .unwrap();
        id
    }

    /// Posts `bytes` as a file named `name` to the conversation, as `login` (none: no session).
    async fn upload(
        &self,
        id: ConversationId,
        login: Option<&str>,
        name: &str,
        bytes: Vec<u8>,
        extra: &[(&str, &str)],
    ) -> (StatusCode, Value) {
        let path = format!("/conversations/{id}/files");
        self.post_file(&path, login, name, bytes, extra).await
    }

    /// Posts `bytes` as a file named `name` to an upload route, as `login` (none: no session).
    pub(crate) async fn post_file(
        &self,
        path: &str,
        login: Option<&str>,
        name: &str,
        bytes: Vec<u8>,
        extra: &[(&str, &str)],
    ) -> (StatusCode, Value) {
        let mut b = Request::post(path)
            .header(header::HOST, "127.0.0.1:3000")
            .header("x-file-name", name);
        if let Some(l) = login {
            let cookie = session_cookie(&self.app.login(l, "demo1234").await);
            b = b.header(header::COOKIE, cookie);
        }
        for (k, v) in extra {
            b = b.header(*k, *v);
        }
        let mut req = b.body(Body::from(bytes)).unwrap();
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
                [127, 0, 0, 1],
                40000,
            ))));
        let reply = self.app.send_bytes(req).await;
        let json = serde_json::from_slice(&reply.bytes).unwrap_or(Value::Null);
        (reply.status, json)
    }

    /// Sends what is queued, and the request the platform got last.
    pub(crate) async fn sent(&self) -> omni_inbox::server::fake::recorder::Recorded {
        send_due(
            &self.app.db.store,
            &self.platforms,
            "test-claim",
            now_millis,
        )
        .await
        .unwrap();
        self.fake
            .state
            .requests()
            .into_iter()
            .rfind(|q| q.method == "POST")
            .expect("a send")
    }

    /// Fetches a public file address the way the platform does: no session.
    pub(crate) async fn fetch_public(&self, url: &str) -> crate::common::http::RawReply {
        let path = url
            .strip_prefix("http://localhost:3000")
            .unwrap_or_else(|| panic!("{url} is not under the public address"));
        self.app
            .send_bytes(crate::common::get_request(path, None))
            .await
    }

    pub(crate) fn stored_files(&self) -> usize {
        crate::media::files_under(self.dir.path())
    }
}

#[tokio::test]
async fn a_file_from_the_composer_reaches_each_platform_from_its_public_address() {
    let r = rig().await;
    let now = now_millis();
    let s = &r.app.db.store;
    let admin = as_member(s, "admin@demo.test").await;
    let png = generated_png("sent from the composer");

    // Messenger: an image, fetched by the platform from the public address.
    let messenger = r.channel(ChannelKind::Messenger, PAGE).await;
    let id = r.customer_writes(&messenger, "7000000000000091", now).await;
    let (status, json) = r
        .upload(
            id,
            Some("admin@demo.test"),
            "%E5%9C%96.png",
            png.clone(),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert!(json["id"].as_i64().is_some(), "{json}");
    let detail = s
        .conversation_detail(admin.workspace_id, id, 50)
        .await
        .unwrap()
        .unwrap();
    let attachment = detail
        .items
        .iter()
        .find_map(|i| match i {
            ThreadItem::Message { attachments, .. } if !attachments.is_empty() => {
                Some(attachments[0].clone())
            }
            _ => None,
        })
        .expect("the reply carries the file");
    assert_eq!(
        (attachment.kind, attachment.state, attachment.inline),
        (MediaKind::Image, MediaState::Stored, true)
    );
    assert_eq!(attachment.file_name.as_deref(), Some("圖.png"));
    assert_eq!(attachment.size, Some(png.len() as i64));
    // Members open it like any attachment.
    let cookie = session_cookie(&r.app.login("admin@demo.test", "demo1234").await);
    let own = r
        .app
        .send_bytes(crate::common::get_request(
            &format!("/files/{}", attachment.id),
            Some(&cookie),
        ))
        .await;
    assert_eq!(
        (own.status, own.bytes.clone()),
        (StatusCode::OK, png.clone())
    );

    let sent = r.sent().await;
    assert!(sent.path.ends_with("/me/messages"), "{}", sent.path);
    let payload = &sent.body["message"]["attachment"];
    assert_eq!(payload["type"], "image", "{}", sent.body);
    let url = payload["payload"]["url"].as_str().unwrap();
    let fetched = r.fetch_public(url).await;
    assert_eq!(fetched.status, StatusCode::OK);
    assert_eq!(fetched.bytes, png);
    assert_eq!(fetched.headers["content-type"], "image/png");
    assert_eq!(fetched.headers["x-content-type-options"], "nosniff");

    // WhatsApp: a PDF goes as a document with its name.
    let wa = r.channel(ChannelKind::WhatsApp, WA_NUMBER).await;
    let id = r.customer_writes(&wa, "886912000091", now).await;
    let (status, _) = r
        .upload(id, Some("admin@demo.test"), "quote.pdf", PDF.to_vec(), &[])
        .await;
    assert_eq!(status, StatusCode::OK);
    let sent = r.sent().await;
    assert_eq!(sent.body["type"], "document", "{}", sent.body);
    assert_eq!(sent.body["document"]["filename"], "quote.pdf");
    let fetched = r
        .fetch_public(sent.body["document"]["link"].as_str().unwrap())
        .await;
    assert_eq!(fetched.bytes, PDF);
    // Never shown by a browser: a download.
    assert_eq!(fetched.headers["content-type"], "application/octet-stream");
    assert!(fetched.headers["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));

    // LINE: an image as an image message; a file, which LINE cannot carry, as a link.
    let line = r.channel(ChannelKind::Line, LINE_BOT).await;
    let id = r
        .customer_writes(&line, "U91000000000000000000000000000001", now)
        .await;
    let (status, _) = r
        .upload(id, Some("admin@demo.test"), "photo.png", png.clone(), &[])
        .await;
    assert_eq!(status, StatusCode::OK);
    let sent = r.sent().await;
    let message = &sent.body["messages"][0];
    assert_eq!(message["type"], "image", "{}", sent.body);
    assert_eq!(message["originalContentUrl"], message["previewImageUrl"]);
    assert_eq!(
        r.fetch_public(message["originalContentUrl"].as_str().unwrap())
            .await
            .bytes,
        png
    );
    let (status, _) = r
        .upload(id, Some("admin@demo.test"), "quote.pdf", PDF.to_vec(), &[])
        .await;
    assert_eq!(status, StatusCode::OK);
    let sent = r.sent().await;
    let message = &sent.body["messages"][0];
    assert_eq!(message["type"], "text", "{}", sent.body);
    let text = message["text"].as_str().unwrap();
    assert!(text.starts_with("quote.pdf\n"), "{text}");
    assert_eq!(
        r.fetch_public(&text["quote.pdf\n".len()..]).await.bytes,
        PDF
    );

    // Nothing else is public: a guessed, malformed or lapsed address finds nothing.
    for path in [
        format!("/media/{}", "0".repeat(64)),
        "/media/../files/1".to_owned(),
        "/media/abc".to_owned(),
    ] {
        let reply = r
            .app
            .send_bytes(crate::common::get_request(&path, None))
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
    }
    let token = url.rsplit('/').next().unwrap();
    let month = omni_inbox::domain::media::PUBLIC_MEDIA_MILLIS;
    assert!(s.public_file(token, now + 1000).await.unwrap().is_some());
    assert!(s
        .public_file(token, now + month + 60_000)
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn a_file_is_refused_by_the_same_rights_as_a_reply_and_by_its_size_before_it_is_read() {
    let r = rig().await;
    let now = now_millis();
    let s = &r.app.db.store;
    let png = generated_png("refused");
    let messenger = r.channel(ChannelKind::Messenger, PAGE).await;
    let id = r.customer_writes(&messenger, "7000000000000092", now).await;
    import_other_workspace(s).await;

    // Signed out, another workspace, a cross-site page.
    let (status, _) = r.upload(id, None, "a.png", png.clone(), &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = r
        .upload(
            id,
            Some("other.supervisor@demo.test"),
            "a.png",
            png.clone(),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = r
        .upload(
            id,
            Some("admin@demo.test"),
            "a.png",
            png.clone(),
            &[("origin", "https://evil.example")],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(r.stored_files(), 0);

    // Every role: exactly where a text reply is allowed.
    for login in LOGINS {
        let who = as_member(s, login).await;
        let expected = match visible(s, &who, id).await {
            Err(_) => StatusCode::NOT_FOUND,
            Ok(rec) => match may_reply(&who.actor(), &rec.facts) {
                Ok(()) => StatusCode::OK,
                Err(_) => StatusCode::FORBIDDEN,
            },
        };
        let (status, json) = r.upload(id, Some(login), "a.png", png.clone(), &[]).await;
        assert_eq!(status, expected, "{login}: {json}");
    }
    let written = r.stored_files();
    assert!(written >= 1, "the admin at least sends");

    // Too big: refused on the declared size, and on the bytes when none is declared.
    let big = (MAX_UPLOAD_BYTES + 1).to_string();
    let (status, json) = r
        .upload(
            id,
            Some("admin@demo.test"),
            "big.bin",
            b"tiny".to_vec(),
            &[("content-length", big.as_str())],
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{json}");
    assert!(
        json["TooLarge"]
            .as_str()
            .is_some_and(|m| m.contains("10.0 MB")),
        "{json}"
    );
    let (status, _) = r
        .upload(
            id,
            Some("admin@demo.test"),
            "big.bin",
            vec![7u8; MAX_UPLOAD_BYTES as usize + 1],
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let (status, _) = r
        .upload(id, Some("admin@demo.test"), "empty.png", Vec::new(), &[])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(r.stored_files(), written, "a refused file is never kept");

    // Outside WhatsApp's window: refused before anything is kept or queued.
    let wa = r.channel(ChannelKind::WhatsApp, WA_NUMBER).await;
    let day = 24 * 60 * 60 * 1000;
    let late = r.customer_writes(&wa, "886912000092", now - 2 * day).await;
    let (status, json) = r
        .upload(late, Some("admin@demo.test"), "a.png", png.clone(), &[])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{json}");
    assert_eq!(r.stored_files(), written);
}
