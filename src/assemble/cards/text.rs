//! Cards printed as running text: `Label: value` paragraphs (labels in capitals or
//! not, lettered `a)` or numbered `1.` or bulleted), or labels on a line of their own
//! with the value in the paragraphs below.
//!
//! The lines are read in order. A field line opens a field; the lines after it go on
//! with its value while the paragraph wraps, or (after a paragraph end) while they
//! are indented past the label ([`AssembleTolerances::field_indent`]); a label on its
//! own line takes every line up to the next label, title or heading. A card starts at
//! a numbered title line, at a label whose role the open card already has (its first
//! label, or any label of the objective), or where the markers start again (`a)`
//! after `i)`). The paragraph right above a card's first field is its title; a line
//! in capitals above it is its group. A run whose labels hold fewer than
//! [`AssembleTolerances::card_min_fields`] roles is no card.

use super::label::{self, Labels, Parsed};
use super::{Card, Field, distinct_roles, is_objective_role};
use crate::assemble::flow::{self, FlowLine};
use crate::assemble::{Value, Warning};
use crate::config::AssembleTolerances;
use std::collections::BTreeMap;

/// The type's code: the letter the type text starts with (`A-`, `F -`, seed 004).
static TYPE_CODE: crate::text::Rule = crate::text::Rule::new(r"^([A-Z])\s*[-–—)]");

/// The letter code of a type (`F - Obiettivi di gestione` → `F`).
pub fn type_code(t: &str) -> Option<String> {
    let c = TYPE_CODE.captures(t.trim())?;
    c.get(1).map(|m| m.as_str().to_string())
}

/// A group heading: a line in capitals (`AREA 1 AFFARI GENERALI`, `POLIZIA LOCALE`,
/// seed 004 lines 119, 760) with at least
/// [`AssembleTolerances::heading_min_letters`] letters.
pub fn is_group_heading(line: &str, tol: &AssembleTolerances) -> bool {
    let mut n = 0;
    for c in line.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        n += 1;
    }
    n >= tol.heading_min_letters
}

/// What one line is.
enum Kind {
    Field(Parsed),
    Title(label::Title),
    /// A line in capitals: it ends the card above; it names the group of the cards
    /// below unless it names the plan itself (`names_group` false).
    Heading {
        names_group: bool,
    },
    Other,
}

/// What line `l` is, given its reading as a field (`field`: [`label::field`] of its
/// text, read once per line by [`read`]).
fn classify(
    l: &FlowLine,
    field: Option<Parsed>,
    m: &Labels,
    document: &dyn Fn(&str) -> bool,
    tol: &AssembleTolerances,
    learned: &[&str],
) -> Kind {
    if let Some(p) = field {
        return Kind::Field(p);
    }
    let text = l.text.trim();
    if learned.contains(&text) {
        return Kind::Field(Parsed {
            marker: None,
            label: text.to_string(),
            value: String::new(),
            role: m.role(text),
            own_line: true,
        });
    }
    if is_group_heading(&l.text, tol) {
        return Kind::Heading {
            names_group: !document(&l.text),
        };
    }
    match label::title(&l.text) {
        Some(t) => Kind::Title(t),
        None => Kind::Other,
    }
}

/// A field being read.
struct OpenField<'a> {
    parsed: Parsed,
    left: f64,
    lines: Vec<&'a FlowLine>,
    texts: Vec<String>,
}

/// A card being read.
#[derive(Default)]
struct Draft<'a> {
    number: Option<String>,
    group: Option<String>,
    title: Option<(String, Vec<&'a FlowLine>)>,
    fields: Vec<OpenField<'a>>,
    notes: Vec<&'a FlowLine>,
}

