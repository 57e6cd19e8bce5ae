//! Which of a name's words are the family name: decided from evidence, never assumed.
//!
//! Italian plans print both `Rossi Mario` (tables, lists sorted by family name) and
//! `Mario Rossi` (running text, signatures, most PIAO of small comuni), often `Dott.
//! Mario ROSSI`. The order of one name is read, in this precedence, from:
//! 1. letter case: the words in capitals of a mixed-case name are the family name
//!    (`ROSSI Mario`, `Mario ROSSI`);
//! 2. particles: a particle opens the family name (`Di Girolamo Gabriella`, seed 001;
//!    `Gabriella Di Girolamo`);
//! 3. the given-name list (`data/names/`): `Chiara` is a given name, `Bondioni` is not;
//! 4. the document: words it uses elsewhere as family or given names (`Dirigente
//!    Cervieri` makes `Cervieri` a family name; `Bondioni Maria Chiara` makes `Chiara`
//!    given in `BONDIONI CHIARA`), then the order most of its decided names have;
//! 5. family name first, the order of the tabular plans seen so far (seeds 000-004).

use super::words::LEXICON;
use crate::normalize::fold;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The order a name was printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameOrder {
    /// `Rossi Mario`.
    #[default]
    FamilyFirst,
    /// `Mario Rossi`.
    GivenFirst,
}

/// What decided a name's order (in the precedence of the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderEvidence {
    /// One word only: a family-only mention (`Dirigente Cervieri`).
    Single,
    /// Capitals mark the family name.
    Case,
    /// A particle opens the family name.
    Particle,
    /// The given-name list.
    GivenNames,
    /// Other names of the same document.
    Document,
    /// Nothing: family name first.
    #[default]
    Default,
}

/// What a document says about its names, gathered over all of them first
/// ([`NameContext::of_document`]) and then used for each ([`super::parse_person_with`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NameContext {
    /// The order most of the document's decided names have, if one has a majority.
    pub order: Option<NameOrder>,
    /// Folded words the document uses as family names.
    pub family_words: HashSet<String>,
    /// Folded words the document uses as given names.
    pub given_words: HashSet<String>,
}

impl NameContext {
    /// Gather the evidence of every name cell of one document.
    pub fn of_document<'a>(cells: impl IntoIterator<Item = &'a str>) -> Self {
        let empty = NameContext::default();
        let mut ctx = NameContext::default();
        let (mut family_first, mut given_first) = (0usize, 0usize);
        for cell in cells {
            for name in super::parse_people_with(cell, &empty) {
                if name.evidence == OrderEvidence::Default {
                    continue;
                }
                ctx.family_words
                    .extend(name.family.split_whitespace().map(fold));
                ctx.given_words.extend(name.given.iter().map(|g| fold(g)));
                match (name.evidence, name.order) {
                    (OrderEvidence::Single, _) => {}
                    (_, NameOrder::FamilyFirst) => family_first += 1,
                    (_, NameOrder::GivenFirst) => given_first += 1,
                }
            }
        }
        // A word both ways round in one document tells nothing.
        let both: Vec<String> = ctx
            .family_words
            .intersection(&ctx.given_words)
            .cloned()
            .collect();
        for w in &both {
            ctx.family_words.remove(w);
            ctx.given_words.remove(w);
        }
        ctx.order = match family_first.cmp(&given_first) {
            std::cmp::Ordering::Greater => Some(NameOrder::FamilyFirst),
            std::cmp::Ordering::Less => Some(NameOrder::GivenFirst),
            std::cmp::Ordering::Equal => None,
        };
        ctx
    }
}

/// A name's words split into family and given names, with the order and its evidence.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Split {
    pub family: Vec<String>,
    pub given: Vec<String>,
    pub order: NameOrder,
    pub evidence: OrderEvidence,
}

/// Decide the order of `words` and split them.
pub(super) fn orient(words: &[String], ctx: &NameContext) -> Split {
    let folded: Vec<String> = words.iter().map(|w| fold(w)).collect();
    if words.len() <= 1 {
        return Split {
            family: words.to_vec(),
            given: Vec::new(),
            order: NameOrder::FamilyFirst,
            evidence: OrderEvidence::Single,
        };
    }
    if let Some(split) = by_case(words) {
        return split;
    }
    if let Some(split) = by_particle(words, &folded) {
        return split;
    }
    let (order, evidence) = by_given_list(&folded)
        .map(|o| (o, OrderEvidence::GivenNames))
        .or_else(|| by_document(&folded, ctx).map(|o| (o, OrderEvidence::Document)))
        .unwrap_or((NameOrder::FamilyFirst, OrderEvidence::Default));
    let at = family_bounds(&folded, order);
    cut(words, at, order, evidence)
}

