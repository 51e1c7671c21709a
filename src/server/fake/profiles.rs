//! Customer profiles the fake answers with: names registered with `POST /_fake/profiles
//! {"id", "name", "picture_url"?, "language"?}`, or a name drawn deterministically from the id.

use super::request::{bad_control, json};
use super::state::{lock, FakeState};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;

/// A customer as the platform knows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FakeProfile {
    pub id: String,
    pub name: String,
    /// Default: the generated image at `/cdn/avatar-{id}.png` on this server.
    #[serde(default)]
    pub picture_url: Option<String>,
    /// LINE's `language` (default `zh-TW`).
    #[serde(default)]
    pub language: Option<String>,
}

#[derive(Default)]
pub(super) struct Profiles {
    items: Mutex<HashMap<String, FakeProfile>>,
}

impl Profiles {
    /// The registered profile, or the default one for `id`.
    pub fn get(&self, id: &str) -> FakeProfile {
        lock(&self.items)
            .get(id)
            .cloned()
            .unwrap_or_else(|| FakeProfile {
                id: id.to_owned(),
                name: default_name(id),
                picture_url: None,
                language: None,
            })
    }

    pub fn set(&self, profile: FakeProfile) {
        lock(&self.items).insert(profile.id.clone(), profile);
    }

    pub fn clear(&self) {
        lock(&self.items).clear();
    }
}

impl FakeState {
    /// Registers the name the platforms give for customer `id`.
    pub fn register_profile(&self, id: &str, name: &str) {
        self.inner.profiles.set(FakeProfile {
            id: id.to_owned(),
            name: name.to_owned(),
            picture_url: None,
            language: None,
        });
    }
}

const FIRST: &[&str] = &[
    "Alex", "Mei", "Yuki", "Sam", "Jun", "Lena", "Omar", "Ana", "Kai", "Noor",
];
const LAST: &[&str] = &[
    "Chen", "Lin", "Wang", "Sato", "Kim", "Silva", "Smith", "Nguyen", "Huang", "Tan",
];

/// A stable name for an id nobody registered (`"Mei Sato"`).
pub fn default_name(id: &str) -> String {
    let h = Sha256::digest(id.as_bytes());
    format!(
        "{} {}",
        FIRST[usize::from(h[0]) % FIRST.len()],
        LAST[usize::from(h[1]) % LAST.len()]
    )
}

/// Splits a name into first and last for Graph (`"Mei Sato"` → `("Mei", "Sato")`; a name
/// without a space is all first name).
pub(super) fn split_name(name: &str) -> (String, String) {
    match name.trim().split_once(' ') {
        Some((first, last)) => (first.to_owned(), last.trim().to_owned()),
        None => (name.trim().to_owned(), String::new()),
    }
}

/// `POST /_fake/profiles`.
pub(super) async fn register(State(state): State<FakeState>, body: axum::body::Bytes) -> Response {
    let profile: FakeProfile = match serde_json::from_slice(&body) {
        Ok(p) => p,
        Err(e) => return bad_control(format!("profile: {e}")),
    };
    if profile.id.trim().is_empty() || profile.name.trim().is_empty() {
        return bad_control("id and name must not be empty");
    }
    let answer = serde_json::to_value(&profile).unwrap_or_default();
    state.inner.profiles.set(profile);
    json(StatusCode::OK, &answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_names_are_stable_and_names_split() {
        assert_eq!(
            default_name("7012345678901234"),
            default_name("7012345678901234")
        );
        assert!(default_name("x").contains(' '));
        assert_eq!(split_name("Mei Sato"), ("Mei".into(), "Sato".into()));
        assert_eq!(split_name("王小明"), ("王小明".into(), String::new()));
    }
}
