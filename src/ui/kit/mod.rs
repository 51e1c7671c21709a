//! The UI kit: the few looks every page is built from. Components use these instead of writing
//! their own class strings for buttons, dialogs, chips, notices, avatars and texts to copy.

pub mod avatar;
pub mod browser;
pub mod button;
pub mod chip;
pub mod copy;
pub mod dialog;
pub mod form;
pub mod icons;
pub mod lang_switch;
pub mod mark;
pub mod notice;
pub mod phone;
pub mod refusal;

pub use avatar::{BotAvatar, ChannelIcon, CustomerAvatar, MemberAvatar};
pub use button::{Button, Size, Tone};
pub use chip::{status_word, tag_look, Chip, ChipTone, StatusChip, WaitingText};
pub use copy::Copyable;
pub use dialog::{ConfirmDialog, Dialog, DialogBody, DialogFooter};
pub use lang_switch::{lang_name, LangSwitch};
pub use mark::Highlighted;
pub use notice::{ErrorNotice, Notice, NoticeTone};
