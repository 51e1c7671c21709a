//! A form's refusals: one about a field shows under that field, any other (forbidden, changed
//! meanwhile, the form as a whole) as a notice of the form.

use crate::ui::kit::Notice;
use crate::wire::AppError;
use leptos::prelude::*;

/// The field a refusal names (none for a refusal about no field).
pub fn refused_field(e: &AppError) -> Option<&str> {
    match e {
        AppError::Invalid { field: Some(f), .. } if !f.is_empty() => Some(f),
        _ => None,
    }
}

/// Whether `e` is about one of `fields`.
fn about(e: &AppError, fields: &[&str]) -> bool {
    refused_field(e).is_some_and(|f| fields.contains(&f))
}

/// The refusal in `error` about any of `fields`, shown under them.
pub fn refusal_under(
    error: RwSignal<Option<AppError>>,
    fields: &'static [&'static str],
) -> impl IntoView {
    move || {
        error
            .with(|e| {
                e.as_ref()
                    .filter(|e| about(e, fields))
                    .map(|e| e.message().to_owned())
            })
            .map(|m| view! { <Notice plain=true class="mt-1">{m}</Notice> })
    }
}

/// A refusal about none of the form's `fields`, as a notice.
pub fn refusal_elsewhere(
    error: RwSignal<Option<AppError>>,
    fields: &'static [&'static str],
) -> impl IntoView {
    move || {
        error
            .with(|e| {
                e.as_ref()
                    .filter(|e| !about(e, fields))
                    .map(|e| e.message().to_owned())
            })
            .map(|m| view! { <Notice class="mt-3">{m}</Notice> })
    }
}
