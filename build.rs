//! Data compiled in as tables at build time, each from its data file (which stays the
//! one place its contents live): the lower-case words of the comuni's names
//! (`src/normalize/joiners.rs` on `data/istat/comuni.tsv`).

use std::io::Write;

include!("src/normalize/joiners.rs");

fn main() -> std::io::Result<()> {
    println!("cargo:rerun-if-changed=data/istat/comuni.tsv");
    println!("cargo:rerun-if-changed=src/normalize/joiners.rs");
    let comuni = std::fs::read_to_string("data/istat/comuni.tsv")?;
    let out = std::env::var("OUT_DIR").map_err(std::io::Error::other)?;
    let mut f = std::fs::File::create(std::path::Path::new(&out).join("istat_joiners.rs"))?;
    writeln!(f, "&[")?;
    for j in joiners(&comuni) {
        writeln!(f, "    {j:?},")?;
    }
    writeln!(f, "]")?;
    Ok(())
}
