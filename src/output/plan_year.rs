//! The nested view: one document per plan and year, its objectives ([`ObjectiveRecord`])
//! with their indicators ([`IndicatorRecord`]) nested, as the typed record has them.

use super::pretty::Pretty;
use super::record::{IndicatorRecord, ObjectiveRecord};
use super::records::{indicator_record, objective_record};
use super::schema;
use crate::assemble::{Objective, Plan};
use crate::error::{Error, Result};
use crate::extract::{Extraction, NO_OBJECTIVES_NOTICE, Source};
use crate::grid::Method;
use crate::people::Ids;
use crate::tables::header::Column;
use crate::tables::{Table, TableCell, TableKind};
use serde::{Serialize, Serializer};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::Write;

/// One objective of a plan-year document: its fields, then its indicators, as
/// `#/$defs/objective` lays them out. It serialises straight to the written bytes: the
/// objective's parts are typed records whose keys, types and nullability are the
/// schema's (tests compare both), so no `Value` tree is built for it on the write path.
#[derive(Serialize)]
struct Nested {
    #[serde(flatten)]
    objective: ObjectiveRecord,
    indicators: Vec<IndicatorRecord>,
}

/// One objective nested (its indicators inside); `None` for one without indicators.
/// The objective's and the indicators' parts are those of its flat records
/// ([`objective_records`](super::records::objective_records)), made once each.
fn nest(o: &Objective, ids: &Ids) -> Option<Nested> {
    if o.indicators.is_empty() {
        return None;
    }
    Some(Nested {
        objective: objective_record(o, ids),
        indicators: o.indicators.iter().map(indicator_record).collect(),
    })
}

/// The rules of `#/$defs/objective` that the typed record does not fix by its types:
/// Missione / Programma codes of two digits, pages from 1, boxes of finite numbers
/// (`serde_json` prints a NaN as `null`, which the schema's `number` refuses). The
/// objective is printed without a `Value` tree, so these are checked on the record
/// itself: a plan that breaks one is refused, as the schema validator refused it.
fn check(n: &Nested) -> Result<()> {
    let o = &n.objective;
    let two_digits = |c: &Option<String>| {
        c.as_deref()
            .is_none_or(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_digit()))
    };
    if !two_digits(&o.mission_code) || !two_digits(&o.programme_code) {
        return Err(invalid(format!(
            "objective {:?}: Missione/Programma code not of two digits ({:?}, {:?})",
            o.objective, o.mission_code, o.programme_code
        )));
    }
    let mut boxes = o
        .provenance
        .boxes()
        .chain(n.indicators.iter().flat_map(|i| i.provenance.boxes()));
    let bad_box = |p: &crate::geom::Provenance| {
        let b = p.bbox;
        p.page == 0 || ![b.x0, b.top, b.x1, b.bottom].iter().all(|v| v.is_finite())
    };
    if let Some(p) = boxes.find(bad_box) {
        return Err(invalid(format!(
            "objective {:?}: a box not on a page or not finite ({p:?})",
            o.objective
        )));
    }
    if n.indicators.iter().any(|i| i.page == 0) {
        return Err(invalid(format!(
            "objective {:?}: an indicator on page 0",
            o.objective
        )));
    }
    Ok(())
}

/// The years the plan has documents for, in order (at least one: a document without
/// objectives still gives its tables and the notice).
pub fn years(plan: &Plan) -> Vec<Option<i64>> {
    let mut ys: Vec<Option<i64>> = plan
        .objectives
        .iter()
        .filter(|o| !o.indicators.is_empty())
        .map(|o| o.year.map(i64::from))
        .collect();
    ys.sort();
    ys.dedup();
    if ys.is_empty() {
        ys.push(plan.meta.years.first().map(|y| i64::from(*y)));
    }
    ys
}

