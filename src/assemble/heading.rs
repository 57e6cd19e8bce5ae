//! What the headings above a table say.

use crate::config::AssembleTolerances;
use crate::layout::PageText;
use crate::normalize::{PlanMeta, fold};
use crate::tables::context::year_in;
use crate::vocab::{PrefixKind, Role, Vocabulary};

/// Label after which a linea's achievement figure is printed (001).
pub const GROUP_ACHIEVEMENT_LABEL: &str = "% raggiungimento obiettivi";

/// What the headings of one table say.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Frame {
    /// Year.
    pub year: Option<i32>,
    /// Group name.
    pub group: Option<String>,
    /// Group achievement figure.
    pub group_achievement: Option<String>,
    /// Section dirigente.
    pub dirigente: Option<String>,
    /// Section settore (`Settore Lavori Pubblici`).
    pub settore: Option<String>,
    /// A heading naming the Missione of the harmonised budget (`Missione: 1 Servizi
    /// istituzionali, generali e di gestione`, Ozieri PDO 2016), as printed.
    pub mission: Option<String>,
    /// A heading naming the Programma (`Programma: 3 Gestione economica, …`), as
    /// printed.
    pub programme: Option<String>,
    /// A heading naming the kind of the objectives under it (`Obiettivi di
    /// mantenimento`, Castenedolo PP 2015), as printed.
    pub objective_type: Option<String>,
}

impl Frame {
    /// Take the group-level headings of the sections above (`above`) where this
    /// table's own headings name no group: a heading holds until a heading of the same
    /// or a higher level replaces it. The group (silo, area strategica, obiettivo
    /// strategico, Missione) is the highest level under the year; a settore or
    /// dirigente heading is lower and replaces only its own level, so the second area's
    /// table under one `Obiettivo strategico N – X` keeps X (h3-civitanova: the heading
    /// stands above the first area's table only). A heading naming another year opens
    /// a new section, where the group of the year before no longer holds.
    pub fn carry(&mut self, above: &Frame, new_year: bool) {
        if new_year || self.group.is_some() || self.mission.is_some() {
            return;
        }
        self.group.clone_from(&above.group);
        self.group_achievement.clone_from(&above.group_achievement);
        self.mission.clone_from(&above.mission);
    }
}

/// A heading that names a Missione (`Missione 01 – …`, `MISSIONE: 1`), not a word that
/// starts with it.
static MISSION_HEADING: crate::text::Rule = crate::text::Rule::new(r"(?i)^\s*missione\b");
/// A heading that names a Programma (`Programma: 3 …`); `Programmazione` and
/// `Descrizione Programma: …` are not.
static PROGRAMME_HEADING: crate::text::Rule = crate::text::Rule::new(r"(?i)^\s*programma\b");

static PERCENT: crate::text::Rule = crate::text::Rule::new(r"^-?[0-9.]+(,[0-9]+)?\s*%$");

/// A number label after a prefix (`n. 1 -`, `n° 2:`), which is not part of the name.
static NUMBER_LABEL: crate::text::Rule =
    crate::text::Rule::new(r"(?i)^(?:n\.|n°|nr\.?)\s*[0-9]+(?:\.[0-9]+)*\s*[:.\-–—]\s*");

/// An ordinal before a heading's prefix (`1^ Ripartizione`, `2° Settore`, `III Area`,
/// h6-saonara): it numbers the unit and is part of its name, not a prefix of its own.
static ORDINAL: crate::text::Rule =
    crate::text::Rule::new(r"^(?:[0-9]{1,2}\s*[°ºª^]|[IVX]{1,4}\s*[°ºª^]?)\s+");

/// The parts of a heading that name several things (`Settore Lavori Pubblici –
/// Responsabile: Ing. Paolo Verdi`).
static PARTS: crate::text::Rule = crate::text::Rule::new(r"\s+[–—-]\s+|;\s+");

/// The vocabulary's heading prefixes, folded, longest first.
#[derive(Debug, Clone)]
pub struct Prefixes {
    prefixes: Vec<(String, PrefixKind)>,
    stop: Vec<String>,
    /// The lexicon's head nouns of a person (`data/lexicon.json` `heads` whose role
    /// is the dirigente: `titolare`, `incaricato`, `funzionario`…), folded: a part of
    /// a settore heading they open names its holder (`Area X – Titolare di posizione
    /// organizzativa: Avv. Y`, h4-jesi), as the closed `Responsabile` prefix does.
    persons: Vec<String>,
    /// The vocabulary's person titles (`Avv.`, `Dott.ssa`), folded: a heading that
    /// ends with one has its name on the next line.
    titles: Vec<String>,
    /// The vocabulary's header wordings of the settore role (`Centro di
    /// responsabilità`, `Struttura organizzativa`) as printed: printed as a label with
    /// its colon at the start of a heading, one names the unit after it
    /// ([`Prefixes::unit_label`]).
    unit_wordings: Vec<String>,
    /// Those wordings folded, longest first, made on the first heading that may hold
    /// such a label (most documents have none, and folding is the cost).
    unit_labels: std::sync::OnceLock<Vec<String>>,
}

