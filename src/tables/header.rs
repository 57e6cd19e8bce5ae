//! Header recognition: which row of a grid is the header, and each column's role.
//!
//! Each header cell is read by meaning ([`super::matcher`]); a column's content
//! confirms or corrects its reading ([`super::content`]); then roles go to the surest
//! readings first, and a cell whose role a surer column holds reads its header again.

pub use super::matcher::{Matcher, RoleMatch, fuzz};
use crate::vocab::Role;
use serde::Serialize;

/// A column of a recognised table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    /// Header text as printed.
    pub name: String,
    /// Role, when the header (or the column's content) gave one.
    pub role: Option<Role>,
    /// How sure the role is (0–1); 0 for an unknown column.
    pub confidence: f64,
    /// Which wording or content rule gave the role (`wording 'Target'`, `head word of
    /// 'Indicatore'`, `content: codes`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The year the header names (`Target 2026`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// The unit the header names (`Peso (%)`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The role is less sure than [`HeaderMatching::doubtful_role`](crate::config::HeaderMatching::doubtful_role): used, and warned
    /// about.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub doubtful: bool,
    /// The column holds the codes of its role, printed beside a column of the same
    /// role that holds the names (`Miss.` | `Missione`: `01` | `Servizi
    /// istituzionali…`); [`Table::col`](super::Table::col) is the name column.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub code: bool,
}

impl Column {
    /// A column whose header gave no role.
    pub fn unknown(name: &str) -> Column {
        Column {
            name: name.to_string(),
            role: None,
            confidence: 0.0,
            rule: None,
            year: None,
            unit: None,
            doubtful: false,
            code: false,
        }
    }
}

/// What a column's content says of its role ([`super::content`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hint {
    /// The role the content gives (a column of codes is a code column), and why.
    pub give: Option<(Role, String)>,
    /// Roles the content rules out (sentences are never codes), and why.
    pub rule_out: Option<(Vec<Role>, String)>,
    /// The column holds sentences (titles, descriptions).
    pub prose: bool,
    /// The column holds codes or plain numbers ([`super::content::Reader::numbers`]),
    /// whatever role it gives.
    pub codes: bool,
    /// How many of its body cells are printed (not blank): a level printed once over
    /// several rows of a finer one has fewer (two objective columns, `Matcher::assign`).
    pub filled: usize,
}

impl Matcher {
    /// Columns for a header row, without looking at the cells.
    pub fn columns(&self, header: &[String]) -> Vec<Column> {
        self.assign(header, &[])
    }

    /// Columns for a header row, each cell's readings weighed with its column's
    /// [`Hint`] (one per column, or none). Roles go to the surest readings first; a
    /// role taken by a surer column is ruled out for the others, which read their
    /// header again (`Contenuto dell'obiettivo` beside `Obiettivo` is the
    /// description), unless the two name different years (`Target 2025`, `Target
    /// 2026`).
    pub fn assign(&self, header: &[String], hints: &[Hint]) -> Vec<Column> {
        let mut cols: Vec<Column> = header
            .iter()
            .map(|h| {
                let words = self.read(h);
                let mut c = Column::unknown(h);
                c.year = (words.years.len() == 1).then(|| words.years[0]);
                c.unit = words.unit;
                c
            })
            .collect();
        let mut done = vec![false; cols.len()];
        // each round reads every open column again with the roles taken so far set
        // aside: most rounds change nothing for most columns
        let mut memo = Memo::new();
        loop {
            let cands: Vec<(usize, RoleMatch)> = (0..cols.len())
                .filter(|&i| !done[i])
                .filter_map(|i| {
                    self.reading_of(&cols, i, hints.get(i), &mut memo)
                        .map(|m| (i, m))
                })
                .collect();
            // columns that read one role for different years (`Target 2025`, `Target
            // 2026`) go first: a lone column with no year must not take it from them
            let per_year = |(i, m): &(usize, RoleMatch)| {
                cols[*i].year.is_some()
                    && cands.iter().any(|(j, o)| {
                        j != i
                            && o.role == m.role
                            && cols[*j].year.is_some()
                            && cols[*j].year != cols[*i].year
                    })
            };
            let best = cands
                .iter()
                .map(|c| (per_year(c), c))
                .reduce(|a, b| {
                    if (b.0, b.1.1.confidence) > (a.0, a.1.1.confidence) {
                        b
                    } else {
                        a
                    }
                })
                .map(|(_, c)| c.clone());
            let Some((i, m)) = best else { break };
            done[i] = true;
            cols[i].role = Some(m.role);
            cols[i].confidence = m.confidence;
            cols[i].rule = Some(m.rule);
            cols[i].doubtful = m.confidence < self.rules().doubtful_role;
        }
        self.code_and_name(&mut cols, hints);
        self.bare_years(header, &mut cols);
        self.dated_baseline(&mut cols);
        objective_by_content(&mut cols, hints);
        self.nested_objectives(&mut cols, hints);
        self.objective_by_its_code(&mut cols, hints);
        self.indicator_by_its_code(&mut cols, hints);
        cols
    }