/// One table of a plan-year document, as `#/$defs/table` lays it out (the keys in the
/// order [`table_json`] gives them), printed straight from the table: building a
/// `Value` of each table, validating and printing it cost 0.7–1.4% of a small plan's
/// run (docs/speed-rounds.md, rounds 8 and 9). Its keys and types are the schema's;
/// [`check_table`] holds the rules its types leave open, and tests hold its bytes to
/// the `Value`'s and validate them, on every fixture.
#[derive(Serialize)]
struct TableDoc<'a> {
    id: &'a str,
    kind: TableKind,
    pages: &'a [u32],
    method: Method,
    context: &'a [String],
    header: &'a [String],
    columns: &'a [Column],
    rows: RowTexts<'a>,
}

impl<'a> TableDoc<'a> {
    fn of(t: &'a Table) -> Self {
        TableDoc {
            id: &t.id,
            kind: t.kind,
            pages: &t.pages,
            method: t.method,
            context: &t.context,
            header: &t.header,
            columns: &t.columns,
            rows: RowTexts(&t.rows),
        }
    }
}

/// A table's rows as arrays of their cells' texts (the document carries no cell
/// boxes: the records and the SQLite dataset do); `tables --json` prints its rows and
/// its spanning header rows so too ([`super::tables_json`]).
pub(super) struct RowTexts<'a>(pub(super) &'a [Vec<TableCell>]);

impl Serialize for RowTexts<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|row| CellTexts(row)))
    }
}

/// One row's cell texts.
struct CellTexts<'a>(&'a [TableCell]);

impl Serialize for CellTexts<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|c| &c.text))
    }
}

/// The rules of `#/$defs/table` that [`TableDoc`]'s types do not fix: at least one
/// page, every page from 1. A table that breaks one is refused, as the schema
/// validator refused it.
fn check_table(t: &TableDoc<'_>) -> Result<()> {
    if t.pages.is_empty() || t.pages.contains(&0) {
        return Err(invalid(format!(
            "table {}: pages not all from 1 or none ({:?})",
            t.id, t.pages
        )));
    }
    Ok(())
}

/// A table as a `Value`, for [`YearDoc::value`]: the reference the typed
/// [`TableDoc`] is held to.
fn table_json(t: &Table) -> Value {
    // the rows' texts straight into the value (as `json!` of `text_rows()` makes
    // them, without the copy of every cell in between)
    let rows: Vec<Value> = t
        .rows
        .iter()
        .map(|r| r.iter().map(|c| Value::String(c.text.clone())).collect())
        .collect();
    json!({
        "id": t.id, "kind": t.kind, "pages": t.pages, "method": t.method, "context": t.context,
        "header": t.header, "columns": t.columns, "rows": rows,
    })
}

/// Tables that belong to a year: objective tables whose objectives are of that year;
/// every other table goes with the plan's first year (a document-level table). The
/// years of each table's objectives are gathered in one pass over the objectives (a
/// scan of every objective per table grew with tables × indicators).
fn tables_for(plan: &Plan, year: Option<i64>, first: Option<i64>) -> impl Iterator<Item = &Table> {
    let years = objective_years_by_table(plan);
    plan.tables
        .iter()
        .filter(move |t| match years.get(t.id.as_str()) {
            Some(ys) if t.kind == TableKind::Objectives => ys.contains(&year),
            _ => year == first,
        })
}

/// Table id → the years of the objectives with an indicator read from it.
fn objective_years_by_table(plan: &Plan) -> BTreeMap<&str, Vec<Option<i64>>> {
    let mut years: BTreeMap<&str, Vec<Option<i64>>> = BTreeMap::new();
    for o in &plan.objectives {
        let year = o.year.map(i64::from);
        for i in &o.indicators {
            let ys = years.entry(i.table.as_str()).or_default();
            if !ys.contains(&year) {
                ys.push(year);
            }
        }
    }
    years
}

/// The document's key facts, written once, with the plan's first year.
fn facts_for(plan: &Plan, year: Option<i64>, first: Option<i64>) -> Vec<Value> {
    if year != first {
        return Vec::new();
    }
    plan.facts
        .iter()
        .map(|f| {
            json!({
                "label": f.label, "value": f.value, "unit": f.unit, "section": f.section,
                "provenance": {"page": f.prov.page, "bbox": f.prov.bbox},
            })
        })
        .collect()
}

