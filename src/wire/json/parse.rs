//! The parser: recursive descent over bytes, recursion bounded by [`MAX_DEPTH`]. Every step
//! consumes input or ends, so the work is bounded by the input.

use super::value::{Map, Number, Value};
use super::JsonError;

/// Most arrays and objects open at once. A deeper text is [`JsonError::Invalid`]. (127 is
/// what `serde_json`, which this parser replaces, accepted.)
pub const MAX_DEPTH: usize = 127;

/// Parse `bytes` as one JSON value, refusing duplicate member names (rules: [`super`]).
pub fn parse_strict(bytes: &[u8]) -> Result<Value, JsonError> {
    let mut parser = Parser {
        bytes,
        pos: 0,
        duplicate: false,
    };
    let value = parser.document().map_err(|Invalid| JsonError::Invalid)?;
    if parser.duplicate {
        Err(JsonError::DuplicateMember)
    } else {
        Ok(value)
    }
}

/// The text is not JSON.
struct Invalid;

struct Parser<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// An object had a member name twice. Parsing goes on, so that a text that is not JSON at
    /// all is reported as such wherever its duplicates are.
    duplicate: bool,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    fn expect(&mut self, want: u8) -> Result<(), Invalid> {
        match self.next() {
            Some(b) if b == want => Ok(()),
            _ => Err(Invalid),
        }
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// One value with only whitespace around it.
    fn document(&mut self) -> Result<Value, Invalid> {
        self.skip_whitespace();
        let value = self.value(0)?;
        self.skip_whitespace();
        if self.pos == self.bytes.len() {
            Ok(value)
        } else {
            Err(Invalid)
        }
    }

    /// A value starting at the current byte; `depth` arrays and objects are open around it.
    fn value(&mut self, depth: usize) -> Result<Value, Invalid> {
        match self.peek() {
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.literal(b"true", Value::Bool(true)),
            Some(b'f') => self.literal(b"false", Value::Bool(false)),
            Some(b'n') => self.literal(b"null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number().map(Value::Number),
            _ => Err(Invalid),
        }
    }

    fn literal(&mut self, word: &[u8], value: Value) -> Result<Value, Invalid> {
        let end = self.pos.checked_add(word.len()).ok_or(Invalid)?;
        if self.bytes.get(self.pos..end) == Some(word) {
            self.pos = end;
            Ok(value)
        } else {
            Err(Invalid)
        }
    }

    /// `[ value, ... ]`, the `[` at the current byte; `depth` counts this array.
    fn array(&mut self, depth: usize) -> Result<Value, Invalid> {
        if depth > MAX_DEPTH {
            return Err(Invalid);
        }
        self.expect(b'[')?;
        self.skip_whitespace();
        let mut items = Vec::new();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.skip_whitespace();
            match self.next() {
                Some(b',') => self.skip_whitespace(),
                Some(b']') => return Ok(Value::Array(items)),
                _ => return Err(Invalid),
            }
        }
    }

    /// `{ "name": value, ... }`, the `{` at the current byte; `depth` counts this object.
    fn object(&mut self, depth: usize) -> Result<Value, Invalid> {
        if depth > MAX_DEPTH {
            return Err(Invalid);
        }
        self.expect(b'{')?;
        self.skip_whitespace();
        let mut members = Vec::new();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(Map::from_entries(members)));
        }
        loop {
            if self.peek() != Some(b'"') {
                return Err(Invalid);
            }
            let name = self.string()?;
            self.skip_whitespace();
            self.expect(b':')?;
            self.skip_whitespace();
            let value = self.value(depth)?;
            members.push((name, value));
            self.skip_whitespace();
            match self.next() {
                Some(b',') => self.skip_whitespace(),
                Some(b'}') => break,
                _ => return Err(Invalid),
            }
        }
        if has_duplicate_name(&members) {
            self.duplicate = true;
        }
        Ok(Value::Object(Map::from_entries(members)))
    }

    /// A string, the `"` at the current byte, unescaped.
    fn string(&mut self) -> Result<String, Invalid> {
        self.expect(b'"')?;
        let mut out = String::new();
        loop {
            // The run of bytes that stand for themselves.
            let start = self.pos;
            while matches!(self.peek(), Some(b) if b != b'"' && b != b'\\' && b >= 0x20) {
                self.pos += 1;
            }
            let run = self.bytes.get(start..self.pos).ok_or(Invalid)?;
            out.push_str(core::str::from_utf8(run).map_err(|_| Invalid)?);
            match self.next() {
                Some(b'"') => return Ok(out),
                Some(b'\\') => out.push(self.escape()?),
                // A raw control character, or the end of the input.
                _ => return Err(Invalid),
            }
        }
    }

    /// The character of an escape, after its backslash.
    fn escape(&mut self) -> Result<char, Invalid> {
        Ok(match self.next().ok_or(Invalid)? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                let code = match unit {
                    0xD800..=0xDBFF => {
                        // A high surrogate must be followed by an escaped low surrogate.
                        self.expect(b'\\')?;
                        self.expect(b'u')?;
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(Invalid);
                        }
                        0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    }
                    0xDC00..=0xDFFF => return Err(Invalid),
                    _ => unit,
                };
                char::from_u32(code).ok_or(Invalid)?
            }
            _ => return Err(Invalid),
        })
    }

    /// Four hex digits of a `\u` escape.
    fn hex4(&mut self) -> Result<u32, Invalid> {
        let mut unit = 0;
        for _ in 0..4 {
            let digit = char::from(self.next().ok_or(Invalid)?)
                .to_digit(16)
                .ok_or(Invalid)?;
            unit = unit * 16 + digit;
        }
        Ok(unit)
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, the first byte at the current
    /// position.
    fn number(&mut self) -> Result<Number, Invalid> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        match self.next() {
            Some(b'0') => {}
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(Invalid),
        }
        let int_end = self.pos;
        let mut integer = true;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.one_or_more_digits()?;
            integer = false;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            self.one_or_more_digits()?;
            integer = false;
        }
        if integer {
            let magnitude = self
                .bytes
                .get(start + usize::from(negative)..int_end)
                .and_then(decimal_u64);
            let exact = match (negative, magnitude) {
                (false, Some(n)) => Some(Number::pos_int(n)),
                // `-0` has no integer form; it is the float -0.0 (as in serde_json).
                (true, Some(n)) if n != 0 => 0i64.checked_sub_unsigned(n).map(Number::neg_int),
                _ => None,
            };
            if let Some(n) = exact {
                return Ok(n);
            }
        }
        let text = self.bytes.get(start..self.pos).ok_or(Invalid)?;
        let text = core::str::from_utf8(text).map_err(|_| Invalid)?;
        Number::decimal(text).ok_or(Invalid)
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }

    fn one_or_more_digits(&mut self) -> Result<(), Invalid> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(Invalid);
        }
        self.digits();
        Ok(())
    }
}

