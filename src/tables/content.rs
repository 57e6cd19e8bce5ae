//! A column's content confirms or corrects its header (issue 16): a column of codes is
//! a code column and a column of person names a dirigente column, whatever the header
//! says, and a header's role that its content bears out is surer.
//!
//! Only columns whose header gave a text role (or none) are corrected: a column headed
//! `Target` or `Peso` holds numbers that may look like codes (`1.2`), and keeps its role.

use super::TableCell;
use super::header::{Hint, Matcher};
use crate::config::HeaderMatching;
use crate::vocab::Role;

/// What a column's cells look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Codes (`OB.1.2`, `25.29.2.1.05_0001`, `0102`, `OS1`).
    Codes,
    /// Person names (`Dott.ssa Anna Neri`, `ROSSI Mario`, `Bondioni Maria Chiara`).
    People,
    /// Organisational units (`Servizio Tributi`, `Ufficio Tecnico`).
    Units,
    /// Dates and deadlines (`31/12/2025`, `entro il 30/06/2026`).
    Dates,
    /// Aims: clauses headed by a verb in the infinitive (`Ridurre l'incidentalità`,
    /// `Semplificare l'accesso al servizio`), the way a finalità is written; never a
    /// value.
    Aims,
    /// Sentences: titles and descriptions of at least
    /// [`HeaderMatching::prose_min_words`] words, which no code column holds.
    Prose,
}

/// A code: letters and digits in groups joined by `.`, `_`, `/`, `-` or a space, with
/// at least one digit, and either a separator between digits, letters with digits, or
/// a leading zero (a plain number such as `30` or `100%` is not a code).
static CODE: crate::text::Rule = crate::text::Rule::new(
    r"^(?:[A-Za-z]{1,6}\.?\s?)?[0-9]+(?:\s?[._/-]\s?[0-9A-Za-z]+)*[A-Za-z]?\.?$",
);

/// A date (`31/12/2025`, `30.06.2026`): code-shaped, but a deadline.
static DATE: crate::text::Rule =
    crate::text::Rule::new(r"^[0-3]?[0-9]\s*[/.-]\s*[01]?[0-9]\s*[/.-]\s*(?:19|20)?[0-9]{2}$");

/// Whether a cell is a code (see the `CODE` rule); dates are not.
pub fn is_code(cell: &str, cfg: &HeaderMatching) -> bool {
    let t = cell.trim();
    if t.is_empty() || t.chars().count() > cfg.max_code_chars || DATE.is_match(t) {
        return false;
    }
    if !CODE.is_match(t) {
        return false;
    }
    let letters = t.chars().any(char::is_alphabetic);
    let digits: Vec<char> = t.chars().filter(char::is_ascii_digit).collect();
    let joined =
        t.chars().collect::<Vec<_>>().windows(3).any(|w| {
            w[0].is_ascii_digit() && "._/-".contains(w[1]) && w[2].is_ascii_alphanumeric()
        });
    let leading_zero = t.starts_with('0') && digits.len() > 1;
    // Italian decimals and thousands (`1,5`, `200.500`) are numbers, not codes
    let thousands = !letters && t.split('.').skip(1).all(|g| g.len() == 3) && t.contains('.');
    (letters || joined || leading_zero) && !thousands
}

/// A code, then the rest of the cell (`01.01 Programmazione, coordinamento…`).
static LEADING_CODE: crate::text::Rule = crate::text::Rule::new(
    r"(?s)^\s*((?:[A-Za-z]{1,6}\.?\s?)?[0-9]+(?:[._/-][0-9A-Za-z]+)*\.?)\s+(\S.*)$",
);

/// An entry that opens with its code and goes on with its title (`01.01
/// Programmazione, coordinamento e rendicontazione finanziaria. - Ricognizione …`,
/// Ozieri PDO 2016): the code ([`is_code`]: `1.` or `2016` are not codes) and the
/// rest, which starts with a capital and has two words or more.
pub fn leading_code<'a>(cell: &'a str, cfg: &HeaderMatching) -> Option<(&'a str, &'a str)> {
    let c = LEADING_CODE.captures(cell)?;
    let (code, rest) = (c.get(1)?.as_str(), c.get(2)?.as_str());
    let titled = rest.chars().next().is_some_and(char::is_uppercase)
        && rest.split_whitespace().nth(1).is_some();
    (titled && is_code(code, cfg)).then_some((code, rest))
}