/// One plan-year document: the plan, where it came from, the run's people, the
/// notice (documents without objectives), its year and the plan's first year (whose
/// document also carries the document-level tables and facts).
#[derive(Clone, Copy)]
pub struct YearDoc<'a> {
    /// The assembled plan.
    pub plan: &'a Plan,
    /// The input file.
    pub source: &'a Source,
    /// The document's printed names → person ids ([`crate::people::ids_of`]).
    pub ids: &'a Ids,
    /// Set for a document without objectives.
    pub notice: Option<&'a str>,
    /// The year of this document.
    pub year: Option<i64>,
    /// The plan's first year.
    pub first: Option<i64>,
}

impl YearDoc<'_> {
    /// The document as one value. Outputs are written by [`YearDoc::write`], which
    /// streams the same bytes.
    pub fn value(&self) -> Result<Value> {
        let objectives: Vec<Value> = self
            .objectives()
            .map(|n| serde_json::to_value(&n).map_err(invalid))
            .collect::<Result<_>>()?;
        let tables: Vec<Value> = self.tables().map(table_json).collect();
        Ok(self.skeleton(objectives.into(), tables.into()))
    }

    fn objectives(&self) -> impl Iterator<Item = Nested> + '_ {
        let (plan, year) = (self.plan, self.year);
        plan.objectives
            .iter()
            .filter(move |o| o.year.map(i64::from) == year)
            .filter_map(|o| nest(o, self.ids))
    }

    fn tables(&self) -> impl Iterator<Item = &Table> + '_ {
        tables_for(self.plan, self.year, self.first.or(self.year))
    }

    /// The document with `objectives` and `tables` as given.
    fn skeleton(&self, objectives: Value, tables: Value) -> Value {
        let (plan, source, year) = (self.plan, self.source, self.year);
        let warnings: Vec<Value> = plan
            .warnings
            .iter()
            .map(|w| json!({"code": w.code, "message": w.message, "page": w.prov.map(|p| p.page)}))
            .collect();
        let mut doc = json!({
            "schema_version": 1,
            "ente": plan.meta.ente, "ente_istat": plan.meta.ente_istat, "document_kind": plan.meta.kind, "period": plan.meta.period,
            "year": year, "update": plan.meta.update, "title": plan.title, "notice": self.notice,
            "source": {"file": source.file, "sha256": source.sha256, "pages": plan.pages, "producer": source.producer},
            "objectives": objectives, "tables": tables,
            "facts": facts_for(plan, year, self.first.or(year)), "warnings": warnings,
        });
        // signed envelopes only: unsigned documents keep exactly their earlier shape
        if let (Some(signer), Some(src)) = (&source.signer, doc.get_mut("source")) {
            src["signer"] = json!(signer);
        }
        doc
    }

    /// Write the document to `w`, validated, one objective and one table at a time:
    /// the same bytes as `to_string_pretty` of [`YearDoc::value`], without ever
    /// holding the whole document (a 1,000-page plan's is ~100 MB as a value tree).
    /// The skeleton is checked against the plan-year schema with empty arrays. An
    /// objective is printed straight from its typed records, whose keys, types and
    /// nullability are `#/$defs/objective`'s: building and printing a `Value` of each
    /// cost ~9% of a large plan's run where the check itself cost ~1%
    /// (docs/speed-rounds.md, round 8); a table likewise from the table
    /// (`TableDoc`, round 9). Tests hold the typed bytes to the `Value`'s and
    /// validate them, on every fixture.
    pub fn write(&self, w: &mut dyn Write) -> Result<()> {
        schema::validate_plan_year(&self.skeleton(json!([]), json!([])))?;
        let text =
            super::pretty::to_string(&self.skeleton(json!(SLOT), json!(SLOT))).map_err(invalid)?;
        let slot = serde_json::to_string(SLOT).map_err(invalid)?;
        let obj_key = format!("\"objectives\": {slot}");
        let tab_key = format!("\"tables\": {slot}");
        let (Some(o), Some(t)) = (text.find(&obj_key), text.find(&tab_key)) else {
            return Err(invalid("no slot for the arrays in the skeleton"));
        };
        if o > t {
            return Err(invalid("objectives after tables in the skeleton"));
        }
        let bytes = text.as_bytes();
        w.write_all(&bytes[..o])?;
        w.write_all(b"\"objectives\": ")?;
        write_array(w, self.objectives(), check)?;
        w.write_all(&bytes[o + obj_key.len()..t])?;
        w.write_all(b"\"tables\": ")?;
        write_array(w, self.tables().map(TableDoc::of), check_table)?;
        w.write_all(&bytes[t + tab_key.len()..])?;
        Ok(())
    }
}

