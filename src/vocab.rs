//! The words plans print, as data: column roles and their header / card-label wordings,
//! heading prefixes, table kinds and plan titles.
//!
//! The vocabulary is the file `data/vocab.json`, built into the binary, merged with any
//! files the user gives (`--vocab FILE`, the same format, any subset of its sections).
//! Each wording says where it was seen. This module only holds and merges the data;
//! `tables::header` matches header cells against it, `tables::kind` types tables and
//! sections, `assemble` reads headings and cards with it.
//!
//! Invariant: the vocabulary only decides meaning (roles, kinds), never whether a table
//! exists.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

/// What a column (or a card field) holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Objective title (operativo, specifico, esecutivo, gestionale; a card's title).
    Objective,
    /// Strategic objective above the objectives (obiettivo strategico, indirizzo, linea).
    StrategicObjective,
    /// Objective code (`25.29.2.1.05_0001`, `OB.1.2`, `01010601`).
    #[serde(alias = "code")]
    ObjectiveCode,
    /// Longer definition of the objective.
    #[serde(alias = "description")]
    ObjectiveDescription,
    /// Manager responsible (dirigente, responsabile, referente).
    Dirigente,
    /// Department (settore, servizio, area, dipartimento, unità organizzativa).
    Settore,
    /// Indicator title.
    Indicator,
    /// Indicator code (`774`).
    IndicatorCode,
    /// Why the indicator is measured (Finalità).
    Purpose,
    /// How the indicator is computed.
    Formula,
    /// Starting value (baseline, valore di partenza, storico, a past year's value).
    Baseline,
    /// Expected value (target, valore / risultato / performance attesa).
    Target,
    /// Achieved value (valore raggiunto, consuntivo, performance realizzata).
    Actual,
    /// Deviation between target and achieved value.
    Deviation,
    /// Weight (peso, pesatura, punteggio).
    Weight,
    /// Share achieved (% / grado di raggiungimento).
    Achievement,
    /// When (scadenza, tempi, tempistica, termine).
    Deadline,
    /// Who benefits (stakeholder, destinatari).
    Beneficiaries,
    /// Actions, phases, activities.
    Actions,
    /// Missione of the harmonised budget.
    Mission,
    /// Programma of the harmonised budget.
    Programme,
    /// Notes.
    Notes,
    /// Where the data to check the indicator come from (cards).
    DataSource,
    /// Other units involved (cards).
    InvolvedUnits,
    /// Traffic-light barometer.
    Barometer,
    /// Unit of measure of an indicator's values (unità di misura, `U.M.`): no record
    /// key holds it (the unit a target prints is `target_unit`).
    Unit,
    /// Objective type (A–F) in summary tables and cards (004).
    ObjectiveType,
    /// Sequence number of the objective in a summary table.
    Sequence,
    /// Directorate (area dirigenziale) in summary tables.
    Area,
    /// "Strategico di Direzione" flag in summary tables.
    Strategic,
}

/// Where a wording was seen: one place or several.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Seen {
    /// One source.
    One(String),
    /// Several sources.
    Many(Vec<String>),
}

impl Default for Seen {
    fn default() -> Self {
        Seen::Many(Vec::new())
    }
}

/// One wording and where it was seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wording {
    /// The words as printed.
    pub text: String,
    /// Where.
    #[serde(default)]
    pub seen: Seen,
}

/// A list of single words with where they were seen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordList {
    /// The words.
    #[serde(default)]
    pub words: Vec<String>,
    /// Where.
    #[serde(default)]
    pub seen: Seen,
}

/// Words (or short phrases) a header may print for one another: a general Italian
/// synonym set (`scostamento`, `differenza`, `scarto`, `divario`), from a dictionary.
/// A header no wording matches is read again with one of its words replaced by a
/// synonym (`Valore iniziale` as `Valore di partenza`), and a word the wordings never
/// use votes as its synonym would (`Differenza rispetto all'atteso` as `Scostamento`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Synonyms {
    /// The words of the set, the one the wordings use most first.
    pub words: Vec<String>,
    /// The dictionary entry that lists them.
    #[serde(default)]
    pub seen: Seen,
}

/// A head noun or a modifier of the lexicon (`data/lexicon.json`): a word or short
/// phrase, the role it gives a header or card label, and where it was seen. A head
/// noun without a role (`valore`, `dato`, `stato`) leaves the role to its modifiers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LexiconWord {
    /// The word or phrase (`funzionario`, `unità di misura`, `di partenza`).
    pub text: String,
    /// The role it gives; none for a head noun whose modifiers decide.
    #[serde(default)]
    pub role: Option<Role>,
    /// A role-less head noun that names a measured value (`valore`, `dato`,
    /// `livello`): printed with a year before the years of a table's target columns
    /// (`Dato 2024` beside `Atteso 2025`), it is that year's value, the baseline.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub measure: bool,
    /// Where.
    #[serde(default)]
    pub seen: Seen,
}

