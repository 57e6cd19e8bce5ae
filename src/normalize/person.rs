//! Dirigente names and one stable id per person across the documents of a run.
//!
//! The plans write names family-name first (`Masserdotti Marco`, `STOPPA EMANUELE`),
//! with roles and notes mixed in (`Comandante P.L. Boriani Dario`, `Donadio (ad interim)
//! Giovanni`, `DIRIGENTE: STOPPA EMANUELE`, `Area 1 Affari Generali - Dirigente
//! Cervieri`). The same person is `Bondioni Maria Chiara` in seeds 000/001 and `BONDIONI
//! CHIARA` in 002: the [`PersonRegistry`] joins such spellings, never two people.

use super::{collapse_ws, fold};
use crate::config::NormalizeRules;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

/// Lower-case words that join the next word into a family name (`Di Girolamo`, seed 000).
const PARTICLES: &[&str] = &[
    "di", "de", "del", "della", "dei", "degli", "dal", "dalla", "dalle", "da", "la", "lo", "li",
    "le", "van", "von",
];

/// Common Italian given names. Used only to orient a two-word name seen both ways round
/// (seed 004 prints `Francesca Moruzzi` and `Moruzzi Francesca`); one line per addition.
const GIVEN_NAMES: &[&str] = &[
    "alberto",
    "alessandra",
    "alessandro",
    "andrea",
    "angela",
    "anna",
    "antonella",
    "antonio",
    "barbara",
    "carla",
    "carlo",
    "chiara",
    "claudia",
    "claudio",
    "corrado",
    "cristina",
    "daniela",
    "daniele",
    "dario",
    "davide",
    "elena",
    "elisa",
    "emanuele",
    "eugenia",
    "fabio",
    "federica",
    "federico",
    "francesca",
    "francesco",
    "gabriella",
    "giorgio",
    "giovanna",
    "giovanni",
    "giulia",
    "giuseppe",
    "laura",
    "lamberto",
    "luca",
    "lucia",
    "luigi",
    "mara",
    "marco",
    "maria",
    "marina",
    "mario",
    "mariarosa",
    "marta",
    "massimo",
    "matteo",
    "michele",
    "monica",
    "nicola",
    "paola",
    "paolo",
    "roberta",
    "roberto",
    "sara",
    "silvia",
    "simona",
    "simone",
    "stefania",
    "stefano",
    "tania",
    "valentina",
];

/// A dirigente name as printed, split into family and given names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonName {
    /// The string as printed.
    pub raw: String,
    /// Family name as printed, particles included (`Di Girolamo`).
    pub family: String,
    /// Given names as printed, in order (`["Maria", "Chiara"]`); empty for a family-only
    /// mention (`Dirigente Cervieri`, seed 004).
    pub given: Vec<String>,
    /// Role or title printed with the name (`Comandante P.L.`, seed 004).
    pub role: Option<String>,
    /// Printed "(ad interim)" (seed 001).
    pub interim: bool,
    /// Case- and accent-insensitive `family given…`; equal keys are the same spelling.
    pub key: String,
}

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(r"(?i)^(?:.*\b)?(?:dirigente|responsabile)\b\s*[:\-–]?\s*")
});
static INTERIM: LazyLock<Regex> =
    LazyLock::new(|| crate::text::regex(r"(?i)\(?\s*\bad\s+interim\b\s*\)?"));
static ROLE: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(
        r"(?i)^(comandante(?:\s+(?:p\.\s*l\.|polizia\s+locale))?|segretario\s+generale|vice\s*segretario(?:\s+generale)?|dott\.ssa|dott\.|dr\.|ing\.|arch\.|avv\.|geom\.|rag\.)\s*",
    )
});
static SEPARATOR: LazyLock<Regex> =
    LazyLock::new(|| crate::text::regex(r"\s+[–—-]\s+|;|,|\s+e\s+|\s+ed\s+"));

/// Parse one printed name, family name first.
///
/// A leading label (`DIRIGENTE:`, `... - Dirigente`) is dropped, `(ad interim)` becomes
/// a flag and a leading role becomes `role`. Never fails: an empty input gives an empty
/// family name, which the registry ignores.
pub fn parse_person(raw: &str) -> PersonName {
    let mut text = collapse_ws(raw);
    text = LABEL.replace(&text, "").into_owned();
    let interim = INTERIM.is_match(&text);
    text = collapse_ws(&INTERIM.replace_all(&text, " "));
    let (role, rest) = split_role(&text);
    let tokens: Vec<&str> = rest
        .split_whitespace()
        .map(|t| t.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '.')))
        .filter(|t| !t.is_empty())
        .collect();
    let (family, given) = split_family(&tokens);
    let key = fold(&format!("{family} {}", given.join(" ")));
    PersonName {
        raw: raw.to_string(),
        family,
        given,
        role,
        interim,
        key,
    }
}