/// Capitals mark the family name when the name mixes capitals and lower case.
fn by_case(words: &[String]) -> Option<Split> {
    let caps = |w: &String| {
        w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.chars().any(char::is_lowercase)
    };
    let lead = words.iter().take_while(|w| caps(w)).count();
    let tail = words.iter().rev().take_while(|w| caps(w)).count();
    if lead > 0 && lead < words.len() && tail == 0 {
        return Some(cut(
            words,
            (0, lead),
            NameOrder::FamilyFirst,
            OrderEvidence::Case,
        ));
    }
    if tail > 0 && tail < words.len() && lead == 0 {
        let start = words.len() - tail;
        return Some(cut(
            words,
            (start, words.len()),
            NameOrder::GivenFirst,
            OrderEvidence::Case,
        ));
    }
    None
}

/// A particle first opens a family-first name; a particle after a word opens the
/// family name of a given-first one.
fn by_particle(words: &[String], folded: &[String]) -> Option<Split> {
    let at = folded.iter().position(|w| LEXICON.is_particle(w))?;
    if at == 0 {
        let end = particle_run_end(folded, 0);
        Some(cut(
            words,
            (0, end),
            NameOrder::FamilyFirst,
            OrderEvidence::Particle,
        ))
    } else if at < words.len() - 1 {
        Some(cut(
            words,
            (at, words.len()),
            NameOrder::GivenFirst,
            OrderEvidence::Particle,
        ))
    } else {
        None
    }
}

/// The end of a family name that starts at `start` with particles: the particles and
/// one word (`Di Girolamo`, `De La Rosa`).
fn particle_run_end(folded: &[String], start: usize) -> usize {
    let mut end = start;
    while end + 1 < folded.len() && LEXICON.is_particle(&folded[end]) {
        end += 1;
    }
    end + 1
}

/// The given-name list at the two ends: a given name at one end and not the other
/// decides; when both ends are given names, the one that is also a family name is the
/// family name (`Marino Andrea`).
fn by_given_list(folded: &[String]) -> Option<NameOrder> {
    let (first, last) = (folded.first()?, folded.last()?);
    match (LEXICON.is_given(first), LEXICON.is_given(last)) {
        (true, false) => Some(NameOrder::GivenFirst),
        (false, true) => Some(NameOrder::FamilyFirst),
        (true, true) => match (LEXICON.is_family(first), LEXICON.is_family(last)) {
            (true, false) => Some(NameOrder::FamilyFirst),
            (false, true) => Some(NameOrder::GivenFirst),
            _ => None,
        },
        (false, false) => None,
    }
}

fn by_document(folded: &[String], ctx: &NameContext) -> Option<NameOrder> {
    let (first, last) = (folded.first()?, folded.last()?);
    if ctx.family_words.contains(first) || ctx.given_words.contains(last) {
        Some(NameOrder::FamilyFirst)
    } else if ctx.family_words.contains(last) || ctx.given_words.contains(first) {
        Some(NameOrder::GivenFirst)
    } else {
        ctx.order
    }
}

/// Where the family name lies once the order is known. Family first: the first word
/// (with particles), extended over words of the family-name list that are not given
/// names while a word remains (`Rossi Bianchi Maria`). Given first: the leading words of
/// the given-name list are given names, the rest the family name (`Maria Chiara
/// Bondioni`); with none known, the last word.
fn family_bounds(folded: &[String], order: NameOrder) -> (usize, usize) {
    let n = folded.len();
    let family_word = |w: &String| LEXICON.is_family(w) && !LEXICON.is_given(w);
    match order {
        NameOrder::FamilyFirst => {
            let mut end = particle_run_end(folded, 0);
            while end + 1 < n && family_word(&folded[end]) {
                end += 1;
            }
            (0, end)
        }
        NameOrder::GivenFirst => {
            let given = folded
                .iter()
                .take(n - 1)
                .take_while(|w| LEXICON.is_given(w))
                .count();
            (if given == 0 { n - 1 } else { given }, n)
        }
    }
}

