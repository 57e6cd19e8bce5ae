//! Normalisers: pure functions from printed strings to comparable values.
//! (Being written; see issue 6.)
