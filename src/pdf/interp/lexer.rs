//! A content-stream tokenizer: operators with their operands, one at a time.
//!
//! lopdf's `Content::decode` (nom) built a `Vec<Operation>` with a `String` per
//! operator and took ~40% of the stage's time on the Calc fixtures; this reads the
//! same syntax in place, reuses one operand buffer, and never fails: bytes that are
//! not PDF syntax are skipped, so one bad byte costs an operand rather than the page.

use lopdf::{Object, StringFormat};

/// One operand of a content-stream operator.
///
/// The lexer's own type rather than lopdf's `Object`: an `Object` is 120 bytes (its
/// `Stream` and `Dictionary` variants, which content streams never or rarely hold),
/// and every token was moved several times on its way into the operand list or a
/// `TJ` array; this is 32. An inline dictionary (a `BDC` property list) is its
/// entries in the order read: see [`Operand::Dictionary`].
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Operand {
    Null,
    Boolean(bool),
    Integer(i64),
    Real(f32),
    Name(Vec<u8>),
    String(Vec<u8>, StringFormat),
    Array(Vec<Operand>),
    /// Keys and values as read. Not a lopdf `Dictionary`: Chromium marks every
    /// run of text with `<< /MCID n >> BDC`, and building an index map per
    /// operator (its hash table and hasher) cost ~1,700 instructions each, ~1.6% of
    /// the PDF stage on a Chromium seed (issue 22); the one lookup made of it,
    /// [`Operand::entry`], reads a handful of entries.
    Dictionary(Vec<(Vec<u8>, Operand)>),
}

impl Operand {
    /// The value of an integer or real operand.
    pub fn number(&self) -> Option<f64> {
        match self {
            Operand::Integer(i) => Some(*i as f64),
            Operand::Real(r) => Some(f64::from(*r)),
            _ => None,
        }
    }

    /// The bytes of a name operand.
    pub fn name(&self) -> Option<&[u8]> {
        match self {
            Operand::Name(n) => Some(n),
            _ => None,
        }
    }

    /// The value of `key` in an inline dictionary: the last given, as a lopdf
    /// dictionary keeps the last value set for a key.
    pub fn entry(&self, key: &[u8]) -> Option<&Operand> {
        match self {
            Operand::Dictionary(entries) => entries
                .iter()
                .rev()
                .find(|(k, _)| k.as_slice() == key)
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The same value as a lopdf object.
    pub fn into_object(self) -> Object {
        match self {
            Operand::Null => Object::Null,
            Operand::Boolean(b) => Object::Boolean(b),
            Operand::Integer(i) => Object::Integer(i),
            Operand::Real(r) => Object::Real(r),
            Operand::Name(n) => Object::Name(n),
            Operand::String(v, f) => Object::String(v, f),
            Operand::Array(items) => {
                Object::Array(items.into_iter().map(Operand::into_object).collect())
            }
            Operand::Dictionary(entries) => Object::Dictionary(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, v.into_object()))
                    .collect(),
            ),
        }
    }
}

/// Deepest nesting of arrays and dictionaries read as such; deeper brackets are
/// dropped, so a hostile `[[[[...` cannot overflow the stack.
const MAX_NESTING: usize = 32;

/// Most buffers kept for reuse by one lexer, of each kind (byte strings and
/// arrays): an operator has a handful of operands, a `TJ` array a few dozen
/// strings; more would only hold memory.
const MAX_SPARE: usize = 256;

/// Reads operations from a content stream.
///
/// The buffers of the operands of one operator (strings, names, arrays) are taken
/// back when the next is read and used again, so reading a page allocates for its
/// longest operator rather than for every string it shows.
pub(super) struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
    spare_bytes: Vec<Vec<u8>>,
    spare_items: Vec<Vec<Operand>>,
}

/// A byte's class in PDF syntax (PDF 32000 7.2.2), one of [`WHITE`], [`DELIM`],
/// [`REGULAR`].
type Class = u8;
/// White space: separates tokens.
const WHITE: Class = 0;
/// A delimiter: ends a token and starts another (or is one).
const DELIM: Class = 1;
/// Any other byte: part of a name, number or keyword.
const REGULAR: Class = 2;