    /// A description column right of the indicator codes, in a table that has its
    /// objective column already and no indicator column (`Cod. | Obiettivo operativo |
    /// Responsabile | N. | Descrizione | Modalità di calcolo`, where a plain-text report
    /// prints the group name `Indicatore` flush left over `N.` alone, so it reads as
    /// that column's first line: h10-barga by enscript), describes the indicator, not
    /// the objective: it is printed for every code beside it and more often than the
    /// objective, so it is one per indicator. A header that names the objective
    /// (`Descrizione obiettivo`) keeps its reading.
    fn indicator_by_its_code(&self, cols: &mut [Column], hints: &[Hint]) {
        let find = |r: Role| cols.iter().position(|c| c.role == Some(r));
        if find(Role::Indicator).is_some() {
            return;
        }
        let (Some(o), Some(k), Some(d)) = (
            find(Role::Objective),
            find(Role::IndicatorCode),
            find(Role::ObjectiveDescription),
        ) else {
            return;
        };
        let hint = |i: usize| hints.get(i).cloned().unwrap_or_default();
        let (objective, code, text) = (hint(o), hint(k), hint(d));
        let names_objective = self
            .reading(&cols[d].name, &[Role::ObjectiveDescription])
            .is_some_and(|m| m.role == Role::Objective);
        if d != k + 1
            || names_objective
            || text.codes
            || code.filled == 0
            || text.filled < code.filled
            || text.filled <= objective.filled
        {
            return;
        }
        cols[d].role = Some(Role::Indicator);
        cols[d].rule = Some(format!(
            "description beside the indicator codes '{}', printed more often than the objective (content): the indicator",
            cols[k].name
        ));
    }

    /// A column whose header names the objective but whose cells are all codes
    /// (`Obiettivo operativo` printing `01010601`, the PEG code, beside `Descrizione`
    /// printing its title: a nucleo di valutazione's summary, h7-lumezzane) holds the
    /// objective's code: it is the code column, and the description column (words, a
    /// cell for every code) is the objective. A generic number column (`N.`) that had the code keeps no role: a
    /// code the header ties to the objective outranks a running number.
    fn objective_by_its_code(&self, cols: &mut [Column], hints: &[Hint]) {
        let find = |r: Role| cols.iter().position(|c| c.role == Some(r));
        let (Some(o), Some(d)) = (find(Role::Objective), find(Role::ObjectiveDescription)) else {
            return;
        };
        let hint = |i: usize| hints.get(i).cloned().unwrap_or_default();
        let (code, text) = (hint(o), hint(d));
        if !code.codes || code.filled == 0 || text.codes || text.filled < code.filled {
            return;
        }
        if let Some(n) = find(Role::ObjectiveCode) {
            cols[n] = Column {
                rule: Some(format!(
                    "a number, the code is '{}' (content)",
                    cols[o].name
                )),
                ..Column::unknown(&cols[n].name)
            };
        }
        let confidence = cols[o].confidence.min(cols[d].confidence);
        let code = format!(
            "objective header over codes only (content): the code of '{}'",
            cols[d].name
        );
        let title = format!(
            "description beside the objective's codes '{}' (content): the objective",
            cols[o].name
        );
        self.reassign(
            cols,
            confidence,
            [(o, Role::ObjectiveCode, code), (d, Role::Objective, title)],
        );
    }

    /// Gives each `(column, role, rule)` its role by content, at the `confidence` of
    /// the two headers it was read from (doubtful under the rules' bound).
    fn reassign(&self, cols: &mut [Column], confidence: f64, to: [(usize, Role, String); 2]) {
        for (i, role, rule) in to {
            cols[i].role = Some(role);
            cols[i].confidence = confidence;
            cols[i].doubtful = confidence < self.rules().doubtful_role;
            cols[i].rule = Some(rule);
        }
    }

    /// Two columns whose headers each name the objective (`Obiettivi gestionali` |
    /// `Obiettivi operativi`, h6-pontassieve: the lexicon has `gestionale` and
    /// `operativo` for one sense, so the headers cannot tell the levels apart): the
    /// second read fell back to the description. When the left one is printed once
    /// over several cells of the right one (fewer printed cells), it is the level
    /// that frames the objectives, the group, and the right one the objective.
    /// Titles and descriptions printed once per objective each are left as read.
    fn nested_objectives(&self, cols: &mut [Column], hints: &[Hint]) {
        let has = |r: Role| cols.iter().any(|c| c.role == Some(r));
        if has(Role::StrategicObjective) {
            return;
        }
        let find = |r: Role| cols.iter().position(|c| c.role == Some(r));
        let (Some(o), Some(d)) = (find(Role::Objective), find(Role::ObjectiveDescription)) else {
            return;
        };
        let names_objective = self
            .reading(&cols[d].name, &[])
            .is_some_and(|m| m.role == Role::Objective);
        let filled = |i: usize| hints.get(i).map_or(0, |h| h.filled);
        let (left, right) = (o.min(d), o.max(d));
        if !names_objective || filled(left) == 0 || filled(left) >= filled(right) {
            return;
        }
        let confidence = cols[o].confidence.min(cols[d].confidence);
        let framing = format!(
            "objective header printed once over several of '{}' (content): the level that frames them",
            cols[right].name
        );
        let framed = format!(
            "objective header, framed by '{}' (content): the objective",
            cols[left].name
        );
        self.reassign(
            cols,
            confidence,
            [
                (left, Role::StrategicObjective, framing),
                (right, Role::Objective, framed),
            ],
        );
    }

    /// Two columns whose headers name one role, one holding codes and the other words
    /// (`Miss.` | `Missione`, `Progr.` | `Programma`, h4-molfetta PEG; a `Cod.` printed
    /// beside `Obiettivo` would be the same): the role went to one of them and the
    /// other's header read nothing else. Both keep the role, the code column marked
    /// [`Column::code`], so the names are the role's value and the codes stay read.
    /// The content decides which is which, not the header (`Missione` may head either).
    fn code_and_name(&self, cols: &mut [Column], hints: &[Hint]) {
        let codes = |i: usize| hints.get(i).is_some_and(|h| h.codes);
        for i in 0..cols.len() {
            if cols[i].role.is_some() {
                continue;
            }
            let Some(m) = self
                .reading(&cols[i].name, &[])
                .filter(|m| CLASSIFICATIONS.contains(&m.role))
            else {
                continue;
            };
            let pair = (0..cols.len()).find(|&j| {
                j != i
                    && cols[j].role == Some(m.role)
                    && !cols[j].code
                    && cols[j].year == cols[i].year
                    && codes(j) != codes(i)
            });
            let Some(j) = pair else { continue };
            let code = if codes(i) { i } else { j };
            cols[code].code = true;
            cols[i].role = Some(m.role);
            cols[i].confidence = m.confidence;
            cols[i].doubtful = m.confidence < self.rules().doubtful_role;
            let what = if code == i { "codes" } else { "names" };
            cols[i].rule = Some(format!(
                "{}, the {what} beside '{}' (content)",
                m.rule, cols[j].name
            ));
        }
    }

