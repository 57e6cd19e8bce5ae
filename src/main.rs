//! Thin binary: all behaviour lives in the library (`piao_extract::cli`).

use std::io::Write;

/// The pipeline allocates many small strings and vectors per page; mimalloc is
/// measurably faster than the system allocator on it (see the README's Speed section).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// No transparent huge pages for this process and the workers it starts (the flag is
/// inherited, across `exec` too): mimalloc asks for them on its arena, and each first
/// touch then cleared a whole 2 MiB page: ~30% of the batch process's CPU on a 3-page
/// plan, which uses a few hundred KiB (docs/speed-rounds.md, round 3). Set from the
/// executable's constructors (`.init_array`), which the C runtime calls before
/// `main` and so before the Rust runtime's first allocation (its thread record), the
/// one that reserves mimalloc's arena: set in `main`, the arena's first two touches
/// (its bookkeeping and its first page) still took a huge page each, 4 MiB cleared,
/// ~24% of a one-file run's batch process (`perf record`, round 7). Now ~100 pages of
/// 4 KiB are faulted instead: −0.3 ms of CPU a process. (mimalloc's own constructor,
/// priority 101, runs before this one but reserves nothing.) Only a hint to the
/// kernel: a failure changes nothing else.
#[cfg(target_os = "linux")]
extern "C" fn no_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// [`no_huge_pages`] as one of this executable's constructors (not the library's:
/// the Python extension lives in a process it does not own).
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static NO_HUGE_PAGES: extern "C" fn() = no_huge_pages;

/// mimalloc's `arena_reserve` option: its place in mimalloc 3's `mi_option_e`
/// (`mimalloc.h`), which `libmimalloc-sys` leaves unnamed on purpose ("not exposed as
/// constants for stability reasons"); `robust::the_batch_process_reserves_a_small_arena`
/// reads mimalloc's own report of the size it reserved, so a shifted enum fails there.
#[cfg(target_os = "linux")]
const MI_OPTION_ARENA_RESERVE: libmimalloc_sys::mi_option_t = 23;

/// The batch process's mimalloc arena at the workers' size
/// ([`piao_extract::batch::isolate::ARENA_RESERVE_KIB`], 64 MiB) instead of
/// mimalloc's 1 GiB, whose bitmaps cost ~39 more page faults to clear in every
/// process, and again copy-on-write in the worker it forks (docs/speed-rounds.md,
/// round 15). A constructor, as [`no_huge_pages`], for the same reason: the arena is
/// reserved by the Rust runtime's first allocation, before `main`. An exec'd worker
/// (or a user) that sets `MIMALLOC_ARENA_RESERVE` keeps its own value: mimalloc read
/// it at its start, and it is looked up here with `getenv`, which allocates nothing.
#[cfg(target_os = "linux")]
extern "C" fn small_arena() {
    // SAFETY: getenv reads the environment, which no other thread can change: none
    // runs yet; the name is a NUL-terminated literal.
    let set = unsafe { !libc::getenv(c"MIMALLOC_ARENA_RESERVE".as_ptr()).is_null() };
    if !set {
        // SAFETY: mi_option_set stores a number in mimalloc's option table; it is not
        // thread-safe, and this process runs one thread.
        unsafe {
            libmimalloc_sys::mi_option_set(
                MI_OPTION_ARENA_RESERVE,
                piao_extract::batch::isolate::ARENA_RESERVE_KIB as libc::c_long,
            )
        };
    }
}

/// [`small_arena`] as one of this executable's constructors.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static SMALL_ARENA: extern "C" fn() = small_arena;

fn main() {
    let code = piao_extract::cli::run();
    // Every output is written and renamed into place and every worker answered by now
    // (`cli::run` returns only then); what is left is the process's own exit. `exit`
    // would run the C exit handlers, among them mimalloc's, which hands every arena
    // page back to the kernel one `madvise` at a time (1–3% of a 3-page run) just before
    // the kernel frees the whole address space anyway. So flush what Rust buffers
    // (stdout: a worker's answers, `--format records -o -`) and leave at once. A
    // failed flush is ignored, as the runtime's own flush at exit ignored it.
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    // SAFETY: `_exit` ends the process; nothing of ours runs after it.
    unsafe { libc::_exit(code) }
}
