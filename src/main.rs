//! Thin binary: all behaviour lives in the library (`piao_extract::cli`).

/// The pipeline allocates many small strings and vectors per page; mimalloc is
/// measurably faster than the system allocator on it (see the README's Speed section).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(piao_extract::cli::run());
}
