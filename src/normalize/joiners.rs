// (Plain `std` only: build.rs compiles this file as a module of its own and cannot
// use the crate; the module's docs are on its `mod` line in normalize/mod.rs.)

/// The words the names print in lower case after their first word (`di`, `in`,
/// `ne'`, `sull'`), elided ones with their apostrophe, in order of first appearance.
pub fn joiners(comuni_tsv: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in comuni_tsv.lines().skip(1) {
        let Some(name) = line.split('\t').nth(1) else {
            continue;
        };
        for w in name.split([' ', '-']).skip(1) {
            // an elided joiner is the lower-case head of a word (`nell'Emilia`)
            let head = w
                .char_indices()
                .find(|(_, c)| matches!(c, '\'' | '’'))
                .map_or(w, |(i, c)| &w[..i + c.len_utf8()]);
            if head.chars().any(char::is_alphabetic)
                && head.chars().all(|c| !c.is_uppercase())
                && !out.iter().any(|o| o == head)
            {
                out.push(head.to_string());
            }
        }
    }
    out
}