/// The class of every byte, looked up rather than tested against each of the
/// sixteen special bytes in turn: the tests of `skip_space` and `regular_run`,
/// run once per byte of every content stream, were ~7% of the PDF stage on the
/// large seeds (issue 22). A `u8` index into 256 entries needs no bounds check.
const CLASSES: [Class; 256] = {
    let mut t = [REGULAR; 256];
    let white = b" \n\r\t\x0c\0";
    let mut i = 0;
    while i < white.len() {
        t[white[i] as usize] = WHITE;
        i += 1;
    }
    let delim = b"()<>[]{}/%";
    let mut i = 0;
    while i < delim.len() {
        t[delim[i] as usize] = DELIM;
        i += 1;
    }
    t
};

fn is_white(b: u8) -> bool {
    CLASSES[usize::from(b)] == WHITE
}

fn is_delim(b: u8) -> bool {
    CLASSES[usize::from(b)] == DELIM
}

fn is_regular(b: u8) -> bool {
    CLASSES[usize::from(b)] == REGULAR
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// What reading one token did: pushed an operand onto the list it was given, or
/// met an operator keyword or a closing bracket.
///
/// The tokenizer pushes the operand itself rather than returning it inside a
/// `Token` for the caller to push: the returned token was one more copy of 32
/// bytes through the stack for every operand (a `TJ` array's items one by one),
/// read back before the writes that built it had settled; the perf annotation put
/// 23% of the tokenizer's own samples on that read (see [`Num`] for what is left).
enum Token<'a> {
    Operand,
    Keyword(&'a [u8]),
    /// `]` or `>>`: closes an array or dictionary.
    Close,
}

impl<'a> Lexer<'a> {
    /// A lexer at the start of `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Lexer {
            data,
            pos: 0,
            spare_bytes: Vec::new(),
            spare_items: Vec::new(),
        }
    }

    /// Keep the buffers of an operand that is no longer needed.
    fn recycle(&mut self, o: Operand) {
        match o {
            Operand::String(mut v, _) | Operand::Name(mut v)
                if self.spare_bytes.len() < MAX_SPARE =>
            {
                v.clear();
                self.spare_bytes.push(v);
            }
            Operand::Array(mut items) => {
                self.recycle_all(&mut items);
                if self.spare_items.len() < MAX_SPARE {
                    self.spare_items.push(items);
                }
            }
            Operand::Dictionary(entries) => {
                for (key, value) in entries {
                    self.recycle(Operand::Name(key));
                    self.recycle(value);
                }
            }
            _ => {}
        }
    }

    /// Empty a list of operands, keeping their buffers. A number, most operands
    /// of an operator and of a `TJ` array, holds none and is let go without a
    /// call: dropping an `Operand` is an outlined function (the type is
    /// recursive), and that call and `recycle`'s were ~2.5% of the PDF stage on
    /// the large seeds.
    fn recycle_all(&mut self, list: &mut Vec<Operand>) {
        while let Some(o) = list.pop() {
            if let Operand::Integer(_) | Operand::Real(_) = o {
                // owns nothing: forgetting it is dropping it, without the call
                std::mem::forget(o);
            } else {
                self.recycle(o);
            }
        }
    }

    fn bytes_buf(&mut self) -> Vec<u8> {
        self.spare_bytes.pop().unwrap_or_default()
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    /// The next operator, with its operands left in `operands` (cleared first).
    pub fn next_op(&mut self, operands: &mut Vec<Operand>) -> Option<&'a [u8]> {
        self.recycle_all(operands);
        loop {
            // numbers and keywords, most tokens, read here without a call to
            // `token` (see `plain_token`); a delimiter's token through it
            self.skip_space();
            let b = self.peek()?;
            let t = match self.plain_token(b, operands) {
                Some(t) => t,
                None => self.token(0, operands)?,
            };
            match t {
                Token::Operand => {}
                Token::Keyword(b"BI") => {
                    self.skip_inline_image();
                    return Some(b"BI");
                }
                Token::Keyword(k) => return Some(k),
                Token::Close => {}
            }
        }
    }

    /// The bytes from the position on (none past the end).
    fn rest(&self) -> &'a [u8] {
        self.data.get(self.pos..).unwrap_or(&[])
    }

    /// Skip white space and comments. Scanned as a slice (an iterator over the
    /// rest) rather than byte by byte through `peek`, whose bounds check and
    /// `Option` were most of the loop's work.
    fn skip_space(&mut self) {
        loop {
            let rest = self.rest();
            let white = rest.iter().take_while(|&&b| is_white(b)).count();
            self.pos += white;
            if rest.get(white) != Some(&b'%') {
                return;
            }
            let comment = rest.get(white..).unwrap_or(&[]);
            self.pos += comment
                .iter()
                .take_while(|&&c| c != b'\n' && c != b'\r')
                .count();
        }
    }

    /// The run of regular bytes at the position (a name, number or keyword), which
    /// the position moves past; scanned as [`Lexer::skip_space`] is.
    fn regular_run(&mut self) -> &'a [u8] {
        let rest = self.rest();
        let len = rest.iter().take_while(|&&b| is_regular(b)).count();
        self.pos += len;
        rest.get(..len).unwrap_or(&[])
    }

    /// The token at the position when it starts with `b`, a regular byte: a number
    /// or a keyword (with `true`, `false` and `null`); `None`, nothing read, for a
    /// delimiter. Inlined into [`Lexer::next_op`] as well as [`Lexer::token`]: the
    /// call to `token` (recursive, so never inlined) and its saving and restoring
    /// of registers were ~13 M instructions of the zebra seed's ~600,000 tokens
    /// (issue 22, round 16), most of them numbers and operators.
    #[inline(always)]
    fn plain_token(&mut self, b: u8, out: &mut Vec<Operand>) -> Option<Token<'a>> {
        let operand = match b {
            b'+' | b'-' | b'.' | b'0'..=b'9' => {
                // pushed here, each from its scalar: see `Num`
                let n = match self.short_number_here() {
                    Some(n) => Some(n),
                    None => number(self.regular_run()),
                };
                match n {
                    Some(Num::Integer(i)) => out.push(Operand::Integer(i)),
                    Some(Num::Real(r)) => out.push(Operand::Real(r)),
                    None => out.push(Operand::Null),
                }
                return Some(Token::Operand);
            }
            _ if is_regular(b) => match self.regular_run() {
                b"true" => Operand::Boolean(true),
                b"false" => Operand::Boolean(false),
                b"null" => Operand::Null,
                k => return Some(Token::Keyword(k)),
            },
            _ => return None,
        };
        out.push(operand);
        Some(Token::Operand)
    }

    /// The next token, an operand pushed onto `out`; `None` at the end of the data.
    fn token(&mut self, depth: usize, out: &mut Vec<Operand>) -> Option<Token<'a>> {
        self.skip_space();
        let b = self.peek()?;
        if let Some(t) = self.plain_token(b, out) {
            return Some(t);
        }
        let operand = match b {
            b'/' => {
                self.pos += 1;
                Operand::Name(self.name())
            }
            b'(' => self.literal_string(),
            b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                self.dictionary(depth)
            }
            b'<' => self.hex_string(),
            b'[' => {
                self.pos += 1;
                self.array(depth)
            }
            b']' => {
                self.pos += 1;
                return Some(Token::Close);
            }
            b'>' if self.data.get(self.pos + 1) == Some(&b'>') => {
                self.pos += 2;
                return Some(Token::Close);
            }
            _ => {
                // A stray delimiter (`)`, `>`, `{`, `}`): not PDF syntax, skipped.
                self.pos += 1;
                Operand::Null
            }
        };
        out.push(operand);
        Some(Token::Operand)
    }

    /// The number token at the position when it has [`short_number`]'s form,
    /// read in the one pass that finds its end, the position moved past it;
    /// `None`, the position unmoved, for any other run. The run was found by
    /// [`Lexer::regular_run`] and then read again by `short_number`: two passes
    /// over every number's bytes, numbers being most of a content stream's tokens
    /// (Chromium's `5.1650848 0 Td <0048> Tj`, one line per glyph), and ~12 M
    /// instructions of the zebra seed's tokenizer (issue 22, round 16). The value
    /// is `short_number`'s: the same digits, point and sign, and the same run,
    /// which ends at the first byte that is not regular (a unit test compares the
    /// two on every form). Inlined: called out of line (its six saved registers and
    /// the `Option` written through memory), it cost Writer's `TJ` arrays, mostly
    /// numbers, more than the second pass it saves.
    #[inline(always)]
    fn short_number_here(&mut self) -> Option<Num> {
        let rest = self.rest();
        let (neg, sign) = match rest.first() {
            Some(b'-') => (true, 1),
            Some(b'+') => (false, 1),
            _ => (false, 0),
        };
        let body = rest.get(sign..).unwrap_or(&[]);
        // the integer part's digits, then a point and the fraction's: two tight
        // loops rather than one that tests for the point and counts at each byte
        let mut mantissa: u64 = 0;
        let int = digit_run(body, &mut mantissa);
        let (len, frac) = match body.get(int) {
            Some(b'.') => {
                let frac = digit_run(body.get(int + 1..).unwrap_or(&[]), &mut mantissa);
                (int + 1 + frac, Some(frac))
            }
            _ => (int, None),
        };
        // the run must end here: any other regular byte is another form
        if body.get(len).is_some_and(|&b| is_regular(b)) {
            return None;
        }
        let digits = int + frac.unwrap_or(0);
        if digits == 0 || digits > SHORT_DIGITS {
            return None;
        }
        let n = match frac {
            None => {
                let i = mantissa as i64;
                Num::Integer(if neg { -i } else { i })
            }
            Some(frac) => {
                let v = mantissa as f64 / POW10.get(frac)?;
                Num::Real(if neg { -v } else { v } as f32)
            }
        };
        self.pos += sign + len;
        Some(n)
    }

    fn name(&mut self) -> Vec<u8> {
        let run = self.regular_run();
        let mut out = self.bytes_buf();
        if !run.contains(&b'#') {
            out.extend_from_slice(run);
            return out;
        }
        let mut i = 0;
        while let Some(&b) = run.get(i) {
            let code = run
                .get(i + 1)
                .and_then(|&h| hex(h))
                .zip(run.get(i + 2).and_then(|&l| hex(l)));
            match (b, code) {
                (b'#', Some((h, l))) => {
                    out.push(h << 4 | l);
                    i += 3;
                }
                _ => {
                    out.push(b);
                    i += 1;
                }
            }
        }
        out
    }

    fn array(&mut self, depth: usize) -> Operand {
        if depth >= MAX_NESTING {
            return Operand::Null;
        }
        let mut items = self.spare_items.pop().unwrap_or_default();
        // whether this array is closed and shown by `TJ`: found at its first keyword
        let mut shown: Option<bool> = None;
        while let Some(t) = self.token(depth + 1, &mut items) {
            match t {
                Token::Operand => {}
                Token::Keyword(k) => {
                    if *shown.get_or_insert_with(|| self.closed_by_tj()) {
                        continue;
                    }
                    self.unread(k);
                    break;
                }
                Token::Close => break,
            }
        }
        Operand::Array(items)
    }

    /// Whether the first `]` ahead is followed by the `TJ` operator: an operator
    /// inside such an array (`[(Grandes) 0.0 Tc -250.0 (Clientèles)] TJ`, pdf.js
    /// `operator-in-TJ-array.pdf`) is skipped, as poppler skips it; an array with no
    /// such end is taken as unterminated and ends at the operator.
    fn closed_by_tj(&self) -> bool {
        let rest = self.data.get(self.pos..).unwrap_or(&[]);
        let Some(close) = rest.iter().position(|&b| b == b']') else {
            return false;
        };
        let after = &rest[close + 1..];
        let skip = after.iter().take_while(|&&b| is_white(b)).count();
        after.get(skip..).is_some_and(|t| {
            t.starts_with(b"TJ") && t.get(2).is_none_or(|&b| is_white(b) || is_delim(b))
        })
    }

    fn dictionary(&mut self, depth: usize) -> Operand {
        if depth >= MAX_NESTING {
            return Operand::Null;
        }
        let mut entries = Vec::new();
        let mut key: Option<Vec<u8>> = None;
        let mut value = Vec::with_capacity(1);
        while let Some(t) = self.token(depth + 1, &mut value) {
            match (t, value.pop(), key.take()) {
                (Token::Close, _, _) => break,
                (Token::Keyword(k), _, _) => {
                    self.unread(k);
                    break;
                }
                (_, Some(Operand::Name(n)), None) => key = Some(n),
                (_, Some(v), Some(k)) => entries.push((k, v)),
                _ => {}
            }
        }
        Operand::Dictionary(entries)
    }

    /// Step back over a keyword met inside an unclosed array or dictionary, so the
    /// operator it names is still seen.
    fn unread(&mut self, keyword: &[u8]) {
        self.pos = self.pos.saturating_sub(keyword.len());
    }

    /// A hex string, decoded as its digits are read; an odd last digit is taken as
    /// followed by 0. Read from a slice of the rest, the position moved once at the
    /// end: stepping it through `peek` byte by byte cost a bounds check and two
    /// stores per digit, and Chromium shows each glyph as a 4-digit hex string.
    fn hex_string(&mut self) -> Operand {
        let body = self.data.get(self.pos + 1..).unwrap_or(&[]);
        let mut bytes = self.bytes_buf();
        let mut high: Option<u8> = None;
        // up to and with the closing `>`, or all the rest when there is none
        let mut used = body.len();
        for (i, &b) in body.iter().enumerate() {
            if b == b'>' {
                used = i + 1;
                break;
            }
            if let Some(d) = hex(b) {
                match high.take() {
                    Some(h) => bytes.push(h << 4 | d),
                    None => high = Some(d),
                }
            }
        }
        self.pos += 1 + used;
        if let Some(h) = high {
            bytes.push(h << 4);
        }
        Operand::String(bytes, StringFormat::Hexadecimal)
    }

    fn literal_string(&mut self) -> Operand {
        self.pos += 1;
        let mut out = self.bytes_buf();
        let mut depth = 1usize;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                b'\\' => {
                    self.escape(&mut out);
                    continue;
                }
                _ => {}
            }
            out.push(b);
        }
        Operand::String(out, StringFormat::Literal)
    }

    /// After a backslash in a literal string.
    fn escape(&mut self, out: &mut Vec<u8>) {
        let Some(b) = self.peek() else {
            return;
        };
        self.pos += 1;
        match b {
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'\r' => {
                if self.peek() == Some(b'\n') {
                    self.pos += 1;
                }
            }
            b'\n' => {}
            b'0'..=b'7' => {
                let mut v = u32::from(b - b'0');
                for _ in 0..2 {
                    match self.peek() {
                        Some(d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            self.pos += 1;
                        }
                        _ => break,
                    }
                }
                out.push(v as u8);
            }
            other => out.push(other),
        }
    }

    /// Skip an inline image: its dictionary up to `ID`, then the data up to an `EI`
    /// that stands alone between whitespace.
    fn skip_inline_image(&mut self) {
        let mut entries = Vec::new();
        while let Some(t) = self.token(0, &mut entries) {
            if let Token::Keyword(b"ID") = t {
                break;
            }
        }
        self.pos += 1;
        let data = self.data;
        while self.pos < data.len() {
            let at = |k: usize| data.get(k).copied();
            let before = self.pos == 0 || at(self.pos - 1).is_some_and(is_white);
            let after = at(self.pos + 2).is_none_or(|b| is_white(b) || is_delim(b));
            if before && at(self.pos) == Some(b'E') && at(self.pos + 1) == Some(b'I') && after {
                self.pos += 2;
                return;
            }
            self.pos += 1;
        }
    }
}

