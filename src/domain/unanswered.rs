//! Since when a customer has waited, read from a conversation's thread the way storage keeps
//! `waiting_since`: the first customer message after the last reply, cleared by a reply (by a
//! member or the bot) and by closing.

use super::Millis;

/// One line of a thread as far as waiting is concerned, oldest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// The customer wrote at this time.
    Customer(Millis),
    /// Someone answered the customer.
    Answered,
    /// The conversation was closed.
    Closed,
}

/// When the oldest customer message no reply has followed arrived, if any.
pub fn waiting_since(steps: impl IntoIterator<Item = Step>) -> Option<Millis> {
    steps.into_iter().fold(None, |since, step| match step {
        Step::Customer(at) => since.or(Some(at)),
        Step::Answered | Step::Closed => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oldest_unanswered_customer_message() {
        use Step::*;
        assert_eq!(waiting_since([]), None);
        assert_eq!(waiting_since([Customer(1), Customer(2)]), Some(1));
        assert_eq!(waiting_since([Customer(1), Answered, Customer(5)]), Some(5));
        assert_eq!(waiting_since([Customer(1), Answered]), None);
        assert_eq!(waiting_since([Customer(1), Closed]), None);
        assert_eq!(
            waiting_since([Customer(1), Closed, Customer(9), Customer(10)]),
            Some(9)
        );
    }
}