/// Leading roles and titles, joined, and the text after them.
fn split_role(text: &str) -> (Option<String>, String) {
    let mut roles = Vec::new();
    let mut rest = text.trim().to_string();
    while let Some(m) = ROLE.find(&rest) {
        if m.end() == 0 {
            break;
        }
        roles.push(rest[..m.end()].trim().to_string());
        rest = rest[m.end()..].to_string();
    }
    let role = (!roles.is_empty()).then(|| roles.join(" "));
    (role, rest)
}

/// The first word (with any particles before it) is the family name.
fn split_family(tokens: &[&str]) -> (String, Vec<String>) {
    let mut n = 0;
    while n + 1 < tokens.len() && PARTICLES.contains(&fold(tokens[n]).as_str()) {
        n += 1;
    }
    let end = (n + 1).min(tokens.len());
    let family = tokens[..end].join(" ");
    let given = tokens[end..].iter().map(|t| t.to_string()).collect();
    (family, given)
}

/// Parse a cell that may name several people or none (seed 004: `Vailati Paolo –
/// Benfatto Francesco Antonio`, `Cervieri Stefania e i dirigenti dei servizi attivati`,
/// `Tutti i dirigenti`). Parts that do not look like a name are dropped.
pub fn parse_people(raw: &str) -> Vec<PersonName> {
    let text = collapse_ws(raw);
    let parts: Vec<&str> = SEPARATOR.split(&text).collect();
    parts
        .into_iter()
        .map(parse_person)
        .filter(looks_like_name)
        .collect()
}

/// Every word capitalised (or a particle), no digits, a sensible length (at most
/// [`NormalizeRules::max_name_tokens`], read from [`NormalizeRules::DEFAULT`]: names are
/// parsed from strings wherever a record is written, with no run's config at hand).
fn looks_like_name(p: &PersonName) -> bool {
    let words: Vec<&str> = p
        .family
        .split_whitespace()
        .chain(p.given.iter().map(String::as_str))
        .collect();
    let capitalised = |w: &&str| {
        PARTICLES.contains(&fold(w).as_str()) || w.chars().next().is_some_and(char::is_uppercase)
    };
    !words.is_empty()
        && words.len() <= NormalizeRules::DEFAULT.max_name_tokens
        && words.iter().all(capitalised)
        && !words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()))
}

/// One person after clustering: a stable id and every spelling seen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// Stable id, `p-` + folded family and given names (`p-bondioni-maria-chiara`).
    pub id: String,
    /// Family name of the fullest spelling.
    pub family: String,
    /// Given names of the fullest spelling.
    pub given: Vec<String>,
    /// Every raw string seen for this person, sorted.
    pub spellings: Vec<String>,
}

/// The result of [`PersonRegistry::finish`]: people and a lookup from names to ids.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PersonIndex {
    /// People sorted by id.
    pub people: Vec<Person>,
    /// Spelling key → person id.
    by_key: BTreeMap<String, String>,
}

impl PersonIndex {
    /// The id of a name added to the registry, or `None` for a name never added.
    pub fn resolve(&self, name: &PersonName) -> Option<&str> {
        self.by_key.get(&name.key).map(String::as_str)
    }

    /// The id of a raw printed name (parsed the same way as when it was added).
    pub fn resolve_raw(&self, raw: &str) -> Option<&str> {
        self.resolve(&parse_person(raw))
    }
}

/// Collects every name of a run, then assigns ids in one deterministic pass.
///
/// Two passes because an id must not depend on which document came first: `add`
/// everything, then `finish`. Clustering works on the sorted set of spellings.
#[derive(Debug, Clone, Default)]
pub struct PersonRegistry {
    seen: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone)]
struct Entry {
    name: PersonName,
    family: String,
    given: Vec<String>,
    spellings: BTreeSet<String>,
    swapped: bool,
}