/// Head nouns that explain a value (`motivazione`, `causa`, `commento`): a header or
/// label made of one and a modifier naming a role of `of` (`Motivazione dello
/// scostamento`: the deviation) explains that value, and has `role` (notes), not the
/// role the head alone would have (`Motivazione` is the objective's purpose).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    /// The head nouns (`motivazione`, `causa`).
    pub heads: Vec<String>,
    /// The roles whose values they explain (deviation, actual, achievement).
    pub of: Vec<Role>,
    /// The role of such a header (notes).
    pub role: Role,
    /// Where.
    #[serde(default)]
    pub seen: Seen,
}

/// What a heading prefix names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrefixKind {
    /// A group of objectives (silo, area strategica, missione, linea...).
    Group,
    /// A department (`Settore Lavori Pubblici`).
    Settore,
    /// The person responsible (`Responsabile: Ing. Paolo Verdi`).
    Dirigente,
    /// A kind of objectives (`Obiettivi di mantenimento`): the heading as printed is
    /// the objective type of the objectives under it.
    ObjectiveType,
}

/// A heading prefix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prefix {
    /// The prefix words (`Area strategica`).
    pub text: String,
    /// What the heading names.
    pub kind: PrefixKind,
    /// Where.
    #[serde(default)]
    pub seen: Seen,
}

/// What a table is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// Objectives (with or without indicators and targets): they give records.
    Objectives,
    /// A summary list of objectives (type, area, title) read with objective cards.
    ObjectiveSummary,
    /// Anticorruption risk map and measures.
    Anticorruption,
    /// Transparency obligations.
    Transparency,
    /// Staffing needs (fabbisogni di personale).
    Staffing,
    /// Training plan.
    Training,
    /// Organisation (organigram, units).
    Organisation,
    /// Lavoro agile.
    LavoroAgile,
    /// Anything else (personnel counts, budgets...).
    Other,
}

/// Header and section wordings that mark a kind of table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindWords {
    /// Header cells only this kind of table prints.
    #[serde(default)]
    pub headers: Vec<Wording>,
    /// Section headings under which tables are of this kind.
    #[serde(default)]
    pub sections: Vec<Wording>,
}

/// The kind of plan a title names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanKind {
    /// Piano Integrato di Attività e Organizzazione.
    Piao,
    /// Relazione sulla Performance.
    RelazionePerformance,
    /// Piano della Performance.
    PianoPerformance,
    /// PEG / PDO.
    Peg,
    /// Documento Unico di Programmazione.
    Dup,
}

/// The vocabulary: every section of `data/vocab.json`.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Vocabulary {
    /// Role → wordings of table headers and card labels.
    #[serde(default)]
    pub headers: BTreeMap<Role, Vec<Wording>>,
    /// Words skipped when header words are compared.
    #[serde(default)]
    pub stopwords: WordList,
    /// Units a header prints in brackets or at its end.
    #[serde(default)]
    pub units: WordList,
    /// Titles printed before people's names (`Dott.ssa`, `Ing.`).
    #[serde(default)]
    pub person_titles: WordList,
    /// Words that number a document's parts (`Sezione`, `Sottosezione`), set aside
    /// when a heading is read for the section it opens.
    #[serde(default)]
    pub section_words: WordList,
    /// Heading prefixes.
    #[serde(default)]
    pub heading_prefixes: Vec<Prefix>,
    /// Kind → header and section wordings.
    #[serde(default)]
    pub table_kinds: BTreeMap<TableKind, KindWords>,
    /// Plan kind → title wordings.
    #[serde(default)]
    pub plan_kinds: BTreeMap<PlanKind, Vec<Wording>>,
    /// Synonym sets of the words headers are made of (built in: `data/lexicon.json`).
    #[serde(default)]
    pub synonyms: Vec<Synonyms>,
    /// Head nouns of headers and card labels and the role each gives (built in:
    /// `data/lexicon.json`): `funzionario` a dirigente, `unità` a settore.
    #[serde(default)]
    pub heads: Vec<LexiconWord>,
    /// Modifiers that give a role-less head noun its role (built in:
    /// `data/lexicon.json`): `iniziale` a baseline, `conseguito` an actual.
    #[serde(default)]
    pub modifiers: Vec<LexiconWord>,
    /// Questions that label a field (built in: `data/lexicon.json`): a header or
    /// label that starts with one (`Cosa si intende fare`, `Chi risponderà
    /// dell'obiettivo`) has its role, the question word deciding as a head noun does.
    #[serde(default)]
    pub questions: Vec<LexiconWord>,
    /// Head nouns that explain another column's value (built in:
    /// `data/lexicon.json`).
    #[serde(default)]
    pub explanations: Vec<Explanation>,
    /// The files this vocabulary was extended with (`--vocab`), as named, so a worker
    /// process reads the same.
    #[serde(skip)]
    pub files: Vec<String>,
}

