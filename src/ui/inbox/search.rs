//! Search (issue 13), the browser part: the search box at the top of the list column (`/`
//! focuses it), the search in the URL, and the results in place of the view's list.
//!
//! The URL holds the search, so it can be shared and survives a reload:
//! `?q=退貨&tags=1,2&status=pending-human,closed&channel=3&role=agent&region=1&branch=2&member=5&collab=1&from=2026-01-01&to=2026-03-31`.
//! Any of [`PARAMS`] puts the column in search; `channel` and `sort` are the list's own and are
//! shared (a search is narrowed by the channel the navigation shows). Opening a result keeps
//! the query, so the results stay beside the open conversation; leaving drops [`PARAMS`].

use crate::api::search::search;
use crate::domain::search::{Field, MAX_QUERY_CHARS};
use crate::domain::{ConversationId, Role, TagId};
use crate::i18n::search::{filters_label, found_in};
use crate::i18n::{t, Key};
use crate::ui::inbox::nav::{view_title, ListParams};
use crate::ui::inbox::row::Row;
use crate::ui::inbox::search_filters::{SearchFilters, PANEL_ID};
use crate::ui::kit::browser::focus;
use crate::ui::kit::form::{FIELD_ICON_BUTTON, SEARCH_INPUT};
use crate::ui::kit::{
    Button, Chip, ChipTone, ErrorNotice, Highlighted, Notice, NoticeTone, Size, Tone,
};
use crate::ui::page::{use_lang, use_refresh};
use crate::wire::{
    AppError, ExcerptSource, SearchCursor, SearchHit, SearchOptions, SearchPage, SearchRequest,
    StatusPick,
};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::params::ParamsMap;
use leptos_router::NavigateOptions;
use std::collections::HashSet;

/// The URL parameters of a search (besides the shared `channel`).
pub const PARAMS: [&str; 10] = [
    "q", "tags", "status", "role", "region", "branch", "member", "collab", "from", "to",
];

/// The id of the search box, and of the button that opens the filter panel.
pub const BOX_ID: &str = "search-box";
const TOGGLE_ID: &str = "search-filters-toggle";

/// The comma-separated values of `key`, each read by `parse`, without repeats.
fn listed<T: PartialEq>(q: &ParamsMap, key: &str, parse: impl Fn(&str) -> Option<T>) -> Vec<T> {
    let mut out = Vec::new();
    for item in q.get_str(key).unwrap_or_default().split(',') {
        if let Some(v) = parse(item.trim()) {
            if !out.contains(&v) {
                out.push(v);
            }
        }
    }
    out
}

fn id<T: std::str::FromStr>(q: &ParamsMap, key: &str) -> Option<T> {
    q.get_str(key).and_then(|v| v.trim().parse().ok())
}

fn day(q: &ParamsMap, key: &str) -> Option<String> {
    q.get(key)
        .map(|d| d.trim().to_owned())
        .filter(|d| !d.is_empty())
}

/// The search the URL holds, or `None` when it holds none (the view's list is shown).
pub fn from_query(q: &ParamsMap) -> Option<SearchRequest> {
    if !PARAMS.iter().any(|p| q.get_str(p).is_some()) {
        return None;
    }
    Some(SearchRequest {
        text: q.get("q").unwrap_or_default(),
        tags: listed(q, "tags", |t| t.parse::<TagId>().ok()),
        statuses: listed(q, "status", StatusPick::from_slug),
        channel: id(q, "channel"),
        roles: listed(q, "role", Role::parse),
        region: id(q, "region"),
        branch: id(q, "branch"),
        member: id(q, "member"),
        with_collaborations: matches!(q.get_str("collab"), Some("1" | "true" | "on")),
        from: day(q, "from"),
        to: day(q, "to"),
    })
}

/// Whether `request` asks for anything: text, or a filter of the search's own. A channel
/// alone is the list's filter, not a search.
pub fn asks(request: &SearchRequest) -> bool {
    !request.text.trim().is_empty() || filters_on(request, false) > 0
}