    /// A header cell that prints only a year (`2025`), in a run of year columns where
    /// a neighbour names its role for another year (`Traguardo 2026`), has that role
    /// for its year: one spanning header (`Traguardo` over `2025 | 2026 | 2027`)
    /// printed centred lands on the middle column only. Marked doubtful: the role is
    /// the neighbour's, not the cell's. A baseline is the one value the plan starts
    /// from, so bare years later than a baseline neighbour's year are no more baselines
    /// but the years the plan sets targets for (`Baseline 2024 | 2025 | 2026 | 2027`
    /// under a group row `Target` the stream reader left above the table,
    /// h12-grosseto by ConTeXt).
    fn bare_years(&self, header: &[String], cols: &mut [Column]) {
        let bare: Vec<bool> = header
            .iter()
            .map(|h| {
                let w = self.read(h);
                w.words.is_empty() && w.years.len() == 1
            })
            .collect();
        for i in 0..cols.len() {
            if cols[i].role.is_some() || !bare[i] {
                continue;
            }
            let yearly = |j: usize| cols[j].year.is_some() && (bare[j] || cols[j].role.is_some());
            let left = (0..i).rev().take_while(|&j| yearly(j));
            let right = (i + 1..cols.len()).take_while(|&j| yearly(j));
            let Some(j) = left
                .chain(right)
                .find(|&j| cols[j].role.is_some() && !bare[j] && cols[j].year != cols[i].year)
            else {
                continue;
            };
            let (role, conf, name) = (cols[j].role, cols[j].confidence, cols[j].name.clone());
            let after_baseline = role == Some(Role::Baseline) && cols[i].year > cols[j].year;
            cols[i].role = if after_baseline {
                Some(Role::Target)
            } else {
                role
            };
            cols[i].confidence = round3(conf * self.rules().second_reading);
            cols[i].rule = Some(if after_baseline {
                format!("a year after the baseline '{name}'")
            } else {
                format!("a year beside '{name}'")
            });
            cols[i].doubtful = true;
        }
    }

    /// A column headed by a noun that names a measured value and no role of its own
    /// (`data/lexicon.json` heads marked `measure`), with a year before every year of
    /// the table's target columns (`Dato 2024` beside `Atteso 2025` … `Atteso 2027`,
    /// h3-vimercate), is the value of that earlier year: the baseline (truth
    /// contract: a baseline column such as `Valore 2023` beside the per-year
    /// targets). The header gave it no role, or only a doubtful one (`Risultato 2024`
    /// a target by its words' votes, which would make 2024 one more target year).
    /// Only where no other column is the baseline; of several such columns, the
    /// latest year's (the value the targets start from). A dated measure with no later
    /// target year beside it stays as the header reads.
    fn dated_baseline(&self, cols: &mut [Column]) {
        let candidate: Vec<bool> = cols
            .iter()
            .map(|c| {
                (c.role.is_none() || c.doubtful) && c.year.is_some() && self.is_measure(&c.name)
            })
            .collect();
        let others = || {
            cols.iter()
                .zip(&candidate)
                .filter(|(_, k)| !**k)
                .map(|(c, _)| c)
        };
        if others().any(|c| c.role == Some(Role::Baseline)) {
            return;
        }
        let Some(first_target) = others()
            .filter(|c| c.role == Some(Role::Target))
            .filter_map(|c| c.year)
            .min()
        else {
            return;
        };
        let Some(i) = (0..cols.len())
            .filter(|&i| candidate[i] && cols[i].year.is_some_and(|y| y < first_target))
            .max_by_key(|&i| cols[i].year)
        else {
            return;
        };
        let c = &mut cols[i];
        let before = c.rule.take().map(|r| format!(" (header read as {r})"));
        c.role = Some(Role::Baseline);
        c.confidence = self.rules().modifier_confidence;
        c.rule = Some(format!(
            "a measured value of {} before the target years (from {first_target}){}",
            c.year.unwrap_or_default(),
            before.unwrap_or_default()
        ));
        c.doubtful = c.confidence < self.rules().doubtful_role;
    }

    /// Column `i`'s surest reading, with the roles other columns hold (for another
    /// year, a role may be held twice) and those its content rules out set aside.
    fn reading_of(
        &self,
        cols: &[Column],
        i: usize,
        hint: Option<&Hint>,
        memo: &mut Memo,
    ) -> Option<RoleMatch> {
        let c = &cols[i];
        let mut not: Vec<Role> = cols
            .iter()
            .enumerate()
            .filter(|(j, o)| *j != i && !(o.year.is_some() && c.year.is_some() && o.year != c.year))
            .filter_map(|(_, o)| o.role)
            .collect();
        if let Some((give, why)) = hint.and_then(|h| h.give.as_ref())
            && !not.contains(give)
        {
            let header = self.cached(memo, i, &c.name, &not);
            let confirmed = header.as_ref().is_some_and(|m| m.role == *give);
            return Some(RoleMatch {
                role: *give,
                confidence: self
                    .rules()
                    .content_confidence
                    .max(header.as_ref().map_or(0.0, |m| m.confidence)),
                rule: match header {
                    Some(m) if confirmed => format!("{}, confirmed by content: {why}", m.rule),
                    Some(m) => format!("content: {why} (header read as {})", m.rule),
                    None => format!("content: {why}"),
                },
            });
        }
        let ruled_out = hint.and_then(|h| h.rule_out.as_ref());
        if let Some((roles, _)) = ruled_out {
            not.extend(roles.iter().copied());
        }
        let m = self.cached(memo, i, &c.name, &not)?;
        let first = self.cached(memo, i, &c.name, &[]).map(|p| p.role);
        let rule = match (first, ruled_out) {
            (Some(r), Some((roles, why))) if roles.contains(&r) => {
                format!("{} (content: {why}, not {})", m.rule, role_name(r))
            }
            (Some(r), _) if r != m.role => {
                format!(
                    "{} (second reading: {} is another column's)",
                    m.rule,
                    role_name(r)
                )
            }
            _ => m.rule,
        };
        Some(RoleMatch { rule, ..m })
    }