impl<'a> Draft<'a> {
    /// Whether the field `p` starts another card rather than going on with this one.
    fn starts_another(&self, p: &Parsed) -> bool {
        let Some(first) = self.fields.first() else {
            return false;
        };
        let same = |f: &OpenField| match (f.parsed.role, p.role) {
            (Some(a), Some(b)) => a == b,
            (None, None) => {
                crate::normalize::fold(&f.parsed.label) == crate::normalize::fold(&p.label)
            }
            _ => false,
        };
        if same(first) {
            return true;
        }
        if p.role.is_some_and(|(r, _)| is_objective_role(r)) && self.fields.iter().any(same) {
            return true;
        }
        // markers start again: `a)` after `i)`, `1.` after `6.`
        let last = self
            .fields
            .iter()
            .rev()
            .find_map(|f| f.parsed.marker.as_deref());
        matches!((last, p.marker.as_deref()), (Some(l), Some(n)) if restarts(l, n))
    }

    fn finish(self, tol: &AssembleTolerances) -> Option<Card> {
        let fields: Vec<Field> = self
            .fields
            .into_iter()
            .map(|f| {
                let parts: Vec<&str> = f.texts.iter().map(String::as_str).collect();
                Field {
                    role: f.parsed.role.map(|r| r.0),
                    label: f.parsed.label,
                    value: Value {
                        text: flow::join(&parts),
                        prov: flow::span(&f.lines),
                    },
                    marker: f.parsed.marker,
                    year: None,
                }
            })
            .collect();
        if distinct_roles(&fields) < tol.card_min_fields {
            return None;
        }
        let title = self.title.map(|(text, lines)| Value {
            text,
            prov: flow::span(&lines),
        });
        // without a numbered title, the number before the title field (`1. Titolo:`)
        let number = self.number.or_else(|| {
            fields
                .iter()
                .find(|f| f.role == Some(crate::vocab::Role::Objective))
                .and_then(|f| f.marker.clone())
                .filter(|m| m.chars().all(|c| c.is_ascii_digit()))
        });
        let notes: Vec<&str> = self.notes.iter().map(|l| l.text.as_str()).collect();
        let prov = title
            .as_ref()
            .and_then(|t| t.prov)
            .or_else(|| fields.first().and_then(|f| f.value.prov));
        Some(Card {
            number,
            group: self.group,
            title,
            notes: (!notes.is_empty()).then(|| Value {
                text: flow::join(&notes),
                prov: flow::span(&self.notes),
            }),
            fields,
            prov,
        })
    }
}

/// Whether marker `next` starts the list again after `last` (`a` after `i`, `1` after
/// `6`).
fn restarts(last: &str, next: &str) -> bool {
    match (last.parse::<u32>(), next.parse::<u32>()) {
        (Ok(l), Ok(n)) => n < l,
        _ => {
            let (l, n) = (last.to_lowercase(), next.to_lowercase());
            l.len() == 1 && n.len() == 1 && n < l
        }
    }
}

/// Whether marker `next` comes right after `last` (`4` after `3`, `e` after `d`).
fn follows(last: &str, next: &str) -> bool {
    match (last.parse::<u32>(), next.parse::<u32>()) {
        (Ok(l), Ok(n)) => n == l + 1,
        _ => {
            let (l, n) = (last.to_lowercase(), next.to_lowercase());
            let (mut lc, mut nc) = (l.chars(), n.chars());
            match (lc.next(), nc.next(), lc.next(), nc.next()) {
                (Some(a), Some(b), None, None) => {
                    a.is_alphabetic() && char::from_u32(a as u32 + 1) == Some(b)
                }
                _ => false,
            }
        }
    }
}

/// The reader's state over the lines.
struct Reader<'a, 'b> {
    tol: &'b AssembleTolerances,
    cards: Vec<Card>,
    open: Option<Draft<'a>>,
    /// Lines since the last field ended that belong to no field: the next card's
    /// title, or notes of the open card.
    pending: Vec<&'a FlowLine>,
    pending_title: Option<label::Title>,
    group: Option<String>,
    field_open: bool,
    /// `Label: value` labels the vocabulary does not know that the cards repeat
    /// ([`repeated_inline_labels`]).
    repeated: Vec<String>,
}

