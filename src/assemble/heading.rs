//! What the headings above a table say.

use crate::config::AssembleTolerances;
use crate::layout::PageText;
use crate::normalize::{PlanMeta, fold};
use crate::tables::context::year_in;
use regex::Regex;
use std::sync::LazyLock;

/// Heading prefixes that name a group of objectives, and whether the group is the
/// text after the colon (`SILOS: CRESCO` → `CRESCO`) or the whole heading
/// (`LINEA STRATEGICA SULL'AMBIENTE`, 001).
pub const GROUP_HEADINGS: &[(&str, bool)] = &[
    ("silos:", true),
    ("silo:", true),
    ("linea strategica", false),
    ("linee strategiche", false),
    ("obiettivi di mandato", false),
    ("area strategica", false),
    ("missione", false),
];

/// Heading that names the dirigente of a section (002: `DIRIGENTE: STOPPA EMANUELE`).
pub const DIRIGENTE_HEADING: &str = "dirigente:";
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
    /// A heading naming the Missione of the harmonised budget (`Missione: 1 Servizi
    /// istituzionali, generali e di gestione`, Ozieri PDO 2016), as printed.
    pub mission: Option<String>,
    /// A heading naming the Programma (`Programma: 3 Gestione economica, …`), as
    /// printed.
    pub programme: Option<String>,
}

/// A heading that names a Missione (`Missione 01 – …`, `MISSIONE: 1`), not a word that
/// starts with it.
static MISSION_HEADING: LazyLock<Regex> =
    LazyLock::new(|| crate::text::regex(r"(?i)^\s*missione\b"));
/// A heading that names a Programma (`Programma: 3 …`); `Programmazione` and
/// `Descrizione Programma: …` are not.
static PROGRAMME_HEADING: LazyLock<Regex> =
    LazyLock::new(|| crate::text::regex(r"(?i)^\s*programma\b"));

static PERCENT: LazyLock<Regex> =
    LazyLock::new(|| crate::text::regex(r"^-?[0-9.]+(,[0-9]+)?\s*%$"));

/// Read a table's context headings.
pub fn read(
    context: &[String],
    meta: &PlanMeta,
    names: &[String],
    tol: &AssembleTolerances,
) -> Frame {
    let mut f = Frame {
        year: context.iter().find_map(|c| year_in(c)),
        ..Frame::default()
    };
    if f.year.is_none() && meta.years.len() == 1 {
        f.year = meta.years.first().copied();
    }
    for (i, c) in context.iter().enumerate() {
        if MISSION_HEADING.is_match(c) {
            f.mission = Some(c.trim().to_string());
        } else if PROGRAMME_HEADING.is_match(c) {
            f.programme = Some(c.trim().to_string());
        }
        let folded = fold(c);
        if folded.starts_with(DIRIGENTE_HEADING) {
            f.dirigente = c.split_once(':').map(|(_, name)| name.trim().to_string());
        } else if let Some(g) = group_of(c, &folded) {
            f.group = Some(canonical(&g, names, tol.same_name));
        } else if folded.starts_with(GROUP_ACHIEVEMENT_LABEL) {
            f.group_achievement = context
                .get(i + 1)
                .filter(|n| PERCENT.is_match(n.trim()))
                .cloned();
        }
    }
    f
}

fn group_of(c: &str, folded: &str) -> Option<String> {
    let (prefix, after) = GROUP_HEADINGS.iter().find(|(p, _)| folded.starts_with(p))?;
    let _ = prefix;
    if *after {
        c.split_once(':').map(|(_, g)| g.trim().to_string())
    } else {
        Some(c.trim().to_string())
    }
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

static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| crate::text::regex(r#"["“«]([^"”»]{2,40})["”»]"#));

/// Names the prose writes in quotes, in order of first appearance.
pub fn quoted_names(texts: &[PageText]) -> Vec<String> {
    let re = &*QUOTED;
    let mut out: Vec<String> = Vec::new();
    for l in texts.iter().flat_map(|p| p.lines.iter()) {
        for c in re.captures_iter(&l.text) {
            let n = c[1].trim().to_string();
            if !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out
}