/// The ASCII digits as a `u64`, `None` on overflow.
fn decimal_u64(digits: &[u8]) -> Option<u64> {
    digits.iter().try_fold(0u64, |n, &d| {
        n.checked_mul(10)?
            .checked_add(u64::from(d.wrapping_sub(b'0')))
    })
}

/// Whether two members have the same name: the names merge-sorted bottom-up (O(n log n) for any
/// input), then neighbours compared. Written out rather than `sort_unstable`, whose
/// instantiation for `&str` costs the wasm module about 9 KB.
fn has_duplicate_name(members: &[(String, Value)]) -> bool {
    let mut names: Vec<&str> = members.iter().map(|(name, _)| name.as_str()).collect();
    let mut buf = names.clone();
    let len = names.len();
    let mut width = 1usize;
    while width < len {
        let mut start = 0;
        while start < len {
            let mid = start.saturating_add(width).min(len);
            let end = start.saturating_add(width.saturating_mul(2)).min(len);
            let left = names.get(start..mid).unwrap_or(&[]);
            let right = names.get(mid..end).unwrap_or(&[]);
            if let Some(out) = buf.get_mut(start..end) {
                merge(left, right, out);
            }
            start = end;
        }
        std::mem::swap(&mut names, &mut buf);
        width = width.saturating_mul(2);
    }
    names
        .windows(2)
        .any(|pair| matches!(pair, [a, b] if a == b))
}

/// Merge two sorted runs into `out` (as long as both together).
fn merge<'a>(left: &[&'a str], right: &[&'a str], out: &mut [&'a str]) {
    let (mut l, mut r) = (left.iter().peekable(), right.iter().peekable());
    for slot in out.iter_mut() {
        let from_left = match (l.peek(), r.peek()) {
            (Some(a), Some(b)) => a <= b,
            (Some(_), None) => true,
            _ => false,
        };
        let next = if from_left { l.next() } else { r.next() };
        if let Some(name) = next {
            *slot = name;
        }
    }
}