/// The heading prefixes the lexicon's synonyms of a prefix's modifier make: a prefix
/// is a head noun and its modifier (`Obiettivo strategico`), and a plan names the same
/// level with any word of the modifier's synonym set (`Obiettivo di valore pubblico`, a
/// PIAO's strategic level; `Obiettivo di mandato`, `Obiettivo generale`), so each of them
/// after the same head is a prefix of the same kind. Only the modifier is replaced: the
/// head noun decides what the heading names, and its own synonyms (`ufficio`,
/// `struttura` for `servizio`) open headings of other kinds too.
fn synonym_prefixes(
    prefixes: &[(String, PrefixKind)],
    synonyms: &[crate::vocab::Synonyms],
) -> Vec<(String, PrefixKind)> {
    // each set folded once, not once per prefix: the lexicon holds hundreds of sets and
    // this runs per document (it was 10% of a one-page `tables` run)
    let sets: Vec<Vec<String>> = synonyms
        .iter()
        .map(|set| set.words.iter().map(|w| fold(w)).collect())
        .collect();
    let mut out = Vec::new();
    for (text, kind) in prefixes {
        let Some((head, modifier)) = text.split_once(' ') else {
            continue;
        };
        for words in &sets {
            if !words.iter().any(|w| w == modifier) {
                continue;
            }
            for w in words.iter().filter(|w| *w != modifier) {
                out.push((format!("{head} {w}"), *kind));
            }
        }
    }
    out
}

impl Prefixes {
    /// The prefixes of a run's vocabulary ([`Config::vocab`]): built on the first
    /// document and shared by the others ([`Derived`]), as the header matcher is: the
    /// prefixes, the synonyms of their modifiers and the unit labels are the same for
    /// every document of the run, so they are folded once, not once per document.
    ///
    /// [`Config::vocab`]: crate::config::Config::vocab
    /// [`Derived`]: crate::vocab::Derived
    pub fn for_run(vocab: &std::sync::Arc<Vocabulary>) -> std::sync::Arc<Prefixes> {
        static RUN: crate::vocab::Derived<(), Prefixes> = crate::vocab::Derived::new();
        RUN.get(vocab, &(), || Prefixes::new(vocab))
    }

    /// From the vocabulary.
    pub fn new(v: &Vocabulary) -> Prefixes {
        let mut prefixes: Vec<(String, PrefixKind)> = v
            .heading_prefixes
            .iter()
            .map(|p| (fold(&p.text), p.kind))
            .collect();
        for extra in synonym_prefixes(&prefixes, &v.synonyms) {
            if !prefixes.iter().any(|p| p.0 == extra.0) {
                prefixes.push(extra);
            }
        }
        prefixes.sort_by_key(|p| std::cmp::Reverse(p.0.chars().count()));
        Prefixes {
            prefixes,
            stop: v.stopwords.words.iter().map(|w| fold(w)).collect(),
            persons: v
                .heads
                .iter()
                .filter(|h| h.role == Some(Role::Dirigente))
                .map(|h| fold(&h.text))
                .collect(),
            titles: v.person_titles.words.iter().map(|w| fold(w)).collect(),
            unit_wordings: v
                .headers
                .get(&Role::Settore)
                .into_iter()
                .flatten()
                .map(|w| w.text.clone())
                .collect(),
            unit_labels: std::sync::OnceLock::new(),
        }
    }

