//! The search's filter panel, a disclosure under the search box: the field chips (a click puts
//! `name:` in the box), tags, statuses, channel, the members who handle the conversations and
//! the dates of last activity. It edits a draft of the search; Apply runs it.

use crate::domain::search::Field;
use crate::domain::{BranchId, ChannelId, MemberId, RegionId, Role};
use crate::i18n::search::field_chip;
use crate::i18n::{channel_name, role_name, t, Key};
use crate::ui::kit::form::{
    CHECKBOX, CHECK_ROW, FIELD_ICON_BUTTON, FIELD_SM, LABEL_SM, LEGEND, POPOVER,
};
use crate::ui::kit::{Button, ErrorNotice, Notice, NoticeTone, Size, Tone};
use crate::ui::page::use_lang;
use crate::wire::{AppError, SearchOptions, SearchRequest, StatusPick};
use leptos::prelude::*;

/// The element id of the panel (the filter button's `aria-controls`).
pub const PANEL_ID: &str = "search-filters";

/// What a status filter is called: "待處理 · 真人客服", "處理中".
pub fn status_label(lang: crate::domain::Lang, pick: StatusPick) -> String {
    match pick {
        StatusPick::PendingHuman => format!("{} · {}", t(lang, Key::Pending), t(lang, Key::Human)),
        StatusPick::PendingBot => format!("{} · {}", t(lang, Key::Pending), t(lang, Key::Bot)),
        StatusPick::InProgress => t(lang, Key::InProgress).to_owned(),
        StatusPick::Closed => t(lang, Key::Closed).to_owned(),
    }
}

/// Adds `item` when it is missing, removes it when present.
fn toggle<T: PartialEq>(list: &mut Vec<T>, item: T) {
    match list.iter().position(|x| *x == item) {
        Some(i) => {
            list.remove(i);
        }
        None => list.push(item),
    }
}

/// An id from a `<select>`'s value ("" is none).
fn picked<T: std::str::FromStr>(ev: &leptos::ev::Event) -> Option<T> {
    event_target_value(ev).parse().ok()
}

/// A date from an `<input type=date>` ("" is none).
fn date(ev: &leptos::ev::Event) -> Option<String> {
    Some(event_target_value(ev)).filter(|d| !d.is_empty())
}