    /// [`Matcher::reading`] of column `i`'s header with `not` set aside, read once.
    fn cached(&self, memo: &mut Memo, i: usize, name: &str, not: &[Role]) -> Option<RoleMatch> {
        let mut key_roles = not.to_vec();
        key_roles.sort();
        key_roles.dedup();
        memo.entry((i, key_roles))
            .or_insert_with(|| {
                let whole = self.reading(name, not);
                match self.combined(name, not) {
                    Some(c) if whole.as_ref().is_none_or(|w| c.confidence > w.confidence) => {
                        Some(c)
                    }
                    _ => whole,
                }
            })
            .clone()
    }

    /// A header that joins two names (`Obiettivo e Indicatori`, `Indicatore / Target`)
    /// over one column that holds both in one text (Castenedolo PP 2015): when each
    /// part reads a role of its own, the column is the finer one, an indicator's over
    /// an objective's (the record is one indicator's), else the first named. Only
    /// where that reading is surer than the whole cell's, which a synonym may read
    /// as something else (`Obiettivo` ~ `Finalità`: `Finalità Indicatore`).
    fn combined(&self, name: &str, not: &[Role]) -> Option<RoleMatch> {
        let parts: Vec<&str> = JOINED
            .split(name.trim())
            .filter(|p| !p.is_empty())
            .collect();
        let [a, b] = parts.as_slice() else {
            return None;
        };
        let (ra, rb) = (self.reading(a, not)?, self.reading(b, not)?);
        if ra.role == rb.role {
            return None;
        }
        let finer = |r: Role| INDICATOR_LEVEL.contains(&r);
        let pick = if finer(rb.role) && !finer(ra.role) {
            &rb
        } else {
            &ra
        };
        Some(RoleMatch {
            role: pick.role,
            confidence: ra.confidence.min(rb.confidence),
            rule: format!(
                "combined header: '{a}' ({}) and '{b}' ({}), the finer",
                role_name(ra.role),
                role_name(rb.role)
            ),
        })
    }

    /// Whether a grid's first two rows are fields of a key/value card, not a header
    /// over a row of data: each prints label / value pairs (`label | value | label |
    /// value`), every even cell a label (a wording, or a role sure by the vocabulary's words) and every odd cell
    /// printed; fewer than half the values of the first row read as labels (a header
    /// names a column in every cell; a value may happen to read as one: `Servizi
    /// vicini alla comunità`), or every row of a two-column grid, at least
    /// `min_roles`, is such a pair (one value that reads as a label among rows that
    /// all open with one is a value). Paluzza's unruled cards (Chromium,
    /// ReportLab): `Area | Area Amministrativa | Responsabile | Dott.ssa Valentina
    /// Brambilla` over `Obiettivo strategico DUP | Una macchina comunale efficiente |
    /// Peso | 20`, which the text's alignment alone takes for a header and its first
    /// row; the ruled rendering (Writer) is read with no header. The labels are the
    /// evidence the geometry lacks. A card's fields over a nested table wider than them
    /// leave the cells right of their values empty (h14-cortona by cairo: `Responsabile
    /// | Arch. … | |` over `Indicatore | Unità di misura | …`): those are no pair; nor
    /// are the blank cells a value wider than its column leaves between it and the
    /// next label (`spanned_out`).
    pub fn label_value_rows(&self, rows: &[Vec<String>]) -> bool {
        let [first, second, ..] = rows else {
            return false;
        };
        let (first, second) = (spanned_out(first), spanned_out(second));
        let pairs = |r: &[&String]| {
            r.len() >= 2
                && r.len().is_multiple_of(2)
                && r.chunks(2)
                    .all(|p| self.is_label(p[0]) && !p[1].trim().is_empty())
        };
        let labels = |r: &[&String]| {
            r.iter()
                .skip(1)
                .step_by(2)
                .filter(|v| self.is_label(v))
                .count()
        };
        // a card of one label per row, every row a pair, the labels as many as a
        // header's roles (`min_roles`): no header over data prints a label in each
        // row's first cell, so a first value that reads as a label is a value
        // (h15-savigliano by Impress: `Settore | Settore Polizia Municipale`, its
        // value naming the unit, over `Responsabile`, `Peso`, `Descrizione`)
        let all_pairs = first.len() == 2
            && rows.len() >= self.rules().min_roles
            && rows.iter().all(|r| pairs(&spanned_out(r)));
        pairs(&first) && pairs(&second) && (4 * labels(&first) < first.len() || all_pairs)
    }

    /// Whether a cell reads as a label: a wording as a whole ([`Matcher::is_wording`]),
    /// or a role by the vocabulary's wordings and words (no head noun: values such as
    /// `Settore Lavori Pubblici` have one) at least
    /// [`HeaderMatching::doubtful_role`](crate::config::HeaderMatching::doubtful_role)
    /// sure (`Obiettivo strategico DUP`).
    fn is_label(&self, text: &str) -> bool {
        let t = text.trim();
        self.is_wording(t)
            || self
                .reading_by_wordings(t, &[])
                .is_some_and(|m| m.confidence >= self.rules().doubtful_role)
    }