    /// The heading after a label of the unit and its colon (`Centro di
    /// responsabilità: Settore Finanze e Tributi – Dirigente: Avv. Y` → `Settore
    /// Finanze e Tributi – Dirigente: Avv. Y`, Pordenone's PDO per centro di
    /// responsabilità): a plan that sections its objectives by the unit names the kind
    /// of unit as its column headers do, then the unit. What decides it is the label
    /// (a settore header wording of the vocabulary, whole words) directly followed by
    /// the colon, so a phrase that merely starts with the same words names nothing.
    fn unit_label<'a>(&self, line: &'a str) -> Option<&'a str> {
        if !line.contains(':') {
            return None;
        }
        let t = line.trim();
        let f = fold(t);
        let labels = self
            .unit_labels
            .get_or_init(|| unit_labels(&self.unit_wordings));
        labels.iter().find_map(|label| {
            let rest = f.strip_prefix(label.as_str())?;
            if !rest.trim_start().starts_with(':') {
                return None;
            }
            // the folded label has as many characters as the printed one
            let at = t
                .char_indices()
                .nth(label.chars().count())
                .map_or(t.len(), |(i, _)| i);
            let named = t[at..].trim_start().strip_prefix(':')?.trim();
            (!named.is_empty()).then_some(named)
        })
    }

    /// A part of a heading that a person head noun of the lexicon opens
    /// (`Titolare di posizione organizzativa: …`).
    fn names_a_person(&self, part: &str) -> bool {
        let f = fold(part.trim());
        let first = f.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
        self.persons.iter().any(|p| p == first)
    }

    /// The kind of a part of a settore heading: its prefix, else a person's.
    fn part_kind<'a>(&self, part: &'a str) -> Option<(PrefixKind, &'a str)> {
        self.split(part).or_else(|| {
            self.names_a_person(part)
                .then_some((PrefixKind::Dirigente, part))
        })
    }

    /// Whether `next` continues the settore or dirigente heading `line`, which a line
    /// break parted (h4-jesi, narrow pages: `Area X – Titolare di posizione` /
    /// `organizzativa: Ing. Y`, `… organizzativa:` / `Avv. Y`, `…: Rag. Bonfiglio` /
    /// `Alessandra`). `next` is no heading of its own (no prefix, no year), and the
    /// heading is left open: it ends with its label's colon or a person's title
    /// (`…: Avv.` / `Ferrigno Davide`), or its last part names a person with no colon
    /// yet, or `next` goes on in lower case, or `next` is the rest of a name (every
    /// word a given or family name of the name lists), or the heading's person is a
    /// title and a given name alone ([`Prefixes::given_name_only`]) and `next` a few
    /// capitalised words (its family name, from any list or none; at most `max_family_words`).
    fn continues(&self, line: &str, next: &str, tol: &AssembleTolerances) -> bool {
        if !matches!(
            self.split(line),
            Some((PrefixKind::Settore | PrefixKind::Dirigente, _))
        ) || self.split(next).is_some()
            || year_in(next).is_some()
        {
            return false;
        }
        let last = PARTS.split(line).last().unwrap_or(line);
        let open_label = self
            .part_kind(last)
            .is_some_and(|(k, _)| k == PrefixKind::Dirigente)
            && !last.contains(':');
        let lower = next.trim().chars().next().is_some_and(char::is_lowercase);
        let name_end = !next.trim().is_empty()
            && next
                .split_whitespace()
                .all(crate::normalize::person::is_name_word);
        let titled = line
            .split_whitespace()
            .last()
            .is_some_and(|w| self.titles.contains(&fold(w)));
        let family_next = self.given_name_only(line) && {
            let words: Vec<&str> = next.split_whitespace().collect();
            !words.is_empty()
                && words.len() <= tol.max_family_words
                && words
                    .iter()
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        };
        line.trim_end().ends_with(':') || titled || open_label || lower || name_end || family_next
    }

    /// Whether a heading's person, after its label's colon, is titles and one given
    /// name of the name lists that is no family name: a line break parted the family
    /// name (h3-civitanova by PDFlib: `… – Responsabile di Area: Arch. Davide` /
    /// `Marzocchi`). A name printed family name first (`Rossi Mario`) has two words.
    fn given_name_only(&self, line: &str) -> bool {
        let Some((_, person)) = line.rsplit_once(':') else {
            return false;
        };
        let mut words = person
            .split_whitespace()
            .filter(|w| !self.titles.contains(&fold(w)));
        let titled = person
            .split_whitespace()
            .next()
            .is_some_and(|w| self.titles.contains(&fold(w)));
        let (Some(first), None) = (words.next(), words.next()) else {
            return false;
        };
        titled && crate::normalize::person::is_given_only(first)
    }

    /// The context with each settore or dirigente heading a line break parted joined
    /// into one line ([`Prefixes::continues`]).
    fn joined(&self, context: &[String], tol: &AssembleTolerances) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in context {
            match out.last_mut() {
                Some(last) if self.continues(last, c, tol) => {
                    *last = format!("{} {}", last.trim_end(), c.trim());
                }
                _ => out.push(c.clone()),
            }
        }
        out
    }

    /// The longest prefix a line starts with (whole words), after an ordinal that
    /// numbers it ([`ORDINAL`]), and the rest of the line as printed.
    fn split<'a>(&self, line: &'a str) -> Option<(PrefixKind, &'a str)> {
        let t = line.trim();
        let t = ORDINAL.find(t).map_or(t, |m| &t[m.end()..]);
        let f = fold(t);
        self.prefixes.iter().find_map(|(p, k)| {
            let rest = f.strip_prefix(p.as_str())?;
            if rest.chars().next().is_some_and(char::is_alphanumeric) {
                return None;
            }
            // the folded prefix has as many characters as the printed one
            let at = t
                .char_indices()
                .nth(p.chars().count())
                .map_or(t.len(), |(i, _)| i);
            Some((*k, &t[at..]))
        })
    }

    /// The group a heading names: the rest after its prefix (`Area strategica: X` →
    /// `X`, `Linea strategica 1 – X` → `1 – X`, `Missione 01 – X` → `01 – X`,
    /// `LINEA DI MANDATO n. 1 - X` → `X`), or the whole heading when the prefix runs
    /// on into a phrase (`LINEA STRATEGICA SULL'AMBIENTE`, 001) or is all of it
    /// (`OBIETTIVI DI MANDATO`). A colon or a dash after the prefix parts the name
    /// from it, so a name that opens with an article stays the name
    /// (`Obiettivo di valore pubblico: Una città semplice`, h16-canelli).
    fn group(&self, line: &str, rest: &str) -> Option<String> {
        let r = rest.trim_start_matches(|c: char| c.is_whitespace() || ":.–—-".contains(c));
        let parted = rest.trim_start().starts_with(|c: char| ":–—-".contains(c));
        let r = NUMBER_LABEL.replace(r, "");
        let r = r.trim();
        let first = fold(r.split(|c: char| !c.is_alphanumeric()).next().unwrap_or(""));
        if r.is_empty() || (!parted && self.stop.contains(&first)) {
            return Some(line.trim().to_string());
        }
        Some(r.to_string())
    }

    /// A heading that prints its holder first, then a dirigente prefix, then the unit
    /// (`Roberta Bonfiglio Responsabile Servizio 1° Programmazione e Controllo`,
    /// `Mario Rossi – Responsabile del Settore Tributi`; Boretto's PDO 2021 indexes its
    /// sections so): the person (dirigente) and the unit from its settore prefix on
    /// (settore). What decides it is the order on the line: at most `max_holder_words`
    /// capitalised words and nothing else before the prefix, and a settore prefix
    /// opening what follows it (after an article or preposition), so a phrase that
    /// merely mentions a responsabile names neither.
    fn holder_first(&self, line: &str, tol: &AssembleTolerances) -> Option<(String, String)> {
        let t = line.trim();
        let starts: Vec<usize> = t
            .split_whitespace()
            .map(|w| w.as_ptr() as usize - t.as_ptr() as usize)
            .collect();
        for &at in starts.iter().skip(2) {
            let name = t[..at].trim_end_matches(|c: char| c.is_whitespace() || ":,–—-".contains(c));
            let words: Vec<&str> = name.split_whitespace().collect();
            if words.len() > tol.max_holder_words || !words.iter().all(|w| self.name_like(w)) {
                return None;
            }
            let Some((PrefixKind::Dirigente, rest)) = self.split(&t[at..]) else {
                continue;
            };
            let unit = self.after_article(rest);
            return matches!(self.split(unit), Some((PrefixKind::Settore, _)))
                .then(|| (name.to_string(), unit.trim().to_string()));
        }
        None
    }

    /// A word that may be part of a printed person: a capitalised word of letters (a
    /// title's dot, an apostrophe or a hyphen inside) that is no stop word.
    fn name_like(&self, w: &str) -> bool {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().all(|c| c.is_alphabetic() || ".'’-".contains(c))
            && !self.stop.contains(&fold(w))
    }

    /// The text after a prefix without the separators and the article or preposition
    /// that open it (`: del Servizio X` → `Servizio X`).
    fn after_article<'a>(&self, rest: &'a str) -> &'a str {
        let r = rest.trim_start_matches(|c: char| c.is_whitespace() || ":.–—-".contains(c));
        let first = r.split_whitespace().next().unwrap_or("");
        let bare = first.trim_end_matches(['\'', '’']);
        if !first.is_empty() && self.stop.contains(&fold(bare)) {
            return r[first.len()..].trim_start();
        }
        r
    }

    /// What one heading line says into `f`: a group, a settore, a dirigente.
    fn read_line(&self, line: &str, f: &mut Frame, tol: &AssembleTolerances) -> bool {
        let Some((kind, rest)) = self.split(line) else {
            if let Some(named) = self.unit_label(line) {
                self.read_unit(named, f, true);
                return true;
            }
            let Some((name, unit)) = self.holder_first(line, tol) else {
                return false;
            };
            f.dirigente = Some(name);
            f.settore = Some(unit);
            return true;
        };
        match kind {
            PrefixKind::Group => f.group = self.group(line, rest),
            PrefixKind::ObjectiveType => f.objective_type = Some(line.trim().to_string()),
            PrefixKind::Settore | PrefixKind::Dirigente => self.read_unit(line.trim(), f, false),
        }
        true
    }

    /// A heading naming a settore and maybe its responsabile. The settore runs from
    /// its prefix to the part that names the person (`Settore Lavori Pubblici –
    /// Responsabile: Ing. Paolo Verdi` → `Settore Lavori Pubblici`), so a settore
    /// whose name has a dash of its own keeps it whole (`SETTORE FINANZIARIO –
    /// PIANIFICAZIONE E SVILUPPO LOCALE`, Ozieri PDO 2016). A `labelled` heading (the
    /// text after a unit label, [`Prefixes::unit_label`]) opens with the unit whatever
    /// its first word: the label said what it names.
    fn read_unit(&self, line: &str, f: &mut Frame, labelled: bool) {
        let mut bounds: Vec<(usize, usize)> = Vec::new();
        let mut at = 0;
        for m in PARTS.find_iter(line) {
            bounds.push((at, m.start()));
            at = m.end();
        }
        bounds.push((at, line.len()));
        let mut settore: Option<(usize, usize)> = None;
        let mut open = false;
        for (i, (start, end)) in bounds.into_iter().enumerate() {
            let part = &line[start..end];
            let kind = match self.part_kind(part) {
                None if labelled && i == 0 => Some((PrefixKind::Settore, part)),
                k => k,
            };
            match kind {
                Some((PrefixKind::Dirigente, rest)) => {
                    open = false;
                    if let Some((_, name)) = rest.split_once(':') {
                        f.dirigente = Some(name.trim().to_string());
                    }
                }
                Some((PrefixKind::Settore, _)) if !open => {
                    settore = Some((start, end));
                    open = true;
                }
                _ if open => settore = settore.map(|(s, _)| (s, end)),
                _ => {}
            }
        }
        if let Some((s, e)) = settore {
            f.settore = Some(line[s..e].trim().to_string());
        }
    }
}

