//! BeFITS Coder patch: halve an image before its colors are converted.
//!
//! A page drawn at screen size rarely needs a 300 dpi photograph at full size: the
//! renderer scales it down anyway. Converting the colors of every source pixel (an ICC
//! transform for most journal figures) and then resampling all of them costs more than
//! the rest of such a page. Like MuPDF, which subsamples images by powers of two while
//! decoding, this averages 2x2 blocks of samples as long as the result stays at least
//! as large as the image will be drawn; the renderer then scales the rest of the way.

/// How many times an image of `size` can be halved and still be at least `target`
/// in both directions (at most three times, a factor of 8).
pub(crate) fn halvings(size: (u32, u32), target: (u32, u32)) -> u32 {
    let (mut width, mut height) = size;
    let (target_width, target_height) = (target.0.max(1), target.1.max(1));
    let mut count = 0;

    while count < 3 && width.div_ceil(2) >= target_width && height.div_ceil(2) >= target_height {
        width = width.div_ceil(2);
        height = height.div_ceil(2);
        count += 1;
    }

    count
}

/// Average each 2x2 block of an interleaved 8-bit image of `components` samples per
/// pixel. An odd last column or row is averaged with itself. Returns the new data and
/// size, or `None` when the data is shorter than the size says.
pub(crate) fn halve(data: &[u8], width: u32, height: u32, components: usize) -> Option<(Vec<u8>, u32, u32)> {
    match components {
        1 => halve_n::<1>(data, width, height),
        3 => halve_n::<3>(data, width, height),
        4 => halve_n::<4>(data, width, height),
        _ => None,
    }
}

fn halve_n<const N: usize>(data: &[u8], width: u32, height: u32) -> Option<(Vec<u8>, u32, u32)> {
    let (w, h) = (width as usize, height as usize);
    let row_len = w.checked_mul(N)?;

    if w == 0 || h == 0 || data.len() < row_len.checked_mul(h)? {
        return None;
    }

    let (out_w, out_h) = (w.div_ceil(2), h.div_ceil(2));
    let mut out = vec![0_u8; out_w * out_h * N];
    // The sums of two rows, then of two columns of those: written so that both
    // loops vectorize.
    let mut sums = vec![0_u16; row_len];

    for (out_y, out_row) in out.chunks_exact_mut(out_w * N).enumerate() {
        let top = &data[2 * out_y * row_len..][..row_len];
        let bottom_y = (2 * out_y + 1).min(h - 1);
        let bottom = &data[bottom_y * row_len..][..row_len];

        for ((sum, t), b) in sums.iter_mut().zip(top).zip(bottom) {
            *sum = u16::from(*t) + u16::from(*b);
        }

        let (pixels, rest) = sums.as_chunks::<N>().0.split_at(w / 2 * 2);
        let out_pixels = out_row.as_chunks_mut::<N>().0;

        for (out, pair) in out_pixels.iter_mut().zip(pixels.as_chunks::<2>().0) {
            for c in 0..N {
                out[c] = ((pair[0][c] + pair[1][c] + 2) >> 2) as u8;
            }
        }

        if let (Some(last), Some(out)) = (rest.first(), out_pixels.last_mut())
            && w % 2 == 1
        {
            for c in 0..N {
                out[c] = ((last[c] + 1) >> 1) as u8;
            }
        }
    }

    Some((out, out_w as u32, out_h as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halvings_stop_before_the_image_gets_smaller_than_drawn() {
        assert_eq!(halvings((1679, 2610), (806, 1253)), 1);
        assert_eq!(halvings((1679, 2610), (200, 300)), 3);
        assert_eq!(halvings((1679, 2610), (1679, 2610)), 0);
        assert_eq!(halvings((100, 100), (0, 0)), 3);
        // A thin strip keeps its thin side.
        assert_eq!(halvings((4000, 3), (500, 3)), 0);
    }

    #[test]
    fn blocks_are_averaged_and_odd_edges_kept() {
        // 3x3 gray: 2x2 out; the last column and row average with themselves.
        let data = [0, 4, 9, 8, 12, 1, 100, 200, 50];
        let (out, w, h) = halve(&data, 3, 3, 1).unwrap();
        assert_eq!((w, h), (2, 2));
        assert_eq!(out, vec![6, 5, 150, 50]);

        // 2x1 RGB.
        let data = [10, 20, 30, 30, 40, 50];
        let (out, w, h) = halve(&data, 2, 1, 3).unwrap();
        assert_eq!((w, h, out), (1, 1, vec![20, 30, 40]));
    }

    #[test]
    fn short_data_is_not_read_past() {
        assert!(halve(&[1, 2, 3], 2, 2, 1).is_none());
        assert!(halve(&[1, 2, 3], 1, 1, 2).is_none());
    }
}