/// A number token's value: an operand's two numeric kinds, 16 bytes, which a
/// function returns in registers rather than through memory as a 32-byte
/// `Option<Operand>`. (The tokenizer's pushes of all kinds of operand are still
/// merged by the compiler through one stack slot that is written piece by piece and
/// read back whole: ~20% of `Lexer::token`'s own samples on the large seeds sit on
/// that read, before and after this type.)
#[derive(Debug, Clone, Copy, PartialEq)]
enum Num {
    Integer(i64),
    Real(f32),
}

impl From<Num> for Operand {
    fn from(n: Num) -> Operand {
        match n {
            Num::Integer(i) => Operand::Integer(i),
            Num::Real(r) => Operand::Real(r),
        }
    }
}

/// The number of ASCII digits that `bytes` starts with, each added to `mantissa`
/// (×10 + digit, wrapping: a run longer than [`SHORT_DIGITS`] is not read as a
/// short number, so its wrapped value is never used).
fn digit_run(bytes: &[u8], mantissa: &mut u64) -> usize {
    let mut n = 0;
    for &b in bytes {
        let d = b.wrapping_sub(b'0');
        if d >= 10 {
            break;
        }
        *mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(d));
        n += 1;
    }
    n
}

/// A PDF number token; producers write `-.5`, `5.`, and sometimes `--5` or `1.2.3`.
fn number(run: &[u8]) -> Option<Num> {
    if let Some(n) = short_number(run) {
        return Some(n);
    }
    let s = std::str::from_utf8(run).ok()?;
    // a run with a point is never an integer: most reals skip the integer parse
    if !run.contains(&b'.')
        && let Ok(i) = s.parse::<i64>()
    {
        return Some(Num::Integer(i));
    }
    let s = s.trim_start_matches(['+', '-']);
    let neg = run.first() == Some(&b'-');
    let v: f64 = s.parse().ok().or_else(|| {
        let end = s
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(s.len());
        s.get(..end)?.parse().ok()
    })?;
    if !v.is_finite() {
        return None;
    }
    Some(Num::Real(if neg { -v } else { v } as f32))
}

