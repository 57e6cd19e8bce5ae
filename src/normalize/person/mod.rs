//! Dirigente names: read from evidence, one id per person within an ente.
//!
//! The plans print names both ways round (`Masserdotti Marco`, `Francesca Moruzzi`,
//! `Dott. Mario ROSSI`), with roles, titles and notes mixed in (`Comandante P.L. Boriani
//! Dario`, `Donadio (ad interim) Giovanni`, `DIRIGENTE: STOPPA EMANUELE`, `Area 1 Affari
//! Generali - Dirigente Cervieri`). [`parse_person`] splits a cell into role, title,
//! interim flag, family and given names; the order is decided from evidence
//! ([`order`]: case, particles, the given-name list of `data/names/`, the document's
//! other names via [`NameContext`]). The same person is `Bondioni Maria Chiara` in seeds
//! 000/001 and `BONDIONI CHIARA` in 002: the [`PersonRegistry`] joins such spellings
//! within one ente, never two people, grouping by a blocking key ([`registry`]).

pub mod order;
mod parse;
pub mod registry;
pub mod words;

pub use order::{NameContext, NameOrder, OrderEvidence};
pub use registry::{Person, PersonIndex, PersonRegistry, block_key, document_context, person_id};

use crate::normalize::{collapse_ws, fold};
use crate::text::Rule;
use serde::{Deserialize, Serialize};

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
    /// Role printed with the name (`Comandante P.L.`, seed 004; `Responsabile del
    /// Settore Finanziario`; `DIRIGENTE`, seed 002).
    pub role: Option<String>,
    /// Title printed before the name (`Dott.ssa`, `Ing.`).
    pub title: Option<String>,
    /// Printed as held temporarily: `(ad interim)` (seed 001), `f.f.`, `(in
    /// sostituzione)`.
    pub interim: bool,
    /// The order the name was printed in.
    pub order: NameOrder,
    /// What decided that order.
    pub evidence: OrderEvidence,
    /// Case- and accent-insensitive `family given…`; equal keys are the same spelling,
    /// whatever order it was printed in.
    pub key: String,
}

/// Whether a word is a given or a family name of the name lists (`data/names`), in
/// any case and accents: the end of a name a line break parted from the rest
/// (`… Rag. Bonfiglio` / `Alessandra`, h4-jesi).
pub fn is_name_word(word: &str) -> bool {
    let f = super::fold(word);
    words::LEXICON.is_given(&f) || words::LEXICON.is_family(&f)
}

/// Whether a word is a given name of the name lists and no family name: a name that
/// ends with it alone, after a title, lacks its family name (`…: Arch. Davide` /
/// `Marzocchi`, h3-civitanova by PDFlib).
pub fn is_given_only(word: &str) -> bool {
    let f = super::fold(word);
    words::LEXICON.is_given(&f) && !words::LEXICON.is_family(&f)
}

/// Parse one printed name with no document evidence (see [`parse_person_with`]).
pub fn parse_person(raw: &str) -> PersonName {
    parse_person_with(raw, &NameContext::default())
}

/// Parse one printed name, its order decided with what `ctx` knows of the document.
///
/// Never fails: a cell with no name gives an empty family name, which the registry
/// ignores.
pub fn parse_person_with(raw: &str, ctx: &NameContext) -> PersonName {
    let name = parse_one(raw, ctx);
    if !name.family.is_empty() {
        return name;
    }
    // A name followed by a sentence (`Cervieri Stefania e i dirigenti dei servizi
    // attivati`, seed 004): the first part that is a name.
    let parts = split_parts(raw);
    let first = parts
        .iter()
        .filter(|_| parts.len() > 1)
        .map(|p| parse_one(p, ctx))
        .find(|p| !p.family.is_empty());
    match first {
        Some(first) => PersonName {
            raw: raw.to_string(),
            ..first
        },
        None => name,
    }
}

fn split_parts(raw: &str) -> Vec<String> {
    let text = collapse_ws(raw);
    SEPARATOR
        .on(&text)
        .split(&text)
        .map(str::to_string)
        .collect()
}

