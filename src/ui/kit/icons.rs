//! Icons drawn in more than one place, hidden from screen readers (their words are beside them).

use leptos::prelude::*;

/// A paperclip: a file to send or kept with a saved reply.
pub fn paperclip(class: &'static str) -> impl IntoView {
    view! {
        <svg aria-hidden="true" viewBox="0 0 20 20" fill="none" stroke="currentColor" stroke-width="1.6" class=class>
            <path stroke-linecap="round" stroke-linejoin="round" d="M15.5 9.5l-5.8 5.8a3.5 3.5 0 01-5-5l6.4-6.3a2.3 2.3 0 013.3 3.3l-6.3 6.3a1.2 1.2 0 01-1.7-1.7l5.6-5.6"/>
        </svg>
    }
}
