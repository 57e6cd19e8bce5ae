//! Adobe's predefined CJK CMaps, carried compressed in the binary
//! (`src/pdf/cmaps/`, BSD-3-Clause, see its `SOURCE.md`) and read lazily: a file is
//! inflated and parsed the first time a font names it, once per process, so
//! documents whose fonts do not use them pay nothing.
//!
//! Two kinds: the legacy code → CID CMaps a Type0 font names as its `/Encoding`
//! (`90ms-RKSJ-H`, `GBK-EUC-H`, ISO 32000-1 Table 118), and each CJK collection's
//! CID → Unicode map (`Adobe-Japan1-UCS2`...), which is what poppler and pdf.js read
//! a CIDFont without `/ToUnicode` through.

#[cfg(test)]
use super::cmap::cid_in;
use super::cmap::{CMap, CodeMap};
use flate2::read::ZlibDecoder;
use std::io::Read;
use std::sync::OnceLock;

/// `(name, zlib-compressed CMap file)`, sorted by name.
macro_rules! files {
    ($($name:literal)*) => { &[$(($name, include_bytes!(concat!("../cmaps/", $name, ".z")))),*] };
}
const FILES: &[(&str, &[u8])] = files!(
    "83pv-RKSJ-H" "90ms-RKSJ-H" "90ms-RKSJ-V" "90msp-RKSJ-H" "90msp-RKSJ-V" "90pv-RKSJ-H"
    "Add-RKSJ-H" "Add-RKSJ-V" "Adobe-CNS1-UCS2" "Adobe-GB1-UCS2" "Adobe-Japan1-UCS2"
    "Adobe-Korea1-UCS2" "B5pc-H" "B5pc-V" "CNS-EUC-H" "CNS-EUC-V" "ETen-B5-H" "ETen-B5-V"
    "ETenms-B5-H" "ETenms-B5-V" "EUC-H" "EUC-V" "Ext-RKSJ-H" "Ext-RKSJ-V" "GB-EUC-H"
    "GB-EUC-V" "GBK-EUC-H" "GBK-EUC-V" "GBK2K-H" "GBK2K-V" "GBKp-EUC-H" "GBKp-EUC-V"
    "GBpc-EUC-H" "GBpc-EUC-V" "H" "HKscs-B5-H" "HKscs-B5-V" "KSC-EUC-H" "KSC-EUC-V"
    "KSCms-UHC-H" "KSCms-UHC-HW-H" "KSCms-UHC-HW-V" "KSCms-UHC-V" "KSCpc-EUC-H" "V"
);

/// Largest compressed file inflated: the biggest (`Adobe-Japan1-UCS2`) is 294 KB.
const MAX_INFLATED: u64 = 4 << 20;
/// `usecmap` links followed: Adobe's `-V` files use their `-H` file, which uses none.
const MAX_USECMAP: usize = 4;

/// Each file once parsed (with its `usecmap` parent merged in), by index in [`FILES`].
static CACHE: [OnceLock<Option<CMap>>; FILES.len()] = [const { OnceLock::new() }; FILES.len()];

/// The predefined CMap called `name`, parsed on first use.
pub(super) fn cmap(name: &[u8]) -> Option<&'static CMap> {
    let k = index(name)?;
    CACHE.get(k)?.get_or_init(|| load(k, 0)).as_ref()
}

/// CID → text of an Adobe CJK character collection (`Japan1`, `GB1`, `CNS1`,
/// `Korea1`): its `Adobe-<ordering>-UCS2` map.
pub(super) fn collection_text(ordering: &[u8]) -> Option<&'static CodeMap<Box<str>>> {
    let name = [b"Adobe-", ordering, b"-UCS2"].concat();
    cmap(&name).map(|c| &c.text)
}

fn index(name: &[u8]) -> Option<usize> {
    FILES.binary_search_by(|(n, _)| n.as_bytes().cmp(name)).ok()
}

/// Inflate and parse file `k`, merging the CMap it uses (not through the cache, so
/// a cycle cannot block: it ends at [`MAX_USECMAP`]).
fn load(k: usize, depth: usize) -> Option<CMap> {
    let (_, packed) = FILES.get(k)?;
    let mut data = Vec::new();
    ZlibDecoder::new(*packed)
        .take(MAX_INFLATED)
        .read_to_end(&mut data)
        .ok()?;
    let mut cmap = CMap::parse(&data);
    if depth < MAX_USECMAP
        && let Some(parent) = cmap
            .usecmap
            .take()
            .and_then(|p| index(p.as_bytes()))
            .and_then(|p| load(p, depth + 1))
    {
        cmap.inherit(parent);
    }
    Some(cmap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_sorted_for_binary_search() {
        assert!(FILES.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn every_file_parses() {
        for (name, _) in FILES {
            let c = cmap(name.as_bytes());
            assert!(
                c.is_some_and(|c| !c.cids.is_empty() || !c.text.is_empty()),
                "{name}"
            );
        }
    }

    #[test]
    fn shift_jis_reads_through_the_japan1_collection() {
        // あ is 0x82A0 in Shift-JIS (90ms-RKSJ-H) and CID 843 in Adobe-Japan1
        let c = cmap(b"90ms-RKSJ-H").map(|c| cid_in(&c.cids, 0x82a0));
        assert_eq!(c, Some(843));
        let text = collection_text(b"Japan1").and_then(|t| t.get(&843));
        assert_eq!(text.map(|t| &**t), Some("あ"));
    }

    #[test]
    fn vertical_file_inherits_its_horizontal_codes() {
        let v = cmap(b"90ms-RKSJ-V");
        // the vertical file lists only the vertical forms (、 0x8141 → CID 7887);
        // あ comes from 90ms-RKSJ-H through usecmap, as do the code-space ranges
        assert_eq!(v.map(|v| cid_in(&v.cids, 0x8141)), Some(7887));
        assert_eq!(v.map(|v| cid_in(&v.cids, 0x82a0)), Some(843));
        assert!(v.is_some_and(|v| v.codespace.len() > 1));
    }

    #[test]
    fn unknown_names_are_none() {
        assert!(cmap(b"Identity-H").is_none());
        assert!(collection_text(b"Identity").is_none());
    }
}
