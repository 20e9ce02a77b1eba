//! A drawn page's pixels, kept in 4-byte words.

use std::fmt;
use std::ops::Deref;

/// RGBA pixels, row by row, four bytes each (they read as bytes: `pixels[i]`,
/// `pixels.chunks_exact(4)`). They are stored as words, one a pixel (its four bytes in memory
/// order), so that a graphics library's 32-bit colour type can take the whole buffer over
/// ([`Self::into_words`]) without a copy: a page at 2x is 7.7 MB, and copying it cost a new
/// allocation and a pass over every byte, for every page shown.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Pixels(Vec<u32>);

impl Pixels {
    /// Room for `pixels` pixels.
    pub(super) fn with_capacity(pixels: usize) -> Self {
        Self(Vec::with_capacity(pixels))
    }

    /// A copy of `rgba`, whose length is a multiple of 4 (bytes after the last whole pixel
    /// are left out).
    #[must_use]
    pub fn from_bytes(rgba: &[u8]) -> Self {
        let mut pixels = Self::with_capacity(rgba.len() / 4);
        pixels.push_bytes(rgba);
        pixels
    }

    /// Appends `n` white pixels.
    pub(super) fn push_white(&mut self, n: usize) {
        self.0.resize(self.0.len() + n, u32::MAX);
    }

    /// Appends the whole pixels of `rgba`.
    pub(super) fn push_bytes(&mut self, rgba: &[u8]) {
        let (whole, _) = rgba.as_chunks::<4>();
        self.0.extend(whole.iter().map(|p| u32::from_ne_bytes(*p)));
    }

    /// The buffer itself: each word one pixel's four bytes, R, G, B, A in memory order.
    #[must_use]
    pub fn into_words(self) -> Vec<u32> {
        self.0
    }
}

impl Deref for Pixels {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        bytemuck::cast_slice(&self.0)
    }
}

impl fmt::Debug for Pixels {
    /// The size, not megabytes of numbers.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pixels({} pixels)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pixels_read_as_the_bytes_they_were_made_of() {
        let bytes: Vec<u8> = (0..12).collect();
        let mut pixels = Pixels::from_bytes(&bytes);
        assert_eq!(&pixels[..], &bytes[..]);
        pixels.push_white(1);
        pixels.push_bytes(&[9, 8, 7, 6, 5]);
        assert_eq!(&pixels[12..], &[255, 255, 255, 255, 9, 8, 7, 6]);
        assert_eq!(pixels.len(), 20, "five whole pixels, the byte after them left out");
        assert_eq!(pixels.into_words()[4].to_ne_bytes(), [9, 8, 7, 6]);
    }
}
