//! Crafted PDFs for tests: a minimal writer (objects, cross-reference table, trailer) and the
//! hostile files a malicious colleague could send (a deflate bomb, an image bomb), made at
//! test time rather than kept as binaries.

use flate2::Compression;
use flate2::write::ZlibEncoder;
use std::io::Write;
use std::path::PathBuf;

/// A PDF of `objects` (numbered from 1; object 1 must be the catalog), with a correct
/// cross-reference table.
pub fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

/// A stream object with `dict` entries (without `/Length`) and `data`.
pub fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// A content stream writing `lines` in Helvetica 11 pt from the top of a letter page.
pub fn text_content(lines: &[&str]) -> Vec<u8> {
    use std::fmt::Write as _;
    let mut s = String::from("BT /F1 11 Tf 14 TL 72 720 Td\n");
    for l in lines {
        let escaped = l.replace('\\', "\\\\").replace('(', "\\(").replace(')', "\\)");
        let _ = writeln!(s, "({escaped}) Tj T*");
    }
    s.push_str("ET\n");
    s.into_bytes()
}

/// A PDF of letter pages, each with its content stream (already encoded, with its filter
/// entries in the tuple) and the resources every page shares: the font F1 (Helvetica) and
/// the image `Im1` when given.
pub fn pages_pdf(pages: &[(String, Vec<u8>)], image: Option<Vec<u8>>) -> Vec<u8> {
    let n = pages.len();
    // 1 catalog, 2 pages, 3 font, 4 image (or an empty form), then page and content pairs.
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 5 + 2 * i)).collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
        image.unwrap_or_else(|| stream("/Type /XObject /Subtype /Form /BBox [0 0 1 1]", b"")),
    ];
    for (i, (filter, content)) in pages.iter().enumerate() {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> /XObject << /Im1 4 0 R >> >> /Contents {} 0 R >>",
                6 + 2 * i
            )
            .into_bytes(),
        );
        objects.push(stream(filter, content));
    }
    pdf(&objects)
}

/// Where crafted files are kept between tests (they cost a moment to make).
fn cached(name: &str, make: impl FnOnce() -> Vec<u8>) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("crafted").join(name);
    if !path.is_file() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        std::fs::write(&tmp, make()).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
    }
    path
}

/// A 16 x 16 grey JPEG (made with `ImageMagick`), whose frame header says 65,535 x 65,535.
fn jpeg_claiming_65535_squared() -> Vec<u8> {
    const SMALL: &str = "ffd8ffe000104a46494600010100000100010000ffdb00430006040506050406060506070706080a100a0a09090a140e0f0c1017141818171416161a1d251f1a1b231c1616202c20232627292a29191f2d302d283025282928ffc0000b080010001001011100ffc4001500010100000000000000000000000000000002ffc40014100100000000000000000000000000000000ffda0008010100003f00801fffd9";
    let mut jpeg: Vec<u8> =
        (0..SMALL.len()).step_by(2).map(|i| u8::from_str_radix(&SMALL[i..i + 2], 16).unwrap()).collect();
    let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    // Marker, length (2), precision (1), then height and width.
    jpeg[sof + 5..sof + 9].copy_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF]);
    jpeg
}

/// Page 1 has text and draws a 161-byte JPEG that claims 65,535 x 65,535 pixels (4.3 GB
/// once decoded); page 2 is an ordinary page of text.
pub fn image_bomb() -> PathBuf {
    cached("image-bomb.pdf", || {
        let image = stream(
            "/Type /XObject /Subtype /Image /Width 65535 /Height 65535 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode",
            &jpeg_claiming_65535_squared(),
        );
        let mut page1 = text_content(&["A page with a picture that is far too large to draw."]);
        page1.extend_from_slice(b"q 400 0 0 300 100 300 cm /Im1 Do Q\n");
        let page2 = text_content(&["The second page has only text, and draws as usual."]);
        pages_pdf(&[(String::new(), page1), (String::new(), page2)], Some(image))
    })
}

