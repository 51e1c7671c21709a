//! The looks of form fields: a label above, a full-width input.

/// A field's label.
pub const LABEL: &str = "block text-sm font-medium text-slate-700";

/// A full-page form's text input.
pub const INPUT: &str = "mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2.5 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30";
