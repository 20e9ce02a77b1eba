//! A drawn page's pixels as they cross the pipe from the page worker. An article's page is
//! mostly white (margins, gaps between lines and words), so blocks of four white pixels are
//! counted instead of sent: the PLOS Medicine article's pages at 2x cross as 1.4 MB on
//! average instead of 7.7. Copying through a pipe was the dearest part of drawing a page in a
//! separate process; counting the white costs less (about 1 ms a page), and is done by the
//! drawing thread as it finishes a page, while the worker's writer hands the page before over.
//!
//! The encoding is a series of pairs, each two little-endian `u32`: a number of white blocks
//! (16 bytes of 0xFF), then a number of blocks sent as they are, followed by their bytes. The
//! bytes after the last whole block (fewer than 16) end it as they are. The decoder takes
//! the expected length from the reply's header and refuses anything that does not give
//! exactly that.

use super::pixels::Pixels;

/// Four RGBA pixels.
const BLOCK: usize = 16;

/// The longest run in one pair.
const MAX_RUN: usize = u32::MAX as usize;

fn is_white(block: &[u8; BLOCK]) -> bool {
    u128::from_ne_bytes(*block) == u128::MAX
}

/// Blocks looked at together while a run of white lasts: 16 blocks (256 bytes), compared as
/// 64-bit words, encode a page about a fifth faster than 4 blocks compared byte by byte
/// (0.72-0.98 against 0.94-1.28 ms a page, three articles at 2x, two runs).
const WIDE: usize = 16;

fn all_white(bytes: &[u8]) -> bool {
    let (words, rest) = bytes.as_chunks::<8>();
    words.iter().fold(u64::MAX, |all, w| all & u64::from_ne_bytes(*w)) == u64::MAX && rest.iter().all(|&b| b == 0xFF)
}

/// Writes `pixels` encoded into `out` (emptied first, its room kept from page to page).
pub(super) fn encode(pixels: &[u8], out: &mut Vec<u8>) {
    out.clear();
    let (blocks, tail) = pixels.as_chunks::<BLOCK>();
    let mut i = 0;
    while i < blocks.len() {
        let start = i;
        // Margins and gaps are long: `WIDE` blocks at a time while they last, then block by
        // block.
        while i + WIDE <= blocks.len() && i - start + WIDE <= MAX_RUN && all_white(blocks[i..i + WIDE].as_flattened()) {
            i += WIDE;
        }
        while i < blocks.len() && i - start < MAX_RUN && is_white(&blocks[i]) {
            i += 1;
        }
        let white = i - start;
        let first = i;
        while i < blocks.len() && i - first < MAX_RUN && !is_white(&blocks[i]) {
            i += 1;
        }
        // Both runs are at most `MAX_RUN` long.
        #[allow(clippy::cast_possible_truncation)]
        {
            out.extend_from_slice(&(white as u32).to_le_bytes());
            out.extend_from_slice(&((i - first) as u32).to_le_bytes());
        }
        out.extend_from_slice(blocks[first..i].as_flattened());
    }
    out.extend_from_slice(tail);
}

/// Why encoded pixels were refused.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Malformed;

fn take_u32(rest: &mut &[u8]) -> Result<usize, Malformed> {
    let (head, tail) = rest.split_first_chunk::<4>().ok_or(Malformed)?;
    *rest = tail;
    usize::try_from(u32::from_le_bytes(*head)).map_err(|_| Malformed)
}