/// The settore role's header wordings, folded, longest first (a longer label is
/// matched before one it starts with).
fn unit_labels(wordings: &[String]) -> Vec<String> {
    let mut out: Vec<String> = wordings.iter().map(|w| fold(w)).collect();
    out.sort_by_key(|l| std::cmp::Reverse(l.chars().count()));
    out.dedup();
    out
}

/// Read a table's context headings: the year they name (else the year carried from
/// the section above, else the plan's first year: a title page `2025-2027` plans
/// for 2025), the group, the section's settore and dirigente, a linea's
/// achievement, and a heading naming the Missione or Programma as printed (read by
/// `assemble::budget`; a Missione heading is also the group the vocabulary says).
pub fn read(
    context: &[String],
    prefixes: &Prefixes,
    carried: Option<i32>,
    meta: &PlanMeta,
    names: &[String],
    tol: &AssembleTolerances,
) -> Frame {
    let context = &prefixes.joined(context, tol);
    let mut f = Frame {
        year: context
            .iter()
            .find_map(|c| year_in(c))
            .or(carried)
            .or_else(|| meta.years.first().copied()),
        ..Frame::default()
    };
    for (i, c) in context.iter().enumerate() {
        if MISSION_HEADING.is_match(c) {
            f.mission = Some(c.trim().to_string());
        } else if PROGRAMME_HEADING.is_match(c) {
            f.programme = Some(c.trim().to_string());
            if f.group.is_none() && f.mission.is_none() {
                f.group = programme_group(c);
            }
        }
        if fold(c).starts_with(GROUP_ACHIEVEMENT_LABEL) {
            f.group_achievement = context
                .get(i + 1)
                .filter(|n| PERCENT.is_match(n.trim()))
                .cloned();
        } else if prefixes.read_line(c, &mut f, tol) {
            continue;
        }
    }
    f.group = f.group.map(|g| canonical(&g, names, tol.same_name));
    f
}