/// Whether a cell names an organisational unit: its first word is one the
/// vocabulary's settore wordings use before any other role's (`Servizio Tributi`,
/// `Ufficio Tecnico`, `SERVIZIO BILANCIO, SPESE E …`), and it does not open with a
/// code (an objective entry).
pub fn names_unit(m: &Matcher, cell: &str) -> bool {
    let Some(first) = cell.split_whitespace().next() else {
        return false;
    };
    m.word_role(first.trim_end_matches([':', ',', '.'])) == Some(Role::Settore)
        && leading_code(cell, m.rules()).is_none()
}

/// Whether a cell names people: each part (split at `/`, `;`, ` – `, ` e `) is two to
/// `max_name_words` capitalised words after the titles of `titles` are removed, and
/// none is a word of the vocabulary (a settore such as `Servizi Sociali` reads like a
/// name but its words are wordings or prefixes).
pub fn is_people(cell: &str, titles: &[String], m: &Matcher, max_name_words: usize) -> bool {
    let t = strip_brackets(cell);
    let parts: Vec<&str> = t
        .split(['/', ';', '–', '—'])
        .flat_map(|p| p.split(" e "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    !parts.is_empty() && parts.iter().all(|p| is_name(p, titles, m, max_name_words))
}

/// The column's first `content_sample` non-blank cell texts, trimmed: what every
/// content test of a column reads, so a long column costs no more than a short one.
fn sampled<'c>(cells: &[&'c TableCell], cfg: &HeaderMatching) -> Vec<&'c str> {
    cells
        .iter()
        .map(|&c| c.text.trim())
        .filter(|t| !t.is_empty())
        .take(cfg.content_sample)
        .collect()
}

/// Share of non-blank cells that carry a person title (`Dott.ssa`, `Ing.`).
fn titled_share(cells: &[&TableCell], titles: &[String]) -> f64 {
    let texts: Vec<&str> = cells
        .iter()
        .map(|c| c.text.trim())
        .filter(|t| !t.is_empty())
        .collect();
    let titled = texts
        .iter()
        .filter(|t| {
            t.split_whitespace()
                .any(|w| titles.contains(&crate::normalize::fold(w)))
        })
        .count();
    titled as f64 / texts.len().max(1) as f64
}

fn strip_brackets(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether one part of a cell is a name: two to `max_name_words` capitalised words
/// once the titles of `titles` are set aside, none a word of the vocabulary.
///
/// Read word by word, and given up at the first word that cannot be in a name (not
/// capitalised, or one too many): most cells tested are prose, and folding each of
/// their words to look for a title was a third of [`is_people`] on piao-chiavari
/// (perf). The tests are pure and all must hold, so the answer is the same.
fn is_name(part: &str, titles: &[String], m: &Matcher, max_name_words: usize) -> bool {
    let capitalised = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().all(|c| c.is_alphabetic() || "'’-.".contains(c))
    };
    let mut words: Vec<&str> = Vec::new();
    for w in part.split_whitespace() {
        if titles.contains(&crate::normalize::fold(w)) {
            continue;
        }
        if !capitalised(w) || words.len() == max_name_words {
            return false;
        }
        words.push(w);
    }
    words.len() >= 2 && !words.iter().any(|w| m.knows_word(w))
}

/// A date, or a deadline written with one (`31/12/2025`, `entro il 30/06/2026`).
static DEADLINE: crate::text::Rule = crate::text::Rule::new(
    r"(?i)^(?:entro\s+(?:il\s+)?|al\s+|dal\s+)?[0-3]?[0-9]\s*[/.-]\s*[01]?[0-9]\s*[/.-]\s*(?:19|20)?[0-9]{2}$",
);

/// Whether a cell is a clause headed by a verb in the infinitive: its first word
/// capitalised, of at least five letters, ending in `-are`, `-ere`, `-ire` or `-rre`
/// (`ridurre`, `produrre`, `porre`), and the clause of two words or more (`Ridurre
/// l'incidentalità`).
fn is_aim(cell: &str) -> bool {
    let mut words = cell.split_whitespace();
    let Some(first) = words.next() else {
        return false;
    };
    let f = crate::normalize::fold(first);
    let letters = f.chars().all(char::is_alphabetic) && f.chars().count() >= 5;
    first.chars().next().is_some_and(char::is_uppercase)
        && letters
        && ["are", "ere", "ire", "rre"].iter().any(|e| f.ends_with(e))
        && words.next().is_some()
}