    /// Index of the header row among the first [`HeaderMatching::search_rows`](crate::config::HeaderMatching::search_rows) rows,
    /// when one has at least [`HeaderMatching::min_roles`](crate::config::HeaderMatching::min_roles) cells that are wordings
    /// ([`Matcher::is_wording`]).
    pub fn find_header(&self, rows: &[Vec<String>]) -> Option<usize> {
        let cfg = self.rules();
        rows.iter()
            .take(cfg.search_rows)
            .enumerate()
            .map(|(i, r)| (i, r.iter().filter(|c| self.is_wording(c)).count()))
            .filter(|(_, n)| *n >= cfg.min_roles)
            .max_by_key(|(i, n)| (*n, usize::MAX - i))
            .map(|(i, _)| i)
    }
}

/// The conjunctions that join two names in one header cell.
static JOINED: crate::text::Rule = crate::text::Rule::new(r"(?i)\s+(?:e|ed|&)\s+|\s*/\s*");

/// Roles of one indicator (one record each), finer than the objective's.
const INDICATOR_LEVEL: [Role; 8] = [
    Role::Indicator,
    Role::IndicatorCode,
    Role::Formula,
    Role::Target,
    Role::Baseline,
    Role::Actual,
    Role::Deviation,
    Role::Achievement,
];

/// Roles whose values are names that a plan may print with their codes in a column
/// of their own ([`Matcher::code_and_name`]): the budget's Missione and Programma,
/// the strategic level and the unit. Value roles (target, weight…) are not: a column
/// of numbers beside a column of words of the same role is two values, not a code
/// and a name.
const CLASSIFICATIONS: [Role; 4] = [
    Role::Mission,
    Role::Programme,
    Role::StrategicObjective,
    Role::Settore,
];