/// How many filters are on (each group once), with the channel or without it.
fn filters_on(r: &SearchRequest, with_channel: bool) -> usize {
    [
        !r.tags.is_empty(),
        !r.statuses.is_empty(),
        with_channel && r.channel.is_some(),
        !r.roles.is_empty(),
        r.region.is_some(),
        r.branch.is_some(),
        r.member.is_some(),
        r.with_collaborations,
        r.from.is_some() || r.to.is_some(),
    ]
    .into_iter()
    .filter(|on| *on)
    .count()
}

/// A URL query value, percent-encoded (a space as `%20`, so `+` stays itself).
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b':' | b',') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn joined<T>(items: &[T], spell: impl Fn(&T) -> String) -> String {
    items.iter().map(spell).collect::<Vec<_>>().join(",")
}

/// The page's URL query: the search (when there is one), the list's channel and order.
/// Without a search it is `ListParams::query`. `q` is left out when empty, unless nothing
/// else would say that this is a search.
pub fn page_query(list: ListParams, search: Option<&SearchRequest>) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if let Some(r) = search {
        pairs.push(("q", r.text.trim().to_owned()));
        if !r.tags.is_empty() {
            pairs.push(("tags", joined(&r.tags, ToString::to_string)));
        }
        if !r.statuses.is_empty() {
            pairs.push(("status", joined(&r.statuses, |s| s.slug().to_owned())));
        }
    }
    if let Some(c) = list.channel {
        pairs.push(("channel", c.to_string()));
    }
    if let Some(r) = search {
        if !r.roles.is_empty() {
            pairs.push(("role", joined(&r.roles, |r| r.as_str().to_owned())));
        }
        let ids = [
            ("region", r.region.map(|x| x.to_string())),
            ("branch", r.branch.map(|x| x.to_string())),
            ("member", r.member.map(|x| x.to_string())),
            ("collab", r.with_collaborations.then(|| "1".to_owned())),
            ("from", r.from.clone()),
            ("to", r.to.clone()),
        ];
        pairs.extend(ids.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))));
        let others = pairs.iter().any(|(k, _)| *k != "q" && *k != "channel");
        if pairs[0].1.is_empty() && others {
            pairs.remove(0);
        }
    }
    if let Some(sort) = list.sort {
        pairs.push(("sort", sort.slug().to_owned()));
    }
    // The Team views' owner filter belongs to the list, not to a search.
    if let Some(owner) = list.owner.filter(|_| search.is_none()) {
        pairs.push(("owner", owner.to_string()));
    }
    if pairs.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    format!("?{}", parts.join("&"))
}