/// A test on one cell's text.
type CellTest<'a> = dyn Fn(&str) -> bool + 'a;

/// What the content rules need besides the cells.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    /// The header matcher (its vocabulary and rules).
    pub matcher: &'a Matcher,
    /// Person titles, folded (`dott.ssa`, `ing.`).
    pub titles: &'a [String],
    /// Most words of a person's name ([`crate::config::NormalizeRules::max_name_tokens`]).
    pub max_name_words: usize,
}

impl Reader<'_> {
    /// Whether a cell names a unit ([`names_unit`]).
    fn is_unit(&self, cell: &str) -> bool {
        names_unit(self.matcher, cell)
    }

    /// Whether a one-column table under an objectives header lists objectives: its
    /// cells, the unit rows above each group set aside ([`names_unit`]), are entries
    /// that open with a code and a title ([`leading_code`]): at least
    /// [`HeaderMatching::list_min_entries`] of them, and
    /// [`HeaderMatching::content_share`] of the cells.
    fn lists_entries(&self, cells: &[&TableCell]) -> bool {
        let cfg = self.matcher.rules();
        let texts: Vec<&str> = cells
            .iter()
            .map(|c| c.text.trim())
            .filter(|t| !t.is_empty() && !self.is_unit(t))
            .take(cfg.content_sample)
            .collect();
        let coded = texts
            .iter()
            .filter(|t| leading_code(t, cfg).is_some())
            .count();
        coded >= cfg.list_min_entries && coded as f64 >= cfg.content_share * texts.len() as f64
    }

    /// Whether a column has a filled cell and every filled cell names a unit. A
    /// person's name never opens with a unit's word, so under a person's header one
    /// cell is evidence enough (a merged `Responsabile` cell over all the rows of a
    /// short table, Castenedolo PP 2015), where the other shapes need
    /// [`HeaderMatching::content_min_cells`].
    fn all_units(&self, cells: &[&TableCell]) -> bool {
        let mut filled = cells
            .iter()
            .map(|c| c.text.trim())
            .filter(|t| !t.is_empty())
            .peekable();
        filled.peek().is_some() && filled.all(|t| self.is_unit(t))
    }

    /// Whether the column holds codes or numbers (`01`, `10`, `0104.1`): at least
    /// `content_share` of its sampled non-blank cells are [`is_code`] or a plain
    /// number, as the codes of a classification are printed beside its names (`Miss.`
    /// `01` … `10` | `Missione`, h4-molfetta: `10` is no code on its own).
    pub fn numbers(&self, cells: &[&TableCell]) -> bool {
        let cfg = self.matcher.rules();
        let texts = sampled(cells, cfg);
        let coded = texts
            .iter()
            .filter(|t| is_code(t, cfg) || t.chars().all(|c| c.is_ascii_digit()))
            .count();
        texts.len() >= cfg.content_min_cells
            && coded as f64 / texts.len() as f64 >= cfg.content_share
    }

    /// The shape most cells of a column have, if at least `content_share` of its
    /// `content_min_cells` or more non-blank cells have it.
    pub fn shape(&self, cells: &[&TableCell]) -> Option<Shape> {
        let cfg = self.matcher.rules();
        let texts = sampled(cells, cfg);
        if texts.len() < cfg.content_min_cells {
            return None;
        }
        let share = |f: &dyn Fn(&str) -> bool| reaches_share(&texts, f, cfg.content_share);
        let m = self.matcher;
        let shapes: [(Shape, &CellTest); 6] = [
            (Shape::Codes, &|t| is_code(t, cfg)),
            (Shape::Dates, &|t| DEADLINE.is_match(t)),
            (Shape::Aims, &|t| is_aim(t)),
            (Shape::People, &|t| {
                is_people(t, self.titles, m, self.max_name_words)
            }),
            (Shape::Units, &|t| self.is_unit(t)),
            (Shape::Prose, &|t| {
                t.split_whitespace().count() >= cfg.prose_min_words
            }),
        ];
        shapes.into_iter().find(|(_, f)| share(*f)).map(|(s, _)| s)
    }
}

