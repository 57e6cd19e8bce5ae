//! A printed name cell split into role, title, interim flag and the name's words.
//!
//! The cell is cut into segments at separators (`:`, ` - `, parentheses); a segment that
//! starts with a role wording gives the role (with its qualifier when one follows in
//! lower case: `Responsabile del Settore Finanziario`); titles are dropped from the
//! front of a name; interim markers anywhere set the flag. Wordings come from
//! `data/people/words.tsv`.

use super::words::{LEXICON, WordKind};
use crate::config::NormalizeRules;
use crate::normalize::{collapse_ws, fold};

/// One token of the cell: as printed and folded.
#[derive(Debug, Clone)]
pub(super) struct Token {
    pub raw: String,
    pub folded: String,
}

/// The parts of a cell before the name's order is decided.
#[derive(Debug, Clone, Default)]
pub(super) struct Parts {
    pub role: Option<String>,
    pub title: Option<String>,
    pub interim: bool,
    /// The name's words as printed, punctuation trimmed.
    pub name: Vec<String>,
}

const SEPARATORS: &[&str] = &["(", ")", ":", "-", "–", "—", ";", "/"];

fn tokenize(text: &str) -> Vec<Token> {
    let spaced = collapse_ws(text)
        .replace('(', " ( ")
        .replace(')', " ) ")
        .replace(':', " : ");
    spaced
        .split_whitespace()
        .map(|raw| Token {
            raw: raw.to_string(),
            folded: fold(raw.trim_end_matches([',', ';'])),
        })
        .collect()
}

/// Split a cell into its parts (never fails: no name gives an empty `name`).
pub(super) fn split(raw: &str) -> Parts {
    let mut parts = Parts::default();
    let tokens = drop_interim(tokenize(raw), &mut parts.interim);
    let mut candidates: Vec<(Vec<String>, bool)> = Vec::new();
    for segment in tokens.split(|t| SEPARATORS.contains(&t.raw.as_str())) {
        if let Some(c) = read_segment(segment, &mut parts) {
            candidates.push(c);
        }
    }
    parts.name = best_candidate(candidates);
    parts
}

/// Remove interim markers (`ad interim`, `f.f.`, `in sostituzione`) wherever they are.
fn drop_interim(tokens: Vec<Token>, interim: &mut bool) -> Vec<Token> {
    let folded: Vec<String> = tokens.iter().map(|t| t.folded.clone()).collect();
    let mut keep = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        match LEXICON.wording_at(&folded, i) {
            Some(w) if w.kind == WordKind::Interim => {
                *interim = true;
                i += w.tokens.len();
            }
            _ => {
                keep.push(tokens[i].clone());
                i += 1;
            }
        }
    }
    // The parentheses the marker was printed in (`Donadio (ad interim) Giovanni`, seed
    // 001) go with it, or they would cut the name in two.
    let mut out: Vec<Token> = Vec::with_capacity(keep.len());
    for t in keep {
        if t.raw == ")" && out.last().is_some_and(|p| p.raw == "(") {
            out.pop();
        } else {
            out.push(t);
        }
    }
    out
}

/// A segment's role and title go into `parts`; what may be a name is returned, with
/// whether it followed a role in the same segment (`Dirigente Cervieri`).
fn read_segment(segment: &[Token], parts: &mut Parts) -> Option<(Vec<String>, bool)> {
    let folded: Vec<String> = segment.iter().map(|t| t.folded.clone()).collect();
    let role_at = (0..segment.len()).find(|&i| {
        LEXICON
            .wording_at(&folded, i)
            .is_some_and(|w| w.kind == WordKind::Role)
    });
    let (rest, after_role) = match role_at {
        Some(at) => {
            let len = LEXICON
                .wording_at(&folded, at)
                .map_or(1, |w| w.tokens.len());
            let rest = &segment[at + len..];
            // A qualifier in lower case belongs to the role (`Responsabile del Servizio`),
            // and so do the words between the role and a title (`Responsabile Area
            // Vigilanza Dott. Romani Federico`, Lamporecchio PEG).
            let qualified = rest
                .first()
                .is_some_and(|t| t.raw.chars().next().is_some_and(char::is_lowercase));
            let title_at = title_position(rest).filter(|&t| t > 0);
            let end = match (qualified, title_at) {
                (true, _) => segment.len(),
                (false, Some(t)) => at + len + t,
                (false, None) => at + len,
            };
            add_role(parts, &segment[at..end]);
            if qualified {
                return None;
            }
            (&segment[end..], true)
        }
        None => (segment, false),
    };
    let rest = drop_titles(rest, parts);
    let words: Vec<String> = rest
        .iter()
        .map(|t| t.raw.trim_matches([',', ';', '.']).to_string())
        .filter(|w| !w.is_empty())
        .collect();
    (!words.is_empty()).then_some((words, after_role))
}

/// Where the first title wording starts in `tokens`.
fn title_position(tokens: &[Token]) -> Option<usize> {
    let folded: Vec<String> = tokens.iter().map(|t| t.folded.clone()).collect();
    (0..tokens.len()).find(|&i| {
        LEXICON
            .wording_at(&folded, i)
            .is_some_and(|w| w.kind == WordKind::Title)
    })
}

