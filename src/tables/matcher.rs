//! Reading one header cell: its roles by meaning, surest first.
//!
//! A header cell's role comes from its words ([`super::words`]). A wording of the
//! vocabulary that is the whole cell (years, units and articles aside) is sure, and so
//! nearly is a wording of several words at its head (`Codice indicatore di
//! performance`). Otherwise the cell's words vote: Italian headers put the head noun
//! first, so a head word specific to one role decides (`Scostamento dal valore
//! atteso`); a generic head (`Valore`, `Risultato`, used by several roles) lets every
//! word vote by how specific it is to each role (`Valore ponderale` is a weight,
//! `Livello atteso` a target). Dotted initials (`U.O.`) are the initials of a wording.
//!
//! Plans print words no wording uses. A general synonym lexicon (`data/lexicon.json`)
//! reads them: a cell no wording matches is read again with one word or phrase
//! replaced by a dictionary synonym (`Valore iniziale` is `Valore di partenza`,
//! `Portatori di interesse` is `Stakeholder`), and a word the wordings never use votes
//! as its synonym does (`Differenza rispetto all'atteso` is headed by a synonym of
//! `Scostamento`). The lexicon's head nouns (`funzionario`, `unità`, `periodo`) give
//! a cell no wording reads the role its head names, whatever its modifiers vote
//! (`Unità responsabile` is a settore); a head that serves several roles (`dato`,
//! `stato`) takes its modifier's (`Dato iniziale`, a baseline). A cell that starts
//! with a question of the lexicon has the role the question asks for (`Cosa si
//! intende fare`, the objective's content: the Piano-tipo's questions), and one
//! headed by a noun that explains another column's value is a note (`Motivazione
//! dello scostamento`).

use super::readings::{Readings, Synonymous, TextReading};
use super::words::Word;
use super::words::{
    Found, Fuzz, Lexis, Phrases, Vote, WordIndex, Words, exactly, similar_at_least, word_similarity,
};
use crate::config::HeaderMatching;
use crate::vocab::{Derived, Role, Vocabulary};
use std::borrow::Cow;
use std::sync::{Arc, LazyLock, OnceLock};

/// A role read from a header cell.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleMatch {
    /// The role.
    pub role: Role,
    /// How sure (0–1).
    pub confidence: f64,
    /// Which wording, and how it matched.
    pub rule: String,
}