/// The group a Programma heading names where no Missione stands above it: a
/// programme of the plan's own (`PROGRAMMA: AMMINISTRAZIONE GENERALE DELL’ATTIVITA’
/// COMUNALE`, Castenedolo PP 2015) is the highest grouping printed, its name without
/// the prefix (truth contract); a numbered one (`Programma: 3 Gestione economica…`)
/// is the harmonised budget's, which `budget` reads, and a Missione heading is the
/// group where both are printed.
fn programme_group(line: &str) -> Option<String> {
    let rest = programme_rest(line);
    let numbered = rest.chars().next().is_some_and(|c| c.is_ascii_digit());
    (!rest.is_empty() && !numbered).then(|| rest.trim().to_string())
}

/// The harmonised budget's programme a Programma heading names, without its prefix
/// word: `Programma 02 – Segreteria generale` → `02 – Segreteria generale` (h14-ostuni,
/// a row spanning the table under its Missione row, which `assemble::rows` reads as
/// this heading). Only a numbered one: a programme of the plan's own is its group
/// (`programme_group`), not the budget's.
pub fn budget_programme(line: &str) -> Option<String> {
    let rest = programme_rest(line);
    let numbered = rest.chars().next().is_some_and(|c| c.is_ascii_digit());
    (PROGRAMME_HEADING.is_match(line) && numbered).then(|| rest.trim().to_string())
}

/// A Programma heading's text after its prefix word and the separators that follow it.
fn programme_rest(line: &str) -> String {
    let rest = PROGRAMME_HEADING.replace(line.trim(), "");
    rest.trim_start_matches(|c: char| c.is_whitespace() || ":.–—-".contains(c))
        .to_string()
}

