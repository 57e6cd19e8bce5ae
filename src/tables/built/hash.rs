//! The hash by which `tables::built` finds a text's reading, compiled by `build.rs`
//! too, which places each text of its tables by it: both sides must hash alike.
//!
//! FNV-1a over the text's bytes: a few lines, fixed, and the same on the build's
//! host and the crate's target (the crate's `foldhash` folds by the target's word
//! size and may change between versions). The texts are a few hundred short
//! wordings, and a slot's text is compared in full, so its spread is enough.

/// The FNV-1a hash of `text`'s bytes (64-bit offset basis and prime).
pub(crate) fn text_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The number of slots of a table of `n` texts: a power of two at least twice `n`,
/// so a lookup, found or not, probes few slots. (`build.rs` sizes the tables with
/// it; the crate's tests check the sizes.)
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn slots_for(n: usize) -> usize {
    (2 * n).next_power_of_two().max(2)
}

/// The slot a text of hash `h` is tried at first, in a table of `slots` slots (a power
/// of two), and after `probe` slots taken: linear probing.
pub(crate) fn slot(h: u64, probe: usize, slots: usize) -> usize {
    (h as usize).wrapping_add(probe) & (slots - 1)
}