/// Most significant digits [`short_number`] reads: any such mantissa is below
/// 2^53, so it and the power of ten it is divided by are exact doubles.
const SHORT_DIGITS: usize = 15;

/// Powers of ten up to [`SHORT_DIGITS`], each an exact double.
const POW10: [f64; SHORT_DIGITS + 1] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// The common number token, `[+-]digits[.digits]` with at most [`SHORT_DIGITS`]
/// digits, read without `str` parsing (which, with the UTF-8 check before it, was
/// ~2% of `inspect --words` on the producer mix); `None` for anything else, which
/// [`number`] reads its own way. The value is the one `str::parse::<f64>` gives:
/// the mantissa and the power of ten are exact doubles, and IEEE division rounds
/// their quotient correctly, as the parser rounds the decimal it reads (Clinger's
/// fast path); an integer is the `i64` `str::parse` gives.
fn short_number(run: &[u8]) -> Option<Num> {
    let (neg, body) = match run.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, run),
    };
    let mut mantissa: u64 = 0;
    let mut digits = 0;
    let mut point: Option<usize> = None;
    for (i, &b) in body.iter().enumerate() {
        match b {
            b'0'..=b'9' if digits < SHORT_DIGITS => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                digits += 1;
            }
            b'.' if point.is_none() => point = Some(i),
            _ => return None,
        }
    }
    if digits == 0 {
        return None;
    }
    let Some(at) = point else {
        let i = mantissa as i64;
        return Some(Num::Integer(if neg { -i } else { i }));
    };
    let v = mantissa as f64 / POW10.get(body.len() - at - 1)?;
    Some(Num::Real(if neg { -v } else { v } as f32))
}