impl std::fmt::Debug for Vocabulary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vocabulary")
            .field(
                "header_wordings",
                &self.headers.values().map(Vec::len).sum::<usize>(),
            )
            .field("prefixes", &self.heading_prefixes.len())
            .field("table_kinds", &self.table_kinds.len())
            .finish()
    }
}

/// The built-in vocabulary file.
pub const BUILTIN: &str = include_str!("../data/vocab.json");

/// The built-in lexicon: synonym sets of header words, in the vocabulary's format
/// (its `synonyms` section only), kept apart from the wordings it is no part of.
pub const LEXICON: &str = include_str!("../data/lexicon.json");

/// A vocabulary file that does not parse.
#[derive(Debug, thiserror::Error)]
#[error("vocabulary {origin}: {message}")]
pub struct VocabError {
    /// Which file.
    pub origin: String,
    /// What is wrong (serde's message with line and column).
    pub message: String,
}

/// The built-in vocabulary, made from the statics `build.rs` wrote of it
/// (`vocab::built`, a test holds them equal to [`Vocabulary::parse_builtin`]): its
/// JSON parse was ~4% of a one-page plan's `tables` run (docs/speed-rounds.md, round
/// 12).
static BUILT_IN: LazyLock<Arc<Vocabulary>> = LazyLock::new(|| Arc::new(built_in()));

/// The statics of the built-in vocabulary. `build.rs` writes them and sets the cfg
/// `vocab_built` for the crate it builds; `build.rs` compiles this file too, before
/// any statics exist, and there (without the cfg) the vocabulary is parsed.
// by path from this file's folder, so that `build.rs`, which compiles this file as a
// module of its own, names the same file
#[cfg(vocab_built)]
#[path = "vocab/built.rs"]
mod built;

/// The built-in vocabulary: from the statics ([`built`]).
#[cfg(vocab_built)]
fn built_in() -> Vocabulary {
    built::vocabulary()
}

/// The built-in vocabulary, parsed: only in `build.rs`, which has no statics yet.
#[cfg(not(vocab_built))]
fn built_in() -> Vocabulary {
    Vocabulary::parse_builtin()
}

/// The vocabulary a run reads with ([`Config::vocab`](crate::config::Config::vocab)):
/// the built-in one unless the run was given another (`--vocab FILE`:
/// [`Vocabulary::with_files`]; `Arc<Vocabulary>` converts with `into()`). It reads as
/// an `Arc<Vocabulary>`.
///
/// The built-in vocabulary is made on first use, not when a run's
/// configuration is made: a run that reads no meaning (`inspect`, a PDF that fails to
/// open) does not pay making it (then a JSON parse, ~7% of a one-page `inspect` (docs/speed-rounds.md,
/// round 10)). Either way every reader of one run sees the same `Arc`, so what is
/// derived from it ([`Derived`]) is built once per run, as before.
#[derive(Debug, Clone, Default)]
pub struct RunVocabulary {
    /// The run's own vocabulary; `None`: the built-in one ([`Vocabulary::builtin`]).
    given: Option<Arc<Vocabulary>>,
}

impl std::ops::Deref for RunVocabulary {
    type Target = Arc<Vocabulary>;

    fn deref(&self) -> &Arc<Vocabulary> {
        self.given
            .as_ref()
            .unwrap_or_else(|| LazyLock::force(&BUILT_IN))
    }
}

impl From<Arc<Vocabulary>> for RunVocabulary {
    fn from(v: Arc<Vocabulary>) -> Self {
        RunVocabulary { given: Some(v) }
    }
}