/// A table of indicators or targets whose header names no objective (`Impegno per
/// la città`): its first column of sentences that no header reading typed holds the
/// objectives, as sure as a vote at best (doubtful, warned about).
fn objective_by_content(cols: &mut [Column], hints: &[Hint]) {
    let has = |r: Role| cols.iter().any(|c| c.role == Some(r));
    let measured = has(Role::Indicator) || has(Role::Target);
    if has(Role::Objective) || has(Role::StrategicObjective) || !measured {
        return;
    }
    let Some(i) =
        (0..cols.len()).find(|&i| cols[i].role.is_none() && hints.get(i).is_some_and(|h| h.prose))
    else {
        return;
    };
    cols[i].role = Some(Role::Objective);
    cols[i].confidence = 0.5;
    cols[i].rule = Some("content: sentences, and no column is the objective".to_string());
    cols[i].doubtful = true;
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Readings of a table's header cells by (column, roles set aside).
type Memo = std::collections::BTreeMap<(usize, Vec<Role>), Option<RoleMatch>>;

/// One header from a header of several rows (spanning cells already repeated over the
/// columns they span): each column's cells top to bottom, blanks skipped (`Valore da
/// conseguire` over `2025` is `Valore da conseguire 2025`).
pub fn stack_rows(rows: &[Vec<String>]) -> Vec<String> {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    (0..n)
        .map(|c| {
            let parts: Vec<&str> = rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(|t| t.trim())
                .filter(|t| !t.is_empty())
                .collect();
            parts.join(" ")
        })
        .collect()
}

/// A role's name as the data file writes it (`objective_code`).
pub fn role_name(r: Role) -> String {
    serde_json::to_value(r)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// A row of a card's fields as label / value pairs: its cells up to its last printed
/// one, less the blank cells right of a value. A value wider than its grid column
/// covers the columns up to the next label, which a stream grid reads blank
/// (h12-tremosine by iText: `Responsabile | Geom. Stefano Caprioglio | | Peso | 15%`,
/// the value's column and the blank one under the results table's `Target 2024` and
/// `Valore raggiunto`; ConTeXt's ruled rendering draws the cell merged). A blank
/// right of a label is kept: it is the label's value, printed blank, so no pair.
fn spanned_out(row: &[String]) -> Vec<&String> {
    let filled = row
        .iter()
        .rposition(|c| !c.trim().is_empty())
        .map_or(0, |i| i + 1);
    let mut out: Vec<&String> = Vec::with_capacity(filled);
    for c in &row[..filled] {
        // an even count, not zero: the last cell kept is a value
        let after_value = !out.is_empty() && out.len().is_multiple_of(2);
        if !(after_value && c.trim().is_empty()) {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(h: &[&str]) -> Vec<Option<Role>> {
        let h: Vec<String> = h.iter().map(|s| s.to_string()).collect();
        Matcher::builtin()
            .columns(&h)
            .into_iter()
            .map(|c| c.role)
            .collect()
    }

    fn texts(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn label_value_pairs_are_a_cards_fields_not_a_header() {
        let m = Matcher::builtin();
        // h10-paluzza-peg-2025, Chromium and ReportLab (unruled), p. 2: the card's
        // first two rows of fields
        let card = texts(&[
            &[
                "Area",
                "Area Amministrativa",
                "Responsabile",
                "Dott.ssa Valentina Brambilla",
            ],
            &[
                "Obiettivo strategico DUP",
                "Una macchina comunale efficiente",
                "Peso",
                "20",
            ],
        ]);
        assert!(m.label_value_rows(&card));
        // card 2: a value that reads as a label
        let card = texts(&[
            &[
                "Area",
                "Area Demografica",
                "Responsabile",
                "Dott.ssa Valentina Brambilla",
            ],
            &[
                "Obiettivo strategico DUP",
                "Servizi vicini alla comunità",
                "Peso",
                "10",
            ],
        ]);
        assert!(m.label_value_rows(&card));
        // a header over its data: every header cell names a column
        let table = texts(&[
            &["Obiettivo", "Indicatore", "Target", "Peso"],
            &[
                "Trasparenza e controlli interni",
                "Atti controllati",
                "100%",
                "20",
            ],
        ]);
        assert!(!m.label_value_rows(&table));
        // two names over a row of data (the even cell of the data no label)
        let two = texts(&[
            &["Indicatore", "Target"],
            &["Certificati rilasciati online", "81%"],
        ]);
        assert!(!m.label_value_rows(&two));
        // the indicator rows of the same card: `Target 2025` is a wording
        let years = texts(&[
            &["Indicatore", "Target 2025", "Target 2026", "Target 2027"],
            &[
                "Atti sottoposti a controllo successivo",
                "100%",
                "100%",
                "100%",
            ],
        ]);
        assert!(!m.label_value_rows(&years));
        // h14-cortona-pdo-2025 by cairo (unruled), card 1.2: fields over a nested
        // table of four columns leave two cells empty; still fields
        let card = texts(&[
            &[
                "Missione / Programma",
                "01 – Servizi istituzionali / 07 – Anagrafe e stato civile",
                "",
                "",
            ],
            &[
                "Centro di responsabilità",
                "Area Amministrativa – Servizi Demografici",
                "",
                "",
            ],
        ]);
        assert!(m.label_value_rows(&card));
        // g-roles-34 by ReportLab: a header of two names over two columns of data
        let table = texts(&[
            &["Obiettivo di PEG", "Programma DUP"],
            &[
                "Manutenzione programmata delle strade comunali",
                "05 – Viabilità e infrastrutture stradali",
            ],
        ]);
        assert!(!m.label_value_rows(&table));
    }

    /// h12-tremosine by iText (unruled), page 2, card 1: the stream grid's five
    /// columns are the results table's, so each field's value leaves the column under
    /// `Valore raggiunto` blank before the next label; the card's fields all the same.
    /// A label whose value is printed blank is no pair, blanks or not after it.
    #[test]
    fn a_value_wider_than_its_column_is_still_a_labels_value() {
        let m = Matcher::builtin();
        let card = texts(&[
            &[
                "Responsabile",
                "Geom. Stefano Caprioglio",
                "",
                "Peso",
                "15%",
            ],
            &[
                "Servizio",
                "Segreteria e affari generali",
                "",
                "Scadenza",
                "30/09/2024",
            ],
            &[
                "Descrizione",
                "Formazione obbligatoria e specialistica dei dipendenti sulla piattaforma \
                 Syllabus",
                "",
                "",
                "",
            ],
        ]);
        assert!(m.label_value_rows(&card));
        let blank_value = texts(&[
            &["Responsabile", "", "", "Peso", "15%"],
            &[
                "Servizio",
                "Segreteria e affari generali",
                "",
                "Scadenza",
                "30/09/2024",
            ],
        ]);
        assert!(!m.label_value_rows(&blank_value));
    }

    /// h15-savigliano by Impress (zebra), p. 6: card 8's fields, alone on their page, its
    /// first value naming the unit with the label's own word (`Settore Polizia
    /// Municipale` reads as a label); every row opens with a label: fields. Its first two
    /// rows alone (a header of two names over one row, as far as they tell) do not.
    #[test]
    fn rows_that_all_pair_a_label_with_a_value_are_fields_whatever_the_first_value() {
        let m = Matcher::builtin();
        let card = texts(&[
            &["Settore", "Settore Polizia Municipale"],
            &["Responsabile", "Dott. Stefano Zanella"],
            &["Peso", "30"],
            &[
                "Descrizione",
                "Lezioni di educazione stradale nelle classi quinte della primaria",
            ],
        ]);
        assert!(m.is_label("Settore Polizia Municipale"));
        assert!(m.label_value_rows(&card));
        assert!(!m.label_value_rows(&card[..2]));
        // a row of data under the same two names: a header
        let table = texts(&[
            &["Settore", "Settore Polizia Municipale"],
            &["Responsabile", "Dott. Stefano Zanella"],
            &["Educazione stradale nelle scuole", "30"],
        ]);
        assert!(!m.label_value_rows(&table));
    }

    #[test]
    fn a_combined_header_takes_the_finer_role() {
        use Role::*;
        // Castenedolo PP 2015 (123dok qvl7vo8r): one column holds an objective and its
        // indicators as one text; `Obiettivo` ~ `Finalità` must not make it a purpose
        assert_eq!(
            roles(&[
                "Responsabile",
                "Descrizione Progetto",
                "Obiettivo e Indicatori",
                "Stato",
                "Target (VALORE OBIETTIVO)"
            ]),
            [
                Some(Dirigente),
                Some(ObjectiveDescription),
                Some(Indicator),
                Some(Baseline),
                Some(Target)
            ]
        );
        // a wording that is the whole cell decides, joined or not
        assert_eq!(
            roles(&["Descrizione dell'obiettivo e delle attività"]),
            [Some(ObjectiveDescription)]
        );
        // two names of one role are that role
        assert_eq!(roles(&["Dirigente/Responsabile"]), [Some(Dirigente)]);
    }

    #[test]
    fn the_three_cremona_headers_get_their_roles() {
        use Role::*;
        // seed 000 line 59
        assert_eq!(
            roles(&[
                "Obiettivo",
                "Codice Obiettivo",
                "Dirigente",
                "Indicatore",
                "Finalità Indicatore",
                "Formula Indicatore",
                "Target"
            ]),
            [
                Objective,
                ObjectiveCode,
                Dirigente,
                Indicator,
                Purpose,
                Formula,
                Target
            ]
            .map(Some)
        );
        // seed 002 line 19
        assert_eq!(
            roles(&[
                "Settore",
                "Codice Obiettivo",
                "Titolo Obiettivo",
                "Definizione Obiettivo",
                "Codice Ind",
                "Titolo Indicatore",
                "Formula Indicatore",
                "Finalità Indicatore",
                "Target Atteso",
                "Peso"
            ]),
            [
                Settore,
                ObjectiveCode,
                Objective,
                ObjectiveDescription,
                IndicatorCode,
                Indicator,
                Formula,
                Purpose,
                Target,
                Weight
            ]
            .map(Some)
        );
        // seed 001 line 32
        assert_eq!(
            roles(&[
                "Responsabile",
                "Settore",
                "Obiettivo",
                "Definizione",
                "Indicatore",
                "Formula",
                "Finalità",
                "Target atteso",
                "Target Consuntivo",
                "Scostamento",
                "Note",
                "Peso",
                "% Ragg",
                "Barometro"
            ]),
            [
                Dirigente,
                Settore,
                Objective,
                ObjectiveDescription,
                Indicator,
                Formula,
                Purpose,
                Target,
                Actual,
                Deviation,
                Notes,
                Weight,
                Achievement,
                Barometer
            ]
            .map(Some)
        );
    }

    #[test]
    fn synonyms_typos_and_case_are_forgiven_unknown_columns_kept() {
        use Role::*;
        assert_eq!(
            roles(&["VALORE ATTESO", "indicatre", "Responsabile", "Colore"]),
            [Some(Target), Some(Indicator), Some(Dirigente), None]
        );
    }

    /// h6-pontassieve (PIAO 2025-2027, held-out measure 6): the PEG's obiettivi
    /// gestionali printed once over the PIAO's obiettivi operativi they frame.
    #[test]
    fn an_objective_column_printed_once_over_another_is_the_group() {
        use Role::*;
        let h: Vec<String> = [
            "Obiettivi gestionali",
            "ID",
            "Obiettivi operativi",
            "Indicatori di misurazione",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let hint = |filled: usize| Hint {
            prose: true,
            filled,
            ..Hint::default()
        };
        let m = Matcher::builtin();
        let nested = [hint(3), Hint::default(), hint(6), hint(8)];
        let got: Vec<Option<Role>> = m.assign(&h, &nested).into_iter().map(|c| c.role).collect();
        assert_eq!(got[0], Some(StrategicObjective));
        assert_eq!(got[2], Some(Objective));
        // printed once per objective each: a title and its description, as read
        let level = [hint(6), Hint::default(), hint(6), hint(8)];
        let got: Vec<Option<Role>> = m.assign(&h, &level).into_iter().map(|c| c.role).collect();
        assert!(!got.contains(&Some(StrategicObjective)), "{got:?}");
    }

    /// h7-lumezzane (Relazione 2024, held-out measure 7; header of the prospetto
    /// riassuntivo del grado di raggiungimento, readkong 8479856): `Obiettivo operativo`
    /// prints the PEG code `01020109`, `Descrizione` the objective's title.
    #[test]
    fn an_objective_column_of_codes_is_the_code_and_the_description_the_objective() {
        use Role::*;
        let h: Vec<String> = [
            "N.",
            "Dipartimento",
            "Obiettivo strategico",
            "Obiettivo operativo",
            "Descrizione",
            "Indicatore",
            "% di ragg.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let codes = Hint {
            codes: true,
            filled: 11,
            ..Hint::default()
        };
        let prose = Hint {
            prose: true,
            filled: 11,
            ..Hint::default()
        };
        let m = Matcher::builtin();
        let hints = [
            codes.clone(),
            prose.clone(),
            codes.clone(),
            codes.clone(),
            prose.clone(),
            prose.clone(),
        ];
        let got: Vec<Option<Role>> = m.assign(&h, &hints).into_iter().map(|c| c.role).collect();
        assert_eq!(got[0], None, "{got:?}");
        assert_eq!(got[3], Some(ObjectiveCode), "{got:?}");
        assert_eq!(got[4], Some(Objective), "{got:?}");
        // the objective's titles under `Obiettivo operativo`: as read
        let hints = [
            codes.clone(),
            prose.clone(),
            codes,
            prose.clone(),
            prose.clone(),
            prose,
        ];
        let got: Vec<Option<Role>> = m.assign(&h, &hints).into_iter().map(|c| c.role).collect();
        assert_eq!(got[0], Some(ObjectiveCode), "{got:?}");
        assert_eq!(got[3], Some(Objective), "{got:?}");
        assert_eq!(got[4], Some(ObjectiveDescription), "{got:?}");
    }

    /// h10-barga by GNU enscript (held-out measure 10): the plain-text report prints
    /// `Indicatore` flush left over `N.` only, so the header reads `Indicatore N.` and
    /// a bare `Descrizione` beside it; 11 indicators under 6 objectives (two objectives
    /// wrap onto a second row each).
    #[test]
    fn a_description_printed_per_indicator_code_is_the_indicator() {
        use Role::*;
        let h: Vec<String> = [
            "Cod.",
            "Obiettivo operativo",
            "Responsabile",
            "Indicatore N.",
            "Descrizione",
            "Modalità di calcolo",
            "Target 2025",
            "2026",
            "2027",
            "Peso",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let hint = |codes: bool, filled: usize| Hint {
            codes,
            prose: !codes,
            filled,
            ..Hint::default()
        };
        let m = Matcher::builtin();
        // the content's reading of a column of codes under a header whose head noun
        // is `indicatore`, as `tables::content` gives it
        let indicator_codes = Hint {
            give: Some((Role::IndicatorCode, "content: codes".to_string())),
            ..hint(true, 11)
        };
        let hints = [
            hint(true, 6),
            hint(false, 8),
            hint(false, 7),
            indicator_codes,
            hint(false, 13),
            hint(false, 12),
            hint(true, 11),
            hint(true, 11),
            hint(true, 11),
            hint(true, 6),
        ];
        let got: Vec<Option<Role>> = m.assign(&h, &hints).into_iter().map(|c| c.role).collect();
        assert_eq!(got[3], Some(IndicatorCode), "{got:?}");
        assert_eq!(got[4], Some(Indicator), "{got:?}");
        // printed once per objective: the objective's description, as read
        let mut once = hints.clone();
        once[4] = hint(false, 6);
        let got: Vec<Option<Role>> = m.assign(&h, &once).into_iter().map(|c| c.role).collect();
        assert_eq!(got[4], Some(ObjectiveDescription), "{got:?}");
        // a header that names the objective keeps it
        let mut named = h.clone();
        named[4] = "Descrizione obiettivo".to_string();
        let got: Vec<Option<Role>> = m
            .assign(&named, &hints)
            .into_iter()
            .map(|c| c.role)
            .collect();
        assert_ne!(got[4], Some(Indicator), "{got:?}");
    }

    #[test]
    fn roles_by_meaning_the_wordings_of_issue_16() {
        use Role::*;
        // issue 16, "Why": common wordings that got no role by whole-cell similarity
        let rows: &[(&str, Role)] = &[
            ("Target 2026", Target),
            // h6-rimini card label: `target` heads it, not its synonym `obiettivo`
            ("Target annuale", Target),
            ("Valore target 2026", Target),
            ("Risultato atteso 2026", Target),
            ("Indicatore di efficacia", Indicator),
            ("Indicatori di risultato", Indicator),
            ("Obiettivo esecutivo", Objective),
            ("Peso ponderale", Weight),
            ("Responsabile del procedimento", Dirigente),
            ("Tempi di realizzazione", Deadline),
            ("Peso (%)", Weight),
            ("Obiettivo strategico", StrategicObjective),
            ("Target consuntivo 2024", Actual),
            ("Cod. Ob.", ObjectiveCode),
            ("Valori 2019", Baseline),
            // h7-ala card label (PEG 2017/2019 of Ala): the objective's guidelines, not a
            // `Linea` of the mandate
            ("LINEE GUIDA", ObjectiveDescription),
            ("Linea di mandato", StrategicObjective),
        ];
        for (text, role) in rows {
            let got = Matcher::builtin().role(text);
            assert_eq!(got.as_ref().map(|m| m.role), Some(*role), "{text}: {got:?}");
        }
    }

    #[test]
    fn years_and_units_are_kept_on_the_column_and_per_year_targets_all_stay() {
        let h: Vec<String> = ["Indicatore", "Target 2025", "Target 2026", "Peso (%)"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let cols = Matcher::builtin().columns(&h);
        let got: Vec<(Option<Role>, Option<i32>, Option<&str>)> = cols
            .iter()
            .map(|c| (c.role, c.year, c.unit.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some(Role::Indicator), None, None),
                (Some(Role::Target), Some(2025), None),
                (Some(Role::Target), Some(2026), None),
                (Some(Role::Weight), None, Some("%")),
            ]
        );
    }

    #[test]
    fn bare_years_after_a_baseline_year_are_the_target_years() {
        // h12-grosseto by ConTeXt: the group row `Target` over the three years left
        // above the table, the column header read alone
        let h: Vec<String> = [
            "Codice",
            "Indicatore",
            "Baseline 2024",
            "2025",
            "2026",
            "2027",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let cols = Matcher::builtin().columns(&h);
        let got: Vec<(Option<Role>, Option<i32>)> =
            cols.iter().skip(2).map(|c| (c.role, c.year)).collect();
        assert_eq!(
            got,
            vec![
                (Some(Role::Baseline), Some(2024)),
                (Some(Role::Target), Some(2025)),
                (Some(Role::Target), Some(2026)),
                (Some(Role::Target), Some(2027)),
            ]
        );
        assert!(cols[3].doubtful, "the role is read from a neighbour");
    }

    #[test]
    fn how_sure_says_how_the_wording_matched() {
        let m = Matcher::builtin();
        let c = |t: &str| m.role(t).map(|r| (r.confidence, r.rule));
        assert_eq!(
            c("Target 2026"),
            Some((1.0, "wording 'Target'".to_string()))
        );
        let head = c("Indicatore di efficacia");
        assert!(
            head.as_ref()
                .is_some_and(|(s, r)| *s < 1.0 && r.starts_with("head noun 'indicatore'")),
            "{head:?}"
        );
        assert_eq!(c("Colore"), None);
    }

    /// A role-less (or doubtfully read) measure head with a year before the table's
    /// target years is the baseline; with no later target year it stays as read.
    #[test]
    fn a_dated_measure_before_the_target_years_is_the_baseline() {
        use Role::*;
        // h3-vimercate PEG 2025-2027 header
        assert_eq!(
            roles(&[
                "Cod.",
                "Obiettivo di PEG",
                "Indicatore di performance",
                "Dato 2024",
                "Atteso 2025",
                "Atteso 2026",
                "Atteso 2027",
                "Responsabile"
            ]),
            [
                Some(ObjectiveCode),
                Some(Objective),
                Some(Indicator),
                Some(Baseline),
                Some(Target),
                Some(Target),
                Some(Target),
                Some(Dirigente)
            ]
        );
        // in no data file: a result of the year before one target column
        assert_eq!(
            roles(&["Indicatore", "Risultato 2023", "Target 2024"]),
            [Some(Indicator), Some(Baseline), Some(Target)]
        );
        // the latest of two dated measures is the baseline
        assert_eq!(
            roles(&[
                "Indicatore",
                "Dato 2022",
                "Dato 2023",
                "Target 2024",
                "Target 2025"
            ])[1..3],
            [None, Some(Baseline)]
        );
        // no target year after it: no baseline
        assert_eq!(roles(&["Indicatore", "Dato 2024", "Target 2024"])[1], None);
        assert_eq!(roles(&["Indicatore", "Dato 2024"])[1], None);
        // a baseline column already there keeps the role
        assert_eq!(
            roles(&["Indicatore", "Baseline", "Dato 2023", "Target 2025"])[1..3],
            [Some(Baseline), None]
        );
    }
}