/// The search box, its clear button and the button that opens the filter panel.
#[component]
pub fn SearchBox(
    /// The search the URL holds.
    request: Memo<Option<SearchRequest>>,
    params: Memo<ListParams>,
    /// What the filter panel offers (loaded by the inbox page once `wanted`).
    options: Resource<Result<Option<SearchOptions>, AppError>>,
    wanted: RwSignal<bool>,
) -> impl IntoView {
    let lang = use_lang();
    let tr = move |k| t(lang.get(), k);
    let navigate = use_navigate();
    let path = use_location().pathname;
    let searching = Memo::new(move |_| request.with(Option::is_some));
    // The box's text follows the URL's (a reload, Back, a shared link).
    let url_text = Memo::new(move |_| {
        request.with(|r| r.as_ref().map(|r| r.text.clone()).unwrap_or_default())
    });
    let text = RwSignal::new(url_text.get_untracked());
    Effect::new(move |_| text.set(url_text.get()));
    // The filters being edited start as the URL has them (the list's channel, outside a search).
    let current = move || {
        request.get_untracked().unwrap_or_else(|| SearchRequest {
            channel: params.get_untracked().channel,
            ..Default::default()
        })
    };
    let draft = RwSignal::new(current());
    Effect::new(move |_| {
        request.track();
        params.track();
        draft.set(current());
    });
    let open = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();

    // Runs a search (leaves when it asks for nothing), or leaves (`None`), keeping the open
    // conversation and the list's order.
    let go = Callback::new(move |request: Option<SearchRequest>| {
        let list = params.get_untracked();
        let query = match request {
            Some(r) if asks(&r) => page_query(
                ListParams {
                    channel: r.channel,
                    ..list
                },
                Some(&r),
            ),
            Some(r) => ListParams {
                channel: r.channel,
                ..list
            }
            .query(),
            None => list.query(),
        };
        navigate(
            &format!("{}{query}", path.get_untracked()),
            NavigateOptions {
                scroll: false,
                ..Default::default()
            },
        );
    });
    let run = move || {
        open.set(false);
        go.run(Some(SearchRequest {
            text: text.get_untracked().trim().to_owned(),
            ..draft.get_untracked()
        }));
    };
    let leave = move || {
        open.set(false);
        text.set(String::new());
        if let Some(el) = input.get_untracked() {
            el.set_value("");
        }
        go.run(None);
    };
    let close = move || {
        open.set(false);
        draft.set(current());
        focus(TOGGLE_ID);
    };
    let toggle = move |_| {
        if open.get_untracked() {
            close();
        } else {
            draft.set(current());
            wanted.set(true);
            open.set(true);
        }
    };
    // A field chip goes at the end of the box's text, ready for what to find.
    let on_chip = Callback::new(move |field: Field| {
        let mut s = text.get_untracked();
        if !s.is_empty() && !s.ends_with(' ') {
            s.push(' ');
        }
        s.push_str(field.as_str());
        s.push(':');
        text.set(s.clone());
        if let Some(el) = input.get_untracked() {
            el.set_value(&s);
            let _ = el.focus();
            let end = s.encode_utf16().count() as u32;
            let _ = el.set_selection_range(end, end);
        }
    });
    let on_clear = Callback::new(move |()| {
        draft.set(SearchRequest::default());
        run();
    });
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() != "Escape" {
            return;
        }
        ev.prevent_default();
        if open.get_untracked() {
            close();
            focus(BOX_ID);
        } else if searching.get_untracked() || !text.with_untracked(String::is_empty) {
            leave();
        }
    };
    let on_filters =
        Memo::new(move |_| request.with(|r| r.as_ref().map_or(0, |r| filters_on(r, true))));
    view! {
        <div class="relative border-b border-slate-200 px-3 py-2">
            <div class="flex items-center gap-2">
                <form role="search" aria-label=move || tr(Key::SearchBoxLabel) class="relative min-w-0 flex-1"
                    on:submit=move |ev| { ev.prevent_default(); run() }>
                    <label for=BOX_ID class="sr-only">{move || tr(Key::SearchBoxLabel)}</label>
                    <svg viewBox="0 0 20 20" class="pointer-events-none absolute left-2.5 top-1/2 h-4 w-4 -translate-y-1/2 text-slate-400" fill="none" stroke="currentColor" stroke-width="1.8" aria-hidden="true"><circle cx="9" cy="9" r="5.5" /><path d="M13 13l4 4" stroke-linecap="round" /></svg>
                    <input id=BOX_ID node_ref=input type="search" name="q" class=SEARCH_INPUT autocomplete="off" enterkeyhint="search"
                        maxlength=MAX_QUERY_CHARS aria-keyshortcuts="/" placeholder=move || tr(Key::SearchPlaceholder) title=move || tr(Key::SearchShortcutHint)
                        value=move || text.get() prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev)) on:keydown=on_keydown />
                    <Show when=move || searching.get() || !text.with(String::is_empty)>
                        <button type="button" class=format!("{FIELD_ICON_BUTTON} absolute right-1 top-1/2 -translate-y-1/2")
                            aria-label=move || tr(Key::SearchClear) title=move || tr(Key::SearchClear)
                            on:click=move |_| { leave(); focus(BOX_ID) }>
                            <svg viewBox="0 0 20 20" class="h-3.5 w-3.5" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M5 5l10 10M15 5L5 15" /></svg>
                        </button>
                    </Show>
                </form>
                <Button id=TOGGLE_ID expanded=open controls=PANEL_ID on_click=toggle>
                    <svg viewBox="0 0 20 20" class="h-4 w-4" fill="none" stroke="currentColor" stroke-width="1.8" aria-hidden="true"><path d="M3 5h14M6 10h8M8.5 15h3" stroke-linecap="round" /></svg>
                    {move || filters_label(lang.get(), on_filters.get())}
                </Button>
            </div>
            <Show when=move || open.get()>
                <SearchFilters options draft on_chip on_apply=Callback::new(move |()| run()) on_clear
                    on_close=Callback::new(move |()| close()) />
            </Show>
        </div>
    }
}