/// The pixels of `len` bytes that `encoded` holds. The caller has bounded `len`.
///
/// # Errors
/// The encoding does not give exactly `len` bytes, or `len` is not whole pixels (a confused
/// or hostile worker).
pub(super) fn decode(encoded: &[u8], len: usize) -> Result<Pixels, Malformed> {
    if !len.is_multiple_of(4) {
        return Err(Malformed);
    }
    let body = len - len % BLOCK;
    let mut out = Pixels::with_capacity(len / 4);
    let mut rest = encoded;
    let mut done = 0;
    while done < body {
        let white = take_u32(&mut rest)?.checked_mul(BLOCK).ok_or(Malformed)?;
        let sent = take_u32(&mut rest)?.checked_mul(BLOCK).ok_or(Malformed)?;
        let end = done.checked_add(white).and_then(|n| n.checked_add(sent)).ok_or(Malformed)?;
        if end > body || end == done {
            return Err(Malformed);
        }
        let (bytes, after) = rest.split_at_checked(sent).ok_or(Malformed)?;
        out.push_white(white / 4);
        out.push_bytes(bytes);
        done = end;
        rest = after;
    }
    if rest.len() != len - body {
        return Err(Malformed);
    }
    out.push_bytes(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever a worker sends, decoding never panics nor gives another length.
        #[test]
        fn any_bytes_decode_to_the_length_or_are_refused(encoded in proptest::collection::vec(any::<u8>(), 0..200), len in 0usize..256) {
            if let Ok(pixels) = decode(&encoded, len) {
                prop_assert_eq!(pixels.len(), len);
            }
        }

        /// Any picture, white or not in any pattern, comes back as it was.
        #[test]
        fn any_picture_round_trips(runs in proptest::collection::vec((0usize..70, any::<bool>()), 0..40), tail in 0usize..4) {
            // Runs of whole pixels, across blocks of four in any way, and a tail of pixels
            // after the last whole block.
            let mut pixels: Vec<u8> = runs.iter().flat_map(|&(n, white)| std::iter::repeat_n(if white { 0xFF } else { 0x10 }, 4 * n)).collect();
            pixels.extend(std::iter::repeat_n(0xFE, 4 * tail));
            let mut encoded = Vec::new();
            encode(&pixels, &mut encoded);
            prop_assert_eq!(decode(&encoded, pixels.len()).map(|p| p.to_vec()), Ok(pixels));
        }
    }

    fn round_trip(pixels: &[u8]) -> Vec<u8> {
        let mut encoded = vec![1, 2, 3];
        encode(pixels, &mut encoded);
        assert_eq!(&decode(&encoded, pixels.len()).unwrap()[..], pixels);
        encoded
    }

    #[test]
    fn pages_round_trip_and_white_shrinks() {
        // A mostly white page with a few dark "lines" and a length that is no whole block.
        let mut page = vec![0xFFu8; 4 * 1001 * 37];
        for row in (3..37).step_by(7) {
            let at = row * 4 * 1001 + 400;
            page[at..at + 900].fill(0x20);
        }
        let encoded = round_trip(&page);
        assert!(encoded.len() < page.len() / 10, "{} of {}", encoded.len(), page.len());
        // The extremes: nothing, all white, no white, a tail only, alternating blocks.
        round_trip(&[]);
        round_trip(&[0xFF; 64]);
        round_trip(&[7; 64]);
        round_trip(&[0xFF; 12]);
        round_trip(&[3; 8]);
        let alternating: Vec<u8> = (0..64 * 16).map(|i| if (i / 16) % 2 == 0 { 0xFF } else { 1 }).collect();
        let encoded = round_trip(&alternating);
        assert!(encoded.len() <= alternating.len() + 16, "never much larger than the pixels");
    }

    #[test]
    fn an_encoding_that_does_not_give_the_length_is_refused() {
        let page = [0xFFu8; 64];
        let mut encoded = Vec::new();
        encode(&page, &mut encoded);
        assert_eq!(decode(&encoded, 128), Err(Malformed), "too few pixels");
        assert_eq!(decode(&encoded, 32), Err(Malformed), "too many");
        assert_eq!(decode(&encoded[..5], 64), Err(Malformed), "cut short");
        // A run past the end, an empty pair (which would never end), a huge count.
        let pair = |w: u32, s: u32| [w.to_le_bytes(), s.to_le_bytes()].concat();
        assert_eq!(decode(&pair(5, 0), 64), Err(Malformed));
        assert_eq!(decode(&pair(0, 0), 64), Err(Malformed));
        assert_eq!(decode(&pair(u32::MAX, u32::MAX), 64), Err(Malformed));
        assert_eq!(decode(&pair(2, 1), 48), Err(Malformed), "the sent block is missing");
        let mut extra = pair(4, 0);
        extra.push(9);
        assert_eq!(decode(&extra, 64), Err(Malformed), "bytes left over");
        // A length that is no whole number of pixels.
        let mut tail = Vec::new();
        encode(&[0xFF; 18], &mut tail);
        assert_eq!(decode(&tail, 18), Err(Malformed), "half a pixel");
    }
}