/// A value read from a vocabulary with some rules (the header matcher, the card-label
/// index, the table kinds), kept for the last vocabulary and rules it was asked for.
///
/// Building one reads every wording of the vocabulary (the header matcher ~0.4 ms, the
/// card labels ~0.6 ms: a third of the stages after the PDF layer on a 3-page card
/// plan, issue 22), and a run reads all its documents with one vocabulary and one set
/// of rules: so each is built once per run, not once per document. The vocabulary is
/// compared by identity (`Arc::ptr_eq`, the run's [`Config::vocab`](crate::config::Config::vocab));
/// the clone kept here holds it alive, so its address cannot be reused by another.
/// Another vocabulary or other rules (a test's own) build anew and replace it.
#[derive(Debug)]
pub struct Derived<K, T> {
    last: Mutex<Option<Kept<K, T>>>,
}

/// What a [`Derived`] keeps: the vocabulary, the rules and the value read from them.
type Kept<K, T> = (Arc<Vocabulary>, K, Arc<T>);

impl<K: PartialEq + Clone, T> Derived<K, T> {
    /// Nothing built yet.
    pub const fn new() -> Self {
        Derived {
            last: Mutex::new(None),
        }
    }

    /// The value for `vocab` read with `rules`: the one kept when both are the same,
    /// else `build()`, kept. Threads asking at once wait for one build. `build` must
    /// not ask this same `Derived` (it would wait for itself).
    pub fn get(&self, vocab: &Arc<Vocabulary>, rules: &K, build: impl FnOnce() -> T) -> Arc<T> {
        // a build that panicked left the previous value, or none: still consistent
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((v, k, t)) = last.as_ref()
            && Arc::ptr_eq(v, vocab)
            && k == rules
        {
            return Arc::clone(t);
        }
        let t = Arc::new(build());
        *last = Some((Arc::clone(vocab), rules.clone(), Arc::clone(&t)));
        t
    }
}

impl<K: PartialEq + Clone, T> Default for Derived<K, T> {
    fn default() -> Self {
        Derived::new()
    }
}

impl Vocabulary {
    /// The built-in vocabulary, made once per process (from the statics the build
    /// wrote of its files).
    pub fn builtin() -> Arc<Vocabulary> {
        Arc::clone(&BUILT_IN)
    }

    /// Whether this is the built-in vocabulary itself ([`Vocabulary::builtin`]), whose
    /// derived tables the build made (a `--vocab` run's is another value).
    pub fn is_builtin(&self) -> bool {
        std::ptr::eq(self, Arc::as_ptr(&BUILT_IN))
    }

    /// The built-in files parsed: `data/vocab.json`, then `data/lexicon.json` merged
    /// in. The build writes this value as statics, which [`Vocabulary::builtin`] reads
    /// instead (a test compares the two).
    pub fn parse_builtin() -> Vocabulary {
        // The built-in files are tested to parse (`builtin_parses`); an empty
        // vocabulary is the only thing a library may fall back to without panicking.
        let mut v = Vocabulary::parse(BUILTIN, "data/vocab.json").unwrap_or_default();
        v.merge(Vocabulary::parse(LEXICON, "data/lexicon.json").unwrap_or_default());
        v
    }

    /// Parse a vocabulary file (the format of `data/vocab.json`); `origin` names it in
    /// errors.
    pub fn parse(text: &str, origin: &str) -> Result<Vocabulary, VocabError> {
        serde_json::from_str(text).map_err(|e| VocabError {
            origin: origin.to_string(),
            message: e.to_string(),
        })
    }

    /// Add another file's entries to this vocabulary (wordings already present are not
    /// repeated).
    pub fn merge(&mut self, other: Vocabulary) {
        for (role, ws) in other.headers {
            add_new(self.headers.entry(role).or_default(), ws);
        }
        add_words(&mut self.stopwords.words, other.stopwords.words);
        add_words(&mut self.units.words, other.units.words);
        add_words(&mut self.person_titles.words, other.person_titles.words);
        add_words(&mut self.section_words.words, other.section_words.words);
        for p in other.heading_prefixes {
            if !self.heading_prefixes.contains(&p) {
                self.heading_prefixes.push(p);
            }
        }
        for (kind, kw) in other.table_kinds {
            let mine = self.table_kinds.entry(kind).or_default();
            add_new(&mut mine.headers, kw.headers);
            add_new(&mut mine.sections, kw.sections);
        }
        for (kind, ws) in other.plan_kinds {
            add_new(self.plan_kinds.entry(kind).or_default(), ws);
        }
        for w in other.heads {
            if !self.heads.iter().any(|h| h.text == w.text) {
                self.heads.push(w);
            }
        }
        for w in other.modifiers {
            if !self.modifiers.iter().any(|m| m.text == w.text) {
                self.modifiers.push(w);
            }
        }
        for w in other.questions {
            if !self.questions.iter().any(|q| q.text == w.text) {
                self.questions.push(w);
            }
        }
        for e in other.explanations {
            if !self.explanations.contains(&e) {
                self.explanations.push(e);
            }
        }
        for set in other.synonyms {
            if !self.synonyms.iter().any(|s| s.words == set.words) {
                self.synonyms.push(set);
            }
        }
    }