impl<'a> Reader<'a, '_> {
    fn close(&mut self) {
        if let Some(d) = self.open.take() {
            self.cards.extend(d.finish(self.tol));
        }
        self.field_open = false;
    }

    /// A new card from the pending lines: a numbered title line among them (with the
    /// lines it wraps into) is its title, else the last paragraph; the lines after a
    /// numbered title are the card's notes.
    fn start(&mut self) {
        self.close();
        let mut d = Draft {
            group: self.group.clone(),
            ..Draft::default()
        };
        let pending = std::mem::take(&mut self.pending);
        let numbered = self.pending_title.take();
        if !pending.is_empty() {
            let start = match numbered {
                Some(_) => 0,
                None => {
                    let mut s = pending.len() - 1;
                    while s > 0 && pending[s - 1].wraps_into(pending[s], self.tol) {
                        s -= 1;
                    }
                    s
                }
            };
            let mut end = start + 1;
            while end < pending.len() && pending[end - 1].wraps_into(pending[end], self.tol) {
                end += 1;
            }
            let lines: Vec<&FlowLine> = pending[start..end].to_vec();
            let numbered = numbered.or_else(|| label::title(&pending[start].text));
            let head = match &numbered {
                Some(t) => {
                    d.number = Some(t.number.clone());
                    t.text.clone()
                }
                None => pending[start].text.clone(),
            };
            let mut parts = vec![head.as_str()];
            parts.extend(lines.iter().skip(1).map(|l| l.text.as_str()));
            d.title = Some((flow::join(&parts), lines));
            d.notes = pending[end..].to_vec();
        }
        self.open = Some(d);
    }

    fn field(&mut self, l: &'a FlowLine, p: Parsed) {
        let new = match &self.open {
            None => true,
            Some(d) => self.pending_title.is_some() || d.starts_another(&p),
        };
        if new {
            self.start();
        } else if self.next_in_sequence(&p) {
            self.carry_pending_into_last_field();
        } else if let Some(d) = self.open.as_mut() {
            d.notes.append(&mut self.pending);
        }
        if let Some(d) = self.open.as_mut() {
            let texts = if p.value.is_empty() {
                Vec::new()
            } else {
                vec![p.value.clone()]
            };
            d.fields.push(OpenField {
                left: l.left(),
                lines: vec![l],
                texts,
                parsed: p,
            });
            self.field_open = true;
        }
    }

    /// The paragraphs between a numbered field and the next number of its list are
    /// more of that field's value, not notes of the card: a list item runs until the
    /// next item starts, however its paragraphs are spaced (h4-nuoro by TCPDF, which
    /// sets every item and a description's second paragraph `Si prevede inoltre ...`
    /// one blank line apart and flush left, so no indent or wrap ties it to `3)
    /// Descrizione sintetica:`).
    fn carry_pending_into_last_field(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        match self.open.as_mut().and_then(|d| d.fields.last_mut()) {
            Some(f) if !f.parsed.own_line => {
                f.texts.extend(pending.iter().map(|l| l.text.clone()));
                f.lines.extend(pending);
            }
            _ => {
                if let Some(d) = self.open.as_mut() {
                    d.notes.extend(pending);
                }
            }
        }
    }

    /// Whether `l` stands where the open field's value lines stand, indented past its
    /// label: a line there is more of the value whatever it reads like (004 page 26,
    /// `Le azioni in tale ambito gestionale sono:` inside a description).
    fn inside_value(&self, l: &FlowLine) -> bool {
        let Some(f) = self.open.as_ref().and_then(|d| d.fields.last()) else {
            return false;
        };
        let indent = self.tol.field_indent;
        let cont = f
            .lines
            .iter()
            .skip(1)
            .map(|x| x.left())
            .fold(f64::INFINITY, f64::min);
        self.field_open
            && !f.parsed.own_line
            && cont.is_finite()
            && cont > f.left + indent
            && l.left() >= cont - indent
    }

    /// Whether `p`'s marker is the one after the open field's (`4.` after `3.`, `e)`
    /// after `d)`): the next field of a numbered list, whatever its label, even where
    /// the value above filled its last line (hcard-viterbo card 7, `4. Parole chiave:`
    /// after a description that wraps to the margin).
    fn next_in_sequence(&self, p: &Parsed) -> bool {
        let last = self
            .open
            .as_ref()
            .and_then(|d| d.fields.last())
            .and_then(|f| f.parsed.marker.as_deref());
        match (last, p.marker.as_deref()) {
            (Some(l), Some(n)) => follows(l, n),
            _ => false,
        }
    }

    /// Whether `l` goes on with the open field's value.
    fn continues(&self, prev: &FlowLine, l: &FlowLine) -> bool {
        let Some(f) = self.open.as_ref().and_then(|d| d.fields.last()) else {
            return false;
        };
        if !self.field_open {
            return false;
        }
        if f.parsed.own_line {
            return true;
        }
        prev.wraps_into(l, self.tol) || l.left() > f.left + self.tol.field_indent
    }

    fn line(&mut self, prev: Option<&FlowLine>, l: &'a FlowLine, kind: Kind) {
        // inside a value that wraps or is indented, a numbered line (`1. Attivazione
        // ...`, seed 004), a line in capitals or a label the vocabulary does not know
        // is more of the value
        let inline = self
            .open
            .as_ref()
            .and_then(|d| d.fields.last())
            .is_some_and(|f| !f.parsed.own_line);
        // a label on its own line is followed by its value, whatever that reads like
        // (`Settore Polizia Locale` under `Servizio responsabile`, card-spoleto)
        let awaited = self.field_open
            && self
                .open
                .as_ref()
                .and_then(|d| d.fields.last())
                .is_some_and(|f| f.parsed.own_line && f.texts.is_empty());
        let kind = match kind {
            _ if awaited => Kind::Other,
            Kind::Field(_) | Kind::Title(_) | Kind::Heading { .. } if self.inside_value(l) => {
                Kind::Other
            }
            Kind::Title(_) | Kind::Heading { .. }
                if inline && prev.is_some_and(|q| self.continues(q, l)) =>
            {
                Kind::Other
            }
            Kind::Field(p)
                if inline
                    && (p.role.is_none() || p.own_line)
                    && !self.repeated.contains(&p.label)
                    && !self.next_in_sequence(&p)
                    && prev.is_some_and(|q| self.continues(q, l)) =>
            {
                Kind::Other
            }
            k => k,
        };
        match kind {
            Kind::Field(p) => self.field(l, p),
            Kind::Heading { names_group } => {
                self.close();
                self.pending.clear();
                self.pending_title = None;
                if names_group {
                    self.group = Some(flow::join(&[l.text.as_str()]));
                }
            }
            Kind::Title(t) => {
                self.field_open = false;
                self.pending.clear();
                self.pending.push(l);
                self.pending_title = Some(t);
            }
            Kind::Other => {
                if prev.is_some_and(|p| self.continues(p, l))
                    && let Some(f) = self.open.as_mut().and_then(|d| d.fields.last_mut())
                {
                    f.lines.push(l);
                    f.texts.push(l.text.clone());
                } else {
                    self.field_open = false;
                    self.pending.push(l);
                }
            }
        }
    }
}