#[cfg(test)]
#[allow(clippy::panic)]
mod tests {
    use super::*;

    fn ops(data: &[u8]) -> Vec<(String, Vec<Operand>)> {
        let mut lx = Lexer::new(data);
        let mut operands = Vec::new();
        let mut out = Vec::new();
        while let Some(op) = lx.next_op(&mut operands) {
            out.push((String::from_utf8_lossy(op).into_owned(), operands.clone()));
        }
        out
    }

    #[test]
    fn reads_text_operators() {
        let v = ops(b"BT /F1 9.5 Tf 1 0 0 1 -.5 700 Tm [(A\\(b\\)\\101) -250 <0041>] TJ ET % c\n");
        let names: Vec<&str> = v.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(names, ["BT", "Tf", "Tm", "TJ", "ET"]);
        assert_eq!(v[1].1, [Operand::Name(b"F1".to_vec()), Operand::Real(9.5)]);
        assert_eq!(v[2].1[4], Operand::Real(-0.5));
        let Operand::Array(items) = &v[3].1[0] else {
            panic!()
        };
        assert_eq!(
            items[0],
            Operand::String(b"A(b)A".to_vec(), StringFormat::Literal)
        );
        assert_eq!(items[1], Operand::Integer(-250));
        assert_eq!(
            items[2],
            Operand::String(b"\0A".to_vec(), StringFormat::Hexadecimal)
        );
    }

