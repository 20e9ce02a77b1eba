// Keep in sync with `hayro-postscript/src/string/ascii_hex.rs`.

use crate::trivia::is_white_space_character;
use crate::util::ByteBuf;
use alloc::vec::Vec;

// BeFITS Coder patch: streams are decoded by `decode_stream`; this is left to the tests.
#[cfg(test)]
pub(crate) fn decode(data: &[u8]) -> Option<Vec<u8>> {
    decode_into(data)
}

// BeFITS Coder patch: a damaged ASCIIHex stream is read on, as poppler reads it.
/// Decodes the data of an `ASCIIHexDecode` stream. A byte that is neither a hexadecimal digit
/// nor white space (a damaged stream: a byte overwritten, a transfer that was not 7-bit clean)
/// counts as a `0` digit instead of making the whole stream unreadable, so that the digits
/// after it keep their pairing and the rest of the stream decodes as written. This is how
/// poppler reads such a stream; the strict [`decode`] stays in use for hexadecimal strings.
/// The output is at most half the input's length.
pub(crate) fn decode_stream(data: &[u8]) -> Vec<u8> {
    let mut decoded = Vec::with_capacity(data.len().div_ceil(2));
    let mut high: Option<u8> = None;
    for &byte in data {
        if is_stream_space(byte) {
            continue;
        }
        if byte == b'>' {
            break;
        }
        let digit = decode_hex_digit(byte).unwrap_or(0);
        match high.take() {
            Some(h) => decoded.push(h << 4 | digit),
            None => high = Some(digit),
        }
    }
    if let Some(h) = high {
        decoded.push(h << 4);
    }
    decoded
}

/// Whether the data of an `ASCIIHexDecode` stream holds bytes that are neither hexadecimal
/// digits nor white space before its end (a damaged stream, which [`decode_stream`] reads on).
pub fn stream_is_damaged(data: &[u8]) -> bool {
    data.iter()
        .take_while(|&&b| b != b'>')
        .any(|&b| decode_hex_digit(b).is_none() && !is_stream_space(b))
}

/// White space in an ASCIIHex stream, as poppler counts it (C's `isspace`; NUL is none).
fn is_stream_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

pub(crate) fn decode_into<B: ByteBuf>(data: &[u8]) -> Option<B> {
    // Find end (at `>` or end of data) and check for whitespace.
    let mut has_whitespace = false;
    let mut end = data.len();

    for (idx, byte) in data.iter().enumerate() {
        has_whitespace |= is_white_space_character(*byte);

        if *byte == b'>' {
            end = idx;
            break;
        }
    }

    let data = &data[..end];
    let mut decoded = B::with_capacity(data.len().div_ceil(2));

    if !has_whitespace {
        // Fast path, don't need to worry about white spaces.
        let (chunks, remainder) = data.as_chunks::<2>();

        for &[hi, lo] in chunks {
            decoded.push(decode_hex_digit(hi)? << 4 | decode_hex_digit(lo)?);
        }

        if let [hi] = remainder {
            decoded.push(decode_hex_digit(*hi)? << 4);
        }
    } else {
        // Slow path, need to strip white spaces.
        let mut iter = data.iter().copied();
        let mut read_byte = || -> Option<u8> {
            loop {
                let b = iter.next()?;
                if !is_white_space_character(b) {
                    return Some(b);
                }
            }
        };

        loop {
            match (read_byte(), read_byte()) {
                (Some(hi), Some(lo)) => {
                    decoded.push(decode_hex_digit(hi)? << 4 | decode_hex_digit(lo)?);
                }
                (Some(hi), None) => {
                    decoded.push(decode_hex_digit(hi)? << 4);

                    break;
                }
                (None, _) => break,
            }
        }
    }

    Some(decoded)
}

#[inline(always)]
pub(crate) fn decode_hex_digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'A'..=b'F' => Some(c - b'A' + 10),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::filter::ascii_hex::decode;

    #[test]
    fn decode_simple() {
        let input = b"AF3E2901>";
        assert_eq!(decode(input).unwrap(), vec![0xaf, 0x3e, 0x29, 0x01]);
    }

    #[test]
    fn decode_whitespaces() {
        let input = b"AF3   E2   901>";
        assert_eq!(decode(input).unwrap(), vec![0xaf, 0x3e, 0x29, 0x01]);
    }

    #[test]
    // Not valid for ASCII hex streams since they require a trailing >,
    // but used by PDF hex strings as well.
    fn decode_without_gt() {
        let input = b"AF3E2901";
        assert_eq!(decode(input).unwrap(), vec![0xaf, 0x3e, 0x29, 0x01]);
    }

    #[test]
    fn decode_with_padding() {
        let input = b"AF3E291>";
        assert_eq!(decode(input).unwrap(), vec![0xaf, 0x3e, 0x29, 0x10]);
    }
}
