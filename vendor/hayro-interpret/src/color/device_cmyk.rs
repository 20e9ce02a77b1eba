use super::ToRgb;
use super::cmyk_grid;

#[derive(Debug, Clone)]
pub(crate) struct DeviceCmyk;

impl ToRgb for DeviceCmyk {
    /// BeFITS Coder patch: through the stored grid of the built-in CMYK profile's transform
    /// (`cmyk_grid.rs`), not a transform built from the profile in every process.
    fn convert(&self, input: &[u8], output: &mut [u8]) -> Option<()> {
        if input.len() % 4 != 0 || input.len() / 4 * 3 != output.len() {
            return None;
        }
        cmyk_grid::convert(input, output);
        Some(())
    }
}