    #[test]
    fn skips_inline_images_and_junk() {
        let v = ops(b"q BI /W 2 /H 1 ID \x00EI\xff EI Q ) } 1 0 0 1 0 0 cm");
        let names: Vec<&str> = v.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(names, ["q", "BI", "Q", "cm"]);
    }

    #[test]
    fn operators_inside_a_shown_array_are_skipped() {
        let v = ops(b"BT [(Grandes) 0.0 Tc\n-250.0 (March\\351s) ] TJ ET");
        let names: Vec<&str> = v.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(names, ["BT", "TJ", "ET"]);
        assert!(matches!(&v[1].1[0], Operand::Array(items) if items.len() == 4));
        // an array left open still ends at the next operator
        let v = ops(b"BT [(a) 1 Tc (b) Tj ET");
        let names: Vec<&str> = v.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(names, ["BT", "Tc", "Tj", "ET"]);
    }

    #[test]
    fn reused_buffers_carry_nothing_over() {
        // each operator's strings, names and arrays reuse the previous one's buffers
        let v = ops(b"(a longer string) Tj [(xyz) -5 <4142>] TJ (b) Tj <4> Tj /Name#41 /P BDC");
        let s = |b: &[u8], f| Operand::String(b.to_vec(), f);
        assert_eq!(v[0].1, [s(b"a longer string", StringFormat::Literal)]);
        let Operand::Array(items) = &v[1].1[0] else {
            panic!()
        };
        assert_eq!(
            items,
            &[
                s(b"xyz", StringFormat::Literal),
                Operand::Integer(-5),
                s(b"AB", StringFormat::Hexadecimal)
            ]
        );
        assert_eq!(v[2].1, [s(b"b", StringFormat::Literal)]);
        // an odd last hex digit is followed by 0
        assert_eq!(v[3].1, [s(b"\x40", StringFormat::Hexadecimal)]);
        assert_eq!(
            v[4].1,
            [
                Operand::Name(b"NameA".to_vec()),
                Operand::Name(b"P".to_vec())
            ]
        );
    }

