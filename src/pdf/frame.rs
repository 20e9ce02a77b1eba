//! Messages between the app and a PDF worker process over a pipe: a JSON header and a binary
//! payload (a PDF's bytes, a page's pixels), each preceded by its length. Both lengths are
//! bounded by the reader, so a confused or hostile peer cannot make the other side allocate
//! without limit.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::io::{self, Read, Write};

/// Largest JSON header accepted (page sizes of a 100,000-page PDF fit easily).
pub const MAX_HEADER: u32 = 64 * 1024 * 1024;

/// One message: a header and its payload (often empty).
#[derive(Debug)]
pub struct Frame {
    /// The JSON header.
    pub header: Vec<u8>,
    /// The binary payload.
    pub payload: Vec<u8>,
}

impl Frame {
    /// Decodes the header.
    ///
    /// # Errors
    /// The header is not the expected JSON.
    pub fn decode<T: DeserializeOwned>(&self) -> io::Result<T> {
        serde_json::from_slice(&self.header).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }
}

/// Writes one message and flushes.
///
/// # Errors
/// The pipe is closed or the header cannot be encoded.
pub fn write_frame<T: Serialize>(w: &mut impl Write, header: &T, payload: &[u8]) -> io::Result<()> {
    let json = serde_json::to_vec(header).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
    let len = u32::try_from(json.len()).map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "header too long"))?;
    w.write_all(&len.to_le_bytes())?;
    w.write_all(&json)?;
    w.write_all(&(payload.len() as u64).to_le_bytes())?;
    w.write_all(payload)?;
    w.flush()
}

/// Reads one message, refusing a header over [`MAX_HEADER`] or a payload over
/// `max_payload` bytes. `Ok(None)` at a clean end of the stream.
///
/// # Errors
/// A broken or over-long message.
pub fn read_frame(r: &mut impl Read, max_payload: u64) -> io::Result<Option<Frame>> {
    let mut len = [0u8; 4];
    match r.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let header_len = u32::from_le_bytes(len);
    if header_len > MAX_HEADER {
        return Err(io::Error::new(io::ErrorKind::InvalidData, format!("a message header of {header_len} bytes")));
    }
    let header = read_exactly(r, u64::from(header_len))?;
    let mut len = [0u8; 8];
    r.read_exact(&mut len)?;
    let payload_len = u64::from_le_bytes(len);
    if payload_len > max_payload {
        return Err(io::Error::new(io::ErrorKind::InvalidData, format!("a message of {payload_len} bytes")));
    }
    let payload = read_exactly(r, payload_len)?;
    Ok(Some(Frame { header, payload }))
}

/// Reads exactly `n` bytes (already checked against the caller's limit). Room for up to
/// 64 MiB is taken at once, so that a page's pixels are not copied as the buffer grows;
/// beyond that the buffer grows as bytes actually arrive.
fn read_exactly(r: &mut impl Read, n: u64) -> io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(usize::try_from(n.min(64 << 20)).unwrap_or(1 << 20));
    let got = r.take(n).read_to_end(&mut out)?;
    if got as u64 == n {
        Ok(out)
    } else {
        Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the message was cut short"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_lengths_are_bounded() {
        let mut buf = Vec::new();
        write_frame(&mut buf, &("open", 3), b"%PDF-").unwrap();
        write_frame(&mut buf, &"render", &[]).unwrap();
        let mut r = buf.as_slice();
        let a = read_frame(&mut r, 100).unwrap().unwrap();
        assert_eq!(a.decode::<(String, u32)>().unwrap(), ("open".to_owned(), 3));
        assert_eq!(a.payload, b"%PDF-");
        let b = read_frame(&mut r, 100).unwrap().unwrap();
        assert_eq!(b.decode::<String>().unwrap(), "render");
        assert!(read_frame(&mut r, 100).unwrap().is_none(), "clean end");

        // A payload over the limit is refused before it is read.
        let mut big = Vec::new();
        write_frame(&mut big, &0, &[7u8; 64]).unwrap();
        assert!(read_frame(&mut big.as_slice(), 63).is_err());
        // A lying header length is refused without allocating it.
        let mut lie = u32::MAX.to_le_bytes().to_vec();
        lie.extend_from_slice(b"{}");
        assert!(read_frame(&mut lie.as_slice(), 10).is_err());
        // A message cut short is an error, not a short payload.
        let cut = &buf[..buf.len() - 3];
        let mut r = cut;
        assert!(read_frame(&mut r, 100).is_ok());
        assert!(read_frame(&mut r, 100).is_err());
    }
}
