//! Person grouping at national scale: time against the number of names.
//!
//! Builds synthetic name cells for `--entes` entes (the first entes of the ISTAT list,
//! `data/istat/`): each ente has its people (a family name from `data/names/
//! family_names.tsv`, one or two given names from `given_names.tsv`), and each person is
//! printed several times with the variants real plans show: upper case, given name
//! first, the middle name dropped, a title, an interim marker, a role label, and
//! (rarely) a doubled letter lost. Namesakes across entes are frequent by construction
//! (2,267 family names for tens of thousands of people).
//!
//! Reported per size, median of `--reps` runs: parsing every cell (`parse_person`, the
//! reference: reading each name once), grouping (`PersonRegistry::add_in` + `finish`),
//! ns per name, and how the ids compare with the people known by construction (people
//! split over two ids, ids that join two people).
//!
//! Run: `cargo bench --bench people -- [--sizes 50000,100000,200000] [--entes 5000] [--reps 3]`

use piao_extract::normalize::istat::comuni;
use piao_extract::normalize::person::words::{family_names, given_names};
use piao_extract::normalize::{PersonName, PersonRegistry, parse_person};
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Mentions per person on average: a dirigente named on several objectives and plans.
const MENTIONS_PER_PERSON: usize = 4;

struct Args {
    sizes: Vec<usize>,
    entes: usize,
    reps: usize,
}

fn parse_args() -> Args {
    let mut args = Args {
        sizes: vec![50_000, 100_000, 200_000],
        entes: 5_000,
        reps: 3,
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < argv.len() {
        let value = argv.get(i + 1).cloned().unwrap_or_default();
        match argv[i].as_str() {
            "--sizes" => {
                args.sizes = value.split(',').filter_map(|s| s.parse().ok()).collect();
                i += 1;
            }
            "--entes" => {
                args.entes = value.parse().unwrap_or(args.entes);
                i += 1;
            }
            "--reps" => {
                args.reps = value.parse().unwrap_or(args.reps);
                i += 1;
            }
            _ => {} // `--bench` from cargo, and anything else
        }
        i += 1;
    }
    args
}

/// xorshift64*: a fixed-seed generator, so every run builds the same names.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

fn title_case(folded: &str) -> String {
    folded
        .split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A person known by construction.
struct Truth {
    ente: String,
    family: String,
    given: Vec<String>,
}

/// One printed cell: the ente key, the text, and the true person's index.
struct Cell {
    ente: String,
    text: String,
    person: usize,
}

fn build(n: usize, entes: usize, rng: &mut Rng) -> (Vec<Truth>, Vec<Cell>) {
    let given = given_names();
    let family = family_names();
    let keys: Vec<String> = comuni()
        .iter()
        .take(entes)
        .map(|c| c.istat.clone())
        .collect();
    let people_n = (n / MENTIONS_PER_PERSON).max(1);
    let mut people = Vec::with_capacity(people_n);
    let mut seen = BTreeSet::new();
    while people.len() < people_n {
        let ente = keys[rng.below(keys.len())].clone();
        let fam = title_case(&family[rng.below(family.len())]);
        let mut g = vec![title_case(&given[rng.below(given.len())])];
        if rng.chance(25) {
            g.push(title_case(&given[rng.below(given.len())]));
        }
        // Two real people of one ente with one spelling are one person to anyone.
        if seen.insert((ente.clone(), fam.clone(), g.clone())) {
            people.push(Truth {
                ente,
                family: fam,
                given: g,
            });
        }
    }
    let cells = (0..n)
        .map(|i| {
            let person = if i < people.len() {
                i
            } else {
                rng.below(people.len())
            };
            Cell {
                ente: people[person].ente.clone(),
                text: variant(&people[person], rng),
                person,
            }
        })
        .collect();
    (people, cells)
}

/// A printed spelling of a person, with the variants of real plans.
fn variant(p: &Truth, rng: &mut Rng) -> String {
    let mut given = p.given.clone();
    if given.len() > 1 && rng.chance(20) {
        given.remove(0); // `BONDIONI CHIARA` for `Bondioni Maria Chiara`
    }
    let mut family = p.family.clone();
    if rng.chance(2) {
        family = lose_a_double(&family); // `Maserdotti` for `Masserdotti`
    }
    let mut text = if rng.chance(30) {
        format!("{} {}", given.join(" "), family) // given name first
    } else {
        format!("{} {}", family, given.join(" "))
    };
    if rng.chance(30) {
        text = text.to_uppercase();
    }
    if rng.chance(10) {
        text = format!("Dott. {text}");
    }
    if rng.chance(5) {
        text = format!("{text} (ad interim)");
    }
    if rng.chance(5) {
        text = format!("DIRIGENTE: {text}");
    }
    text
}

fn lose_a_double(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    match (1..chars.len()).find(|&i| chars[i] == chars[i - 1]) {
        Some(i) => chars[..i].iter().chain(&chars[i + 1..]).collect(),
        None => s.to_string(),
    }
}

struct Run {
    parse: Duration,
    group: Duration,
    ids: usize,
    split: usize,
    joined: usize,
}

fn run(cells: &[Cell]) -> Run {
    let t = Instant::now();
    let names: Vec<PersonName> = cells.iter().map(|c| parse_person(&c.text)).collect();
    let parse = t.elapsed();
    let t = Instant::now();
    let mut reg = PersonRegistry::new();
    for (c, name) in cells.iter().zip(&names) {
        reg.add_in(&c.ente, name, None);
    }
    let index = reg.finish();
    let group = t.elapsed();
    let mut ids_of_person: BTreeMap<usize, BTreeSet<&str>> = BTreeMap::new();
    let mut people_of_id: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    for (c, name) in cells.iter().zip(&names) {
        if let Some(id) = index.resolve_in(&c.ente, name) {
            ids_of_person.entry(c.person).or_default().insert(id);
            people_of_id.entry(id).or_default().insert(c.person);
        }
    }
    Run {
        parse,
        group,
        ids: index.people.len(),
        split: ids_of_person.values().filter(|s| s.len() > 1).count(),
        joined: people_of_id.values().filter(|s| s.len() > 1).count(),
    }
}

fn main() {
    let args = parse_args();
    println!(
        "{:>8} {:>6} {:>8} {:>8} {:>10} {:>10} {:>8} {:>7} {:>7}",
        "names", "entes", "people", "ids", "parse ms", "group ms", "ns/name", "split", "joined"
    );
    for &n in &args.sizes {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ n as u64);
        let (people, cells) = build(n, args.entes, &mut rng);
        let mut runs: Vec<Run> = (0..args.reps.max(1)).map(|_| run(&cells)).collect();
        runs.sort_by_key(|r| r.parse + r.group);
        let r = &runs[runs.len() / 2];
        let ns = (r.parse + r.group).as_nanos() as f64 / n as f64;
        println!(
            "{:>8} {:>6} {:>8} {:>8} {:>10.0} {:>10.0} {:>8.0} {:>7} {:>7}",
            n,
            args.entes,
            people.len(),
            r.ids,
            r.parse.as_secs_f64() * 1e3,
            r.group.as_secs_f64() * 1e3,
            ns,
            r.split,
            r.joined
        );
    }
}