/// The vocabulary's header wordings, read once per run.
#[derive(Debug, Clone)]
pub struct Matcher {
    lexis: Lexis,
    roles: Phrases<Role>,
    index: WordIndex<Role>,
    /// (role, wording) of the wordings and of the lexicon's head phrases of two words or
    /// more that give a role: what [`Matcher::all_initials`] reads.
    initial_sources: Vec<(Role, String)>,
    /// (role, initials, wording) of [`Matcher::initial_sources`], read on the first
    /// header printed as initials: most plans print none, and reading them all was
    /// ~0.5% of a one-page plan's run (docs/speed-rounds.md, round 16).
    initials: OnceLock<Vec<(Role, String, String)>>,
    /// Whole folded wordings with their length, for cells the word reading misses
    /// (typos that cut a word: `indicatre`); folded by the build for the built-in
    /// vocabulary ([`Lexis::folded`]).
    whole: Vec<(Role, Cow<'static, str>, usize, Letters)>,
    longest: usize,
    /// Synonym sets of the lexicon, each member read as words (members that read as
    /// no word left out, and sets left with fewer than two members).
    synonyms: Vec<Vec<Vec<Word>>>,
    /// Where [`Matcher::paraphrases`] may find each member of [`Matcher::synonyms`]
    /// ([`MemberIndex`]).
    members: MemberIndex,
    /// Every member of every synonym set of the vocabulary read as words, in the
    /// vocabulary's order, none left out ([`Matcher::synonym_readings`]).
    synonym_readings: Vec<Vec<Vec<Word>>>,
    /// Head nouns of the lexicon read as words, longest first, with their role (none:
    /// the modifiers decide) and their text.
    heads: Vec<(Vec<Word>, Option<Role>, String)>,
    /// Modifiers of the lexicon read as words, with their role and text.
    modifiers: Vec<(Vec<Word>, Role, String)>,
    /// Head nouns of the lexicon that name a measured value (`valore`, `dato`).
    measures: Vec<Vec<Word>>,
    /// Questions of the lexicon, folded ([`Lexis::folded`]), longest first, with their
    /// role and text.
    questions: Vec<(Cow<'static, str>, Role, String)>,
    /// Explanation heads of the lexicon read as words, with the roles whose values
    /// they explain and the role they give, and their text.
    explanations: Vec<Explanation>,
    cfg: HeaderMatching,
    /// The readings made so far ([`super::readings`]).
    readings: Readings<RoleMatch>,
}

/// The members of the synonym sets by the first character of their first word's
/// stem, so that [`Matcher::paraphrases`] compares a cell's word only with the members
/// that can start there. [`exactly`] holds only between stems one of which starts the
/// other: two non-empty stems with different first characters never match, and an
/// empty stem may match any. Scanning every member of every set at every position of
/// every cell was ~4% of the stages after the PDF layer (issue 22, round 15).
#[derive(Debug, Clone, Default)]
struct MemberIndex {
    /// (set, member) by the first character of the member's first stem, each list in
    /// set and member order.
    by_first: std::collections::HashMap<char, Vec<(usize, usize)>>,
    /// (set, member) whose first stem is empty: they may match any word.
    empty: Vec<(usize, usize)>,
    /// Every (set, member): a word with an empty stem may match any of them.
    all: Vec<(usize, usize)>,
}

impl MemberIndex {
    fn new(sets: &[Vec<Vec<Word>>]) -> MemberIndex {
        let mut index = MemberIndex::default();
        for (si, set) in sets.iter().enumerate() {
            for (mi, member) in set.iter().enumerate() {
                index.all.push((si, mi));
                match member.first().and_then(|w| w.stem.chars().next()) {
                    Some(c) => index.by_first.entry(c).or_default().push((si, mi)),
                    None => index.empty.push((si, mi)),
                }
            }
        }
        // a member with an empty stem is a candidate under every first character
        if !index.empty.is_empty() {
            for list in index.by_first.values_mut() {
                list.extend(index.empty.iter().copied());
            }
        }
        index
    }

    /// The (set, member) pairs whose first word may be [`exactly`] `w`.
    fn candidates(&self, w: &Word) -> &[(usize, usize)] {
        match w.stem.chars().next() {
            None => &self.all,
            Some(c) => self.by_first.get(&c).map_or(&self.empty, Vec::as_slice),
        }
    }
}

impl Matcher {
    /// Read the vocabulary's header wordings with the run's matching rules.
    pub fn new(vocab: &Vocabulary, cfg: &HeaderMatching) -> Matcher {
        let lexis = Lexis::new(&vocab.stopwords.words, &vocab.units.words);
        let wordings: Vec<(Role, &str)> = vocab
            .header_wordings()
            .map(|(r, w)| (r, w.text.as_str()))
            .collect();
        let roles = Phrases::new(&lexis, wordings.iter().copied(), fuzz(cfg));
        let whole: Vec<(Role, Cow<'static, str>, usize, Letters)> = wordings
            .iter()
            .map(|(r, w)| {
                let f = lexis.folded(w);
                let n = f.chars().count();
                let l = letters(&f);
                (*r, f, n, l)
            })
            .collect();
        let longest = whole.iter().map(|w| w.2).max().unwrap_or(0);
        let index = WordIndex::new(&roles, cfg.root_chars);
        // the initials of the wordings, and of the lexicon's head phrases of two words
        // or more that give a role (`U.M.`, `Unità di misura`)
        let phrases = vocab
            .heads
            .iter()
            .filter(|h| h.text.split_whitespace().count() > 1)
            .filter_map(|h| Some((h.role?, h.text.as_str())));
        let initial_sources = wordings
            .iter()
            .copied()
            .chain(phrases)
            .map(|(r, w)| (r, w.to_string()))
            .collect();
        let synonym_readings: Vec<Vec<Vec<Word>>> = vocab
            .synonyms
            .iter()
            .map(|set| set.words.iter().map(|w| lexis.read(w).words).collect())
            .collect();
        let synonyms: Vec<Vec<Vec<Word>>> = synonym_readings
            .iter()
            .map(|set| {
                set.iter()
                    .filter(|w| !w.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
            })
            .filter(|set| set.len() >= 2)
            .collect();
        let members = MemberIndex::new(&synonyms);
        let mut heads: Vec<(Vec<Word>, Option<Role>, String)> = vocab
            .heads
            .iter()
            .map(|h| (lexis.read(&h.text).words, h.role, h.text.clone()))
            .filter(|h| !h.0.is_empty())
            .collect();
        heads.sort_by_key(|h| std::cmp::Reverse(h.0.len()));
        let measures = vocab
            .heads
            .iter()
            .filter(|h| h.measure)
            .map(|h| lexis.read(&h.text).words)
            .filter(|w| !w.is_empty())
            .collect();
        let mut questions: Vec<(Cow<'static, str>, Role, String)> = vocab
            .questions
            .iter()
            .filter_map(|q| Some((lexis.folded(&q.text), q.role?, q.text.clone())))
            .filter(|q| !q.0.is_empty())
            .collect();
        questions.sort_by_key(|q| std::cmp::Reverse(q.0.chars().count()));
        let explanations = vocab
            .explanations
            .iter()
            .flat_map(|e| {
                e.heads.iter().map(|h| Explanation {
                    head: lexis.read(h).words,
                    text: h.clone(),
                    of: e.of.clone(),
                    role: e.role,
                })
            })
            .filter(|e| !e.head.is_empty())
            .collect();
        let modifiers = vocab
            .modifiers
            .iter()
            .filter_map(|m| Some((lexis.read(&m.text).words, m.role?, m.text.clone())))
            .filter(|m| !m.0.is_empty())
            .collect();
        Matcher {
            heads,
            modifiers,
            measures,
            questions,
            explanations,
            lexis,
            roles,
            index,
            initial_sources,
            initials: OnceLock::new(),
            whole,
            longest,
            synonyms,
            members,
            synonym_readings,
            readings: Readings::new(cfg.memo_texts),
            cfg: cfg.clone(),
        }
    }

    /// The matcher of a run's vocabulary and rules ([`Config::vocab`],
    /// [`Config::header`]): built on the first document and shared by the others
    /// ([`Derived`]), as reading every wording costs more than matching a small plan's
    /// headers.
    ///
    /// [`Config::vocab`]: crate::config::Config::vocab
    /// [`Config::header`]: crate::config::Config::header
    pub fn for_run(vocab: &Arc<Vocabulary>, cfg: &HeaderMatching) -> Arc<Matcher> {
        static RUN: Derived<HeaderMatching, Matcher> = Derived::new();
        RUN.get(vocab, cfg, || Matcher::new(vocab, cfg))
    }

    /// Forget the readings kept so far (the memo of `tables::readings`): memory only, the next
    /// readings are the same made again (a benchmark's figure for a document whose
    /// headers the run has not seen).
    pub fn forget_readings(&self) {
        self.readings.clear();
    }

    /// The built-in vocabulary with default rules, read once per process.
    pub fn builtin() -> &'static Matcher {
        static M: LazyLock<Matcher> =
            LazyLock::new(|| Matcher::new(&Vocabulary::builtin(), &HeaderMatching::default()));
        &M
    }

    /// The role one word is most specific to in the vocabulary's wordings.
    pub fn word_role(&self, word: &str) -> Option<Role> {
        let t = self.text_reading(word);
        *t.word_role.get_or_init(|| {
            let votes = self.index.votes(&t.words.words, self.cfg.root_quality);
            votes.first()?.best().map(|(r, _)| r)
        })
    }

    /// Whether a word is one the vocabulary's wordings use (`Settore`, `Servizi`): a
    /// cell made of such words names a unit, not a person.
    pub fn knows_word(&self, word: &str) -> bool {
        let t = self.text_reading(word);
        t.words.words.iter().any(|w| self.index.knows(w))
    }

    /// Each header wording of the vocabulary it was built from, read as words, with
    /// its role (wordings that read as no word left out): what [`Matcher::read`]
    /// gives on each, read once when the matcher was built.
    pub fn wording_readings(&self) -> impl Iterator<Item = (Role, &[Word])> {
        self.roles.readings()
    }

    /// The members of each synonym set of the vocabulary it was built from, read as
    /// words, in the vocabulary's order (one list per set, one reading per member, as
    /// [`Matcher::read`] gives them), read once when the matcher was built.
    pub fn synonym_readings(&self) -> &[Vec<Vec<Word>>] {
        &self.synonym_readings
    }

    /// The rules it matches with.
    pub fn rules(&self) -> &HeaderMatching {
        &self.cfg
    }

    /// `text` folded, by the build when it is a text of the built-in vocabulary
    /// ([`Lexis::folded`]).
    pub fn folded(&self, text: &str) -> Cow<'static, str> {
        self.lexis.folded(text)
    }

    /// Read a cell's words.
    pub fn read(&self, text: &str) -> Words {
        self.lexis.read(text)
    }

    /// The role of one header cell, if any reading reaches
    /// [`HeaderMatching::min_confidence`].
    pub fn role(&self, text: &str) -> Option<RoleMatch> {
        self.reading(text, &[])
    }

    /// The role of a header cell when the roles in `not` are ruled out (taken by a
    /// surer column, or contradicted by the column's content).
    pub fn reading(&self, text: &str, not: &[Role]) -> Option<RoleMatch> {
        self.read_cell(text, not, true)
    }

    /// The role of a cell by the vocabulary's wordings, their synonyms and their
    /// words' votes only, the lexicon's head nouns aside: for a line that may be a
    /// label or a value (a card's label printed on a line of its own), where a head
    /// noun alone would take values such as `Settore Lavori Pubblici` for labels.
    pub fn reading_by_wordings(&self, text: &str, not: &[Role]) -> Option<RoleMatch> {
        self.read_cell(text, not, false)
    }

    /// The role a cell's first words give by the lexicon: a question it starts with
    /// (`Matcher::by_question`), an explanation head with the value it explains
    /// (`Matcher::by_explanation`), or its head noun (`Matcher::by_head_noun`).
    pub fn head_noun(&self, text: &str) -> Option<RoleMatch> {
        let words = self.read(text).words;
        self.by_question(text, &[])
            .or_else(|| self.by_explanation(&words, &[]))
            .or_else(|| self.by_head_noun(&words, &[]))
    }

    /// Whether a cell is headed by a noun that names a measured value and no role
    /// (`Dato 2024`, `Valore 2023`: `data/lexicon.json` heads marked `measure`).
    pub fn is_measure(&self, text: &str) -> bool {
        let words = self.read(text).words;
        self.measures
            .iter()
            .any(|m| starts_with(&words, m, 0, self.cfg.min_abbrev_chars))
    }

    fn read_cell(&self, text: &str, not: &[Role], heads: bool) -> Option<RoleMatch> {
        // A cell far longer than any wording is a data cell: skip the reading.
        let chars = text.chars().count();
        if chars == 0 || chars > self.cfg.max_header_chars {
            return None;
        }
        let mut key = not.to_vec();
        key.sort();
        key.dedup();
        if let Some(r) = self.readings.reading(text, &key, heads) {
            return r;
        }
        let t = self.text_reading(text);
        let r = self.read_text(&t, text, not, heads);
        self.readings.keep_reading(text, key, heads, &r);
        r
    }

    /// A cell's reading from what its text alone gives ([`TextReading`]).
    fn read_text(
        &self,
        t: &TextReading,
        text: &str,
        not: &[Role],
        heads: bool,
    ) -> Option<RoleMatch> {
        let words = &t.words;
        if let Some(i) = &words.initials {
            return self.by_initials(i, not);
        }
        // A wording that is the whole cell, or a wording of several words at its head
        // (`Codice indicatore di performance`), decides; otherwise the words vote.
        let by_words = match self.best_of(t) {
            Some(f) if (f.whole() || (f.at == 0 && f.len > 1)) && !not.contains(&f.value) => {
                Some(self.judge(f, words))
            }
            _ => heads
                .then(|| self.by_question(text, not))
                .flatten()
                .or_else(|| self.by_explanation(&words.words, not))
                .or_else(|| {
                    heads
                        .then(|| self.by_head_noun(&words.words, not))
                        .flatten()
                })
                .or_else(|| {
                    let s = t.synonymous.get_or_init(|| self.synonymous(&words.words));
                    self.by_synonym_in(s, not)
                })
                .or_else(|| {
                    let votes = t.votes.get_or_init(|| self.votes_of(words));
                    self.by_votes_of(votes, not)
                }),
        };
        let by_whole = self.spelling_of(t, text, not);
        let best = match (by_words, by_whole) {
            (Some(w), Some(s)) if s.confidence > w.confidence => Some(s),
            (Some(w), _) => Some(w),
            (None, s) => s,
        };
        best.filter(|m| m.confidence >= self.cfg.min_confidence)
    }

    /// What a cell text gives whatever roles are set aside, made once per text
    /// ([`super::readings`]).
    fn text_reading(&self, text: &str) -> Arc<TextReading> {
        if let Some(t) = self.readings.text(text) {
            return t;
        }
        let t = Arc::new(TextReading::new(self.read(text), text.chars().count()));
        self.readings.keep_text(text, Arc::clone(&t));
        t
    }

    /// The wording found among a text's words ([`Phrases::best`]).
    fn best_of<'t>(&self, t: &'t TextReading) -> &'t Option<Found<Role>> {
        t.best.get_or_init(|| self.roles.best(&t.words.words))
    }

    /// `text` folded, and the whole wordings it is a near spelling of (`t` is its
    /// reading).
    fn spellings_of<'t>(&self, t: &'t TextReading, text: &str) -> &'t (String, Vec<(usize, f64)>) {
        t.spellings.get_or_init(|| {
            let folded = self.lexis.folded(text).into_owned();
            let found = self.spellings(t.chars, &folded);
            (folded, found)
        })
    }

    /// The role a cell's head noun gives, read in the lexicon (`data/lexicon.json`
    /// `heads`, longest first): Italian headers and labels put the head noun first
    /// and it names what the cell holds, whatever its modifiers add. `Unità
    /// responsabile` is a unit that is responsible (settore), `Funzionario referente`
    /// a person (dirigente), `Periodo di svolgimento` a period (deadline), `Grandezza
    /// misurata` a measured quantity (indicator): the words after the head voted
    /// `responsabile` / `referente` / nothing, and the unit was read as its manager
    /// (hcard-viterbo). A head noun without a role (`Dato`, `Stato`, `Valore`) takes
    /// the role of its first modifier that has one (`Dato iniziale`, `Stato attuale`:
    /// a baseline); without one, the other readings decide (`Stato di attuazione`, a
    /// wording). Roles in `not` give nothing here.
    fn by_head_noun(&self, words: &[Word], not: &[Role]) -> Option<RoleMatch> {
        let min_abbrev = self.cfg.min_abbrev_chars;
        let at = |phrase: &[Word], i: usize| starts_with(words, phrase, i, min_abbrev);
        let (head, role, text) = self.heads.iter().find(|(h, ..)| at(h, 0))?;
        if let Some(role) = role {
            return (!not.contains(role)).then(|| RoleMatch {
                role: *role,
                confidence: self.cfg.head_noun_confidence,
                rule: format!("head noun '{text}'"),
            });
        }
        let (role, modifier) = (head.len()..words.len()).find_map(|i| {
            self.modifiers
                .iter()
                .find(|(m, ..)| at(m, i))
                .map(|(_, r, t)| (*r, t))
        })?;
        (!not.contains(&role)).then(|| RoleMatch {
            role,
            confidence: self.cfg.modifier_confidence,
            rule: format!("head noun '{text}', modifier '{modifier}'"),
        })
    }

    /// The role a question asks for, when a cell starts with one of the lexicon's
    /// (`data/lexicon.json` `questions`, longest first, on the folded text as printed,
    /// whose prepositions the word reading drops: `A chi è rivolto` asks for the
    /// beneficiaries, `Chi risponderà dell'obiettivo` for the dirigente). The
    /// Piano-tipo of the Funzione Pubblica words an objective's fields as questions
    /// and plans print them as labels, reworded (`Cosa si intende fare`, h3-porlezza:
    /// the objective's content, its description); the question word decides as a head
    /// noun does, whatever words follow (`obiettivo` in `Chi risponderà
    /// dell'obiettivo` names no objective column).
    fn by_question(&self, text: &str, not: &[Role]) -> Option<RoleMatch> {
        let f = self.lexis.folded(text);
        let (_, role, q) = self.questions.iter().find(|(q, ..)| {
            f.strip_prefix(q.as_ref())
                .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
        })?;
        (!not.contains(role)).then(|| RoleMatch {
            role: *role,
            confidence: self.cfg.head_noun_confidence,
            rule: format!("question '{q}'"),
        })
    }

    /// The role of a cell headed by a noun that explains a value (`data/lexicon.json`
    /// `explanations`: `motivazione`, `causa`, `commento`) whose modifier names one of
    /// the roles it explains: `Motivazione dello scostamento` explains the deviation,
    /// a note on it (h3-francavilla), not the objective's purpose that `Motivazione`
    /// alone is. The modifier is read as a cell of its own (a wording, a head noun,
    /// synonyms or votes); one that names no such role (`Motivazione
    /// dell'obiettivo`) leaves the cell to the other readings.
    fn by_explanation(&self, words: &[Word], not: &[Role]) -> Option<RoleMatch> {
        let min_abbrev = self.cfg.min_abbrev_chars;
        let e = self
            .explanations
            .iter()
            .find(|e| starts_with(words, &e.head, 0, min_abbrev))?;
        let rest = &words[e.head.len()..];
        if rest.is_empty() || not.contains(&e.role) {
            return None;
        }
        let explained = match self.roles.best(rest) {
            Some(f) if f.whole() || (f.at == 0 && f.len > 1) => Some(f.value),
            _ => self
                .by_head_noun(rest, &[])
                .or_else(|| self.by_synonym(rest, &[]))
                .or_else(|| {
                    let w = Words {
                        words: rest.to_vec(),
                        ..Words::default()
                    };
                    self.by_votes(&w, &[])
                })
                .map(|m| m.role),
        }?;
        e.of.contains(&explained).then(|| RoleMatch {
            role: e.role,
            confidence: self.cfg.head_noun_confidence,
            rule: format!("'{}' of the {}", e.text, role_label(explained)),
        })
    }

    /// (role, initials, wording) of every wording and head phrase of
    /// [`Matcher::initial_sources`], in their order, read once.
    fn all_initials(&self) -> &[(Role, String, String)] {
        self.initials.get_or_init(|| {
            self.initial_sources
                .iter()
                .flat_map(|(r, w)| {
                    self.lexis
                        .initials_of(w)
                        .into_iter()
                        .map(move |i| (*r, i, w.clone()))
                })
                .collect()
        })
    }

    /// The role of a header printed as initials (`U.O.`): the one role whose
    /// wordings have those initials (`Unità organizzativa`), as sure as a head word.
    fn by_initials(&self, initials: &str, not: &[Role]) -> Option<RoleMatch> {
        let mut found = self
            .all_initials()
            .iter()
            .filter(|(r, i, _)| i == initials && !not.contains(r));
        let (role, _, wording) = found.next()?;
        if found.any(|(r, _, _)| r != role) {
            return None;
        }
        Some(RoleMatch {
            role: *role,
            confidence: self.cfg.head_word_confidence,
            rule: format!("initials of '{wording}'"),
        })
    }

    /// How sure a wording found among a cell's words is: 1 for the whole cell,
    /// [`HeaderMatching::head_word_confidence`] for a wording of several words at its
    /// head, times the similarity of words that matched only nearly.
    fn judge(&self, f: &Found<Role>, words: &Words) -> RoleMatch {
        let phrase = self.read(&f.phrase);
        let sim = phrase
            .words
            .iter()
            .zip(&words.words[f.at..])
            .map(|(p, w)| word_similarity(p, w, self.cfg.min_abbrev_chars))
            .fold(1.0_f64, f64::min);
        let (base, how) = if f.whole() {
            (1.0, "wording")
        } else {
            (self.cfg.head_word_confidence, "head wording")
        };
        RoleMatch {
            role: f.value,
            confidence: round3(base * sim),
            rule: format!("{how} '{}'", f.phrase),
        }
    }

    /// The cell read with one word or phrase replaced by a synonym of the lexicon
    /// (`Valore iniziale` as `Valore di partenza`): when such readings are wordings
    /// of one role only, that role, as sure as
    /// [`HeaderMatching::synonym_confidence`]. Readings that are wordings of
    /// different roles (`Scopo` as `Finalità` or as `Obiettivo`) give none, and the
    /// words vote.
    fn by_synonym(&self, words: &[Word], not: &[Role]) -> Option<RoleMatch> {
        self.by_synonym_in(&self.synonymous(words), not)
    }

    /// [`Matcher::by_synonym`] from a cell's readings with synonyms put in.
    fn by_synonym_in(&self, s: &Synonymous, not: &[Role]) -> Option<RoleMatch> {
        let found = unique_wording(&s.once, not)?;
        match found {
            Some((role, phrase)) => Some(RoleMatch {
                role,
                confidence: self.cfg.synonym_confidence,
                rule: format!("synonym of wording '{phrase}'"),
            }),
            // no reading with one word replaced is a wording: with two
            // (`Livello da raggiungere` as `Valore atteso`), less sure
            None => {
                let twice = s.twice.get_or_init(|| {
                    let twice: Vec<Vec<Word>> = s
                        .readings
                        .iter()
                        .flat_map(|p| self.paraphrases(p))
                        .collect();
                    self.wordings_among(&twice)
                });
                let (role, phrase) = unique_wording(twice, not)??;
                Some(RoleMatch {
                    role,
                    confidence: round3(self.cfg.synonym_confidence * self.cfg.synonym_confidence),
                    rule: format!("synonyms of wording '{phrase}'"),
                })
            }
        }
    }

    /// A cell's words with synonyms put in ([`Synonymous`]).
    fn synonymous(&self, words: &[Word]) -> Synonymous {
        let readings = self.paraphrases(words);
        Synonymous {
            once: self.wordings_among(&readings),
            readings,
            twice: std::sync::OnceLock::new(),
        }
    }

    /// The wordings that readings are whole ([`Phrases::exact_whole`]), in their order.
    fn wordings_among(&self, readings: &[Vec<Word>]) -> Vec<(Role, String)> {
        readings
            .iter()
            .filter_map(|p| self.roles.exact_whole(p))
            .map(|(role, phrase)| (role, phrase.to_string()))
            .collect()
    }

    /// `words` with one run of words that is a member of a synonym set replaced by
    /// each other member of that set.
    fn paraphrases(&self, words: &[Word]) -> Vec<Vec<Word>> {
        let min_abbrev = self.cfg.min_abbrev_chars;
        // the (set, member, position) of every member found in `words`, looked for
        // only where its first word can match (`MemberIndex`), then put in the order
        // of a scan of every set, member and position, which the output keeps
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        for (at, w) in words.iter().enumerate() {
            for &(si, mi) in self.members.candidates(w) {
                let Some(member) = self.synonyms.get(si).and_then(|set| set.get(mi)) else {
                    continue;
                };
                let here = words.get(at..at + member.len()).is_some_and(|run| {
                    member
                        .iter()
                        .zip(run)
                        .all(|(m, w)| exactly(w, m, min_abbrev))
                });
                if here {
                    found.push((si, mi, at));
                }
            }
        }
        found.sort_unstable();
        let mut out = Vec::new();
        for (si, mi, at) in found {
            let (Some(set), Some(member)) = (
                self.synonyms.get(si),
                self.synonyms.get(si).and_then(|set| set.get(mi)),
            ) else {
                continue;
            };
            for other in set.iter().enumerate().filter(|(oi, _)| *oi != mi) {
                let mut p = words[..at].to_vec();
                p.extend(other.1.iter().cloned());
                p.extend(words[at + member.len()..].iter().cloned());
                out.push(p);
            }
        }
        out
    }

    /// What a word no wording uses says through its synonyms: the vote of the
    /// one-word synonym most specific to a role, weakened by
    /// [`HeaderMatching::synonym_quality`].
    fn synonym_vote(&self, at: usize, w: &Word) -> Option<Vote<Role>> {
        let min_abbrev = self.cfg.min_abbrev_chars;
        self.synonyms
            .iter()
            .filter(|set| {
                set.iter()
                    .any(|m| m.len() == 1 && exactly(w, &m[0], min_abbrev))
            })
            .flat_map(|set| set.iter().filter(|m| m.len() == 1))
            .filter(|m| self.index.knows(&m[0]))
            .filter_map(|m| {
                self.index
                    .votes(&m[..1], self.cfg.root_quality)
                    .into_iter()
                    .next()
            })
            .map(|v| Vote {
                at,
                quality: v.quality * self.cfg.synonym_quality,
                ..v
            })
            .reduce(|a, b| {
                let spec = |v: &Vote<Role>| v.best().map_or(0.0, |b| b.1);
                if spec(&b) > spec(&a) { b } else { a }
            })
    }

    /// The role a cell's words give ([`WordIndex::votes`]), roles in `not` aside. A
    /// head word specific to one role (at least [`HeaderMatching::specific_head`] of
    /// its uses) decides (`Scostamento dal valore atteso`). A generic head (`Valore`,
    /// `Risultato`, `Livello`) lets every word vote by how specific it is to each role
    /// (`Valore ponderale` is a weight, `Livello atteso` a target), and stands alone
    /// when the other words are unknown (`Obiettivo individuale`). The winner is sure
    /// by 0.5 plus half its lead over the runner-up (never more than
    /// [`HeaderMatching::head_word_confidence`]: no wording is the cell); a tie gives
    /// no role.
    fn by_votes(&self, words: &Words, not: &[Role]) -> Option<RoleMatch> {
        self.by_votes_of(&self.votes_of(words), not)
    }

    /// What each of a cell's words says, its own vote or its synonym's, in word order.
    fn votes_of(&self, words: &Words) -> Vec<Vote<Role>> {
        let mut votes = self.index.votes(&words.words, self.cfg.root_quality);
        for (at, w) in words.words.iter().enumerate() {
            if !votes.iter().any(|v| v.at == at)
                && let Some(v) = self.synonym_vote(at, w)
            {
                votes.push(v);
            }
        }
        votes.sort_by_key(|v| v.at);
        votes
    }

    /// [`Matcher::by_votes`] from the cell's words' votes ([`Matcher::votes_of`]).
    fn by_votes_of(&self, votes: &[Vote<Role>], not: &[Role]) -> Option<RoleMatch> {
        if let Some(head) = votes.iter().find(|v| v.at == 0)
            && let Some((role, spec)) = head.best()
            && spec >= self.cfg.specific_head
            && !not.contains(&role)
        {
            return Some(RoleMatch {
                role,
                confidence: round3(self.cfg.head_word_confidence * head.quality),
                rule: format!("head word '{}'", head.word),
            });
        }
        let mut sums: Vec<(Role, f64)> = Vec::new();
        for v in votes {
            for (r, spec) in &v.values {
                let w = spec * v.quality;
                match sums.iter_mut().find(|(x, _)| x == r) {
                    Some((_, s)) => *s += w,
                    None => sums.push((*r, w)),
                }
            }
        }
        sums.sort_by(|a, b| b.1.total_cmp(&a.1));
        let free: Vec<(Role, f64)> = sums
            .iter()
            .copied()
            .filter(|(r, _)| !not.contains(r))
            .collect();
        let (role, best) = *free.first()?;
        // the winner is measured against every rival; a role taken elsewhere leaves a
        // second reading, measured against the free rivals and discounted
        let first = sums.first().is_some_and(|(r, _)| *r == role);
        let (rival, factor) = if first {
            (sums.get(1).map_or(0.0, |s| s.1), 1.0)
        } else {
            (free.get(1).map_or(0.0, |s| s.1), self.cfg.second_reading)
        };
        if best <= rival {
            return None;
        }
        let why: Vec<String> = votes
            .iter()
            .filter(|v| v.values.iter().any(|(r, _)| *r == role))
            .map(|v| format!("'{}'", v.word))
            .collect();
        let margin = 0.5 + (best - rival) / (2.0 * best);
        Some(RoleMatch {
            role,
            confidence: round3(factor * margin.min(self.cfg.head_word_confidence)),
            rule: format!("words {}", why.join(", ")),
        })
    }

    /// The whole cell against each whole wording (normalised Levenshtein), roles in
    /// `not` aside: the most similar wording, at least
    /// [`HeaderMatching::min_similarity`], the first of equals.
    pub fn whole_match(&self, text: &str, not: &[Role]) -> Option<RoleMatch> {
        if !self.may_be_spelling(text) {
            return None;
        }
        self.spelling_of(&self.text_reading(text), text, not)
    }

    /// Whether a text is short enough to be a near spelling of a whole wording.
    fn may_be_spelling(&self, text: &str) -> bool {
        self.may_be_spelling_chars(text.chars().count())
    }

    fn may_be_spelling_chars(&self, chars: usize) -> bool {
        chars as f64 * self.cfg.min_similarity <= (self.longest + 2) as f64
    }

    /// [`Matcher::whole_match`] of `text` (`t`, its reading) from its near spellings.
    fn spelling_of(&self, t: &TextReading, text: &str, not: &[Role]) -> Option<RoleMatch> {
        let (folded, spellings) = self.spellings_of(t, text);
        let mut best: Option<(Role, &str, f64)> = None;
        for &(i, s) in spellings {
            let Some((role, w, ..)) = self.whole.get(i) else {
                continue;
            };
            if !not.contains(role) && best.is_none_or(|(_, _, b)| s > b) {
                best = Some((*role, w.as_ref(), s));
            }
        }
        best.filter(|(_, w, _)| self.slip_keeps_known_words(folded, w))
            .map(|(role, w, s)| RoleMatch {
                role,
                confidence: round3(s),
                rule: format!("spelling of '{w}'"),
            })
    }

    /// Every whole wording a cell of `chars` characters, `folded`, is a near spelling
    /// of, with a length bound and a letter bound that skip, before the edit distance,
    /// what cannot reach [`HeaderMatching::min_similarity`].
    fn spellings(&self, chars: usize, folded: &str) -> Vec<(usize, f64)> {
        if !self.may_be_spelling_chars(chars) {
            return Vec::new();
        }
        let n = folded.chars().count();
        let mine = letters(folded);
        let mut out = Vec::new();
        for (i, (_, w, len, theirs)) in self.whole.iter().enumerate() {
            // two bounds on the similarity, cheap before the edit distance: the
            // lengths' difference, and the characters the two do not share (each
            // edit mends at most one)
            let longer = n.max(*len).max(1) as f64;
            let bound = 1.0 - (n.abs_diff(*len) as f64) / longer;
            if bound < self.cfg.min_similarity {
                continue;
            }
            let shared: usize = mine
                .iter()
                .zip(theirs)
                .map(|(a, b)| *a.min(b) as usize)
                .sum();
            if 1.0 - (longer - shared as f64) / longer < self.cfg.min_similarity {
                continue;
            }
            if let Some(s) = similar_at_least(folded, w, self.cfg.min_similarity) {
                out.push((i, s));
            }
        }
        out
    }

    /// Whether a spelling match is a slip, not another header: every word of the cell
    /// that the vocabulary's wordings use is in the wording too. `Settore di
    /// riferimento` is 0.82 like `Valore di riferimento` by its letters, but `Settore`
    /// is a word of its own (a card label of a held-out development document); a slip
    /// (`Indicatre`) is a word no wording uses.
    fn slip_keeps_known_words(&self, cell: &str, wording: &str) -> bool {
        let theirs = self.read(wording).words;
        self.read(cell)
            .words
            .iter()
            .filter(|w| self.index.knows(w))
            .all(|w| theirs.iter().any(|t| t.stem == w.stem))
    }

    /// Whether a cell is a wording of the vocabulary as a whole (years, units and
    /// articles aside, or misspelt within [`HeaderMatching::min_similarity`]): the
    /// evidence that a row is a header. Words voting for a role are not: data cells
    /// are made of the same words (`Ufficio Commercio`, `Controllo attività`).
    pub fn is_wording(&self, text: &str) -> bool {
        let chars = text.chars().count();
        if chars == 0 || chars > self.cfg.max_header_chars {
            return false;
        }
        let t = self.text_reading(text);
        let whole = *t
            .has_whole
            .get_or_init(|| self.roles.has_whole(&t.words.words));
        whole || self.spelling_of(&t, text, &[]).is_some()
    }
}