/// Page 1's content stream is 1.5 MB that inflate to 1.5 GB (text first, then nothing but
/// zero bytes); page 2 is an ordinary page of text.
pub fn deflate_bomb() -> PathBuf {
    cached("deflate-bomb.pdf", || {
        let mut e = ZlibEncoder::new(Vec::new(), Compression::best());
        e.write_all(&text_content(&["A page whose drawing instructions never end."])).unwrap();
        let zeros = vec![b' '; 1 << 20];
        for _ in 0..1500 {
            e.write_all(&zeros).unwrap();
        }
        let page1 = e.finish().unwrap();
        let page2 = text_content(&["The second page has only text, and draws as usual."]);
        pages_pdf(&[("/Filter /FlateDecode".into(), page1), (String::new(), page2)], None)
    })
}

/// A two-page article: page 1 printed text, page 2 a picture of a printed page (a scan) with
/// no text layer: `picture` is RGB pixels of `width` x `height`.
pub fn half_scanned(picture: &[u8], width: u32, height: u32) -> Vec<u8> {
    let image = stream(
        &format!(
            "/Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode"
        ),
        &{
            let mut e = ZlibEncoder::new(Vec::new(), Compression::default());
            e.write_all(picture).unwrap();
            e.finish().unwrap()
        },
    );
    let page1 = text_content(&["Lay counsellors delivered the sessions in the community.", "Page two is a scan."]);
    let page2 = b"q 612 0 0 792 0 0 cm /Im1 Do Q\n".to_vec();
    pages_pdf(&[(String::new(), page1), (String::new(), page2)], Some(image))
}

/// Two-byte codes as hexadecimal for a PDF string `<...>`.
fn hex16(codes: &[u16]) -> String {
    use std::fmt::Write as _;
    codes.iter().fold(String::new(), |mut s, u| {
        let _ = write!(s, "{u:04X}");
        s
    })
}

/// The UTF-16BE bytes of a text, as hexadecimal for a PDF string `<...>`.
fn utf16_hex(text: &str) -> String {
    hex16(&text.encode_utf16().collect::<Vec<_>>())
}

/// A page as TCPDF writes Latin and Japanese text: Helvetica for the Latin line, and for the
/// Japanese one a CID font that is not embedded, with the predefined `CMap` `UniJIS-UTF16-H`
/// (codes are UTF-16) and no `ToUnicode` map: only the `CMap` and the Adobe-Japan1 collection
/// say which characters the codes are.
pub fn latin_and_japanese(latin: &str, japanese: &str) -> Vec<u8> {
    japanese_font(latin, "UniJIS-UTF16-H", &utf16_hex(japanese))
}

/// The same with the `Identity-H` encoding: the codes are the characters' CIDs in the
/// Adobe-Japan1 collection, and nothing in the file but the collection's name says which
/// characters they are.
pub fn latin_and_japanese_by_cid(latin: &str, japanese: &str) -> Vec<u8> {
    let data = hayro_cmap::load_embedded(hayro_cmap::CMapName::from_bytes(b"UniJIS-UTF16-H")).unwrap();
    let cmap = hayro_cmap::CMap::parse(data, hayro_cmap::load_embedded).unwrap();
    let cids: Vec<u16> = japanese
        .encode_utf16()
        .map(|u| u16::try_from(cmap.lookup_cid_code(u32::from(u), 2).unwrap()).unwrap())
        .collect();
    let cids = hex16(&cids);
    japanese_font(latin, "Identity-H", &cids)
}

fn japanese_font(latin: &str, encoding: &str, codes: &str) -> Vec<u8> {
    let content = format!("BT /F1 12 Tf 72 720 Td ({latin}) Tj ET\nBT /F2 12 Tf 72 690 Td <{codes}> Tj ET\n");
    pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 8 0 R >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
        format!("<< /Type /Font /Subtype /Type0 /BaseFont /KozMinPro-Regular-Acro /Encoding /{encoding} /DescendantFonts [6 0 R] >>").into_bytes(),
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /KozMinPro-Regular-Acro /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 5 >> /FontDescriptor 7 0 R /DW 1000 >>".to_vec(),
        b"<< /Type /FontDescriptor /FontName /KozMinPro-Regular-Acro /Flags 6 /FontBBox [-195 -272 1110 1075] /ItalicAngle 0 /Ascent 1075 /Descent -272 /CapHeight 740 /StemV 86 >>".to_vec(),
        stream("", content.as_bytes()),
    ])
}
