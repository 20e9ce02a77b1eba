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

impl Message {
    /// An informational message.
    pub fn info(text: impl Into<String>) -> Self {
        Self { level: MessageLevel::Info, text: text.into() }
    }
    /// A warning.
    pub fn warning(text: impl Into<String>) -> Self {
        Self { level: MessageLevel::Warning, text: text.into() }
    }
    /// An error.
    pub fn error(text: impl Into<String>) -> Self {
        Self { level: MessageLevel::Error, text: text.into() }
    }
}