fn parse_one(raw: &str, ctx: &NameContext) -> PersonName {
    let parts = parse::split(raw);
    let split = order::orient(&parts.name, ctx);
    let family = split.family.join(" ");
    let key = fold(&format!("{family} {}", split.given.join(" ")));
    PersonName {
        raw: raw.to_string(),
        family,
        given: split.given,
        role: parts.role,
        title: parts.title,
        interim: parts.interim,
        order: split.order,
        evidence: split.evidence,
        key,
    }
}

// built for the cells it reads (`text::Rule`): the batch process reads names too
static SEPARATOR: Rule = Rule::new(r"\s+[–—-]\s+|;|,|\s+e\s+|\s+ed\s+");

/// Parse a cell that may name several people or none, with no document evidence.
pub fn parse_people(raw: &str) -> Vec<PersonName> {
    parse_people_with(raw, &NameContext::default())
}

/// Parse a cell that may name several people or none (seed 004: `Vailati Paolo –
/// Benfatto Francesco Antonio`, `Cervieri Stefania e i dirigenti dei servizi attivati`,
/// `Tutti i dirigenti`). Parts that do not look like a name are dropped; a part that is
/// only a role or a settore (`Area 1 Affari Generali - Dirigente Cervieri`) is read
/// with the part after it.
pub fn parse_people_with(raw: &str, ctx: &NameContext) -> Vec<PersonName> {
    let whole = parse_one(raw, ctx);
    let names: Vec<PersonName> = split_parts(raw)
        .iter()
        .map(|p| parse_one(p, ctx))
        .filter(|p| !p.family.is_empty())
        .collect();
    if names.len() <= 1 && !whole.family.is_empty() {
        return vec![whole];
    }
    names
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
                Some("DIRIGENTE"),
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
                Some("Dirigente"),
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
        // One name for a cell that names one person and a sentence.
        assert_eq!(
            parse_person("Cervieri Stefania e i dirigenti dei servizi attivati").key,
            "cervieri stefania"
        );
        assert_eq!(
            parse_person("Tutti i dirigenti, per le fatture di propria competenza").key,
            ""
        );
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

    /// Person strings of other comuni's public plans, as transcribed (with their
    /// addresses) in the development set's `fixtures/comuni/person_strings.json`
    /// (branch `transcribe`): both orders, titles, roles.
    #[test]
    fn real_strings_of_other_comuni() {
        // (printed, family, given, role, title)
        type Row<'a> = (
            &'a str,
            &'a str,
            &'a [&'a str],
            Option<&'a str>,
            Option<&'a str>,
        );
        let rows: &[Row] = &[
            // Besnate PEG 2016, https://123dok.org/document/q2n36kwe-piano-esecutivo-di-gestione.html
            ("ZERMINIANI", "ZERMINIANI", &[], None, None),
            // Borgo San Lorenzo PEG 2018, https://it.readkong.com/page/piano-esecutivo-di-gestione-piano-degli-obiettivi-p-e-g-7833297
            ("Paolo Omoboni", "Omoboni", &["Paolo"], None, None),
            ("Emanuele Cosmi", "Cosmi", &["Emanuele"], None, None),
            // Casaletto Spartano G.C. 38/2019, https://123dok.org/document/q7we7opd-comune-casaletto-spartano-provincia-salerno-deliberazione-giunta-comunale.html
            ("SCANNELLI Giacomo", "SCANNELLI", &["Giacomo"], None, None),
            ("NOVELLINO Mario", "NOVELLINO", &["Mario"], None, None),
            ("MONTESANO Biagio", "MONTESANO", &["Biagio"], None, None),
            // Gela, delibera G.M. 2013, https://deploy.paperzz.com/doc/5288567/delibera-di-giunta-n.469
            (
                "Avv. Angelo Fasulo",
                "Fasulo",
                &["Angelo"],
                None,
                Some("Avv."),
            ),
            (
                "Dott. Fortunato Ferracane",
                "Ferracane",
                &["Fortunato"],
                None,
                Some("Dott."),
            ),
            (
                "Avv. Giuseppe D'Aleo",
                "D'Aleo",
                &["Giuseppe"],
                None,
                Some("Avv."),
            ),
            (
                "Geom. Carmelo Casano",
                "Casano",
                &["Carmelo"],
                None,
                Some("Geom."),
            ),
            // Università di Udine, https://expydoc.com/doc/1823494/monitoraggio-avvio-ciclo-della-performance
            (
                "Coordinatore Prof. Angelo Montanari",
                "Montanari",
                &["Angelo"],
                Some("Coordinatore"),
                Some("Prof."),
            ),
            (
                "Prof.ssa Francesca SORAMEL",
                "SORAMEL",
                &["Francesca"],
                None,
                Some("Prof.ssa"),
            ),
            (
                "Dott.ssa Emanuela REALE",
                "REALE",
                &["Emanuela"],
                None,
                Some("Dott.ssa"),
            ),
            // Regione Lombardia, https://it.readkong.com/page/seduta-del-31-01-2020-explora-6001034
            (
                "Il Direttore Generale Vicario Pier Attilio Superti",
                "Superti",
                &["Pier", "Attilio"],
                Some("Direttore Generale Vicario"),
                None,
            ),
            // Nucleo di valutazione 2012 (comune not named), https://123dok.org/document/yr307rrj-kb.html
            (
                "Settore 2, Responsabile Daria Romiti",
                "Romiti",
                &["Daria"],
                Some("Responsabile"),
                None,
            ),
            (
                "Settore 4, Responsabile Mattii Manlio",
                "Mattii",
                &["Manlio"],
                Some("Responsabile"),
                None,
            ),
            // Lamporecchio PEG, https://it.readkong.com/page/piano-esecutivo-di-gestione-area-vigilanza-servizio-8932608
            (
                "Il Responsabile Area Vigilanza Dott. Romani Federico",
                "Romani",
                &["Federico"],
                Some("Responsabile Area Vigilanza"),
                Some("Dott."),
            ),
            // Collesalvetti DUP 2022, https://123dok.org/article/descrizione-programmi-obiettivi-operativi-pluriennali-ente.q5mp4gnr
            (
                "Responsabile Paolo Cecconi",
                "Cecconi",
                &["Paolo"],
                Some("Responsabile"),
                None,
            ),
        ];
        for (raw, family, given, role, title) in rows {
            let people = parse_people(raw);
            assert_eq!(people.len(), 1, "{raw}: {people:?}");
            let p = &people[0];
            assert_eq!(p.family, *family, "{raw}");
            assert_eq!(p.given, *given, "{raw}");
            assert_eq!(p.role.as_deref(), *role, "{raw}");
            assert_eq!(p.title.as_deref(), *title, "{raw}");
        }
    }

    fn index_in(rows: &[(&str, &str)]) -> PersonIndex {
        let mut reg = PersonRegistry::new();
        for (ente, raw) in rows {
            for p in parse_people(raw) {
                reg.add_in(ente, &p, None);
            }
        }
        reg.finish()
    }

    #[test]
    fn namesakes_in_two_comuni_are_two_people() {
        let idx = index_in(&[
            ("019036", "Rossi Mario"),
            ("016065", "Rossi Mario"),
            ("019036", "ROSSI MARIO"),
            ("019036", "Mario Rossi"),
        ]);
        assert_eq!(idx.people.len(), 2, "{:?}", idx.people);
        let ids: Vec<&str> = idx.people.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["p-016065-rossi-mario", "p-019036-rossi-mario"]);
        let name = parse_person("Mario Rossi");
        assert_eq!(
            idx.resolve_in("019036", &name),
            Some("p-019036-rossi-mario")
        );
        assert_eq!(
            idx.resolve_in("016065", &name),
            Some("p-016065-rossi-mario")
        );
        assert_eq!(idx.resolve(&name), None);
    }

    #[test]
    fn near_names_stay_apart_without_evidence() {
        let idx = index_in(&[
            ("019036", "Bianchi Mario"),
            ("019036", "Bianchini Mario"),
            ("019036", "Rossi Mario"),
            ("019036", "Rossi Maria"),
        ]);
        assert_eq!(idx.people.len(), 4, "{:?}", idx.people);
        // A middle name dropped is evidence: one person (Bondioni, seeds 000/002).
        let idx = index_in(&[
            ("019036", "Bondioni Maria Chiara"),
            ("019036", "BONDIONI CHIARA"),
        ]);
        assert_eq!(idx.people.len(), 1);
        assert_eq!(idx.people[0].id, "p-019036-bondioni-maria-chiara");
    }

    #[test]
    fn a_doubled_letter_slip_joins_only_with_the_same_given_names_and_settore() {
        let add = |reg: &mut PersonRegistry, raw: &str, settore: &str| {
            reg.add_in("019036", &parse_person(raw), Some(settore));
        };
        let mut reg = PersonRegistry::new();
        add(&mut reg, "Masserdotti Marco", "Settore Tributi");
        add(&mut reg, "Maserdotti Marco", "Settore Tributi");
        assert_eq!(reg.finish().people.len(), 1);
        let mut reg = PersonRegistry::new();
        add(&mut reg, "Masserdotti Marco", "Settore Tributi");
        add(&mut reg, "Maserdotti Marco", "Polizia Locale");
        assert_eq!(reg.finish().people.len(), 2);
        let mut reg = PersonRegistry::new();
        add(&mut reg, "Masserdotti Marco", "Settore Tributi");
        add(&mut reg, "Maserdotti Marta", "Settore Tributi");
        assert_eq!(reg.finish().people.len(), 2);
    }

    #[test]
    fn ids_are_a_function_of_the_ente_and_its_names() {
        // Two shards of a run: the ente's names split across them in a different order,
        // other entes' names mixed in. The ente's ids are the same.
        let a = index_in(&[
            ("019036", "Bondioni Maria Chiara"),
            ("016065", "Bondioni Maria Chiara"),
            ("019036", "BONDIONI CHIARA"),
        ]);
        let b = index_in(&[
            ("019036", "BONDIONI CHIARA"),
            ("019036", "Bondioni Maria Chiara"),
        ]);
        let name = parse_person("BONDIONI CHIARA");
        assert_eq!(a.resolve_in("019036", &name), b.resolve_in("019036", &name));
        assert_eq!(
            a.resolve_in("019036", &name),
            Some("p-019036-bondioni-maria-chiara")
        );
    }

    #[test]
    fn interim_and_roles_do_not_split_a_person() {
        let idx = index_in(&[
            ("019036", "Donadio (ad interim) Giovanni"),
            ("019036", "DONADIO GIOVANNI"),
            ("019036", "Dott. Giovanni Donadio f.f."),
            ("019036", "Dirigente: Donadio Giovanni"),
        ]);
        assert_eq!(idx.people.len(), 1, "{:?}", idx.people);
    }

    #[test]
    fn a_document_orders_its_own_names() {
        // A given-first document whose names are not in the lists: its family-only
        // mention tells which word is the family name, in every cell.
        let mut reg = PersonRegistry::new();
        let cells = [
            ("Ottorino Zorzetto", Some("Settore Tecnico")),
            ("Dirigente Zorzetto", Some("Settore Tecnico")),
            ("Mario Rossi", Some("Polizia Locale")),
        ];
        let ctx = reg.add_document("019036", &cells);
        let idx = reg.finish();
        assert_eq!(idx.people.len(), 2, "{:?}", idx.people);
        let id = idx.resolve_cell("019036", "Ottorino Zorzetto", &ctx);
        assert_eq!(id, Some("p-019036-zorzetto-ottorino"));
        assert_eq!(idx.resolve_cell("019036", "Dirigente Zorzetto", &ctx), id);
    }
}
