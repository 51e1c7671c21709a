//! Edge checks: what a request may carry before any work is done with it. Every server
//! function checks the sizes of its texts and the lengths of its lists here first, so an
//! oversized request is refused at once and costs nothing; the texts are in `i18n`.

/// A refused input: which field, and what is wrong with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputError {
    /// Required and empty.
    Missing(&'static str),
    /// Longer than `max` characters.
    TooLong { field: &'static str, max: usize },
    /// Shorter than `min` characters.
    TooShort { field: &'static str, min: usize },
    /// More than `max` items.
    TooMany { field: &'static str, max: usize },
    /// A file of more than `max_bytes`.
    TooBig { field: &'static str, max_bytes: u64 },
    /// Not one of the values the field takes.
    Unknown(&'static str),
    /// Two fields that must agree do not (a new password and its confirmation).
    Mismatch(&'static str),
}

impl InputError {
    /// The field the error is about, as the form names it.
    pub fn field(self) -> &'static str {
        match self {
            InputError::Missing(f)
            | InputError::Unknown(f)
            | InputError::Mismatch(f)
            | InputError::TooLong { field: f, .. }
            | InputError::TooShort { field: f, .. }
            | InputError::TooMany { field: f, .. }
            | InputError::TooBig { field: f, .. } => f,
        }
    }
}

/// `text` has at most `max` characters. Counting stops at `max + 1`, and a text of more than
/// four bytes a character is refused on its byte length alone, so a huge text costs nothing.
pub fn at_most(field: &'static str, text: &str, max: usize) -> Result<(), InputError> {
    if text.len() > max.saturating_mul(4) || text.chars().nth(max).is_some() {
        return Err(InputError::TooLong { field, max });
    }
    Ok(())
}

/// `text` has at most `max` characters and something besides spaces.
pub fn required(field: &'static str, text: &str, max: usize) -> Result<(), InputError> {
    at_most(field, text, max)?;
    if text.trim().is_empty() {
        return Err(InputError::Missing(field));
    }
    Ok(())
}

/// `items` has at most `max` entries.
pub fn at_most_items<T>(field: &'static str, items: &[T], max: usize) -> Result<(), InputError> {
    if items.len() > max {
        return Err(InputError::TooMany { field, max });
    }
    Ok(())
}

/// A new password and its confirmation: at least `min` and at most `max` characters, and the
/// same twice.
pub fn new_password(new: &str, confirm: &str, min: usize, max: usize) -> Result<(), InputError> {
    at_most("new", new, max)?;
    if new.chars().count() < min {
        return Err(InputError::TooShort { field: "new", min });
    }
    if new != confirm {
        return Err(InputError::Mismatch("confirm"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_bounded_by_characters_and_bytes() {
        assert!(at_most("name", "林雅婷", 3).is_ok());
        assert_eq!(
            at_most("name", "林雅婷", 2),
            Err(InputError::TooLong {
                field: "name",
                max: 2
            })
        );
        let huge = "a".repeat(10_000_000);
        assert!(at_most("name", &huge, 100).is_err());
        assert_eq!(required("body", "  ", 10), Err(InputError::Missing("body")));
        assert!(required("body", "hi", 10).is_ok());
        assert_eq!(
            at_most_items("tags", &[1, 2, 3], 2),
            Err(InputError::TooMany {
                field: "tags",
                max: 2
            })
        );
        assert_eq!(InputError::Missing("email").field(), "email");
    }

    #[test]
    fn a_new_password_is_long_enough_short_enough_and_confirmed() {
        assert_eq!(
            new_password("correct-horse", "correct-horse", 8, 256),
            Ok(())
        );
        assert_eq!(
            new_password("short", "short", 8, 256),
            Err(InputError::TooShort {
                field: "new",
                min: 8
            })
        );
        assert_eq!(
            new_password("correct-horse", "correct-hose", 8, 256),
            Err(InputError::Mismatch("confirm"))
        );
        let long = "x".repeat(257);
        assert_eq!(
            new_password(&long, &long, 8, 256),
            Err(InputError::TooLong {
                field: "new",
                max: 256
            })
        );
    }
}
