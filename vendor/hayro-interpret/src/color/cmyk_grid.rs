//! BeFITS Coder patch: device CMYK converted to sRGB through a stored grid (see PATCHED.md).
//!
//! The renderer's device CMYK is its built-in print profile (`CGATS001Compat-v2-micro.icc`)
//! converted to sRGB. moxcms builds that transform by sampling the profile on a 17^4 grid,
//! about 10 ms of work in every new process (the page worker is one), before the first
//! CMYK colour of a page can be drawn. The grid moxcms samples is the same every time, so it
//! is stored here (`assets/cmyk-srgb-grid17.bin`, written and checked against moxcms by the
//! app's tests) and interpolated as moxcms interpolates it: each colour between the 16
//! grid points around it, linearly along each of C, M, Y and K.

/// Grid points along each of C, M, Y and K.
pub(crate) const GRID: usize = 17;

/// The grid: for each K, C, M and Y index (Y fastest), the sRGB red, green and blue, each a
/// 16-bit little-endian fraction of 65535.
pub(crate) static GRID_BYTES: &[u8; GRID * GRID * GRID * GRID * 3 * 2] =
    include_bytes!("../../assets/cmyk-srgb-grid17.bin");

/// Distance in the grid, in values (three per point), between neighbours along C, M, Y, K.
const STRIDES: [usize; 4] = [GRID * GRID * 3, GRID * 3, 3, GRID * GRID * GRID * 3];

/// The value at `index` of the stored grid, as a fraction of 1.
#[inline(always)]
fn at(index: usize) -> f32 {
    let i = index * 2;
    match GRID_BYTES.get(i..i + 2) {
        Some(b) => f32::from(u16::from_le_bytes([b[0], b[1]])),
        None => 0.0,
    }
}

/// One CMYK colour (each component 0..=255) in sRGB.
#[inline]
pub(crate) fn cmyk_to_rgb(cmyk: [u8; 4]) -> [u8; 3] {
    // For each component: its grid cell below (an index, clamped so that 255 is the top of
    // the last cell) and the weights of the cell's two ends.
    let mut base = 0;
    let mut weights = [[0.0_f32; 2]; 4];
    for (i, v) in cmyk.into_iter().enumerate() {
        let scaled = u32::from(v) * (GRID as u32 - 1);
        let cell = (scaled / 255).min(GRID as u32 - 2);
        let t = (scaled - cell * 255) as f32 / 255.0;
        base += cell as usize * STRIDES[i];
        weights[i] = [1.0 - t, t];
    }
    let [wc, wm, wy, wk] = weights;
    let mut rgb = [0.0_f32; 3];
    for (k, &w_k) in wk.iter().enumerate() {
        for (c, &w_c) in wc.iter().enumerate() {
            let w_kc = w_k * w_c;
            let at_kc = base + k * STRIDES[3] + c * STRIDES[0];
            for (m, &w_m) in wm.iter().enumerate() {
                let w_kcm = w_kc * w_m;
                let at_kcm = at_kc + m * STRIDES[1];
                for (y, &w_y) in wy.iter().enumerate() {
                    let w = w_kcm * w_y;
                    let point = at_kcm + y * STRIDES[2];
                    for (channel, out) in rgb.iter_mut().enumerate() {
                        *out += w * at(point + channel);
                    }
                }
            }
        }
    }
    rgb.map(|v| (v * (255.0 / 65535.0) + 0.5).clamp(0.0, 255.0) as u8)
}

/// Converts packed CMYK samples (four bytes each) into packed RGB (three each), as many as
/// both hold. Runs of one colour (a picture's background) are converted once.
pub(crate) fn convert(input: &[u8], output: &mut [u8]) {
    let mut last: Option<([u8; 4], [u8; 3])> = None;
    for (cmyk, rgb) in input.chunks_exact(4).zip(output.chunks_exact_mut(3)) {
        let cmyk = [cmyk[0], cmyk[1], cmyk[2], cmyk[3]];
        let converted = match last {
            Some((seen, converted)) if seen == cmyk => converted,
            _ => {
                let converted = cmyk_to_rgb(cmyk);
                last = Some((cmyk, converted));
                converted
            }
        };
        rgb.copy_from_slice(&converted);
    }
}
