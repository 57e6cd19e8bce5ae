//! Thin binary: all behaviour lives in the library (`piao_extract::cli`).

/// The pipeline allocates many small strings and vectors per page; mimalloc is
/// measurably faster than the system allocator on it (see the README's Speed section).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // No transparent huge pages for this process and the workers it starts (the flag
    // is inherited): mimalloc asks for them on its arena, and each first touch then
    // cleared a whole 2 MiB page: ~30% of the batch process's CPU on a 3-page plan,
    // which uses a few hundred KiB (README, Speed, round 3). Only a hint to the kernel:
    // a failure changes nothing else.
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    std::process::exit(piao_extract::cli::run());
}