/// The plan-year documents of one extraction, in year order, as `--format json`
/// writes them (the notice set when the document has no objectives): for the
/// sink and for library callers that want the documents as values. `ids`: the
/// document's printed names → person ids ([`crate::people::ids_of`] under the run's
/// index).
pub fn year_docs<'a>(d: &'a Extraction, ids: &'a Ids) -> Vec<YearDoc<'a>> {
    let notice = (!d.has_objectives()).then_some(NO_OBJECTIVES_NOTICE);
    let years = years(&d.plan);
    let first = years.first().copied().flatten();
    years
        .into_iter()
        .map(|year| YearDoc {
            plan: &d.plan,
            source: &d.source,
            ids,
            notice,
            year,
            first,
        })
        .collect()
}

/// Stands in for an array in the serialised skeleton; U+0001 is escaped by the
/// serialiser, and the key with its unescaped quotes cannot occur inside a string.
const SLOT: &str = "\u{1}";

fn invalid(e: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("writing a plan-year document: {e}"))
}

/// An array of top-level-key depth, as the pretty printer lays it out: items
/// indented by four spaces, `[]` when empty. Each item is printed into one buffer,
/// reused, by a pretty printer that starts at the item's depth ([`ITEM_DEPTH`]), then
/// handed to `w` whole. (Each item used to be printed from column 0 and every line
/// break it wrote indented after it, a scan of every byte of the output: 1.6% of the
/// producer mix's run, docs/speed-rounds.md, round 10.)
fn write_array<T: Serialize>(
    w: &mut dyn Write,
    items: impl Iterator<Item = T>,
    validate: fn(&T) -> Result<()>,
) -> Result<()> {
    let mut n = 0usize;
    let mut text = Vec::new();
    for item in items {
        validate(&item)?;
        text.clear();
        text.extend_from_slice(if n == 0 { b"[\n" } else { b",\n" });
        text.extend_from_slice(ITEM_INDENT);
        let mut printer =
            serde_json::Serializer::with_formatter(&mut text, Pretty::at_depth(ITEM_DEPTH));
        item.serialize(&mut printer).map_err(invalid)?;
        w.write_all(&text)?;
        n += 1;
    }
    w.write_all(if n == 0 { b"[]" } else { b"\n  ]" })?;
    Ok(())
}

/// The indentation of an array item's first line at top-level-key depth.
const ITEM_INDENT: &[u8] = b"    ";

/// How deep an array item of the document sits: inside the document's object and
/// inside its key's array.
const ITEM_DEPTH: usize = 2;