/// Labels printed on a line of their own that the vocabulary does not know, learned
/// from the cards' repetition: a short line printed as often as the most printed label
/// the vocabulary reads surely (at least [`AssembleTolerances::repeated_label_share`]
/// of its count, and twice) is the same label on every card (`Portatori di interesse`
/// on each of card-spoleto's six cards); values repeat less.
fn repeated_labels<'l>(
    lines: &[&'l FlowLine],
    m: &Labels,
    tol: &AssembleTolerances,
) -> Vec<&'l str> {
    let mut counts: std::collections::HashMap<&str, (usize, bool)> =
        std::collections::HashMap::new();
    for l in lines {
        let t = l.text.trim();
        if t.split_whitespace().count() > tol.own_line_max_words || t.contains(':') {
            continue;
        }
        let e = counts.entry(t).or_insert((0, false));
        e.0 += 1;
        if e.0 == 1 {
            e.1 = label::field(t, m, tol).is_some_and(|p| p.own_line && p.role.is_some());
        }
    }
    let least = least_repeats(counts.values(), tol);
    let mut out: Vec<&str> = counts
        .into_iter()
        .filter(|(t, (n, known))| {
            !known
                && *n >= least.max(2)
                && t.chars().next().is_some_and(char::is_uppercase)
                && !t.chars().any(|c| c.is_ascii_digit())
        })
        .map(|(t, _)| t)
        .collect();
    out.sort_unstable();
    out
}