/// An explanation head of the lexicon, read as words.
#[derive(Debug, Clone)]
struct Explanation {
    head: Vec<Word>,
    text: String,
    of: Vec<Role>,
    role: Role,
}

/// The one role of `wordings` (the wordings some readings of a cell are, in order)
/// with the roles in `not` aside (`Some(None)`: none; `None`: wordings of different
/// roles).
#[allow(clippy::option_option)]
fn unique_wording(wordings: &[(Role, String)], not: &[Role]) -> Option<Option<(Role, String)>> {
    let mut found: Option<&(Role, String)> = None;
    for w in wordings.iter().filter(|(role, _)| !not.contains(role)) {
        match found {
            Some((r, _)) if *r != w.0 => return None,
            Some(_) => {}
            None => found = Some(w),
        }
    }
    Some(found.cloned())
}

/// Whether `phrase` stands in `words` from `at`, word by word.
fn starts_with(words: &[Word], phrase: &[Word], at: usize, min_abbrev: usize) -> bool {
    !phrase.is_empty()
        && at + phrase.len() <= words.len()
        && phrase
            .iter()
            .zip(&words[at..])
            .all(|(p, w)| exactly(w, p, min_abbrev))
}

/// A role's name as the data files write it (`deviation`).
fn role_label(r: Role) -> String {
    serde_json::to_value(r)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// How nearly two words must agree, from the run's rules.
pub fn fuzz(cfg: &HeaderMatching) -> Fuzz {
    Fuzz {
        min_similarity: cfg.min_similarity,
        min_chars: cfg.fuzzy_min_chars,
        min_abbrev: cfg.min_abbrev_chars,
    }
}

/// How many times each character occurs in a folded text, by a small hash of the
/// character (characters that share a bucket count as shared, so the bound it gives
/// on the edit similarity stays an upper bound).
type Letters = [u16; 32];

fn letters(s: &str) -> Letters {
    let mut out = [0u16; 32];
    for c in s.chars() {
        let i = (c as usize) % 32;
        out[i] = out[i].saturating_add(1);
    }
    out
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reading's odd words the paraphrase tests add: an abbreviation (`ind.`) and an
    /// empty stem, which an index by first letter must not lose.
    fn odd_words() -> [Word; 2] {
        [
            Word {
                stem: Cow::Borrowed("ind"),
                abbrev: true,
            },
            Word {
                stem: Cow::Borrowed(""),
                abbrev: true,
            },
        ]
    }

    /// [`Matcher::paraphrases`] through its [`MemberIndex`] gives what a scan of every
    /// set, member and position gives, in the same order: on every text of the
    /// fixtures' truth tables, whole and word by word with an abbreviation and an
    /// empty stem put in, and some texts do have paraphrases.
    #[test]
    fn paraphrases_by_the_index_are_those_of_a_full_scan() {
        let m = Matcher::builtin();
        let scan = |words: &[Word]| -> Vec<Vec<Word>> {
            let mut out = Vec::new();
            for set in &m.synonyms {
                for (mi, member) in set.iter().enumerate() {
                    for at in 0..(words.len() + 1).saturating_sub(member.len()) {
                        let here = member
                            .iter()
                            .zip(&words[at..])
                            .all(|(a, w)| exactly(w, a, m.cfg.min_abbrev_chars));
                        if !here {
                            continue;
                        }
                        for other in set.iter().enumerate().filter(|(oi, _)| *oi != mi) {
                            let mut p = words[..at].to_vec();
                            p.extend(other.1.iter().cloned());
                            p.extend(words[at + member.len()..].iter().cloned());
                            out.push(p);
                        }
                    }
                }
            }
            out
        };
        let odd = odd_words();
        let mut with_some = 0;
        for text in crate::testing::fixture_table_texts() {
            let mut words = m.read(&text).words;
            let found = m.paraphrases(&words);
            assert_eq!(found, scan(&words), "{text}");
            with_some += usize::from(!found.is_empty());
            words.extend(odd.iter().cloned());
            assert_eq!(m.paraphrases(&words), scan(&words), "{text}");
        }
        assert!(with_some > 0);
    }

    /// [`Phrases::exact_whole`] through its index finds what a scan of every wording
    /// finds: on every text of the fixtures' truth tables, on each of its readings
    /// with synonyms put in once and some twice, and on each with an abbreviation or an
    /// empty stem put first (an empty first stem is read against every wording of its
    /// length); some readings are wordings.
    #[test]
    fn whole_wordings_by_the_index_are_those_of_a_full_scan() {
        let m = Matcher::builtin();
        let odd = odd_words();
        let mut wordings = 0;
        for text in crate::testing::fixture_table_texts() {
            let words = m.read(&text).words;
            let once = m.paraphrases(&words);
            // (the first few of those made twice: a debug build's full scans are slow)
            let twice: Vec<Vec<Word>> =
                once.iter().flat_map(|p| m.paraphrases(p)).take(8).collect();
            let mut readings = vec![words];
            readings.extend(once);
            readings.extend(twice);
            for r in readings {
                let mut variants = vec![r.clone()];
                for w in &odd {
                    let mut v = vec![w.clone()];
                    v.extend(r.iter().skip(1).cloned());
                    variants.push(v);
                }
                for v in variants {
                    let found = m.roles.exact_whole(&v);
                    assert_eq!(found, m.roles.exact_whole_unindexed(&v), "{text}: {v:?}");
                    wordings += usize::from(found.is_some());
                }
            }
        }
        assert!(wordings > 0);
    }

    /// The built-in matcher reads its wordings from the build's readings
    /// (`tables::built`), and so do the card labels built from it.
    #[test]
    fn builtin_matcher_reads_by_the_build_s_table() {
        assert!(Matcher::builtin().lexis.built_table().is_some());
    }

    /// A spelling match mends a slip, never swaps a word the vocabulary knows:
    /// `Settore di riferimento` (card label of hcard-asti) is no `Valore di riferimento`.
    #[test]
    fn a_slip_never_swaps_a_known_word() {
        let m = Matcher::builtin();
        let settore = m.role("Settore di riferimento").map(|r| r.role);
        assert_eq!(settore, Some(Role::Settore));
        let slip = m.role("Indicatre").map(|r| (r.role, r.rule));
        assert!(
            matches!(&slip, Some((Role::Indicator, rule)) if rule.starts_with("spelling")),
            "{slip:?}"
        );
    }

    /// Every word of the fixtures' tables (headers, context lines, cells), read as
    /// the matcher reads a header: the vocabulary's pruned scan of words it does not
    /// know gives the votes of the full scan (issue 22).
    #[test]
    fn pruned_votes_are_the_full_scans_on_every_fixture_word() {
        let all = crate::testing::fixture_table_texts();
        let m = Matcher::builtin();
        let mut words: Vec<Word> = all.iter().flat_map(|t| m.lexis.read(t).words).collect();
        words.sort_by(|a, b| (&a.stem, a.abbrev).cmp(&(&b.stem, b.abbrev)));
        words.dedup();
        assert!(words.len() >= 1000, "distinct words: {}", words.len());
        let unknown = words.iter().filter(|w| !m.index.knows(w)).count();
        assert!(
            unknown >= 500,
            "words the vocabulary does not know: {unknown}"
        );
        for root in [m.cfg.root_quality, 0.0, 1.0] {
            for w in &words {
                let one = std::slice::from_ref(w);
                assert_eq!(
                    m.index.votes(one, root),
                    m.index.votes_unpruned(one, root),
                    "{w:?}"
                );
            }
        }
    }

    /// Every text of the fixtures' tables read as the matcher reads a header, and
    /// every run of its words that starts after its head (the readings look for a
    /// wording in what is left of a header): the indexed phrase scan finds the
    /// wording, and where, that trying every wording at every place finds (issue 22).
    #[test]
    fn indexed_phrase_scan_is_the_full_scan_on_every_fixture_text() {
        let m = Matcher::builtin();
        let texts = crate::testing::fixture_table_texts();
        let (tried, found) = crate::tables::words::check_phrase_scan(&m.lexis, &m.roles, &texts);
        assert!(tried >= 5000, "word runs tried: {tried}");
        assert!(found >= 1000, "word runs with a wording: {found}");
    }

    fn role_of(text: &str) -> Option<Role> {
        Matcher::builtin().role(text).map(|r| r.role)
    }

    /// A PIAO's obiettivi di valore pubblico are its strategic level (D.M. 132/2022,
    /// sottosezione 2.1; h4-gallarate's first column was read as purpose): `di valore
    /// pubblico` modifies `obiettivo` as `strategico` does, while the expected public
    /// value itself stays the purpose it is.
    #[test]
    fn a_public_value_objective_is_strategic_the_expected_value_a_purpose() {
        use Role::*;
        assert_eq!(
            role_of("Obiettivo di valore pubblico"),
            Some(StrategicObjective)
        );
        assert_eq!(
            role_of("Obiettivi di Valore Pubblico"),
            Some(StrategicObjective)
        );
        assert_eq!(role_of("Valore pubblico atteso"), Some(Purpose));
        assert_eq!(role_of("Obiettivo operativo"), Some(Objective));
    }

    /// The Piano-tipo's questions (D.M. 132/2022, sottosezione Performance, as quoted
    /// on entionline.it) and rewordings of them no data file holds: the question word
    /// decides.
    #[test]
    fn a_question_labels_the_field_it_asks_for() {
        use Role::*;
        let rows: &[(&str, Role)] = &[
            // h3-porlezza card label
            ("Cosa si intende fare", ObjectiveDescription),
            // Piano-tipo a), b), c), e), g), i)
            (
                "Cosa prevediamo di fare per favorire l'attuazione della strategia?",
                ObjectiveDescription,
            ),
            (
                "Chi risponderà dell'obiettivo (dirigente/posizione responsabile)?",
                Dirigente,
            ),
            ("A chi è rivolto (stakeholder)?", Beneficiaries),
            ("Entro quando intendiamo raggiungere l'obiettivo?", Deadline),
            ("Da dove partiamo (baseline)?", Baseline),
            ("Dove sono verificabili i dati (fonte)?", DataSource),
            // in no data file
            ("Che cosa si vuole realizzare", ObjectiveDescription),
            ("Chi ne risponde", Dirigente),
            ("A chi si rivolge", Beneficiaries),
            ("Quando si conclude", Deadline),
            ("Perché è importante", Purpose),
        ];
        for (text, role) in rows {
            let got = Matcher::builtin().role(text);
            assert_eq!(got.as_ref().map(|m| m.role), Some(*role), "{text}: {got:?}");
        }
        // a question whose interrogative says nothing is read by its other words
        assert_eq!(
            role_of("Qual è il traguardo atteso (target)?"),
            Some(Target)
        );
        // a word that only starts like a question word is none
        assert_ne!(role_of("Cosap"), Some(ObjectiveDescription));
    }

    /// An explanation head whose modifier names an outcome is a note on it; alone, or
    /// explaining something else, it reads as before.
    #[test]
    fn an_explanation_of_a_result_is_a_note() {
        use Role::*;
        // h3-francavilla (Relazione 2024) column header
        assert_eq!(role_of("Motivazione dello scostamento"), Some(Notes));
        // in no data file
        for text in [
            "Motivazioni degli scostamenti",
            "Cause del mancato raggiungimento",
            "Giustificazione dello scarto",
            "Commento al risultato raggiunto",
            "Causa dello scostamento rispetto al target",
        ] {
            let got = Matcher::builtin().role(text);
            assert_eq!(got.as_ref().map(|m| m.role), Some(Notes), "{text}: {got:?}");
        }
        // the purpose wording stays the purpose; an explanation of the objective is no note
        assert_eq!(role_of("Motivazione"), Some(Purpose));
        assert_ne!(role_of("Motivazione dell'obiettivo"), Some(Notes));
        assert_ne!(
            role_of("Motivazione della scelta dell'indicatore"),
            Some(Notes)
        );
    }

    /// A date head with `fine` is the end date: `Data fine` was a weight by `fine` ~
    /// `finalità` (noticed by the cards3 session); a value at the end of the year stays
    /// a target.
    #[test]
    fn an_end_date_is_the_deadline_a_year_end_value_is_not() {
        use Role::*;
        for text in [
            "Data fine",
            "Data di fine",
            "Data fine prevista",
            "Data di conclusione",
        ] {
            let got = Matcher::builtin().role(text);
            assert_eq!(
                got.as_ref().map(|m| m.role),
                Some(Deadline),
                "{text}: {got:?}"
            );
        }
        assert_eq!(role_of("Valore a fine anno"), Some(Target));
        assert_ne!(role_of("Data inizio"), Some(Deadline));
    }

    /// The unit of measure is a head phrase of the lexicon, read from its initials
    /// too: `U.M.` (h3-vimercate) and `U.d.M.` (in no data file) are the unit column;
    /// its words vote for nothing, so `Misura del successo` (g-vignola) is no unit.
    #[test]
    fn the_unit_of_measure_is_read_in_full_and_from_its_initials() {
        use Role::*;
        for text in ["U.M.", "U.d.M.", "Unità di misura", "UNITÀ DI MISURA"] {
            let got = Matcher::builtin().role(text);
            assert_eq!(got.as_ref().map(|m| m.role), Some(Unit), "{text}: {got:?}");
        }
        assert_eq!(role_of("U.O."), Some(Settore));
        assert_ne!(role_of("Misura del successo"), Some(Unit));
    }
}