/// `<ente>/<kind>-<period>`, each a non-empty slug ([`super::path`]): the ente's,
/// else `stem` (the input's, already safe); the period's, else `undated`.
pub fn plan_dir(plan: &Plan, stem: &str) -> String {
    let ente = plan
        .meta
        .ente
        .as_deref()
        .and_then(super::path::slug)
        .unwrap_or_else(|| stem.to_string());
    let kind = serde_json::to_value(plan.meta.kind)
        .ok()
        .and_then(|v| v.as_str().and_then(super::path::slug))
        .unwrap_or_else(|| "unknown".into());
    let period = plan.meta.period.as_deref().map_or_else(
        || "undated".to_string(),
        |p| super::path::slug_or(p, "undated"),
    );
    format!("{ente}/{kind}-{period}")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::geom::{BBox, Provenance};

    fn nested(mission: Option<&str>, bbox: BBox, page: u32) -> Nested {
        let mut objective = ObjectiveRecord {
            mission_code: mission.map(str::to_string),
            ..Default::default()
        };
        objective.provenance.objective = Some(Provenance { page, bbox });
        let indicator = IndicatorRecord {
            page: page.max(1),
            ..Default::default()
        };
        Nested {
            objective,
            indicators: vec![indicator],
        }
    }

    const BOX: BBox = BBox {
        x0: 56.7,
        top: 102.0,
        x1: 310.2,
        bottom: 114.5,
    };

    /// The schema's rules the types leave open are still enforced on the typed path:
    /// `Missione 01` reads as code `01`; a code `1` (one digit), a page 0 or a NaN
    /// edge would have been refused by the validator and are refused here.
    #[test]
    fn objectives_keep_the_schema_rules_the_types_leave_open() {
        assert!(check(&nested(Some("01"), BOX, 3)).is_ok());
        assert!(check(&nested(None, BOX, 1)).is_ok());
        assert!(check(&nested(Some("1"), BOX, 3)).is_err());
        assert!(check(&nested(Some("0a"), BOX, 3)).is_err());
        assert!(check(&nested(Some("01"), BOX, 0)).is_err());
        let nan = BBox {
            x1: f64::NAN,
            ..BOX
        };
        assert!(check(&nested(Some("01"), nan, 3)).is_err());
        // an infinite edge likewise (a degenerate text matrix can make one)
        let inf = BBox {
            top: f64::NEG_INFINITY,
            ..BOX
        };
        assert!(check(&nested(None, inf, 3)).is_err());
    }

    fn table(kind: TableKind, method: Method, pages: Vec<u32>) -> Table {
        Table {
            id: "t001".into(),
            kind,
            pages,
            method,
            context: vec!["Obiettivi".into()],
            header: vec!["Obiettivo".into()],
            header_prov: Vec::new(),
            header_above: Vec::new(),
            columns: vec![Column::unknown("Obiettivo")],
            rows: vec![vec![TableCell {
                text: "Ridurre i tempi".into(),
                prov: None,
                bold: None,
            }]],
            context_prov: Vec::new(),
        }
    }

    /// Every kind and method a table can have is one the schema allows, and a typed
    /// table prints the bytes of its `Value` and validates (the types fix the enums;
    /// a new variant must reach the schema too). The pages rule the types leave open is
    /// held by `check_table`: no pages, or a page 0, is refused, as the schema refused it.
    #[test]
    fn typed_tables_keep_the_schema_rules() {
        use TableKind::*;
        let kinds = [
            Objectives,
            ObjectiveSummary,
            Anticorruption,
            Transparency,
            Staffing,
            Training,
            Organisation,
            LavoroAgile,
            Other,
        ];
        // a new kind fails to compile here until it is listed above
        let _listed = |k: TableKind| match k {
            Objectives | ObjectiveSummary | Anticorruption | Transparency | Staffing | Training
            | Organisation | LavoroAgile | Other => (),
        };
        for kind in kinds {
            for method in [Method::Lattice, Method::Stream] {
                let t = table(kind, method, vec![2, 3]);
                let v = table_json(&t);
                schema::validate_table(&v).unwrap();
                let doc = TableDoc::of(&t);
                assert!(check_table(&doc).is_ok());
                assert_eq!(
                    serde_json::to_string_pretty(&doc).unwrap(),
                    serde_json::to_string_pretty(&v).unwrap()
                );
            }
        }
        for pages in [vec![], vec![0], vec![1, 0]] {
            let t = table(Objectives, Method::Lattice, pages);
            assert!(schema::validate_table(&table_json(&t)).is_err());
            assert!(check_table(&TableDoc::of(&t)).is_err());
        }
    }
}
