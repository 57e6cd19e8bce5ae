//! Simple fonts' encodings: the standard base encodings and glyph names → Unicode.

use super::tables;

/// A base encoding: code → Unicode (0 = no glyph).
pub(super) type Table = [u16; 256];

/// The base encoding called `name` in `/Encoding` or `/BaseEncoding`.
pub(super) fn by_name(name: &[u8]) -> Option<&'static Table> {
    match name {
        b"WinAnsiEncoding" => Some(&tables::WIN_ANSI),
        b"MacRomanEncoding" => Some(&tables::MAC_ROMAN),
        b"StandardEncoding" => Some(&tables::STANDARD),
        b"PDFDocEncoding" => Some(&tables::PDF_DOC),
        _ => None,
    }
}

/// Text of a glyph name: the Adobe Glyph List names real producers use, `uniXXXX`
/// (one or more 4-digit groups), `uXXXX`–`uXXXXXX`, ligatures written `f_i`, and
/// variants with a suffix (`a.sc`, `one.oldstyle`) read as their base name.
pub(super) fn glyph_text(name: &[u8]) -> Option<String> {
    let base = name.split(|&b| b == b'.').next().unwrap_or(name);
    if base.contains(&b'_') {
        let parts: Option<String> = base.split(|&b| b == b'_').map(single).collect();
        return parts.filter(|s| !s.is_empty());
    }
    single(base)
}

fn single(name: &[u8]) -> Option<String> {
    let s = std::str::from_utf8(name).ok()?;
    if let Ok(i) = tables::GLYPH_NAMES.binary_search_by(|(n, _)| n.cmp(&s)) {
        let unit = tables::GLYPH_NAMES.get(i)?.1;
        return char::from_u32(u32::from(unit)).map(String::from);
    }
    if let Some(hex) = s.strip_prefix("uni")
        && hex.len() >= 4
        && hex.len() % 4 == 0
    {
        let units: Option<Vec<u16>> = (0..hex.len() / 4)
            .map(|k| u16::from_str_radix(hex.get(k * 4..k * 4 + 4)?, 16).ok())
            .collect();
        return String::from_utf16(&units?).ok();
    }
    if let Some(hex) = s.strip_prefix('u')
        && (4..=6).contains(&hex.len())
        && let Some(c) = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
    {
        return Some(String::from(c));
    }
    // The whole Adobe Glyph List (TeX's and Symbol's names among them: `ffi`,
    // `quotedblright`, `chi`), from read-fonts.
    let text: String = read_fonts::ps::agl::name_to_chars(s).collect();
    (!text.is_empty()).then_some(text)
}

/// Unicode of a code in a base table, as text.
pub(super) fn table_text(table: &Table, code: u8) -> Option<String> {
    let unit = *table.get(usize::from(code))?;
    (unit != 0)
        .then(|| char::from_u32(u32::from(unit)).map(String::from))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_names() {
        let t = |n: &str| glyph_text(n.as_bytes());
        assert_eq!(t("egrave").as_deref(), Some("è"));
        assert_eq!(t("quoteright").as_deref(), Some("\u{2019}"));
        assert_eq!(t("uni20AC").as_deref(), Some("€"));
        assert_eq!(t("u1F600").as_deref(), Some("😀"));
        assert_eq!(t("f_i").as_deref(), Some("fi"));
        assert_eq!(t("a.sc").as_deref(), Some("a"));
        assert_eq!(t("g123"), None);
    }

    #[test]
    fn win_ansi_has_euro_and_accents() {
        assert_eq!(table_text(&tables::WIN_ANSI, 0x80).as_deref(), Some("€"));
        assert_eq!(table_text(&tables::WIN_ANSI, 0xE0).as_deref(), Some("à"));
    }
}
