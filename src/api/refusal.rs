//! The service's refusals as the member reads them: one text per refusal, in their language,
//! with the HTTP status that goes with it. Server only.

use super::ctx;
use crate::domain::{Lang, Status};
use crate::i18n::{input_message, locked_message, t, taken_by, Key};
use crate::server::auth::now_millis;
use crate::server::service::{AccountRefused, Missing, ServiceError};
use crate::wire::AppError;

/// `e` in the member's language.
pub fn answer(lang: Lang, e: ServiceError) -> AppError {
    let invalid = |field: Option<&str>, message: String| AppError::Invalid {
        field: field.map(str::to_owned),
        message,
    };
    match e {
        ServiceError::NotFound(what) => AppError::NotFound(
            t(
                lang,
                match what {
                    Missing::Conversation | Missing::Customer => Key::ConversationNotFound,
                    Missing::Member => Key::MemberNotFound,
                    Missing::BlockedCustomer => Key::NotBlacklisted,
                    Missing::Channel => Key::ChannelNotFound,
                    Missing::FailedReply => Key::NoFailedReply,
                    Missing::BotRule => Key::BotRuleNotFound,
                    Missing::BotFlow => Key::BotFlowNotFound,
                    Missing::Region => Key::RegionNotFound,
                    Missing::Branch => Key::BranchNotFound,
                    Missing::Tag => Key::TagNotFound,
                    Missing::SavedReply => Key::SavedReplyNotFound,
                },
            )
            .into(),
        ),
        ServiceError::NotAllowed => AppError::Forbidden(t(lang, Key::NotAllowed).into()),
        ServiceError::Denied(d) => AppError::Forbidden(d.reason(lang).into()),
        ServiceError::Transition(i) => invalid(None, i.reason(lang).into()),
        ServiceError::Changed {
            owner_name: Some(owner),
            now,
            ..
        } if now.status() == Status::InProgress => AppError::Conflict(taken_by(lang, &owner)),
        ServiceError::Changed { .. } => AppError::Conflict(t(lang, Key::JustChanged).into()),
        ServiceError::Collab(crate::domain::collaboration::CollabRefused::Denied(d)) => {
            AppError::Forbidden(d.reason(lang).into())
        }
        ServiceError::Collab(r) => invalid(None, r.reason(lang).into()),
        ServiceError::Reply(r) => AppError::Forbidden(r.reason(lang).into()),
        ServiceError::Input(i) => invalid(Some(i.field()), input_message(lang, i)),
        ServiceError::Profile(p) => invalid(Some(p.field().as_str()), p.reason(lang).into()),
        ServiceError::Batch(r @ crate::domain::batch::Refused::RoleMayNot) => {
            AppError::Forbidden(r.reason(lang).into())
        }
        ServiceError::Batch(r) => invalid(Some("selected"), r.reason(lang).into()),
        ServiceError::KeyReused => AppError::Conflict(t(lang, Key::BatchKeyReused).into()),
        ServiceError::Account(a) => match a {
            AccountRefused::BadCredentials => {
                invalid(Some("password"), t(lang, Key::BadCredentials).into())
            }
            AccountRefused::WrongCurrentPassword => {
                invalid(Some("current"), t(lang, Key::WrongCurrentPassword).into())
            }
            AccountRefused::Inactive => AppError::Forbidden(t(lang, Key::Inactive).into()),
            AccountRefused::LinkExpired => AppError::NotFound(t(lang, Key::LinkExpired).into()),
        },
        ServiceError::Team(p) => team(lang, p),
        ServiceError::SavedReply(p) => invalid(
            Some(p.field()).filter(|f| !f.is_empty()),
            crate::i18n::replies::problem(lang, p).to_owned(),
        ),
        ServiceError::Snooze(p) => invalid(
            Some(crate::i18n::day::snooze_field(p)),
            crate::i18n::day::snooze_problem(lang, p).to_owned(),
        ),
        ServiceError::Channel(kind, r) => {
            use crate::domain::channel::ConnectProblem;
            let problem = crate::server::service::channel::problem(&r);
            let message = problem.reason(lang, kind);
            match problem {
                ConnectProblem::AlreadyConnected => AppError::Conflict(message),
                ConnectProblem::WebChatNotHere => invalid(Some("kind"), message),
                ConnectProblem::Field { field, .. } => invalid(Some(field.key()), message),
            }
        }
        ServiceError::Locked { until } => AppError::TooManyAttempts(locked_message(
            lang,
            (until - now_millis() + 59_999) / 60_000,
        )),
        ServiceError::Busy => AppError::Unavailable(t(lang, Key::Busy).into()),
        ServiceError::TooOften => AppError::TooManyAttempts(t(lang, Key::TooOften).into()),
        ServiceError::Db(e) => ctx::internal(lang, e),
        ServiceError::Internal(e) => ctx::internal(lang, e),
    }
}

/// A widget's settings refused (nothing saved), in the member's language, naming the form's
/// field.
pub fn widget_settings(lang: Lang, r: crate::server::service::widget::SettingsRefused) -> AppError {
    use crate::server::service::widget::SettingsRefused as R;
    let (field, message) = match r {
        R::Name => ("name", t(lang, Key::WidgetNameRule)),
        R::Origins(o) => ("origins", o.reason(lang)),
        R::Look(l) => (l.field(), l.reason(lang)),
    };
    AppError::Invalid {
        field: Some(field.to_owned()),
        message: message.to_owned(),
    }
}

/// A refused bot edit, naming the form field it is about.
pub fn bot(lang: Lang, p: crate::domain::bot::config::Problem) -> AppError {
    AppError::Invalid {
        field: Some(crate::i18n::bot::field(p).to_owned()),
        message: crate::i18n::bot::problem(lang, p).to_owned(),
    }
}

/// A refused team edit: only an admin manages admins (403), the last admin stays (409),
/// anything else names its form field (400).
pub fn team(lang: Lang, p: crate::domain::team::TeamProblem) -> AppError {
    use crate::domain::team::TeamProblem as P;
    let message = crate::i18n::admin::problem(lang, p).to_owned();
    match p {
        P::AdminsOnly => AppError::Forbidden(message),
        P::LastAdmin => AppError::Conflict(message),
        _ => AppError::Invalid {
            field: (!p.field().is_empty()).then(|| p.field().to_owned()),
            message,
        },
    }
}
