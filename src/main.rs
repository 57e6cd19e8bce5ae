//! Thin binary: all behaviour lives in the library (`piao_extract::cli`).
fn main() {
    std::process::exit(piao_extract::cli::run());
}
