//! The generated workspace's header: its stores, its team (a realistic mix of roles), its five
//! channels and its customer tags.

use crate::domain::{ChannelKind, Lang, Millis, Role};
use crate::server::db::dataset::{ChannelSeed, Dataset, MemberSeed};
use crate::server::demo::{content, person_name};
use rand::rngs::StdRng;
use rand::Rng;

/// The email domain of every generated login (`admin@generated.test`, `agent1@…`).
pub const DOMAIN: &str = "generated.test";

/// The smallest team that has every role.
pub const MIN_MEMBERS: usize = 6;

/// Branches as (region index, name); members of the sales roles belong to one of them.
const BRANCHES: &[(usize, &str)] = &[
    (0, "信義店"),
    (0, "板橋店"),
    (0, "南西店"),
    (1, "台中公益店"),
    (1, "台南西門店"),
    (1, "高雄巨蛋店"),
];

/// How many members of each role a team of `members` has: one admin, one supervisor and one
/// customer-service manager; a sales manager per 15 members and a sales rep per 5 (at least
/// one each); agents for the rest. `members` must be at least [`MIN_MEMBERS`].
pub fn roles(members: usize) -> Vec<Role> {
    let managers = (members / 15).max(1);
    let reps = (members / 5).max(1);
    let mut out = vec![Role::Admin, Role::Supervisor, Role::CsManager];
    out.extend(std::iter::repeat_n(
        Role::Agent,
        members.saturating_sub(3 + managers + reps),
    ));
    out.extend(std::iter::repeat_n(Role::SalesManager, managers));
    out.extend(std::iter::repeat_n(Role::SalesRep, reps));
    out
}

/// The login of the `n`-th member (counting from 1) with `role`.
fn email(role: Role, n: usize) -> String {
    match role {
        Role::Admin => format!("admin@{DOMAIN}"),
        Role::Supervisor => format!("supervisor@{DOMAIN}"),
        Role::CsManager => format!("csmanager@{DOMAIN}"),
        Role::Agent => format!("agent{n}@{DOMAIN}"),
        Role::SalesManager => format!("salesmanager{n}@{DOMAIN}"),
        Role::SalesRep => format!("salesrep{n}@{DOMAIN}"),
    }
}

/// The workspace without customers and conversations; every member gets `password_hash`.
pub fn header(
    rng: &mut StdRng,
    conversations: usize,
    members: usize,
    password_hash: &str,
    now: Millis,
) -> Dataset {
    let mut d = Dataset {
        name: format!("森好生活 Senhao Living · {conversations} conversations"),
        created_at: now - 400 * super::DAY,
        regions: vec!["北部 North".into(), "中南部 Central & South".into()],
        branches: BRANCHES
            .iter()
            .map(|(r, name)| (*r, (*name).to_owned()))
            .collect(),
        ..Dataset::default()
    };
    let mut seen = std::collections::HashMap::new();
    for role in roles(members) {
        let n = seen.entry(role).or_insert(0);
        *n += 1;
        let branch =
            matches!(role, Role::SalesManager | Role::SalesRep).then(|| (*n - 1) % BRANCHES.len());
        let en = rng.gen_bool(0.2);
        let name = person_name(rng, !en);
        d.members.push(MemberSeed {
            email: email(role, *n),
            name,
            password_hash: password_hash.to_owned(),
            role,
            region: branch.map(|b| BRANCHES[b].0),
            branch,
            lang: if en { Lang::En } else { Lang::ZhTw },
        });
    }
    d.channels = [
        (ChannelKind::WebChat, "官網即時對話 Website chat"),
        (ChannelKind::Messenger, "森好生活 Facebook"),
        (ChannelKind::Line, "森好生活 LINE 官方帳號"),
        (ChannelKind::WhatsApp, "WhatsApp +886 2 2720 0001"),
        (ChannelKind::Instagram, "@senhao.living.generated"),
    ]
    .into_iter()
    .map(|(kind, name)| ChannelSeed {
        kind,
        name: name.into(),
        external_id: format!("{DOMAIN}-{}", kind.as_str()),
        branch: None,
    })
    .collect();
    d.tags = content::TAGS
        .iter()
        .map(|(zh, en)| format!("{zh} {en}"))
        .collect();
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_team_size_has_every_role() {
        for members in [MIN_MEMBERS, 7, 10, 30, 100] {
            let roles = roles(members);
            assert_eq!(roles.len(), members, "{members}");
            for role in Role::ALL {
                assert!(roles.contains(role), "{role} in a team of {members}");
            }
        }
        let thirty = roles(30);
        let agents = thirty.iter().filter(|r| **r == Role::Agent).count();
        assert_eq!(agents, 19);
    }
}