    /// The slow path of [`number`] alone, as it read every number before
    /// [`short_number`].
    fn parsed(run: &[u8]) -> Option<Operand> {
        let s = std::str::from_utf8(run).ok()?;
        if !run.contains(&b'.')
            && let Ok(i) = s.parse::<i64>()
        {
            return Some(Operand::Integer(i));
        }
        let neg = run.first() == Some(&b'-');
        let v: f64 = s.trim_start_matches(['+', '-']).parse().ok()?;
        Some(Operand::Real(if neg { -v } else { v } as f32))
    }

    #[test]
    fn short_numbers_read_as_str_parse_reads_them() {
        // operands seen in the fixtures' content streams, and the edges of the form
        let runs: [&[u8]; 18] = [
            b"0",
            b"-0",
            b"+7",
            b"612",
            b"-250",
            b"841.89",
            b"-.5",
            b"5.",
            b".1",
            b"0.1",
            b"-0.0",
            b"0.333333",
            b"123456789012345",
            b"1.00000000000001",
            b"-9.99999999999999",
            b"0.00000000000001",
            b"595.2756",
            b"12.345678901234",
        ];
        for run in runs {
            assert_eq!(
                short_number(run).map(Operand::from),
                parsed(run),
                "{}",
                String::from_utf8_lossy(run)
            );
            assert_eq!(number(run).map(Operand::from), parsed(run));
        }
        // every 4-decimal value a producer writes between -1000 and 1000, by
        // steps that cover each last digit
        for n in (-10_000_000i64..10_000_000).step_by(997) {
            let run = format!("{}.{:04}", n / 10_000, (n % 10_000).abs());
            let run = if n < 0 && n > -10_000 {
                format!("-{run}")
            } else {
                run
            };
            assert_eq!(
                short_number(run.as_bytes()).map(Operand::from),
                parsed(run.as_bytes()),
                "{run}"
            );
        }
        // what it leaves to the slow path
        for run in [
            &b"--5"[..],
            b"1.2.3",
            b"1234567890123456",
            b"-",
            b".",
            b"1e5",
            b"+-1",
        ] {
            assert_eq!(short_number(run), None, "{}", String::from_utf8_lossy(run));
        }
    }