/// How often an unknown label must be printed to be taken as a label: at least
/// [`AssembleTolerances::repeated_label_share`] of the count of the most printed label
/// the vocabulary reads (`counts`: each label's count and whether it is known), so a
/// label is learned only where the cards repeat it as often as their known ones.
fn least_repeats<'a>(
    counts: impl Iterator<Item = &'a (usize, bool)>,
    tol: &AssembleTolerances,
) -> usize {
    let reference = counts
        .filter(|(_, known)| *known)
        .map(|(n, _)| *n)
        .max()
        .unwrap_or(0);
    (tol.repeated_label_share * reference as f64).ceil() as usize
}

/// `Label: value` labels the vocabulary does not know, learned from the cards'
/// repetition as [`repeated_labels`] learns labels on a line of their own: printed as
/// often as the most printed label it reads (at least
/// [`AssembleTolerances::repeated_label_share`] of that count, and twice). Such a label
/// starts a field even after a line that fills the width: h3-porlezza's `Dimensione
/// della performance: Efficienza temporale` under a description that jsPDF's line
/// breaking ran to the margin was read as more of the description.
///
/// `fields`: each line's reading as a field ([`label::field`]), as [`read`] made them.
fn repeated_inline_labels(fields: &[Option<Parsed>], tol: &AssembleTolerances) -> Vec<String> {
    let mut counts: BTreeMap<&str, (usize, bool)> = BTreeMap::new();
    for p in fields.iter().flatten() {
        if !p.own_line && !p.value.is_empty() {
            let e = counts
                .entry(p.label.as_str())
                .or_insert((0, p.role.is_some()));
            e.0 += 1;
        }
    }
    let least = least_repeats(counts.values(), tol);
    counts
        .into_iter()
        .filter(|(_, (n, known))| !known && *n >= least.max(2))
        .map(|(label, _)| label.to_string())
        .collect()
}

/// Every card printed as running text among `lines` (the lines outside tables).
pub fn read(
    lines: &[&FlowLine],
    m: &Labels,
    document: &dyn Fn(&str) -> bool,
    tol: &AssembleTolerances,
    warnings: &mut Vec<Warning>,
) -> Vec<Card> {
    // each line read as a field once: the learning of labels and the classing of the
    // lines both ask it of every line (it was ~4% of the producer mix's CPU, read twice)
    let fields: Vec<Option<Parsed>> = lines
        .iter()
        .map(|l| label::field(&l.text, m, tol))
        .collect();
    let mut r = Reader {
        tol,
        cards: Vec::new(),
        open: None,
        pending: Vec::new(),
        pending_title: None,
        group: None,
        field_open: false,
        repeated: repeated_inline_labels(&fields, tol),
    };
    let learned = repeated_labels(lines, m, tol);
    let mut prev: Option<&FlowLine> = None;
    for (l, field) in lines.iter().zip(fields) {
        let kind = classify(l, field, m, document, tol, &learned);
        r.line(prev, l, kind);
        prev = Some(l);
    }
    r.close();
    let _ = warnings;
    r.cards
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_and_headings_of_the_seed() {
        // seed 004 line 123 and 434 (`F - ` with a space).
        assert_eq!(type_code("F - Obiettivi di gestione").as_deref(), Some("F"));
        assert_eq!(type_code("A- Obiettivi").as_deref(), Some("A"));
        let heading = |l: &str| is_group_heading(l, &AssembleTolerances::default());
        assert!(heading("AREA 1 AFFARI GENERALI"));
        assert!(heading("POLIZIA LOCALE"));
        assert!(!heading("PNRR"));
        assert!(!heading("2.2- Performance"));
    }

    #[test]
    fn markers_follow() {
        assert!(follows("3", "4"));
        assert!(follows("d", "e"));
        assert!(!follows("3", "5"));
        assert!(!follows("e", "d"));
        assert!(!follows("3", "b"));
    }

    #[test]
    fn markers_start_again() {
        assert!(restarts("i", "a"));
        assert!(restarts("6", "1"));
        assert!(!restarts("a", "b"));
        assert!(!restarts("1", "2"));
    }
}