/// Whether at least `share` of `texts` pass `test`, i.e. `passed / texts.len() >=
/// share`. Counting stops as soon as the answer is known: once the passes so far
/// reach the share, or once even every text left passing could not. The tests are
/// pure and the quotient grows with the count, so the answer is the full count's;
/// the person-name test ([`is_people`]) costs the most and used to be asked of every
/// sampled cell of every column for each shape.
fn reaches_share(texts: &[&str], test: &dyn Fn(&str) -> bool, share: f64) -> bool {
    let n = texts.len() as f64;
    let mut passed = 0usize;
    for (i, t) in texts.iter().enumerate() {
        if passed as f64 / n >= share {
            return true;
        }
        if ((passed + texts.len() - i) as f64) / n < share {
            return false;
        }
        passed += usize::from(test(t));
    }
    passed as f64 / n >= share
}

/// What each column's content says of its role ([`Hint`]), given the header
/// (`rows`: the data rows). Codes, person names, units and dates give their role to a
/// column whose header read a text role or none, and confirm a header that agrees;
/// sentences rule out the code roles (`Obiettivo di PEG` over titles is not the
/// `Codice PEG`).
pub fn hints(header: &[String], rows: &[Vec<TableCell>], reader: &Reader) -> Vec<Hint> {
    if let Some(list) = entry_list(header, rows, reader) {
        return vec![list];
    }
    header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let cells: Vec<&TableCell> = rows.iter().filter_map(|r| r.get(i)).collect();
            let header = reader.matcher.role(h).map(|m| m.role);
            let hint = match reader.shape(&cells) {
                Some(s) => hint(s, header, &cells, reader),
                None if header == Some(Role::Dirigente) && reader.all_units(&cells) => {
                    hint(Shape::Units, header, &cells, reader)
                }
                None => Hint::default(),
            };
            let hint = Hint {
                codes: reader.numbers(&cells),
                filled: cells.iter().filter(|c| !c.text.trim().is_empty()).count(),
                ..hint
            };
            no_share(hint, &cells, reader)
        })
        .collect()
}

/// A share achieved and a weight are figures (`95%`, `100`, `0,8`; `20`, `15%`): a
/// column of words with no digit in any of its `content_min_cells` or more cells is no
/// achievement and no weight column, whatever its header's words say (h13-fidenza:
/// `Grado di importanza` over `Alta`, `Media`, `Bassa`, a rank of importance, neither a
/// share attained nor a peso), as a card's weight field with no digit is no weight.
fn no_share(mut hint: Hint, cells: &[&TableCell], reader: &Reader) -> Hint {
    let cfg = reader.matcher.rules();
    let texts = sampled(cells, cfg);
    if texts.len() < cfg.content_min_cells
        || texts.iter().any(|t| t.chars().any(|c| c.is_ascii_digit()))
    {
        return hint;
    }
    let (mut roles, why) = hint
        .rule_out
        .take()
        .unwrap_or_else(|| (Vec::new(), "words, no figure".to_string()));
    roles.extend([Role::Achievement, Role::Weight]);
    hint.rule_out = Some((roles, why));
    hint
}

/// A one-column table whose header names objectives (or their description) and
/// whose cells are coded entries ([`Reader::lists_entries`]): each cell is an
/// objective, its code, title and description printed together (a PDO sheet's
/// `DESCRIZIONE OBIETTIVI`, Ozieri PDO 2016), so the column is the objective column.
fn entry_list(header: &[String], rows: &[Vec<TableCell>], reader: &Reader) -> Option<Hint> {
    let [h] = header else {
        return None;
    };
    let role = reader.matcher.role(h).map(|m| m.role);
    if !matches!(role, Some(Role::Objective | Role::ObjectiveDescription)) {
        return None;
    }
    let cells: Vec<&TableCell> = rows.iter().filter_map(|r| r.first()).collect();
    reader.lists_entries(&cells).then(|| Hint {
        give: Some((
            Role::Objective,
            "entries opening with a code and a title, one objective a cell".to_string(),
        )),
        rule_out: None,
        prose: true,
        codes: false,
        filled: cells.iter().filter(|c| !c.text.trim().is_empty()).count(),
    })
}