impl PersonRegistry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Record a name; names with no family name are ignored.
    pub fn add(&mut self, name: &PersonName) {
        if name.family.is_empty() {
            return;
        }
        let entry = self.seen.entry(name.key.clone()).or_insert_with(|| Entry {
            name: name.clone(),
            family: fold(&name.family),
            given: name.given.iter().map(|g| fold(g)).collect(),
            spellings: BTreeSet::new(),
            swapped: false,
        });
        // The representative spelling prefers mixed case (`Donadio Giovanni` over
        // `DONADIO GIOVANNI`, seeds 000/002), then the smallest string: order-free.
        let rank = |n: &PersonName| (!n.raw.chars().any(char::is_lowercase), n.raw.clone());
        if rank(name) < rank(&entry.name) {
            entry.name = name.clone();
        }
        entry.spellings.insert(name.raw.clone());
    }

    /// Cluster the names into people and return the index.
    ///
    /// Rules: same family name (Jaro-Winkler ≥ [`NormalizeRules::family_min_similarity`],
    /// read from [`NormalizeRules::DEFAULT`]: the registry is built in `batch` and
    /// `dataset`, where no run's config is at hand) and one set of
    /// given names contained in the other; a family-only mention joins the one person
    /// with that family name, if there is exactly one; a name that fits two people
    /// stays on its own, because merging distinct people is the worse error.
    pub fn finish(&self) -> PersonIndex {
        let mut entries: Vec<Entry> = self.seen.values().cloned().collect();
        orient_swapped(&mut entries);
        entries.sort_by(|a, b| {
            (b.given.len(), a.swapped, &a.name.key).cmp(&(a.given.len(), b.swapped, &b.name.key))
        });
        let mut clusters: Vec<Vec<usize>> = Vec::new();
        for i in 0..entries.len() {
            let fits: Vec<usize> = (0..clusters.len())
                .filter(|&c| {
                    clusters[c]
                        .iter()
                        .all(|&m| same_person(&entries[i], &entries[m]))
                })
                .collect();
            match fits[..] {
                [c] => clusters[c].push(i),
                _ => clusters.push(vec![i]),
            }
        }
        build_index(&entries, &clusters)
    }
}

/// Two-word names seen both ways round (`Francesca Moruzzi` / `Moruzzi Francesca`, seed
/// 004): flip the one that starts with a given name so both cluster together.
fn orient_swapped(entries: &mut [Entry]) {
    let keys: BTreeSet<String> = entries.iter().map(|e| e.name.key.clone()).collect();
    for e in entries.iter_mut() {
        let [g] = &e.given[..] else { continue };
        let reversed = format!("{g} {}", e.family);
        if keys.contains(&reversed) && GIVEN_NAMES.contains(&e.family.as_str()) {
            let family = std::mem::replace(&mut e.family, g.clone());
            e.given = vec![family];
            e.swapped = true;
        }
    }
}

fn same_person(a: &Entry, b: &Entry) -> bool {
    let min = NormalizeRules::DEFAULT.family_min_similarity;
    let similar = a.family == b.family || strsim::jaro_winkler(&a.family, &b.family) >= min;
    similar && given_compatible(&a.given, &b.given)
}

/// One set of given names inside the other (`{chiara}` ⊂ `{maria, chiara}`), or the
/// same letters split differently (`Mariarosa` / `Maria Rosa`). An empty set (a
/// family-only mention) fits anyone.
fn given_compatible(a: &[String], b: &[String]) -> bool {
    let subset = |x: &[String], y: &[String]| x.iter().all(|t| y.contains(t));
    subset(a, b) || subset(b, a) || a.concat() == b.concat()
}

fn build_index(entries: &[Entry], clusters: &[Vec<usize>]) -> PersonIndex {
    let mut index = PersonIndex::default();
    let mut used: BTreeSet<String> = BTreeSet::new();
    for members in clusters {
        let Some(&first) = members.first() else {
            continue;
        };
        let canon = &entries[first];
        let id = unique_id(person_id(&canon.family, &canon.given), &used);
        used.insert(id.clone());
        let mut spellings = BTreeSet::new();
        for &m in members {
            spellings.extend(entries[m].spellings.iter().cloned());
            index.by_key.insert(entries[m].name.key.clone(), id.clone());
        }
        index.people.push(Person {
            id,
            family: canon.name.family.clone(),
            given: canon.name.given.clone(),
            spellings: spellings.into_iter().collect(),
        });
    }
    index.people.sort_by(|a, b| a.id.cmp(&b.id));
    index
}