fn add_role(parts: &mut Parts, tokens: &[Token]) {
    let text = join(tokens);
    parts.role = Some(match parts.role.take() {
        Some(prev) => format!("{prev} {text}"),
        None => text,
    });
}

/// Leading titles (`Dott.ssa`, `Ing.`, `Dott. Arch.`), kept in `parts.title`.
fn drop_titles<'a>(mut rest: &'a [Token], parts: &mut Parts) -> &'a [Token] {
    loop {
        let folded: Vec<String> = rest.iter().map(|t| t.folded.clone()).collect();
        match LEXICON.wording_at(&folded, 0) {
            Some(w) if w.kind == WordKind::Title => {
                let text = join(&rest[..w.tokens.len()]);
                parts.title = Some(match parts.title.take() {
                    Some(prev) => format!("{prev} {text}"),
                    None => text,
                });
                rest = &rest[w.tokens.len()..];
            }
            _ => return rest,
        }
    }
}

fn join(tokens: &[Token]) -> String {
    tokens
        .iter()
        .map(|t| t.raw.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The segment most like a name: words that look like a name, then one with a word of
/// the given-name list (`Area Tecnica - Rossi Mario`), then one that followed a role,
/// then the first: a cell naming two people (`Vailati Paolo – Benfatto Francesco
/// Antonio`, seed 004) gives the first named ([`super::parse_people`] gives both).
fn best_candidate(candidates: Vec<(Vec<String>, bool)>) -> Vec<String> {
    let score = |(words, after_role): &(Vec<String>, bool)| {
        let given = words.iter().any(|w| LEXICON.is_given(&fold(w)));
        (given, *after_role)
    };
    let mut best: Option<(Vec<String>, bool)> = None;
    for c in candidates.into_iter().filter(|(w, _)| looks_like_name(w)) {
        if best.as_ref().is_none_or(|b| score(&c) > score(b)) {
            best = Some(c);
        }
    }
    best.map(|(w, _)| w).unwrap_or_default()
}

/// Every word capitalised (or a particle), no digits, at most
/// [`NormalizeRules::max_name_tokens`] words (read from [`NormalizeRules::DEFAULT`]:
/// names are parsed wherever a record is written, with no run's config at hand).
pub(super) fn looks_like_name(words: &[String]) -> bool {
    let capitalised = |w: &String| {
        LEXICON.is_particle(&fold(w)) || w.chars().next().is_some_and(char::is_uppercase)
    };
    !words.is_empty()
        && words.len() <= NormalizeRules::DEFAULT.max_name_tokens
        && words.iter().all(capitalised)
        && !words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_titles_interim() {
        // (cell, role, title, interim, name words)
        type Row<'a> = (
            &'a str,
            Option<&'a str>,
            Option<&'a str>,
            bool,
            &'a [&'a str],
        );
        let rows: &[Row] = &[
            (
                "DIRIGENTE: STOPPA EMANUELE",
                Some("DIRIGENTE"),
                None,
                false,
                &["STOPPA", "EMANUELE"],
            ), // 002
            (
                "Comandante P.L. Boriani Dario",
                Some("Comandante P.L."),
                None,
                false,
                &["Boriani", "Dario"],
            ), // 004
            (
                "Donadio (ad interim) Giovanni",
                None,
                None,
                true,
                &["Donadio", "Giovanni"],
            ), // 001
            (
                "Area 1 Affari Generali - Dirigente Cervieri",
                Some("Dirigente"),
                None,
                false,
                &["Cervieri"],
            ), // 004 line 881
            (
                "Responsabile del Settore Finanziario: Dott.ssa Maria Rossi",
                Some("Responsabile del Settore Finanziario"),
                Some("Dott.ssa"),
                false,
                &["Maria", "Rossi"],
            ),
            (
                "Segretario Generale Dott. Mario Bianchi",
                Some("Segretario Generale"),
                Some("Dott."),
                false,
                &["Mario", "Bianchi"],
            ),
            (
                "Ing. Luca Verdi (in sostituzione)",
                None,
                Some("Ing."),
                true,
                &["Luca", "Verdi"],
            ),
            (
                "Arch. Paola Neri f.f.",
                None,
                Some("Arch."),
                true,
                &["Paola", "Neri"],
            ),
            (
                "Mario Rossi (Segretario Generale)",
                Some("Segretario Generale"),
                None,
                false,
                &["Mario", "Rossi"],
            ),
            (
                "Settore Tecnico - Geom. Rossi Mario",
                None,
                Some("Geom."),
                false,
                &["Rossi", "Mario"],
            ),
        ];
        for (cell, role, title, interim, name) in rows {
            let p = split(cell);
            assert_eq!(p.role.as_deref(), *role, "{cell}");
            assert_eq!(p.title.as_deref(), *title, "{cell}");
            assert_eq!(p.interim, *interim, "{cell}");
            assert_eq!(p.name, *name, "{cell}");
        }
    }

    #[test]
    fn sentences_are_not_names() {
        // seed 004
        assert!(split("Tutti i dirigenti").name.is_empty());
        assert!(split("").name.is_empty());
    }
}
