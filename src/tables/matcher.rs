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

use super::words::{Found, Fuzz, Lexis, Phrases, WordIndex, Words, word_similarity};
use crate::config::HeaderMatching;
use crate::normalize::fold;
use crate::vocab::{Role, Vocabulary};
use std::sync::LazyLock;

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
    /// (role, initials, wording) of wordings of two words or more.
    initials: Vec<(Role, String, String)>,
    /// Whole folded wordings with their length, for cells the word reading misses
    /// (typos that cut a word: `indicatre`).
    whole: Vec<(Role, String, usize)>,
    longest: usize,
    cfg: HeaderMatching,
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
        let whole: Vec<(Role, String, usize)> = wordings
            .iter()
            .map(|(r, w)| {
                let f = fold(w);
                let n = f.chars().count();
                (*r, f, n)
            })
            .collect();
        let longest = whole.iter().map(|w| w.2).max().unwrap_or(0);
        let index = WordIndex::new(&roles, cfg.root_chars);
        let initials = wordings
            .iter()
            .flat_map(|(r, w)| {
                lexis
                    .initials_of(w)
                    .into_iter()
                    .map(move |i| (*r, i, w.to_string()))
            })
            .collect();
        Matcher {
            lexis,
            roles,
            index,
            initials,
            whole,
            longest,
            cfg: cfg.clone(),
        }
    }

    /// The built-in vocabulary with default rules, read once per process.
    pub fn builtin() -> &'static Matcher {
        static M: LazyLock<Matcher> =
            LazyLock::new(|| Matcher::new(&Vocabulary::builtin(), &HeaderMatching::default()));
        &M
    }

    /// The role one word is most specific to in the vocabulary's wordings.
    pub fn word_role(&self, word: &str) -> Option<Role> {
        let words = self.read(word);
        let votes = self.index.votes(&words.words, self.cfg.root_quality);
        votes.first()?.best().map(|(r, _)| r)
    }

    /// Whether a word is one the vocabulary's wordings use (`Settore`, `Servizi`): a
    /// cell made of such words names a unit, not a person.
    pub fn knows_word(&self, word: &str) -> bool {
        self.read(word).words.iter().any(|w| self.index.knows(w))
    }

    /// The rules it matches with.
    pub fn rules(&self) -> &HeaderMatching {
        &self.cfg
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
        // A cell far longer than any wording is a data cell: skip the reading.
        let chars = text.chars().count();
        if chars == 0 || chars > self.cfg.max_header_chars {
            return None;
        }
        let words = self.read(text);
        if let Some(i) = &words.initials {
            return self.by_initials(i, not);
        }
        // A wording that is the whole cell, or a wording of several words at its head
        // (`Codice indicatore di performance`), decides; otherwise the words vote.
        let by_words = match self.roles.best(&words.words) {
            Some(f) if (f.whole() || (f.at == 0 && f.len > 1)) && !not.contains(&f.value) => {
                Some(self.judge(&f, &words))
            }
            _ => self.by_votes(&words, not),
        };
        let by_whole = self.whole_match(text, not);
        let best = match (by_words, by_whole) {
            (Some(w), Some(s)) if s.confidence > w.confidence => Some(s),
            (Some(w), _) => Some(w),
            (None, s) => s,
        };
        best.filter(|m| m.confidence >= self.cfg.min_confidence)
    }

    /// The role of a header printed as initials (`U.O.`): the one role whose
    /// wordings have those initials (`Unità organizzativa`), as sure as a head word.
    fn by_initials(&self, initials: &str, not: &[Role]) -> Option<RoleMatch> {
        let mut found = self
            .initials
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
        let votes = self.index.votes(&words.words, self.cfg.root_quality);
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
        for v in &votes {
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
    /// `not` aside, with a length bound that skips what cannot reach
    /// [`HeaderMatching::min_similarity`].
    pub fn whole_match(&self, text: &str, not: &[Role]) -> Option<RoleMatch> {
        let chars = text.chars().count();
        if chars as f64 * self.cfg.min_similarity > (self.longest + 2) as f64 {
            return None;
        }
        let t = fold(text);
        let n = t.chars().count();
        let mut best: Option<(Role, &str, f64)> = None;
        for (role, w, len) in self.whole.iter().filter(|(r, _, _)| !not.contains(r)) {
            let bound = 1.0 - (n.abs_diff(*len) as f64) / (n.max(*len).max(1) as f64);
            if bound < self.cfg.min_similarity || best.is_some_and(|(_, _, b)| bound <= b) {
                continue;
            }
            let s = strsim::normalized_levenshtein(&t, w);
            if best.is_none_or(|(_, _, b)| s > b) {
                best = Some((*role, w, s));
            }
        }
        best.filter(|(_, _, s)| *s >= self.cfg.min_similarity)
            .map(|(role, w, s)| RoleMatch {
                role,
                confidence: round3(s),
                rule: format!("spelling of '{w}'"),
            })
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
        let words = self.read(text);
        self.roles.best(&words.words).is_some_and(|f| f.whole())
            || self.whole_match(text, &[]).is_some()
    }
}

/// How nearly two words must agree, from the run's rules.
pub fn fuzz(cfg: &HeaderMatching) -> Fuzz {
    Fuzz {
        min_similarity: cfg.min_similarity,
        min_chars: cfg.fuzzy_min_chars,
        min_abbrev: cfg.min_abbrev_chars,
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
