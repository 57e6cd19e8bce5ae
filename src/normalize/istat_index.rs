// (No `//!` here: build.rs compiles this file as a module of its own; the docs are on
// its `mod` line in normalize/mod.rs. Plain `std` and `super::base` only: no crate
// paths.)

use super::base::{fold, tsv_rows};

/// The columns of `data/istat/comuni.tsv`.
pub const COLUMNS: [&str; 6] = ["istat", "name", "name_other", "sigla", "province", "region"];

/// The columns of `data/istat/name_aliases.tsv`.
pub const ALIAS_COLUMNS: [&str; 3] = ["alias", "istat", "seen"];

/// The name index of the ISTAT list, as [`index`] builds it: what `build.rs` writes as
/// static tables, so no process builds it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    /// Where each comune's line starts in `comuni.tsv` (its columns: [`COLUMNS`]).
    pub rows: Vec<u32>,
    /// `(hash of a name key, row)`, sorted and without repeats: the name index, aliases
    /// included. A hash is checked against the row's own keys and aliases (two keys
    /// may collide).
    pub by_name: Vec<(u32, u32)>,
    /// `(name key, row)` of each name alias (`reggio emilia` → Reggio nell'Emilia).
    pub aliases: Vec<(String, u32)>,
    /// `(sigla, province)` of each run of rows with the same province, in the list's
    /// order (the list is sorted by ISTAT code, whose first digits are the province).
    pub provinces: Vec<(String, String)>,
}

/// The six columns of a line, if it has exactly six.
pub fn columns(line: &str) -> Option<[&str; 6]> {
    let mut cells = line.split('\t');
    let mut row = [""; 6];
    for cell in &mut row {
        *cell = cells.next()?;
    }
    cells.next().is_none().then_some(row)
}

/// Build the index from the texts of `comuni.tsv` and `name_aliases.tsv`; an error
/// names the line or alias that is wrong.
pub fn index(comuni: &str, name_aliases: &str) -> Result<Index, String> {
    let mut lines = comuni.split_inclusive('\n');
    let head = lines.next().unwrap_or_default();
    if columns(head.trim_end()) != Some(COLUMNS) {
        return Err(format!("header {head:?}, expected {COLUMNS:?}"));
    }
    let mut at = head.len();
    let mut rows = Vec::with_capacity(8192);
    let mut by_name = Vec::with_capacity(9216);
    let mut provinces: Vec<(String, String)> = Vec::new();
    for (i, line) in lines.enumerate() {
        let start = at;
        at += line.len();
        if line.trim().is_empty() {
            continue;
        }
        let row = columns(line.trim_end_matches(['\n', '\r']))
            .ok_or_else(|| format!("line {}: not 6 cells", i + 2))?;
        let n = u32::try_from(rows.len()).map_err(|e| e.to_string())?;
        by_name.extend(row_key_hashes(&row).into_iter().flatten().map(|h| (h, n)));
        if provinces
            .last()
            .is_none_or(|(s, p)| (s.as_str(), p.as_str()) != (row[3], row[4]))
        {
            provinces.push((row[3].to_string(), row[4].to_string()));
        }
        rows.push(u32::try_from(start).map_err(|e| e.to_string())?);
    }
    let istat_row = |code: &str| {
        (0..rows.len()).find(|&i| {
            rows.get(i)
                .and_then(|&s| comuni.get(s as usize..))
                .and_then(|l| l.strip_prefix(code))
                .is_some_and(|rest| rest.starts_with('\t'))
        })
    };
    let mut aliases = Vec::new();
    for r in tsv_rows(name_aliases, &ALIAS_COLUMNS)? {
        let i =
            istat_row(r[1]).ok_or_else(|| format!("name alias {:?}: no comune {}", r[0], r[1]))?;
        let i = u32::try_from(i).map_err(|e| e.to_string())?;
        let key = name_key(r[0]);
        by_name.push((key_hash(&key), i));
        aliases.push((key, i));
    }
    by_name.sort_unstable();
    // a comune whose two names fold alike (`Gais`/`Gais`) is indexed once
    by_name.dedup();
    Ok(Index {
        rows,
        by_name,
        aliases,
        provinces,
    })
}