    /// The built-in vocabulary extended with the given files' texts (`(origin, text)`).
    pub fn with_files(files: &[(String, String)]) -> Result<Vocabulary, VocabError> {
        let mut v = (*Vocabulary::builtin()).clone();
        for (origin, text) in files {
            v.merge(Vocabulary::parse(text, origin)?);
            v.files.push(origin.clone());
        }
        Ok(v)
    }

    /// Every header wording with its role, in file order (roles in their order).
    pub fn header_wordings(&self) -> impl Iterator<Item = (Role, &Wording)> {
        self.headers
            .iter()
            .flat_map(|(r, ws)| ws.iter().map(move |w| (*r, w)))
    }
}

fn add_new(mine: &mut Vec<Wording>, theirs: Vec<Wording>) {
    for w in theirs {
        if !mine.iter().any(|m| m.text == w.text) {
            mine.push(w);
        }
    }
}

fn add_words(mine: &mut Vec<String>, theirs: Vec<String>) {
    for w in theirs {
        if !mine.contains(&w) {
            mine.push(w);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_reads_the_builtin_vocabulary_unless_given_another() {
        let run = RunVocabulary::default();
        assert!(Arc::ptr_eq(&run, &Vocabulary::builtin()));
        assert!(run.is_builtin() && run.clone().is_builtin());
        let own = Arc::new(Vocabulary::parse(LEXICON, "data/lexicon.json").unwrap_or_default());
        let run = RunVocabulary::from(Arc::clone(&own));
        assert!(Arc::ptr_eq(&run, &own) && !run.is_builtin());
        assert!(Arc::ptr_eq(&run.clone(), &own));
    }

    #[test]
    fn builtin_parses_and_every_wording_says_where_it_was_seen() {
        let v = Vocabulary::parse(BUILTIN, "data/vocab.json").map_err(|e| e.to_string());
        assert!(v.is_ok(), "{v:?}");
        let l = Vocabulary::parse(LEXICON, "data/lexicon.json").map_err(|e| e.to_string());
        assert!(l.as_ref().is_ok_and(|l| l.synonyms.len() >= 20), "{l:?}");
        let v = Vocabulary::builtin();
        assert!(v.headers.len() >= 25, "roles: {}", v.headers.len());
        for (role, w) in v.header_wordings() {
            let seen = match &w.seen {
                Seen::One(s) => !s.is_empty(),
                Seen::Many(s) => !s.is_empty(),
            };
            assert!(seen, "{role:?} '{}' has no source", w.text);
        }
        assert!(v.heads.len() >= 20 && v.modifiers.len() >= 10, "{v:?}");
        for w in v.heads.iter().chain(&v.modifiers) {
            let seen = match &w.seen {
                Seen::One(s) => !s.is_empty(),
                Seen::Many(s) => !s.is_empty(),
            };
            assert!(seen, "lexicon word '{}' has no source", w.text);
        }
        assert!(v.modifiers.iter().all(|m| m.role.is_some()));
        for set in &v.synonyms {
            let seen = match &set.seen {
                Seen::One(s) => !s.is_empty(),
                Seen::Many(s) => !s.is_empty(),
            };
            assert!(seen && set.words.len() >= 2, "{:?}", set.words);
        }
    }

    #[test]
    fn a_user_file_adds_wordings_and_keeps_the_builtin_ones() {
        let extra = r#"{"headers": {"target": [{"text": "Livello atteso", "seen": "my plan"}],
                         "code": [{"text": "Sigla", "seen": "my plan"}]}}"#;
        let v = Vocabulary::with_files(&[("extra.json".into(), extra.into())])
            .map_err(|e| e.to_string());
        assert!(v.is_ok(), "{v:?}");
        let v = v.unwrap_or_default();
        let targets: Vec<&str> = v.headers[&Role::Target]
            .iter()
            .map(|w| w.text.as_str())
            .collect();
        assert!(targets.contains(&"Target") && targets.contains(&"Livello atteso"));
        assert!(
            v.headers[&Role::ObjectiveCode]
                .iter()
                .any(|w| w.text == "Sigla")
        );
    }

    #[test]
    fn a_bad_file_is_an_error_naming_it() {
        let e = Vocabulary::with_files(&[("bad.json".into(), "{\"headers\": 3}".into())]);
        let msg = e.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(msg.starts_with("vocabulary bad.json:"), "{msg}");
    }
}
