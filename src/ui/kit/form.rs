//! The looks of form fields: a label above, a full-width input. On a phone (below `lg`) the
//! compact fields grow to touch size and 16 px text (which iOS does not zoom into).

/// A field's label.
pub const LABEL: &str = "block text-sm font-medium text-slate-700";

/// A full-page form's text input.
pub const INPUT: &str = "mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2.5 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30";

/// A compact field's label (filter panels).
pub const LABEL_SM: &str = "block text-xs font-medium text-slate-600";

/// A group's caption (`<legend>`) in a compact form.
pub const LEGEND: &str = "mb-1 text-xs font-semibold uppercase tracking-wider text-slate-500";

/// A compact text, date or select field (filter panels, dialogs).
pub const FIELD_SM: &str = "mt-1 block w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-800 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 max-lg:min-h-11 max-lg:text-base";

/// A checkbox and its label on one line.
pub const CHECK_ROW: &str = "flex cursor-pointer items-center gap-2 rounded px-1 py-0.5 text-sm text-slate-700 hover:bg-slate-50 max-lg:min-h-11";

/// A checkbox.
pub const CHECKBOX: &str = "h-4 w-4 shrink-0 rounded border-slate-300 accent-indigo-600";

/// The search box at the top of a list (the browser's own clear button hidden: the box has one).
pub const SEARCH_INPUT: &str = "block w-full min-w-0 rounded-lg border border-slate-200 bg-slate-50 py-1.5 pl-8 pr-8 text-sm text-slate-800 placeholder:text-slate-400 focus:border-indigo-500 focus:bg-white focus:outline-none focus:ring-2 focus:ring-indigo-500/30 [&::-webkit-search-cancel-button]:hidden max-lg:min-h-11 max-lg:pr-12 max-lg:text-base";

/// A small icon button inside a field (the search box's ×).
pub const FIELD_ICON_BUTTON: &str = "grid h-6 w-6 place-items-center rounded text-slate-400 hover:bg-slate-200 hover:text-slate-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400 max-lg:h-11 max-lg:w-11";

/// A panel that opens under the control that shows it (a disclosure over the list).
pub const POPOVER: &str = "absolute inset-x-2 top-full z-30 mt-1 max-h-[75vh] overflow-y-auto rounded-xl bg-white shadow-lg ring-1 ring-slate-200";
