//! Files embedded in the binary that more than one module needs.

/// The `DejaVu` Sans font (see `assets/fonts/DejaVu-LICENSE.txt`): wide Unicode coverage for
/// article text and the symbols the UI uses, and the font of exported figures.
pub const DEJAVU_SANS: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
