//! The looks of the narrow layout (below Tailwind's `lg`, 1024 px: phones and portrait tablets):
//! touch targets of at least 44 × 44 px, the top bar and its icon buttons, the navigation
//! drawer, the profile sheet and their backdrop. Every class here is a `max-lg:` variant or is
//! hidden from `lg` up, so the desktop layout is exactly what it was. Each is also a macro
//! expanding to its literal, for `concat!` with a component's own classes (no `format!` in the
//! browser's code).

/// At least 44 × 44 px on a narrow screen, added to a control that already centres its content
/// (a flex or grid button, a text field, a select).
macro_rules! touch {
    () => {
        "max-lg:min-h-11 max-lg:min-w-11"
    };
}
pub(crate) use touch;
pub const TOUCH: &str = touch!();

/// At least 44 × 44 px on a narrow screen, with the icon centred: for a small icon button that
/// is a padded box on the desktop.
macro_rules! touch_icon {
    () => {
        "max-lg:grid max-lg:min-h-11 max-lg:min-w-11 max-lg:place-items-center"
    };
}
pub(crate) use touch_icon;
pub const TOUCH_ICON: &str = touch_icon!();

/// The hit area around a round selector (a row's, Select all's): the selector's own size on the
/// desktop, a 44 px square on a narrow screen. A `<label>` wrapping the input, so a tap anywhere
/// in it toggles the selector.
macro_rules! touch_box {
    () => {
        "flex shrink-0 cursor-pointer items-center max-lg:h-11 max-lg:w-11 max-lg:justify-center"
    };
}
pub(crate) use touch_box;
pub const TOUCH_BOX: &str = touch_box!();

/// A text field that iOS would zoom into (below 16 px) keeps its size on a narrow screen.
macro_rules! no_zoom {
    () => {
        "max-lg:text-base"
    };
}
pub(crate) use no_zoom;
pub const NO_ZOOM: &str = no_zoom!();

/// The bar at the top of the list on a narrow screen (the menu button, the app's name).
pub const TOP_BAR: &str =
    "flex h-14 shrink-0 items-center gap-2 border-b border-slate-200 bg-white px-2 lg:hidden";

/// An icon button of a narrow screen's bars (menu, back, profile), 44 px square.
pub const ICON_BUTTON: &str = "grid h-11 w-11 shrink-0 place-items-center rounded-lg text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400 lg:hidden";

/// The same on the dark navigation.
pub const ICON_BUTTON_DARK: &str = "grid h-11 w-11 shrink-0 place-items-center rounded-lg text-slate-300 hover:bg-white/10 hover:text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400 lg:hidden";

/// What dims the page behind an open drawer or sheet; a tap on it closes them.
pub const BACKDROP: &str = "fixed inset-0 z-40 bg-slate-900/40 lg:hidden";

/// The navigation as an open drawer over the page, from the left.
macro_rules! drawer_open {
    () => {
        "max-lg:fixed max-lg:inset-y-0 max-lg:left-0 max-lg:z-50 max-lg:w-72 max-lg:max-w-[85vw] max-lg:shadow-2xl"
    };
}
pub(crate) use drawer_open;
pub const DRAWER_OPEN: &str = drawer_open!();

/// What a narrow screen does not show: the navigation with its drawer shut, the list while a
/// conversation is open, the profile while its sheet is shut.
macro_rules! narrow_hidden {
    () => {
        "max-lg:hidden"
    };
}
pub(crate) use narrow_hidden;
pub const NARROW_HIDDEN: &str = narrow_hidden!();

/// The customer profile as an open sheet over the conversation, from the right.
macro_rules! sheet_open {
    () => {
        "max-lg:fixed max-lg:inset-y-0 max-lg:right-0 max-lg:z-50 max-lg:w-full max-lg:max-w-md max-lg:border-l-0 max-lg:shadow-2xl"
    };
}
pub(crate) use sheet_open;
pub const SHEET_OPEN: &str = sheet_open!();