/// The name keys a row is found by: its name, its name in the other official
/// language, and both as printed together (`Bolzano/Bozen`).
pub fn row_keys(row: &[&str; 6]) -> Vec<String> {
    let (name, other) = (row[1], row[2]);
    let mut keys = vec![name_key(name)];
    if !other.is_empty() {
        keys.push(name_key(other));
        keys.push(name_key(&format!("{name}/{other}")));
    }
    keys.retain(|k| !k.is_empty());
    keys
}

/// The hashes of [`row_keys`], without building the keys (`None` for an empty key):
/// building each key as a string (fold, words, join) for the 7,900 names of the list
/// was ~8 ms of a 3-page plan's CPU when every worker indexed the list.
pub fn row_key_hashes(row: &[&str; 6]) -> [Option<u32>; 3] {
    let (name, other) = (row[1], row[2]);
    if other.is_empty() {
        return [name_key_hash(name), None, None];
    }
    [
        name_key_hash(name),
        name_key_hash(other),
        name_key_hash(&format!("{name}/{other}")),
    ]
}

/// FNV-1a offset basis and prime (32-bit).
const FNV_BASIS: u32 = 0x811c_9dc5;
const FNV_PRIME: u32 = 0x0100_0193;

/// FNV-1a of a name key: a stable hash that needs no allocation.
pub fn key_hash(key: &str) -> u32 {
    key.bytes().fold(FNV_BASIS, fnv)
}

fn fnv(h: u32, b: u8) -> u32 {
    (h ^ u32::from(b)).wrapping_mul(FNV_PRIME)
}

/// Most words a name has for [`name_key_hash`] to read it without building its key
/// (no comune's name has more than 8; a longer one takes the slow way, same result).
const HASHED_WORDS: usize = 16;

/// `key_hash(&name_key(s))`, `None` when the key is empty: for an ASCII name computed
/// on its words as they stand (its fold is its lower case, whose non-alphanumeric runs
/// are the word breaks), for any other by building the key.
pub fn name_key_hash(s: &str) -> Option<u32> {
    if !s.is_ascii() {
        let key = name_key(s);
        return (!key.is_empty()).then(|| key_hash(&key));
    }
    let mut words = [""; HASHED_WORDS];
    let mut n = 0;
    for w in s
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let Some(slot) = words.get_mut(n) else {
            return Some(key_hash(&name_key(s)));
        };
        *slot = w;
        n += 1;
    }
    let words = &words[..n];
    if words.is_empty() {
        return None;
    }
    let mut h = FNV_BASIS;
    let mut i = 0;
    while i < words.len() {
        if i > 0 {
            h = fnv(h, b' ');
        }
        let run = words[i..].iter().take_while(|w| w.len() == 1).count();
        let (part, next) = if run >= LETTER_SPACED_RUN {
            (&words[i..i + run], i + run)
        } else if words[i].eq_ignore_ascii_case("d") {
            (&["di"][..], i + 1)
        } else {
            (&words[i..=i], i + 1)
        };
        for w in part {
            h = w.bytes().map(|b| b.to_ascii_lowercase()).fold(h, fnv);
        }
        i = next;
    }
    Some(h)
}

/// The comparison form of a name: folded, every run of non-alphanumerics one space, an
/// elided `d'` read as `di` (`San Canzian d'Isonzo`, `SAN CANZIAN D' ISONZO` and `COMUNE
/// DI SAN CANZIAN DI ISONZO`, its own plan's cover on readkong 8579969 → `san canzian di
/// isonzo`).
///
/// Letter-spaced words (`C O M U N E D I BORETTO`, a cover's typography, readkong
/// 7207649) are joined first: a run of [`LETTER_SPACED_RUN`] or more one-letter words is
/// one word. No comune's name has even two one-letter words in a row.
pub fn name_key(s: &str) -> String {
    let folded = fold(s);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let run = words[i..]
            .iter()
            .take_while(|w| w.chars().count() == 1)
            .count();
        if run >= LETTER_SPACED_RUN {
            out.push(words[i..i + run].concat());
            i += run;
        } else {
            out.push(if words[i] == "d" { "di" } else { words[i] }.to_string());
            i += 1;
        }
    }
    out.join(" ")
}

/// One-letter words in a row that read as one letter-spaced word: three, since no
/// comune's name has two in a row and an elided `d'` or a lone `a` (`Santa Maria a
/// Vico`) stands alone.
pub const LETTER_SPACED_RUN: usize = 3;