/// The words before an excerpt: where it was found.
fn source_key(source: ExcerptSource) -> Key {
    match source {
        ExcerptSource::Inbound => Key::ExcerptMessage,
        ExcerptSource::Outbound => Key::ExcerptReply,
        ExcerptSource::Note => Key::ExcerptNote,
        ExcerptSource::Name => Key::ExcerptName,
        ExcerptSource::Phone => Key::ExcerptPhone,
        ExcerptSource::Email => Key::ExcerptEmail,
        ExcerptSource::CustomerNote => Key::ExcerptCustomerNote,
        ExcerptSource::Tag => Key::ExcerptTag,
    }
}

/// The results of the URL's search, newest activity first, in place of the view's list; later
/// pages load by scrolling, with keyset cursors. A live change does not reload them.
#[component]
pub fn SearchResults(
    request: Memo<Option<SearchRequest>>,
    /// The first page, loaded by the inbox page (see `crate::ui::inbox`).
    found: Resource<Result<SearchPage, AppError>>,
    selected: Memo<Option<ConversationId>>,
    params: Memo<ListParams>,
    /// The page's URL query, kept when a result opens.
    query: Memo<String>,
) -> impl IntoView {
    let lang = use_lang();
    let tr = move |k| t(lang.get(), k);
    let refresh = use_refresh();
    let navigate = use_navigate();
    let path = use_location().pathname;
    // Results of the pages after the first, and where the next page starts (`None`: not loaded
    // any yet, so the first page's cursor applies).
    let more = RwSignal::new(Vec::<SearchHit>::new());
    let next = RwSignal::new(None::<Option<SearchCursor>>);
    let first_cursor = StoredValue::new(None::<SearchCursor>);
    let cursor = move || next.get().unwrap_or_else(|| first_cursor.get_value());
    let shown = StoredValue::new(HashSet::<ConversationId>::new());
    let failed = RwSignal::new(None::<AppError>);
    let loading = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let scroller = NodeRef::<leptos::html::Div>::new();
    // Another search starts again from the first page, at the top.
    Effect::new(move |last: Option<Option<SearchRequest>>| {
        refresh.get();
        let now = request.get();
        more.set(Vec::new());
        next.set(None);
        failed.set(None);
        if last.is_some_and(|last| last != now) {
            if let Some(el) = scroller.get_untracked() {
                el.set_scroll_top(0);
            }
        }
        now
    });
    let load_more = move |after: SearchCursor| {
        let Some(asked) = request.get_untracked() else {
            return;
        };
        if loading.get_untracked() {
            return;
        }
        loading.set(true);
        failed.set(None);
        leptos::task::spawn_local(async move {
            let page = search(asked.clone(), Some(after)).await;
            // Only while the same search is shown.
            if request
                .try_with_untracked(|r| r.as_ref() == Some(&asked))
                .unwrap_or(false)
            {
                match page {
                    Ok(page) => {
                        let fresh: Vec<_> = page
                            .hits
                            .into_iter()
                            .filter(|h| {
                                shown
                                    .try_update_value(|s| s.insert(h.row.id))
                                    .unwrap_or(true)
                            })
                            .collect();
                        more.update(|m| m.extend(fresh));
                        next.set(Some(page.next));
                    }
                    Err(error) => failed.set(Some(error)),
                }
            }
            let _ = loading.try_set(false);
        });
    };
    // Back to the view's list: the search's parameters go, the channel and the order stay.
    let leave = move |_| {
        navigate(
            &format!("{}{}", path.get_untracked(), params.get_untracked().query()),
            NavigateOptions {
                scroll: false,
                ..Default::default()
            },
        );
    };
    view! {
        <section aria-labelledby="search-title" class="flex min-h-0 flex-1 flex-col">
            <header class="flex h-11 items-center justify-between gap-3 border-b border-slate-200 px-4">
                <h1 id="search-title" class="min-w-0 truncate text-base font-semibold">{move || tr(Key::SearchResults)}</h1>
                <span class="flex shrink-0 items-center gap-2">
                    <Show when=move || pending.get()>
                        <Notice tone=NoticeTone::Info plain=true>{move || tr(Key::SearchSearching)}</Notice>
                    </Show>
                    <Button size=Size::Xs tone=Tone::Quiet on_click=leave>{move || tr(Key::SearchLeave)}</Button>
                </span>
            </header>
            <div node_ref=scroller class="flex-1 overflow-y-auto" on:scroll=move |ev| {
                // Scrolling near the end loads the next page.
                let el = event_target::<leptos::web_sys::Element>(&ev);
                if el.scroll_top() + el.client_height() + 400 >= el.scroll_height() && failed.with_untracked(Option::is_none) {
                    if let Some(c) = next.get_untracked().unwrap_or_else(|| first_cursor.get_value()) { load_more(c) }
                }
            }>
                <Transition fallback=move || view! { <Notice tone=NoticeTone::Info plain=true class="p-6">{move || tr(Key::SearchSearching)}</Notice> }
                    set_pending=pending.write_only()>
                    {move || Suspend::new(async move {
                        let page = found.await;
                        let asked = request.with_untracked(|r| r.as_ref().is_some_and(asks));
                        let query = query.get_untracked();
                        match page {
                            Err(error) => view! { <ErrorNotice error class="m-4" /> }.into_any(),
                            Ok(_) if !asked => view! { <Notice tone=NoticeTone::Info plain=true class="p-6">{move || tr(Key::SearchNothingAsked)}</Notice> }.into_any(),
                            Ok(page) if page.hits.is_empty() => view! { <NoMatch /> }.into_any(),
                            Ok(page) => {
                                first_cursor.set_value(page.next);
                                let mut ids: HashSet<_> = page.hits.iter().map(|h| h.row.id).collect();
                                more.update(|m| m.retain(|h| !ids.contains(&h.row.id)));
                                more.with_untracked(|m| ids.extend(m.iter().map(|h| h.row.id)));
                                shown.set_value(ids);
                                let q2 = query.clone();
                                view! {
                                    <ul role="list" aria-label=move || tr(Key::SearchResults) class="divide-y divide-slate-100">
                                        {page.hits.into_iter().map(|hit| view! { <Hit hit query=query.clone() selected /> }).collect_view()}
                                        <For each=move || more.get() key=|h| h.row.id let:hit>
                                            <Hit hit query=q2.clone() selected />
                                        </For>
                                    </ul>
                                    {move || failed.get().map(|error| view! { <ErrorNotice error class="m-4" /> })}
                                    <Show when=move || cursor().is_some()>
                                        <div class="p-4 text-center">
                                            <Button tone=Tone::Quiet disabled=loading on_click=move |_| { if let Some(c) = cursor() { load_more(c) } }>
                                                {move || if loading.get() { tr(Key::Loading) } else { tr(Key::LoadMore) }}
                                            </Button>
                                        </div>
                                    </Show>
                                }.into_any()
                            }
                        }
                    })}
                </Transition>
            </div>
        </section>
    }
}