/// One column's hint from its shape and its header's own reading.
fn hint(s: Shape, header: Option<Role>, cells: &[&TableCell], reader: &Reader) -> Hint {
    let cfg = reader.matcher.rules();
    let codes = [Role::ObjectiveCode, Role::IndicatorCode];
    let give = match (s, header) {
        (Shape::Codes, Some(r @ (Role::ObjectiveCode | Role::IndicatorCode))) => Some(r),
        (Shape::Codes, Some(Role::Indicator)) => Some(Role::IndicatorCode),
        (Shape::Codes, None | Some(Role::Objective | Role::ObjectiveDescription)) => {
            Some(Role::ObjectiveCode)
        }
        (Shape::People, None | Some(Role::Dirigente)) => Some(Role::Dirigente),
        // A settore header over names: only when the names carry titles, since a
        // unit's name (`Polizia Locale`) reads like a person's.
        (Shape::People, Some(Role::Settore))
            if titled_share(cells, reader.titles) >= cfg.content_share =>
        {
            Some(Role::Dirigente)
        }
        // units under a person's header (`Responsabile` over `Area servizi
        // finanziari`, Castenedolo PP 2015): the unit that answers for the objective
        (
            Shape::Units,
            None | Some(Role::Settore | Role::InvolvedUnits | Role::Strategic | Role::Dirigente),
        ) => Some(Role::Settore),
        (Shape::Dates, None | Some(Role::Deadline)) => Some(Role::Deadline),
        // aims under a header read as a value (`Impatto atteso` read as a target):
        // values are never clauses, and a column of aims is what a finalità holds
        (
            Shape::Aims,
            Some(
                Role::Purpose
                | Role::Target
                | Role::Actual
                | Role::Baseline
                | Role::Deviation
                | Role::Achievement,
            ),
        ) => Some(Role::Purpose),
        _ => None,
    };
    let what = match s {
        Shape::Codes => "codes",
        Shape::People => "person names",
        Shape::Units => "unit names",
        Shape::Dates => "dates",
        Shape::Aims => "aims (clauses headed by an infinitive)",
        Shape::Prose => "sentences",
    };
    Hint {
        give: give.map(|r| (r, what.to_string())),
        rule_out: (s == Shape::Prose).then(|| (codes.to_vec(), what.to_string())),
        prose: matches!(s, Shape::Prose),
        codes: false,
        filled: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(texts: &[&str]) -> Vec<TableCell> {
        texts
            .iter()
            .map(|t| TableCell {
                text: t.to_string(),
                prov: None,
                bold: None,
            })
            .collect()
    }

    #[test]
    fn an_entry_opens_with_a_code_and_a_title() {
        let cfg = HeaderMatching::default();
        let cases: [(&str, Option<(&str, &str)>); 7] = [
            // Ozieri PDO 2016
            (
                "01.01 Programmazione, coordinamento e rendicontazione finanziaria.",
                Some((
                    "01.01",
                    "Programmazione, coordinamento e rendicontazione finanziaria.",
                )),
            ),
            // g-tempio-pdo-2019
            (
                "VT.1 Piano di manutenzione",
                Some(("VT.1", "Piano di manutenzione")),
            ),
            (
                "3.1 Catalogazione del fondo",
                Some(("3.1", "Catalogazione del fondo")),
            ),
            // a year, a list number, a lower-case run, a one-word rest: no entry
            ("2016 Programmazione finanziaria", None),
            ("1. Programmazione finanziaria", None),
            ("01.01 programmazione finanziaria", None),
            ("01.01 Programmazione", None),
        ];
        for (cell, want) in cases {
            assert_eq!(leading_code(cell, &cfg), want, "{cell}");
        }
    }

    #[test]
    fn a_one_column_table_of_entries_under_an_objectives_header_lists_objectives() {
        // Ozieri PDO 2016: a unit row, then an entry
        let m = Matcher::builtin();
        let reader = Reader {
            matcher: m,
            titles: &[],
            max_name_words: 4,
        };
        let rows: Vec<Vec<TableCell>> = [
            "SERVIZIO BILANCIO, SPESE E GESTIONE ECONOMICA PERSONALE",
            "01.01 Programmazione, coordinamento e rendicontazione finanziaria. - Ricognizione",
        ]
        .iter()
        .map(|t| cells(&[t]))
        .collect();
        let header = ["DESCRIZIONE OBIETTIVI".to_string()];
        let h = hints(&header, &rows, &reader);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].give.as_ref().map(|g| g.0), Some(Role::Objective));
        // the same cells under a header of another role, or in two columns: no list
        let other = ["Note".to_string()];
        assert!(hints(&other, &rows, &reader)[0].give.is_none());
        assert!(names_unit(
            m,
            "SERVIZIO BILANCIO, SPESE E GESTIONE ECONOMICA PERSONALE"
        ));
        assert!(names_unit(m, "Ufficio Cultura e Spettacolo"));
        assert!(!names_unit(m, "01.01 Servizio di bilancio"));
    }

    #[test]
    fn words_with_no_figure_are_no_share_achieved_and_no_weight() {
        let m = Matcher::builtin();
        let reader = Reader {
            matcher: m,
            titles: &[],
            max_name_words: 4,
        };
        // h13-fidenza: `Grado di importanza` over Alta / Media / Bassa; h13-bra's
        // `Grado di raggiungimento` over percentages keeps its role
        let words: Vec<Vec<TableCell>> = ["Media", "Alta", "Bassa"]
            .iter()
            .map(|t| cells(&[t]))
            .collect();
        let shares: Vec<Vec<TableCell>> =
            ["100%", "95%", "88%"].iter().map(|t| cells(&[t])).collect();
        let h = hints(&["Grado di importanza".to_string()], &words, &reader);
        assert!(
            h[0].rule_out
                .as_ref()
                .is_some_and(|(r, _)| r.contains(&Role::Achievement))
        );
        let h = hints(&["Grado di raggiungimento".to_string()], &shares, &reader);
        assert!(h[0].rule_out.is_none());
        let columns = m.assign(
            &["Grado di importanza".to_string()],
            &hints(&["Grado di importanza".to_string()], &words, &reader),
        );
        assert!(
            !matches!(columns[0].role, Some(Role::Achievement | Role::Weight)),
            "{columns:?}"
        );
    }

    #[test]
    fn units_under_a_persons_header_are_the_settore() {
        // Castenedolo PP 2015: `Responsabile` over one merged cell naming an area
        let m = Matcher::builtin();
        let reader = Reader {
            matcher: m,
            titles: &[],
            max_name_words: 4,
        };
        let header = vec!["Responsabile".to_string()];
        let rows: Vec<Vec<TableCell>> = cells(&["Area servizi finanziari e del commercio", ""])
            .into_iter()
            .map(|c| vec![c])
            .collect();
        let h = hints(&header, &rows, &reader);
        assert_eq!(
            h[0].give.as_ref().map(|g| g.0),
            Some(Role::Settore),
            "{h:?}"
        );
        // a person's name there stays the dirigente's
        let rows: Vec<Vec<TableCell>> = cells(&["Rossi Mario", ""])
            .into_iter()
            .map(|c| vec![c])
            .collect();
        let h = hints(&header, &rows, &reader);
        assert!(h[0].give.is_none(), "{h:?}");
    }

    #[test]
    fn codes_of_many_comuni_and_numbers_that_are_not() {
        let cfg = HeaderMatching::default();
        // code shapes of issue 16/18 and the seeds
        for c in [
            "OB.1.2",
            "1.2.3",
            "2025_01",
            "01.02",
            "0102",
            "OS1",
            "DUP 1.3",
            "25.29.2.1.05_0001",
            "970_0006",
            "1.3.2_0003",
        ] {
            assert!(is_code(c, &cfg), "{c}");
        }
        for n in [
            "30",
            "100%",
            "1,5",
            "200.500",
            "Entro il 31/12",
            "Mario Rossi",
            "",
        ] {
            assert!(!is_code(n, &cfg), "{n}");
        }
    }

    #[test]
    fn aims_are_clauses_headed_by_an_infinitive() {
        // development set g-roles-36/37 (`Impatto atteso` over aims)
        for a in [
            "Ridurre l'incidentalità",
            "Semplificare l'accesso al servizio",
            "Sostenere la conciliazione vita-lavoro",
            "Favorire l'inclusione",
        ] {
            assert!(is_aim(a), "{a}");
        }
        for n in [
            "≥ 78%",
            "Riduzione dei tempi",
            "Ridurre",
            "entro il 2025",
            "Mare",
        ] {
            assert!(!is_aim(n), "{n}");
        }
    }

    #[test]
    fn people_and_units_that_read_like_them() {
        let m = Matcher::builtin();
        let titles: Vec<String> = ["dott.", "dott.ssa", "ing.", "arch."]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for p in [
            "Dott.ssa Anna Neri",
            "Ing. Paolo Verdi",
            "ROSSI Mario",
            "Bondioni Maria Chiara",
            "Donadio (ad interim) Giovanni",
            "Vailati Paolo – Benfatto Francesco Antonio",
        ] {
            assert!(is_people(p, &titles, m, 5), "{p}");
        }
        for n in [
            "Settore Lavori Pubblici",
            "Servizio Tributi",
            "entro il 2025",
            "Obiettivo",
        ] {
            assert!(!is_people(n, &titles, m, 5), "{n}");
        }
    }
}