#[component]
pub fn SearchFilters(
    /// What the panel offers, loaded by the inbox page once the panel is first opened.
    options: Resource<Result<Option<SearchOptions>, AppError>>,
    /// The search being edited (its text is the box's).
    draft: RwSignal<SearchRequest>,
    /// A field chip was clicked.
    on_chip: Callback<Field>,
    on_apply: Callback<()>,
    on_clear: Callback<()>,
    on_close: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let tr = move |k| t(lang.get(), k);
    view! {
        <div id=PANEL_ID role="region" aria-labelledby="search-filters-title" class=POPOVER
            on:keydown=move |ev| if ev.key() == "Escape" { ev.prevent_default(); on_close.run(()) }>
            <header class="flex items-center justify-between gap-2 border-b border-slate-200 px-4 py-2">
                <h2 id="search-filters-title" class="text-sm font-semibold text-slate-900">{move || tr(Key::SearchFiltersTitle)}</h2>
                <button type="button" class=FIELD_ICON_BUTTON aria-label=move || tr(Key::SearchFiltersClose) on:click=move |_| on_close.run(())>
                    <svg viewBox="0 0 20 20" class="h-4 w-4" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M5 5l10 10M15 5L5 15" /></svg>
                </button>
            </header>
            <div class="space-y-4 px-4 py-3">
                <section aria-labelledby="search-fields-title">
                    <h3 id="search-fields-title" class=LEGEND>{move || tr(Key::SearchFieldsTitle)}</h3>
                    <p class="text-xs text-slate-500">{move || tr(Key::SearchFieldsHint)}</p>
                    <div class="mt-2 flex flex-wrap gap-1.5">
                        {Field::ALL.into_iter().map(|f| view! {
                            <Button size=Size::Xs tone=Tone::Accent on_click=move |_| on_chip.run(f)>{move || field_chip(lang.get(), f)}</Button>
                        }).collect_view()}
                    </div>
                </section>
                <fieldset>
                    <legend class=LEGEND>{move || tr(Key::SearchStatuses)}</legend>
                    <div class="grid grid-cols-2 gap-x-2">
                        {StatusPick::ALL.into_iter().map(|s| view! {
                            <label class=CHECK_ROW>
                                <input type="checkbox" class=CHECKBOX prop:checked=move || draft.with(|d| d.statuses.contains(&s))
                                    on:change=move |_| draft.update(|d| toggle(&mut d.statuses, s)) />
                                {move || status_label(lang.get(), s)}
                            </label>
                        }).collect_view()}
                    </div>
                </fieldset>
                <Transition fallback=move || view! { <Notice tone=NoticeTone::Info plain=true>{move || tr(Key::Loading)}</Notice> }>
                    {move || Suspend::new(async move {
                        match options.await {
                            Err(error) => view! { <ErrorNotice error plain=true /> }.into_any(),
                            Ok(None) => view! { <Notice tone=NoticeTone::Info plain=true>{move || tr(Key::Loading)}</Notice> }.into_any(),
                            Ok(Some(o)) => view! { <Offered options=o draft /> }.into_any(),
                        }
                    })}
                </Transition>
                <fieldset>
                    <legend class=LEGEND>{move || tr(Key::SearchDates)}</legend>
                    <div class="grid grid-cols-2 gap-2">
                        <label class=LABEL_SM>{move || tr(Key::SearchFrom)}
                            <input type="date" class=FIELD_SM prop:value=move || draft.with(|d| d.from.clone().unwrap_or_default())
                                on:change=move |ev| { let v = date(&ev); draft.update(|d| d.from = v) } />
                        </label>
                        <label class=LABEL_SM>{move || tr(Key::SearchTo)}
                            <input type="date" class=FIELD_SM prop:value=move || draft.with(|d| d.to.clone().unwrap_or_default())
                                on:change=move |ev| { let v = date(&ev); draft.update(|d| d.to = v) } />
                        </label>
                    </div>
                </fieldset>
            </div>
            <footer class="sticky bottom-0 flex justify-end gap-2 border-t border-slate-200 bg-white px-4 py-2">
                <Button tone=Tone::Quiet on_click=move |_| on_clear.run(())>{move || tr(Key::SearchClearFilters)}</Button>
                <Button tone=Tone::Primary on_click=move |_| on_apply.run(())>{move || tr(Key::SearchApply)}</Button>
            </footer>
        </div>
    }
}