/// The spelling the document's own prose uses for a name printed in capitals in a
/// heading (000 line 51: the three Silos "Cresco", "Curo" e "Partecipo"), so the
/// same silo has the same name whatever the heading's case or accent. A name is the
/// same at a similarity of `same_name` ([`AssembleTolerances::same_name`]).
fn canonical(g: &str, names: &[String], same_name: f64) -> String {
    let fg = fold(g);
    names
        .iter()
        .map(|n| (n, strsim::normalized_levenshtein(&fold(n), &fg)))
        .filter(|(_, s)| *s >= same_name)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map_or_else(|| g.to_string(), |(n, _)| n.clone())
}

static QUOTED: crate::text::Rule = crate::text::Rule::new(r#"["“«]([^"”»]{2,40})["”»]"#);

/// The marks a [`QUOTED`] name opens with: a line with none of them has no match.
const OPENING_QUOTES: [char; 3] = ['"', '“', '«'];

/// Names the prose writes in quotes, in order of first appearance.
pub fn quoted_names(texts: &[PageText]) -> Vec<String> {
    let re = &QUOTED;
    let mut out: Vec<String> = Vec::new();
    // every line of the document is asked; few have a quote, and finding none is
    // cheaper than choosing and running the rule's engine on the line
    let quoting = texts
        .iter()
        .flat_map(|p| p.lines.iter())
        .filter(|l| l.text.contains(OPENING_QUOTES));
    for l in quoting {
        for c in re.captures_iter(&l.text) {
            let n = c[1].trim().to_string();
            if !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn frame(context: &[&str]) -> Frame {
        let config = Config::default();
        let context: Vec<String> = context.iter().map(|c| c.to_string()).collect();
        read(
            &context,
            &Prefixes::new(&config.vocab),
            None,
            &crate::normalize::detect_meta(&[], &config.normalize, &|_| None),
            &[],
            &config.assemble,
        )
    }

    #[test]
    fn a_settore_heading_keeps_its_dash_unless_a_part_names_the_responsabile() {
        // Ozieri PDO 2016: the settore's own name has a dash
        let f = frame(&["SETTORE FINANZIARIO – PIANIFICAZIONE E SVILUPPO LOCALE"]);
        assert_eq!(
            f.settore.as_deref(),
            Some("SETTORE FINANZIARIO – PIANIFICAZIONE E SVILUPPO LOCALE")
        );
        assert_eq!(f.dirigente, None);
        // issue 16: settore and responsabile in one heading
        let f = frame(&["Settore Lavori Pubblici – Responsabile: Ing. Paolo Verdi"]);
        assert_eq!(f.settore.as_deref(), Some("Settore Lavori Pubblici"));
        assert_eq!(f.dirigente.as_deref(), Some("Ing. Paolo Verdi"));
        let f = frame(&["Area Tecnica – Manutenzioni – Referente: Anna Neri"]);
        assert_eq!(f.settore.as_deref(), Some("Area Tecnica – Manutenzioni"));
        assert_eq!(f.dirigente.as_deref(), Some("Anna Neri"));
    }

    /// h17-boretto (PDO 2021 per Responsabile, held-out measure 17): the heading prints
    /// the person first, then `Responsabile`, then the numbered service.
    #[test]
    fn a_unit_label_and_its_colon_name_the_settore_after_them() {
        // h18-pordenone: the section per centro di responsabilità
        let f = frame(&[
            "Centro di responsabilità: Settore Finanze e Tributi – Dirigente: Avv. Vito Ciarapica",
        ]);
        assert_eq!(f.settore.as_deref(), Some("Settore Finanze e Tributi"));
        assert_eq!(f.dirigente.as_deref(), Some("Avv. Vito Ciarapica"));
        // the label says what the first part names, whatever its words
        let f = frame(&["CENTRO DI RESPONSABILITÀ: Finanze e Tributi"]);
        assert_eq!(f.settore.as_deref(), Some("Finanze e Tributi"));
        assert_eq!(f.dirigente, None);
        // the label without its colon, or a phrase that starts with its words, names nothing
        for line in [
            "Centro di responsabilità e centri di costo del Comune",
            "Centri di responsabilità: elenco",
            "Centro di responsabilità:",
        ] {
            let f = frame(&[line]);
            assert_eq!((f.settore, f.dirigente), (None, None), "{line}");
        }
    }

    #[test]
    fn a_heading_that_prints_its_holder_first_names_dirigente_and_settore() {
        let rows: &[(&str, Option<&str>, Option<&str>)] = &[
            (
                "Roberta Bonfiglio Responsabile Servizio 1° Programmazione e Controllo",
                Some("Roberta Bonfiglio"),
                Some("Servizio 1° Programmazione e Controllo"),
            ),
            (
                "Bonfiglio Davide Responsabile Servizio 3° Servizi Generali alla persona",
                Some("Bonfiglio Davide"),
                Some("Servizio 3° Servizi Generali alla persona"),
            ),
            (
                "Dott.ssa Anna Maria De Luca – Responsabile del Settore Tributi",
                Some("Dott.ssa Anna Maria De Luca"),
                Some("Settore Tributi"),
            ),
            // no unit after the prefix, or a phrase before it: nothing
            ("Mario Rossi Responsabile", None, None),
            ("Mario Rossi Responsabile della trasparenza", None, None),
            (
                "Gli obiettivi del Responsabile Servizio Tributi",
                None,
                None,
            ),
            (
                "Uno Due Tre Quattro Cinque Sei Responsabile Servizio Tributi",
                None,
                None,
            ),
        ];
        for (line, dirigente, settore) in rows {
            let f = frame(&[line]);
            assert_eq!(f.dirigente.as_deref(), *dirigente, "{line}");
            assert_eq!(f.settore.as_deref(), *settore, "{line}");
        }
    }

    /// h6-saonara (Piano della performance by ripartizione, held-out measure 6): an
    /// ordinal before the unit's prefix, and its holder labelled `Capo Ripartizione`.
    #[test]
    fn a_numbered_ripartizione_heading_names_its_settore_and_its_capo() {
        let f = frame(&[
            "1^ Ripartizione – Affari Generali e Personale – Capo Ripartizione: Ing. Stefano Properzi",
        ]);
        assert_eq!(
            f.settore.as_deref(),
            Some("1^ Ripartizione – Affari Generali e Personale")
        );
        assert_eq!(f.dirigente.as_deref(), Some("Ing. Stefano Properzi"));
        let f = frame(&["2° Settore – Servizi Finanziari – Responsabile: Dott.ssa Anna Neri"]);
        assert_eq!(
            f.settore.as_deref(),
            Some("2° Settore – Servizi Finanziari")
        );
        // a numbered heading that opens with no unit's prefix names no settore
        let f = frame(&["2.3 Rischi corruttivi e trasparenza"]);
        assert_eq!(f.settore, None);
    }

    /// h4-jesi (Relazione 2024 by area, comuni without dirigenti): the holder is
    /// labelled by a person head noun of the lexicon, and the heading wraps.
    #[test]
    fn a_holder_labelled_by_a_person_noun_over_a_wrapped_heading_is_the_dirigente() {
        let rows: &[(&[&str], &str, &str)] = &[
            (
                &["Area Tributi – Titolare di posizione organizzativa: Avv. Anna Neri"],
                "Area Tributi",
                "Avv. Anna Neri",
            ),
            (
                &[
                    "Area Tributi – Titolare di posizione organizzativa:",
                    "Avv. Anna Neri",
                ],
                "Area Tributi",
                "Avv. Anna Neri",
            ),
            (
                &[
                    "Area Servizi Sociali – Titolare di posizione",
                    "organizzativa: Ing. Paolo Verdi",
                ],
                "Area Servizi Sociali",
                "Ing. Paolo Verdi",
            ),
            (
                &["Area Polizia Locale – Incaricato: Rag. Rossi", "Alessandra"],
                "Area Polizia Locale",
                "Rag. Rossi Alessandra",
            ),
            (
                &["Area Tributi – Responsabile: Avv.", "Neri Anna"],
                "Area Tributi",
                "Avv. Neri Anna",
            ),
            // h3-civitanova by PDFlib p. 2: a family name of no list after a given name
            (
                &[
                    "Area Servizi Sociali e Politiche Abitative – Responsabile di Area: Arch. Davide",
                    "Marzocchi",
                ],
                "Area Servizi Sociali e Politiche Abitative",
                "Arch. Davide Marzocchi",
            ),
        ];
        for (context, settore, dirigente) in rows {
            let f = frame(context);
            assert_eq!(f.settore.as_deref(), Some(*settore), "{context:?}");
            assert_eq!(f.dirigente.as_deref(), Some(*dirigente), "{context:?}");
        }
        // a finished heading keeps the next line apart: a year, a heading of its own
        let f = frame(&[
            "Settore Lavori Pubblici – Responsabile: Ing. Paolo Verdi",
            "Obiettivi 2025",
        ]);
        assert_eq!(f.dirigente.as_deref(), Some("Ing. Paolo Verdi"));
        let f = frame(&[
            "Settore Tributi – Responsabile: Ing. Paolo Verdi",
            "Linea strategica: Casa",
        ]);
        assert_eq!(f.dirigente.as_deref(), Some("Ing. Paolo Verdi"));
        assert_eq!(f.group.as_deref(), Some("Casa"));
        // a name printed family name first is whole: a capitalised line below is not
        // its rest
        let f = frame(&[
            "Settore Tributi – Responsabile: Dott. Verdi Paolo",
            "Obiettivi Operativi",
        ]);
        assert_eq!(f.dirigente.as_deref(), Some("Dott. Verdi Paolo"));
    }

    #[test]
    fn a_synonym_of_a_group_prefixs_modifier_opens_a_group_heading() {
        // h16-canelli: a PIAO's tables each under `Obiettivo di valore pubblico: X`,
        // the lexicon's synonym of `strategico` after the prefix `Obiettivo strategico`
        let f = frame(&["Obiettivo di valore pubblico: Una città semplice e vicina ai cittadini"]);
        assert_eq!(
            f.group.as_deref(),
            Some("Una città semplice e vicina ai cittadini")
        );
        // with no colon or dash, a prefix running on into a phrase is the whole heading
        let f = frame(&["LINEA STRATEGICA SULL'AMBIENTE"]);
        assert_eq!(f.group.as_deref(), Some("LINEA STRATEGICA SULL'AMBIENTE"));
        let f = frame(&["Obiettivo di mandato 2 – Conti in ordine"]);
        assert_eq!(f.group.as_deref(), Some("2 – Conti in ordine"));
        // the head noun is not replaced: `Ufficio` is no `Servizio` prefix by synonymy
        // (the lexicon's set of `settore`), and a modifier no set holds adds nothing
        let config = Config::default();
        let p = Prefixes::new(&config.vocab);
        assert!(p.split("Struttura del Piano").is_none());
        assert!(p.split("Obiettivo operativo 1.2").is_none());
    }

    #[test]
    fn a_group_heading_holds_until_one_of_its_level() {
        // h3-civitanova page 2: one `Obiettivo strategico` over two areas' tables
        let first = frame(&[
            "Obiettivi operativi dell'anno 2025",
            "Obiettivo strategico 1 – Città sicura e curata",
            "Area Lavori Pubblici e Manutenzioni – Responsabile di Area: Geom. Luca Caprioglio",
        ]);
        let mut second =
            frame(&["Area Polizia Locale – Responsabile di Area: Ing. Monica Pellicanò"]);
        second.carry(&first, false);
        assert_eq!(second.group.as_deref(), Some("1 – Città sicura e curata"));
        assert_eq!(second.dirigente.as_deref(), Some("Ing. Monica Pellicanò"));
        // a heading of the same level replaces it
        let mut third = frame(&[
            "Obiettivo strategico 2 – Comunità solidale e inclusiva",
            "Area Servizi Sociali e Politiche Abitative – Responsabile di Area: Arch. Davide Marzocchi",
        ]);
        third.carry(&second, false);
        assert_eq!(
            third.group.as_deref(),
            Some("2 – Comunità solidale e inclusiva")
        );
        // a section of another year opens afresh
        let mut next_year = frame(&["Area Polizia Locale"]);
        next_year.carry(&first, true);
        assert_eq!(next_year.group, None);
    }

    #[test]
    fn a_numbered_programma_heading_names_the_budgets_programme() {
        // h14-ostuni: a row spanning the table under its Missione row
        assert_eq!(
            budget_programme("Programma 02 – Segreteria generale").as_deref(),
            Some("02 – Segreteria generale")
        );
        assert_eq!(
            budget_programme("Programma: 3 Gestione economica, finanziaria").as_deref(),
            Some("3 Gestione economica, finanziaria")
        );
        // Castenedolo PP 2015: a programme of the plan's own is the group, not this
        assert_eq!(
            budget_programme("PROGRAMMA: AMMINISTRAZIONE GENERALE DELL’ATTIVITA’ COMUNALE"),
            None
        );
        assert_eq!(
            budget_programme("Missione 01 – Servizi istituzionali"),
            None
        );
    }

    #[test]
    fn a_programme_of_the_plans_own_is_the_group() {
        // Castenedolo PP 2015, section 4: programme heading, then the objectives' kind
        let f = frame(&[
            "4) PROGRAMMI ED INDICATORI DI PERFORMANCE",
            "PROGRAMMA: AMMINISTRAZIONE GENERALE DELL’ATTIVITA’ COMUNALE",
            "Obiettivi di mantenimento",
        ]);
        assert_eq!(
            f.group.as_deref(),
            Some("AMMINISTRAZIONE GENERALE DELL’ATTIVITA’ COMUNALE")
        );
        assert_eq!(
            f.objective_type.as_deref(),
            Some("Obiettivi di mantenimento")
        );
        // a numbered programme is the harmonised budget's, under its Missione
        let f = frame(&[
            "Missione 01 – Servizi istituzionali, generali e di gestione",
            "Programma 03 – Gestione economica, finanziaria, programmazione e provveditorato",
        ]);
        assert_eq!(
            f.group.as_deref(),
            Some("01 – Servizi istituzionali, generali e di gestione")
        );
        let f = frame(&["Programma: 3 Gestione economica"]);
        assert_eq!(f.group, None);
    }
}
