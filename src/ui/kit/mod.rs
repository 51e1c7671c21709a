//! The UI kit: the few looks every page is built from. Components use these instead of writing
//! their own class strings for buttons, dialogs, chips, notices, avatars and texts to copy.

pub mod avatar;
pub mod button;
pub mod chip;
pub mod copy;
pub mod dialog;
pub mod form;
pub mod lang_switch;
pub mod mark;
pub mod notice;
pub mod phone;

pub use avatar::{BotAvatar, ChannelIcon, CustomerAvatar, MemberAvatar};
pub use button::{Button, Size, Tone};
pub use chip::{Chip, ChipTone, StatusChip, WaitingText};
pub use copy::Copyable;
pub use dialog::{Dialog, DialogBody, DialogFooter};
pub use lang_switch::LangSwitch;
pub use mark::Highlighted;
pub use notice::{ErrorNotice, Notice, NoticeTone};