    /// `short_number_here` reads what `short_number` reads from the whole regular
    /// run, and moves past exactly that run (or not at all).
    #[test]
    fn numbers_read_in_place_as_short_number_reads_the_run() {
        let mut runs: Vec<Vec<u8>> = [
            &b"0"[..],
            b"-0",
            b"+7",
            b"612",
            b"-250",
            b"841.89",
            b"-.5",
            b"5.",
            b".1",
            b"-0.0",
            b"5.1650848",
            b"123456789012345",
            b"1234567890123456",
            b"12345678901234567890123",
            b"1.00000000000001",
            b"1.000000000000001",
            b"0.00000000000001",
            b"--5",
            b"1.2.3",
            b"-",
            b"+",
            b".",
            b"-.",
            b"1e5",
            b"+-1",
            b"12a",
            b"1..2",
            b"007",
        ]
        .iter()
        .map(|r| r.to_vec())
        .collect();
        // every form of up to four bytes over the number alphabet and a letter
        let alphabet = b"+-.09x";
        let mut forms: Vec<Vec<u8>> = vec![Vec::new()];
        for _ in 0..4 {
            forms = forms
                .iter()
                .flat_map(|f| {
                    alphabet.iter().map(move |&c| {
                        let mut g = f.clone();
                        g.push(c);
                        g
                    })
                })
                .collect();
            runs.extend(forms.iter().cloned());
        }
        for run in &runs {
            for tail in [&b""[..], b" Td", b"]", b"/F1", b"(x)", b"<00>", b"\n"] {
                let mut data = run.clone();
                data.extend_from_slice(tail);
                let mut lx = Lexer::new(&data);
                let got = lx.short_number_here();
                let whole = Lexer::new(&data).regular_run().len();
                let want = data.get(..whole).and_then(short_number);
                assert_eq!(got, want, "{}", String::from_utf8_lossy(&data));
                let moved = if want.is_some() { whole } else { 0 };
                assert_eq!(lx.pos, moved, "{}", String::from_utf8_lossy(&data));
            }
        }
    }

    #[test]
    fn an_inline_dictionary_keeps_its_entries() {
        let v = ops(b"/Span << /ActualText (N) /MCID 3 /Sub [1 /A] >> BDC EMC");
        let d = &v[0].1[1];
        assert_eq!(
            d.entry(b"ActualText"),
            Some(&Operand::String(b"N".to_vec(), StringFormat::Literal))
        );
        assert_eq!(d.entry(b"MCID"), Some(&Operand::Integer(3)));
        assert_eq!(
            d.entry(b"Sub"),
            Some(&Operand::Array(vec![
                Operand::Integer(1),
                Operand::Name(b"A".to_vec())
            ]))
        );
        assert_eq!(d.entry(b"Missing"), None);
        // a key given twice has its last value, as lopdf's dictionary keeps it
        let v = ops(b"<< /MCID 1 /MCID 2 >> BDC");
        assert_eq!(v[0].1[0].entry(b"MCID"), Some(&Operand::Integer(2)));
        // and the entries read into lopdf's dictionary as before
        let Object::Dictionary(d) = v[0].1[0].clone().into_object() else {
            panic!()
        };
        assert_eq!(d.get(b"MCID").ok(), Some(&Object::Integer(2)));
    }

    /// What the own operand type is for: a quarter of lopdf's `Object` to move.
    #[test]
    fn operands_stay_small() {
        assert!(std::mem::size_of::<Operand>() <= 32);
        assert!(std::mem::size_of::<Operand>() * 3 < std::mem::size_of::<Object>());
    }

    /// The table is the sixteen bytes of PDF 32000 7.2.2, and nothing else.
    #[test]
    fn byte_classes_are_the_standard_ones() {
        for b in 0..=255u8 {
            let white = matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0');
            let delim = matches!(
                b,
                b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
            );
            assert_eq!(is_white(b), white, "{b}");
            assert_eq!(is_delim(b), delim, "{b}");
            assert_eq!(is_regular(b), !white && !delim, "{b}");
            assert_eq!(hex(b), (b as char).to_digit(16).map(|d| d as u8), "{b}");
        }
    }

    #[test]
    fn comments_and_white_space_are_skipped() {
        let v = ops(b"% head\r\n  %x\n\t1 0 0 1 0 0 cm%tail\nq %end");
        let names: Vec<&str> = v.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(names, ["cm", "q"]);
        assert_eq!(v[0].1.len(), 6);
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let mut data = vec![b'['; 100_000];
        data.extend_from_slice(b" (x) Tj");
        assert_eq!(ops(&data).len(), 1);
    }
}