/// The filters whose choices come from the workspace: tags, channel, and the members.
#[component]
fn Offered(options: SearchOptions, draft: RwSignal<SearchRequest>) -> impl IntoView {
    let lang = use_lang();
    let tr = move |k| t(lang.get(), k);
    let SearchOptions {
        tags,
        channels,
        regions,
        branches,
        members,
    } = options;
    let branches = StoredValue::new(branches);
    let tag_boxes = if tags.is_empty() {
        view! { <Notice tone=NoticeTone::Info plain=true>{move || tr(Key::NoTags)}</Notice> }
            .into_any()
    } else {
        view! {
            <div class="flex max-h-32 flex-wrap gap-x-3 overflow-y-auto">
                {tags.into_iter().map(|(id, name)| view! {
                    <label class=CHECK_ROW>
                        <input type="checkbox" class=CHECKBOX prop:checked=move || draft.with(|d| d.tags.contains(&id))
                            on:change=move |_| draft.update(|d| toggle(&mut d.tags, id)) />
                        {name}
                    </label>
                }).collect_view()}
            </div>
        }
        .into_any()
    };
    // A region narrows the branches offered; a branch of another region is let go.
    let on_region = move |ev: leptos::ev::Event| {
        let region = picked::<RegionId>(&ev);
        let fits = move |b: Option<BranchId>| {
            b.is_none_or(|b| {
                region.is_none()
                    || branches.with_value(|all| {
                        all.iter().any(|(id, r, _)| *id == b && Some(*r) == region)
                    })
            })
        };
        draft.update(|d| {
            d.region = region;
            if !fits(d.branch) {
                d.branch = None;
            }
        });
    };
    view! {
        <fieldset>
            <legend class=LEGEND>{move || tr(Key::SearchTags)}</legend>
            {tag_boxes}
        </fieldset>
        <label class=LABEL_SM>{move || tr(Key::SearchChannel)}
            <select class=FIELD_SM on:change=move |ev| { let c = picked::<ChannelId>(&ev); draft.update(|d| d.channel = c) }>
                <option value="" prop:selected=move || draft.with(|d| d.channel.is_none())>{move || tr(Key::SearchAnyChannel)}</option>
                {channels.into_iter().map(|(id, kind, name)| view! {
                    <option value=id.to_string() prop:selected=move || draft.with(|d| d.channel == Some(id))>
                        {move || format!("{} · {name}", channel_name(lang.get(), kind))}
                    </option>
                }).collect_view()}
            </select>
        </label>
        <fieldset class="space-y-2">
            <legend class=LEGEND>{move || tr(Key::SearchByMember)}</legend>
            <fieldset>
                <legend class=LABEL_SM>{move || tr(Key::SearchRoles)}</legend>
                <div class="grid grid-cols-2 gap-x-2">
                    {Role::ALL.iter().copied().map(|r| view! {
                        <label class=CHECK_ROW>
                            <input type="checkbox" class=CHECKBOX prop:checked=move || draft.with(|d| d.roles.contains(&r))
                                on:change=move |_| draft.update(|d| toggle(&mut d.roles, r)) />
                            {move || role_name(lang.get(), r)}
                        </label>
                    }).collect_view()}
                </div>
            </fieldset>
            <div class="grid grid-cols-2 gap-2">
                <label class=LABEL_SM>{move || tr(Key::SearchRegion)}
                    <select class=FIELD_SM on:change=on_region>
                        <option value="" prop:selected=move || draft.with(|d| d.region.is_none())>{move || tr(Key::SearchAnyRegion)}</option>
                        {regions.into_iter().map(|(id, name)| view! {
                            <option value=id.to_string() prop:selected=move || draft.with(|d| d.region == Some(id))>{name}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class=LABEL_SM>{move || tr(Key::SearchBranch)}
                    <select class=FIELD_SM on:change=move |ev| { let b = picked::<BranchId>(&ev); draft.update(|d| d.branch = b) }>
                        <option value="" prop:selected=move || draft.with(|d| d.branch.is_none())>{move || tr(Key::SearchAnyBranch)}</option>
                        {move || {
                            let region = draft.with(|d| d.region);
                            branches.get_value().into_iter()
                                .filter(|(_, r, _)| region.is_none_or(|region| region == *r))
                                .map(|(id, _, name)| view! {
                                    <option value=id.to_string() prop:selected=move || draft.with(|d| d.branch == Some(id))>{name}</option>
                                }).collect_view()
                        }}
                    </select>
                </label>
            </div>
            <label class=LABEL_SM>{move || tr(Key::SearchMember)}
                <select class=FIELD_SM on:change=move |ev| { let m = picked::<MemberId>(&ev); draft.update(|d| d.member = m) }>
                    <option value="" prop:selected=move || draft.with(|d| d.member.is_none())>{move || tr(Key::SearchAnyMember)}</option>
                    {members.into_iter().map(|(id, name, role, _)| view! {
                        <option value=id.to_string() prop:selected=move || draft.with(|d| d.member == Some(id))>
                            {move || format!("{name} · {}", role_name(lang.get(), role))}
                        </option>
                    }).collect_view()}
                </select>
            </label>
            <label class=CHECK_ROW>
                <input type="checkbox" class=CHECKBOX prop:checked=move || draft.with(|d| d.with_collaborations)
                    on:change=move |_| draft.update(|d| d.with_collaborations = !d.with_collaborations) />
                {move || tr(Key::SearchWithCollaborations)}
            </label>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::TagId;

    #[test]
    fn a_toggle_adds_then_removes() {
        let mut tags = vec![TagId(1)];
        toggle(&mut tags, TagId(2));
        assert_eq!(tags, vec![TagId(1), TagId(2)]);
        toggle(&mut tags, TagId(1));
        assert_eq!(tags, vec![TagId(2)]);
    }
}
