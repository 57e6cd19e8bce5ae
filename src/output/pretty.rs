//! The pretty printer of the plan-year documents and `tables --json`: the layout of
//! `serde_json`'s `PrettyFormatter` (two spaces a level, `": "` after a key, `[]` and
//! `{}` when empty), byte for byte, with each line break and its indentation written
//! as one slice. `PrettyFormatter` writes the indentation one level at a time, a
//! call into the writer per level: on a plan-year document, whose indicators' boxes
//! sit six and seven levels deep, those calls were most of what the writer did
//! besides the values themselves (docs/speed-rounds.md, round 14).

use serde::Serialize;
use serde_json::ser::Formatter;
use std::io::{self, Write};

/// A line break then the indentation of up to [`MAX_SPACES`] spaces, after a comma:
/// each separator is one slice of it (from byte 1 when there is no comma).
const LINE: &[u8; 2 + MAX_SPACES] = &{
    let mut line = [b' '; 2 + MAX_SPACES];
    line[0] = b',';
    line[1] = b'\n';
    line
};

/// Spaces [`LINE`] holds: 32 levels; deeper lines are indented level by level.
const MAX_SPACES: usize = 64;

/// Spaces a level, as `to_string_pretty` indents.
const INDENT: usize = 2;

/// `serde_json`'s pretty layout (see the module docs), starting `depth` levels deep.
#[derive(Debug, Clone, Default)]
pub struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Pretty {
    /// A printer for a whole document.
    pub fn new() -> Self {
        Self::default()
    }

    /// A printer for a value printed alone that sits `depth` levels deep in a
    /// document (an array item of a top-level key: 2), so that it prints the bytes it
    /// has there.
    pub fn at_depth(depth: usize) -> Self {
        Pretty {
            depth,
            has_value: false,
        }
    }

    /// A line break (after a comma when `comma`) and the indentation of the current
    /// depth.
    fn line<W: ?Sized + Write>(&self, w: &mut W, comma: bool) -> io::Result<()> {
        let spaces = self.depth.saturating_mul(INDENT);
        if let Some(s) = LINE.get(usize::from(!comma)..spaces.saturating_add(2)) {
            return w.write_all(s);
        }
        w.write_all(if comma { b",\n" } else { b"\n" })?;
        for _ in 0..self.depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    /// Opens an array or object (`[` / `{`): one level deeper, nothing in it yet.
    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    /// Closes an array or object: its closing bracket on a line of its own when it
    /// held a value, right after the opening one when empty (serde_json's layout).
    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        if self.has_value {
            self.line(w, false)?;
        }
        w.write_all(bracket)
    }
}

impl Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.line(w, !first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.line(w, !first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// `value` printed as `serde_json::to_string_pretty` prints it.
pub fn to_string<T: ?Sized + Serialize>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::with_capacity(128);
    value.serialize(&mut serde_json::Serializer::with_formatter(
        &mut out,
        Pretty::new(),
    ))?;
    // serde_json writes valid UTF-8 only
    String::from_utf8(out).map_err(<serde_json::Error as serde::ser::Error>::custom)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The layout is `to_string_pretty`'s: empty and nested arrays and objects, every
    /// kind of value, and a nesting deeper than [`LINE`] holds.
    #[test]
    fn prints_what_to_string_pretty_prints() {
        let mut deep = json!({"leaf": [1, {"x": null}]});
        for i in 0..40 {
            deep = json!({ format!("k{i}"): [deep, [], {}], "n": i });
        }
        let values = [
            json!(null),
            json!([]),
            json!({}),
            json!([[]]),
            json!([{}]),
            json!({"a": [], "b": {}, "c": [[], {}]}),
            json!({"s": "é\"\n\u{1}", "f": 0.85, "i": -3, "u": 18446744073709551615u64, "t": true}),
            json!([1, [2, [3, [4]]], {"a": {"b": {"c": [5, 6]}}}]),
            deep,
        ];
        for v in values {
            assert_eq!(
                to_string(&v).unwrap(),
                serde_json::to_string_pretty(&v).unwrap()
            );
        }
    }

    /// A value printed alone at a depth prints the bytes it has at that depth of a
    /// document: the document's text holds it verbatim.
    #[test]
    fn a_value_at_a_depth_prints_as_inside_the_document() {
        let item = json!({"id": "t001", "rows": [["a", "b"], []], "x": {"y": [1.5]}});
        let doc = json!({"tables": [item.clone()]});
        let mut alone = Vec::new();
        item.serialize(&mut serde_json::Serializer::with_formatter(
            &mut alone,
            Pretty::at_depth(2),
        ))
        .unwrap();
        let alone = String::from_utf8(alone).unwrap();
        let whole = serde_json::to_string_pretty(&doc).unwrap();
        assert!(
            whole.contains(&format!("\n    {alone}\n")),
            "{alone}\n{whole}"
        );
    }
}
