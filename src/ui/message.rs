//! Messages shown to the user (errors, warnings, notices). The app creates them; the views
//! show them until dismissed.

/// How serious a message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageLevel {
    /// Something finished.
    Info,
    /// Something needs attention but nothing was lost.
    Warning,
    /// Something failed.
    Error,
}

/// One message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// Seriousness.
    pub level: MessageLevel,
    /// The text, a full sentence.
    pub text: String,
}

/// The most characters of a message. A message may quote what it is about (a file's name, a
/// table's column, an imported code), which a file from someone else can make as long as it
/// likes: the banner would then fill the window. A longer text is cut with an ellipsis.
pub const MAX_MESSAGE_CHARS: usize = 1_000;

impl Message {
    fn new(level: MessageLevel, text: impl Into<String>) -> Self {
        let text = text.into();
        let text =
            if text.len() > MAX_MESSAGE_CHARS { crate::model::text::ellipsize(&text, MAX_MESSAGE_CHARS) } else { text };
        Self { level, text }
    }
    /// An informational message.
    pub fn info(text: impl Into<String>) -> Self {
        Self::new(MessageLevel::Info, text)
    }
    /// A warning.
    pub fn warning(text: impl Into<String>) -> Self {
        Self::new(MessageLevel::Warning, text)
    }
    /// An error.
    pub fn error(text: impl Into<String>) -> Self {
        Self::new(MessageLevel::Error, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_cut_at_its_bound_and_a_short_one_kept() {
        let m = Message::error(format!("The table could not be read: {}", "y".repeat(5_000_000)));
        assert_eq!(m.text.chars().count(), MAX_MESSAGE_CHARS);
        assert!(m.text.starts_with("The table could not be read: yyy") && m.text.ends_with('…'));
        assert_eq!(Message::info("Saved.").text, "Saved.");
        let wide = "é".repeat(MAX_MESSAGE_CHARS);
        assert_eq!(Message::warning(wide.clone()).text, wide, "counted in characters, not bytes");
    }
}