fn cut(
    words: &[String],
    (start, end): (usize, usize),
    order: NameOrder,
    evidence: OrderEvidence,
) -> Split {
    let family = words[start..end].to_vec();
    let given = words[..start]
        .iter()
        .chain(&words[end..])
        .cloned()
        .collect();
    Split {
        family,
        given,
        order,
        evidence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(name: &str, ctx: &NameContext) -> (String, String, NameOrder, OrderEvidence) {
        let words: Vec<String> = name.split_whitespace().map(str::to_string).collect();
        let s = orient(&words, ctx);
        (s.family.join(" "), s.given.join(" "), s.order, s.evidence)
    }

    #[test]
    fn both_orders_from_evidence() {
        use NameOrder::*;
        use OrderEvidence::*;
        let none = NameContext::default();
        // (printed, family, given, order, evidence)
        let rows: &[(&str, &str, &str, NameOrder, OrderEvidence)] = &[
            (
                "Bondioni Maria Chiara",
                "Bondioni",
                "Maria Chiara",
                FamilyFirst,
                GivenNames,
            ), // 000
            (
                "BONDIONI CHIARA",
                "BONDIONI",
                "CHIARA",
                FamilyFirst,
                GivenNames,
            ), // 002
            (
                "Francesca Moruzzi",
                "Moruzzi",
                "Francesca",
                GivenFirst,
                GivenNames,
            ), // 004
            (
                "Moruzzi Francesca",
                "Moruzzi",
                "Francesca",
                FamilyFirst,
                GivenNames,
            ), // 004
            (
                "Di Girolamo Gabriella",
                "Di Girolamo",
                "Gabriella",
                FamilyFirst,
                Particle,
            ), // 001
            (
                "Gabriella Di Girolamo",
                "Di Girolamo",
                "Gabriella",
                GivenFirst,
                Particle,
            ),
            ("Mario ROSSI", "ROSSI", "Mario", GivenFirst, Case),
            ("ROSSI Mario", "ROSSI", "Mario", FamilyFirst, Case),
            (
                "Maria Chiara Bondioni",
                "Bondioni",
                "Maria Chiara",
                GivenFirst,
                GivenNames,
            ),
            (
                "Benfatto Francesco Antonio",
                "Benfatto",
                "Francesco Antonio",
                FamilyFirst,
                GivenNames,
            ), // 004
            (
                "Rossi Bianchi Maria",
                "Rossi Bianchi",
                "Maria",
                FamilyFirst,
                GivenNames,
            ),
            ("Marino Andrea", "Marino", "Andrea", FamilyFirst, GivenNames),
            ("Andrea Marino", "Marino", "Andrea", GivenFirst, GivenNames),
            ("Cervieri", "Cervieri", "", FamilyFirst, Single), // 004
        ];
        for (printed, family, given, order, evidence) in rows {
            assert_eq!(
                split(printed, &none),
                (family.to_string(), given.to_string(), *order, *evidence),
                "{printed}"
            );
        }
    }

    #[test]
    fn the_document_decides_unknown_words() {
        // Neither word is in the lists: alone, family first by default.
        let none = NameContext::default();
        assert_eq!(split("Zorzetto Ottorino", &none).3, OrderEvidence::Default);
        // The document names `Zorzetto` alone elsewhere: a family name.
        let ctx = NameContext::of_document(["Dirigente Zorzetto", "Ottorino Zorzetto"]);
        let (family, given, order, evidence) = split("Ottorino Zorzetto", &ctx);
        assert_eq!((family.as_str(), given.as_str()), ("Zorzetto", "Ottorino"));
        assert_eq!(
            (order, evidence),
            (NameOrder::GivenFirst, OrderEvidence::Document)
        );
        // A given-first document: its undecided names follow its order.
        let ctx = NameContext::of_document([
            "Mario Rossi",
            "Luca Bianchi",
            "Anna Verdi",
            "Ottorino Zorzetto",
        ]);
        assert_eq!(ctx.order, Some(NameOrder::GivenFirst));
        assert_eq!(split("Ottorino Zorzetto", &ctx).0, "Zorzetto");
    }
}
