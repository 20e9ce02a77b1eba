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
/// pixel, in place: the halved image is written over the start of `data`, which is then
/// cut to its length (so no new memory is taken: in a new process, every page of a fresh
/// allocation costs a fault, and a decoded photograph is megabytes). An odd last column or
/// row is averaged with itself. Returns the new size, or `None` (and leaves `data` as it
/// was) when the data is shorter than the size says.
pub(crate) fn halve(data: &mut Vec<u8>, width: u32, height: u32, components: usize) -> Option<(u32, u32)> {
    match components {
        1 => halve_n::<1>(data, width, height),
        3 => halve_n::<3>(data, width, height),
        4 => halve_n::<4>(data, width, height),
        _ => None,
    }
}

fn halve_n<const N: usize>(data: &mut Vec<u8>, width: u32, height: u32) -> Option<(u32, u32)> {
    let (w, h) = (width as usize, height as usize);
    let row_len = w.checked_mul(N)?;

    if w == 0 || h == 0 || data.len() < row_len.checked_mul(h)? {
        return None;
    }

    let (out_w, out_h) = (w.div_ceil(2), h.div_ceil(2));
    let out_row_len = out_w * N;
    let mut sums = vec![0_u16; row_len];

    // Output row `y` ends at `(y + 1) * out_row_len`, at most `(y + 1) * row_len`: never
    // past the start of input row `2 * y + 2`, the next one read. And a row's input is
    // summed into `sums` before its output is written.
    for out_y in 0..out_h {
        let top_start = 2 * out_y * row_len;
        let bottom_start = (2 * out_y + 1).min(h - 1) * row_len;
        {
            let top = &data[top_start..][..row_len];
            let bottom = &data[bottom_start..][..row_len];
            for ((sum, t), b) in sums.iter_mut().zip(top).zip(bottom) {
                *sum = u16::from(*t) + u16::from(*b);
            }
        }

        let out_row = &mut data[out_y * out_row_len..][..out_row_len];
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

    data.truncate(out_row_len * out_h);
    Some((out_w as u32, out_h as u32))
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
        let mut data = vec![0, 4, 9, 8, 12, 1, 100, 200, 50];
        let (w, h) = halve(&mut data, 3, 3, 1).unwrap();
        assert_eq!((w, h), (2, 2));
        assert_eq!(data, vec![6, 5, 150, 50]);

        // 2x1 RGB.
        let mut data = vec![10, 20, 30, 30, 40, 50];
        let (w, h) = halve(&mut data, 2, 1, 3).unwrap();
        assert_eq!((w, h, data), (1, 1, vec![20, 30, 40]));
    }

    #[test]
    fn halving_in_place_gives_each_block_its_average() {
        // Every size from 1 to 9 a side, with 1, 3 and 4 samples per pixel: each output
        // sample is the rounded mean of its block's four, an edge's sample counted twice.
        let mut seed = 0x2545_f491_u32;
        for n in [1, 3, 4] {
            for (w, h) in (1..10).flat_map(|w| (1..10).map(move |h| (w, h))) {
                let data: Vec<u8> = (0..w * h * n)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 17;
                        seed ^= seed << 5;
                        seed as u8
                    })
                    .collect();
                let at = |x: usize, y: usize, c: usize| u16::from(data[(y.min(h - 1) * w + x.min(w - 1)) * n + c]);
                let (ow, oh) = (w.div_ceil(2), h.div_ceil(2));
                let mut expected = Vec::new();
                for y in 0..oh {
                    for x in 0..ow {
                        for c in 0..n {
                            let sum = at(2 * x, 2 * y, c)
                                + at(2 * x + 1, 2 * y, c)
                                + at(2 * x, 2 * y + 1, c)
                                + at(2 * x + 1, 2 * y + 1, c);
                            expected.push(((sum + 2) >> 2) as u8);
                        }
                    }
                }
                let mut halved = data.clone();
                assert_eq!(halve(&mut halved, w as u32, h as u32, n), Some((ow as u32, oh as u32)));
                assert_eq!(halved, expected, "{w} x {h}, {n} samples");
            }
        }
    }

    #[test]
    fn short_data_is_not_read_past() {
        let mut short = vec![1, 2, 3];
        assert!(halve(&mut short, 2, 2, 1).is_none());
        assert!(halve(&mut short, 1, 1, 2).is_none());
        assert_eq!(short, vec![1, 2, 3], "left as it was");
    }
}
