//! The built-in vocabulary compiled in as statics (`data/vocab.json` with
//! `data/lexicon.json` merged in, as [`Vocabulary::parse_builtin`] reads them).
//!
//! Every run that reads meaning (`tables`, `extract`) needs the built-in vocabulary,
//! and parsing its two JSON files (~72 KB) was 3.6–4.6% of a one-page plan's `tables`
//! run (docs/speed-rounds.md, rounds 11 and 12). `build.rs` parses them with the same
//! code (`vocab.rs`) and writes the result as statics (`write.rs`); here they become
//! the owned [`Vocabulary`] every reader takes, with no text to scan. The JSON files
//! stay the one place the vocabulary is edited, and a user's `--vocab` file is parsed
//! and merged at run time as before. A test compares this vocabulary with the files
//! parsed.

use super::{
    Explanation, KindWords, LexiconWord, PlanKind, Prefix, PrefixKind, Role, Seen, Synonyms,
    TableKind, Vocabulary, WordList, Wording,
};

/// Where a wording was seen, as the build wrote it ([`Seen`]).
enum SeenLit {
    One(&'static str),
    Many(&'static [&'static str]),
}
use SeenLit::{Many, One};

/// A wording: (text, seen).
type WordingLit = (&'static str, SeenLit);
/// A word list: (words, seen).
type WordListLit = (&'static [&'static str], SeenLit);
/// A lexicon word: (text, role, measure, seen).
type LexiconLit = (&'static str, Option<Role>, bool, SeenLit);

/// [`Vocabulary`] as statics, section by section (maps as their entries in order).
struct VocabularyLit {
    headers: &'static [(Role, &'static [WordingLit])],
    stopwords: WordListLit,
    units: WordListLit,
    person_titles: WordListLit,
    section_words: WordListLit,
    heading_prefixes: &'static [(&'static str, PrefixKind, SeenLit)],
    table_kinds: &'static [(TableKind, &'static [WordingLit], &'static [WordingLit])],
    plan_kinds: &'static [(PlanKind, &'static [WordingLit])],
    synonyms: &'static [WordListLit],
    heads: &'static [LexiconLit],
    modifiers: &'static [LexiconLit],
    questions: &'static [LexiconLit],
    explanations: &'static [(&'static [&'static str], &'static [Role], Role, SeenLit)],
}

/// What `build.rs` wrote.
static BUILT: VocabularyLit = include!(concat!(env!("OUT_DIR"), "/vocab_lit.rs"));

/// The built-in vocabulary, made from the statics.
pub(crate) fn vocabulary() -> Vocabulary {
    let b = &BUILT;
    Vocabulary {
        headers: b.headers.iter().map(|(r, ws)| (*r, wordings(ws))).collect(),
        stopwords: word_list(&b.stopwords),
        units: word_list(&b.units),
        person_titles: word_list(&b.person_titles),
        section_words: word_list(&b.section_words),
        heading_prefixes: b.heading_prefixes.iter().map(prefix).collect(),
        table_kinds: b.table_kinds.iter().map(kind_words).collect(),
        plan_kinds: b
            .plan_kinds
            .iter()
            .map(|(k, ws)| (*k, wordings(ws)))
            .collect(),
        synonyms: b.synonyms.iter().map(synonyms).collect(),
        heads: b.heads.iter().map(lexicon_word).collect(),
        modifiers: b.modifiers.iter().map(lexicon_word).collect(),
        questions: b.questions.iter().map(lexicon_word).collect(),
        explanations: b.explanations.iter().map(explanation).collect(),
        files: Vec::new(),
    }
}

fn strings(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| (*w).to_string()).collect()
}

fn seen(s: &SeenLit) -> Seen {
    match s {
        One(one) => Seen::One((*one).to_string()),
        Many(many) => Seen::Many(strings(many)),
    }
}

fn wordings(ws: &[WordingLit]) -> Vec<Wording> {
    ws.iter()
        .map(|(text, s)| Wording {
            text: (*text).to_string(),
            seen: seen(s),
        })
        .collect()
}

fn word_list((words, s): &WordListLit) -> WordList {
    WordList {
        words: strings(words),
        seen: seen(s),
    }
}

fn synonyms((words, s): &WordListLit) -> Synonyms {
    Synonyms {
        words: strings(words),
        seen: seen(s),
    }
}

fn prefix((text, kind, s): &(&'static str, PrefixKind, SeenLit)) -> Prefix {
    Prefix {
        text: (*text).to_string(),
        kind: *kind,
        seen: seen(s),
    }
}

fn kind_words(
    (kind, headers, sections): &(TableKind, &'static [WordingLit], &'static [WordingLit]),
) -> (TableKind, KindWords) {
    let words = KindWords {
        headers: wordings(headers),
        sections: wordings(sections),
    };
    (*kind, words)
}

fn lexicon_word((text, role, measure, s): &LexiconLit) -> LexiconWord {
    LexiconWord {
        text: (*text).to_string(),
        role: *role,
        measure: *measure,
        seen: seen(s),
    }
}

fn explanation(
    (heads, of, role, s): &(&'static [&'static str], &'static [Role], Role, SeenLit),
) -> Explanation {
    Explanation {
        heads: strings(heads),
        of: of.to_vec(),
        role: *role,
        seen: seen(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The statics hold what the JSON files parse to, section by section (so a
    /// difference names its section), and the whole value too.
    #[test]
    fn the_built_vocabulary_is_the_files_parsed() {
        let (built, parsed) = (vocabulary(), Vocabulary::parse_builtin());
        assert!(!parsed.headers.is_empty() && !parsed.heads.is_empty());
        assert_eq!(built.headers, parsed.headers);
        assert_eq!(built.stopwords, parsed.stopwords);
        assert_eq!(built.units, parsed.units);
        assert_eq!(built.person_titles, parsed.person_titles);
        assert_eq!(built.section_words, parsed.section_words);
        assert_eq!(built.heading_prefixes, parsed.heading_prefixes);
        assert_eq!(built.table_kinds, parsed.table_kinds);
        assert_eq!(built.plan_kinds, parsed.plan_kinds);
        assert_eq!(built.synonyms, parsed.synonyms);
        assert_eq!(built.heads, parsed.heads);
        assert_eq!(built.modifiers, parsed.modifiers);
        assert_eq!(built.questions, parsed.questions);
        assert_eq!(built.explanations, parsed.explanations);
        assert!(built == parsed);
    }
}