fn person_id(family: &str, given: &[String]) -> String {
    let words = std::iter::once(family).chain(given.iter().map(String::as_str));
    let slug: Vec<String> = words
        .flat_map(|w| w.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(fold)
        .collect();
    format!("p-{}", slug.join("-"))
}

/// Ids are unique even in the (unseen) case of two clusters with one spelling each.
fn unique_id(id: String, used: &BTreeSet<String>) -> String {
    (1..)
        .map(|n| {
            if n == 1 {
                id.clone()
            } else {
                format!("{id}-{n}")
            }
        })
        .find(|candidate| !used.contains(candidate))
        .unwrap_or(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_real_names() {
        type Row<'a> = (&'a str, &'a str, &'a [&'a str], Option<&'a str>, bool);
        let rows: &[Row] = &[
            ("Masserdotti Marco", "Masserdotti", &["Marco"], None, false), // 000
            ("STOPPA EMANUELE", "STOPPA", &["EMANUELE"], None, false),     // 002
            (
                "DIRIGENTE: STOPPA EMANUELE",
                "STOPPA",
                &["EMANUELE"],
                None,
                false,
            ), // 002 heading
            (
                "Donadio (ad interim) Giovanni",
                "Donadio",
                &["Giovanni"],
                None,
                true,
            ), // 001
            (
                "Di Girolamo (ad interim) Gabriella",
                "Di Girolamo",
                &["Gabriella"],
                None,
                true,
            ), // 001
            (
                "Comandante P.L. Boriani Dario",
                "Boriani",
                &["Dario"],
                Some("Comandante P.L."),
                false,
            ), // 004
            (
                "Bondioni Maria Chiara",
                "Bondioni",
                &["Maria", "Chiara"],
                None,
                false,
            ), // 000
            ("BONDIONI CHIARA", "BONDIONI", &["CHIARA"], None, false),     // 002
            ("Cervieri Stefania", "Cervieri", &["Stefania"], None, false), // 004
            (
                "Area 1 Affari Generali - Dirigente Cervieri",
                "Cervieri",
                &[],
                None,
                false,
            ), // 004 line 881
            (
                "Secchi Tania Antonella",
                "Secchi",
                &["Tania", "Antonella"],
                None,
                false,
            ), // 000
        ];
        for (raw, family, given, role, interim) in rows {
            let p = parse_person(raw);
            assert_eq!(p.family, *family, "{raw}");
            assert_eq!(p.given, *given, "{raw}");
            assert_eq!(p.role.as_deref(), *role, "{raw}");
            assert_eq!(p.interim, *interim, "{raw}");
        }
        assert_eq!(parse_person("BONDIONI CHIARA").key, "bondioni chiara");
        assert_eq!(
            parse_person("Donadio (ad interim) Giovanni").key,
            "donadio giovanni"
        );
    }

    #[test]
    fn splits_cells_with_several_people() {
        let names =
            |raw: &str| -> Vec<String> { parse_people(raw).into_iter().map(|p| p.key).collect() };
        // seed 004
        assert_eq!(
            names("Vailati Paolo – Benfatto Francesco Antonio"),
            ["vailati paolo", "benfatto francesco antonio"]
        );
        assert_eq!(
            names("Cervieri Stefania e i dirigenti dei servizi attivati"),
            ["cervieri stefania"]
        );
        assert!(names("Tutti i dirigenti").is_empty());
        assert!(names("Tutti i dirigenti, per le fatture di propria competenza e per le relative fasi del processo di liquidazione").is_empty());
        assert_eq!(
            names("Area 1 Affari Generali - Dirigente Cervieri"),
            ["cervieri"]
        );
    }

    fn index_of(raws: &[&str]) -> PersonIndex {
        let mut reg = PersonRegistry::new();
        for raw in raws {
            for p in parse_people(raw) {
                reg.add(&p);
            }
        }
        reg.finish()
    }

    #[test]
    fn bondioni_spellings_are_one_person() {
        // 000 and 001 print `Bondioni Maria Chiara`, 002 `BONDIONI CHIARA`.
        let idx = index_of(&[
            "Bondioni Maria Chiara",
            "BONDIONI CHIARA",
            "Bondioni Maria Chiara",
        ]);
        assert_eq!(idx.people.len(), 1);
        assert_eq!(idx.people[0].id, "p-bondioni-maria-chiara");
        assert_eq!(
            idx.people[0].spellings,
            ["BONDIONI CHIARA", "Bondioni Maria Chiara"]
        );
        assert_eq!(
            idx.resolve_raw("BONDIONI CHIARA"),
            Some("p-bondioni-maria-chiara")
        );
    }

    #[test]
    fn distinct_people_stay_apart() {
        let idx = index_of(&[
            "Masserdotti Marco",
            "Monteverdi Federica",
            "Viani Paolo",
            "Vailati Paolo",
        ]);
        assert_eq!(idx.people.len(), 4);
        // Same family name, different given names: two people.
        let idx = index_of(&[
            "Rossi Maria Chiara",
            "Rossi Maria Luisa",
            "Rossi Maria",
            "Rossi",
        ]);
        assert_eq!(idx.people.len(), 4, "{:?}", idx.people);
        assert_ne!(
            idx.resolve_raw("Rossi Maria Chiara"),
            idx.resolve_raw("Rossi Maria Luisa")
        );
    }

    #[test]
    fn ids_do_not_depend_on_order() {
        let names = [
            "BONDIONI CHIARA",
            "Cervieri",
            "Bondioni Maria Chiara",
            "Cervieri Stefania",
            "Moruzzi Francesca",
            "Francesca Moruzzi",
        ];
        let forward = index_of(&names);
        let mut reversed = names;
        reversed.reverse();
        assert_eq!(forward, index_of(&reversed));
        assert_eq!(forward.resolve_raw("Cervieri"), Some("p-cervieri-stefania"));
        assert_eq!(
            forward.resolve_raw("Francesca Moruzzi"),
            Some("p-moruzzi-francesca")
        );
    }

    fn truth_dirigenti(seeds: &[&str]) -> Option<Vec<String>> {
        let mut out = Vec::new();
        for seed in seeds {
            let path = format!(
                "{}/../shared/truth/{seed}.records.json",
                env!("CARGO_MANIFEST_DIR")
            );
            let Ok(text) = std::fs::read_to_string(&path) else {
                crate::testing::skip(&format!("{path} not found"));
                return None;
            };
            let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
            let records = json["records"].as_array().cloned().unwrap_or_default();
            out.extend(
                records
                    .iter()
                    .filter_map(|r| r["dirigente"].as_str().map(str::to_string)),
            );
        }
        Some(out)
    }

    /// Hand count from the truth files: 000 and 002 name the same 14 dirigenti (002 in
    /// upper case, Bondioni as `BONDIONI CHIARA`); 001 adds Bricchi Mariarosa, Ghilardi
    /// Lamberto, Pesaro Mara and Vescovi Mario (its Di Girolamo and Donadio "ad interim"
    /// are the same people): 18.
    #[test]
    fn truth_000_001_002_cluster_into_18_people() {
        let Some(raws) = truth_dirigenti(&["000", "001", "002"]) else {
            return;
        };
        let refs: Vec<&str> = raws.iter().map(String::as_str).collect();
        let idx = index_of(&refs);
        let ids: Vec<&str> = idx.people.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(idx.people.len(), 18, "{ids:#?}");
        for raw in &refs {
            assert!(idx.resolve_raw(raw).is_some(), "{raw}");
        }
        assert_eq!(
            idx.resolve_raw("BONDIONI CHIARA"),
            idx.resolve_raw("Bondioni Maria Chiara")
        );
        assert_eq!(
            idx.resolve_raw("Donadio (ad interim) Giovanni"),
            idx.resolve_raw("DONADIO GIOVANNI")
        );
        assert_ne!(
            idx.resolve_raw("Masserdotti Marco"),
            idx.resolve_raw("Monteverdi Federica")
        );
    }

    /// 004 (Crema) adds six people: Benfatto, Boriani, Cervieri (also family-only),
    /// Moruzzi (also given-first), Polledri, Vailati (not Viani Paolo of Cremona).
    #[test]
    fn truth_all_seeds_cluster_into_24_people() {
        let Some(raws) = truth_dirigenti(&["000", "001", "002", "004"]) else {
            return;
        };
        let refs: Vec<&str> = raws.iter().map(String::as_str).collect();
        let idx = index_of(&refs);
        let ids: Vec<&str> = idx.people.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(idx.people.len(), 24, "{ids:#?}");
        assert_ne!(
            idx.resolve_raw("Viani Paolo"),
            idx.resolve_raw("Vailati Paolo")
        );
    }
}
