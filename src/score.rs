//! Scoring extracted records and tables against truth-derived expectations.
//! (Being written; see issue 3.)