/// One result: the usual row, the view it is listed in, and the excerpt with what matched.
#[component]
fn Hit(hit: SearchHit, query: String, selected: Memo<Option<ConversationId>>) -> impl IntoView {
    let lang = use_lang();
    let SearchHit { row, view, excerpt } = hit;
    view! {
        <Row row view query selected>
            <div class="mt-1.5 flex min-w-0 items-center gap-1.5">
                <span class="sr-only">{move || format!("{} ", t(lang.get(), Key::SearchInView))}</span>
                <Chip tone=ChipTone::Neutral>{move || view_title(lang.get(), view)}</Chip>
            </div>
            {excerpt.map(|e| {
                let source = source_key(e.source);
                view! {
                    <p class="mt-1 line-clamp-2 break-words text-xs leading-5 text-slate-600" data-excerpt="">
                        <span class="sr-only">{move || format!("{} ", t(lang.get(), Key::SearchFoundIn))}</span>
                        <span class="mr-1 font-medium text-slate-500">{move || found_in(lang.get(), source)}</span>
                        <Highlighted text=e.text marks=e.marks />
                    </p>
                }
            })}
        </Row>
    }
}

#[component]
fn NoMatch() -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="grid place-items-center px-6 py-20 text-center" role="status">
            <div>
                <p class="font-medium text-slate-700">{move || t(lang.get(), Key::SearchNoMatch)}</p>
                <p class="mt-1 text-sm text-slate-500">{move || t(lang.get(), Key::SearchNoMatchHint)}</p>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{BranchId, ChannelId, MemberId, RegionId};
    use crate::wire::Sort;

    fn map(query: &str) -> ParamsMap {
        let mut m = ParamsMap::new();
        for pair in query.split('&') {
            let (k, v) = pair.split_once('=').unwrap();
            m.insert(k.to_owned(), v.to_owned());
        }
        m
    }

    #[test]
    fn the_url_holds_the_whole_search() {
        let request = SearchRequest {
            text: "退貨 name:王".to_owned(),
            tags: vec![TagId(1), TagId(2)],
            statuses: vec![StatusPick::PendingHuman, StatusPick::Closed],
            channel: Some(ChannelId(3)),
            roles: vec![Role::Agent],
            region: Some(RegionId(1)),
            branch: Some(BranchId(2)),
            member: Some(MemberId(5)),
            with_collaborations: true,
            from: Some("2026-01-01".to_owned()),
            to: Some("2026-03-31".to_owned()),
        };
        let list = ListParams {
            channel: Some(ChannelId(3)),
            sort: Some(Sort::Newest),
            owner: None,
        };
        let query = page_query(list, Some(&request));
        assert_eq!(
            query,
            "?q=%E9%80%80%E8%B2%A8%20name:%E7%8E%8B&tags=1,2&status=pending-human,closed&channel=3&role=agent&region=1&branch=2&member=5&collab=1&from=2026-01-01&to=2026-03-31&sort=newest"
        );
        // As the router reads it back (decoded).
        let decoded = map("q=退貨 name:王&tags=1,2&status=pending-human,closed&channel=3&role=agent&region=1&branch=2&member=5&collab=1&from=2026-01-01&to=2026-03-31&sort=newest");
        assert_eq!(from_query(&decoded), Some(request));
    }

    #[test]
    fn without_a_search_the_query_is_the_lists() {
        let list = ListParams {
            channel: Some(ChannelId(4)),
            sort: Some(Sort::Oldest),
            owner: None,
        };
        assert_eq!(page_query(list, None), list.query());
        let owned = ListParams {
            owner: Some(MemberId(9)),
            ..list
        };
        assert_eq!(page_query(owned, None), "?channel=4&sort=oldest&owner=9");
        assert_eq!(page_query(owned, None), owned.query());
        assert_eq!(page_query(ListParams::default(), None), "");
        assert_eq!(from_query(&map("channel=4&sort=oldest")), None);
    }

    #[test]
    fn a_search_by_filters_alone_stays_a_search() {
        let tags = SearchRequest {
            tags: vec![TagId(7)],
            ..Default::default()
        };
        assert_eq!(page_query(ListParams::default(), Some(&tags)), "?tags=7");
        assert!(asks(&tags));
        let empty = SearchRequest::default();
        assert_eq!(page_query(ListParams::default(), Some(&empty)), "?q=");
        assert!(!asks(&empty));
        // A channel alone is the list's filter.
        let channel = SearchRequest {
            channel: Some(ChannelId(1)),
            ..Default::default()
        };
        assert!(!asks(&channel));
        // Quotes, `&`, `+` and `#` survive the round trip.
        let text = SearchRequest {
            text: "phone:\"0912 345 678\" a&b+c#".to_owned(),
            ..Default::default()
        };
        assert_eq!(
            page_query(ListParams::default(), Some(&text)),
            "?q=phone:%220912%20345%20678%22%20a%26b%2Bc%23"
        );
    }

    #[test]
    fn unknown_values_are_dropped() {
        let r = from_query(&map(
            "status=closed,nope,closed&tags=x,3&role=boss&member=me",
        ))
        .unwrap();
        assert_eq!(r.statuses, vec![StatusPick::Closed]);
        assert_eq!(r.tags, vec![TagId(3)]);
        assert!(r.roles.is_empty() && r.member.is_none());
        assert_eq!(r.text, "");
    }
}
