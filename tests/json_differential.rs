//! Differential test of `wire::json::parse_strict` against serde_json (the parser it replaced):
//! hand-written cases, a few thousand seeded random JSON texts (valid, and mutated), and
//! proptest texts made of JSON tokens.
//!
//! The oracle: serde_json reads the text as a `serde_json::Value`, and a serde visitor looks
//! for a member name given twice in any object. Then
//! - serde_json refuses → ours is `Invalid`;
//! - serde_json accepts with a duplicate → ours is `DuplicateMember`;
//! - serde_json accepts without → ours accepts the same value: integers exactly (same kind:
//!   u64, i64), other numbers as the same f64 bits (serde_json's `float_roundtrip` is on for
//!   the tests, so both round correctly).

use std::collections::HashSet;
use std::fmt;

use myna_verify::wire::json::{parse_strict, JsonError, Value, MAX_DEPTH};
use proptest::prelude::*;
use rand_chacha::rand_core::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

// ---------------------------------------------------------------- the oracle

/// What serde_json makes of a text.
enum Oracle {
    Refused,
    Duplicate,
    Accepted(serde_json::Value),
}

fn oracle(bytes: &[u8]) -> Oracle {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        return Oracle::Refused;
    };
    let mut de = serde_json::Deserializer::from_slice(bytes);
    match de.deserialize_any(DuplicateFinder) {
        Ok(()) => Oracle::Accepted(value),
        Err(e) if e.is_data() => Oracle::Duplicate,
        Err(e) => panic!("serde_json read {bytes:?} once but not twice: {e}"),
    }
}

/// Walks a value; fails (a data error) on an object with a member name twice.
struct DuplicateFinder;

impl<'de> de::DeserializeSeed<'de> for DuplicateFinder {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(DuplicateFinder)
    }
}

impl<'de> Visitor<'de> for DuplicateFinder {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(DuplicateFinder)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut names = HashSet::new();
        while let Some(name) = map.next_key::<String>()? {
            if !names.insert(name) {
                // Read the rest (the text parsed as a Value already, so this succeeds).
                map.next_value::<IgnoredAny>()?;
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                return Err(de::Error::custom("duplicate member"));
            }
            map.next_value_seed(DuplicateFinder)?;
        }
        Ok(())
    }
}

/// Ours equals serde_json's value: same kinds, same members, numbers as described above.
fn same(ours: &Value, theirs: &serde_json::Value) -> bool {
    use serde_json::Value as J;
    match (ours, theirs) {
        (Value::Null, J::Null) => true,
        (Value::Bool(a), J::Bool(b)) => a == b,
        (Value::String(a), J::String(b)) => a == b,
        (Value::Number(a), J::Number(b)) => {
            if let Some(u) = b.as_u64() {
                a.as_u64() == Some(u) && a.is_integer()
            } else if let Some(i) = b.as_i64() {
                a.as_i64() == Some(i) && a.as_u64().is_none() && a.is_integer()
            } else {
                let f = b.as_f64().expect("serde_json numbers are u64, i64 or f64");
                !a.is_integer() && a.as_f64().to_bits() == f.to_bits()
            }
        }
        (Value::Array(a), J::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Value::Object(a), J::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| same(v, w)))
        }
        _ => false,
    }
}

/// Which way a text went.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    accepted: usize,
    duplicate: usize,
    refused: usize,
}

fn check(bytes: &[u8], tally: &mut Tally) {
    let ours = parse_strict(bytes);
    match oracle(bytes) {
        Oracle::Refused => {
            tally.refused += 1;
            assert_eq!(
                ours,
                Err(JsonError::Invalid),
                "serde_json refuses {:?}",
                String::from_utf8_lossy(bytes)
            );
        }
        Oracle::Duplicate => {
            tally.duplicate += 1;
            assert_eq!(
                ours,
                Err(JsonError::DuplicateMember),
                "duplicate in {:?}",
                String::from_utf8_lossy(bytes)
            );
        }
        Oracle::Accepted(theirs) => {
            tally.accepted += 1;
            match ours {
                Ok(v) => assert!(
                    same(&v, &theirs),
                    "{:?}: ours {v:?}, serde_json {theirs:?}",
                    String::from_utf8_lossy(bytes)
                ),
                Err(e) => panic!(
                    "serde_json accepts {:?} ({theirs:?}), ours: {e:?}",
                    String::from_utf8_lossy(bytes)
                ),
            }
        }
    }
}

// ---------------------------------------------------------------- hand-written cases

#[test]
fn hand_written_cases_agree() {
    let nest = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    let objects = |n: usize| format!("{}0{}", "{\"a\":".repeat(n), "}".repeat(n));
    let owned = [
        nest(MAX_DEPTH - 1),
        nest(MAX_DEPTH),
        nest(MAX_DEPTH + 1),
        nest(MAX_DEPTH + 2),
        objects(MAX_DEPTH),
        objects(MAX_DEPTH + 1),
        format!("1{}", "0".repeat(400)),
        format!("0.{}1", "0".repeat(400)),
        format!("1.{}e-5", "9".repeat(100)),
        format!("{}e-400", "9".repeat(100)),
    ];
    let fixed: &[&[u8]] = &[
        b"null",
        b"true",
        b"false",
        b"0",
        b"-0",
        b"-0.0",
        b"0.0",
        b"1",
        b"-1",
        b"1.5",
        b"1e5",
        b"1E+5",
        b"1e-5",
        b"-1.25e-3",
        b"18446744073709551615",
        b"18446744073709551616",
        b"9223372036854775807",
        b"9223372036854775808",
        b"-9223372036854775808",
        b"-9223372036854775809",
        b"9007199254740993",
        b"1.7976931348623157e308",
        b"1.7976931348623158e308",
        b"1.8e308",
        // Either side of 2^1024 - 2^970, where rounding reaches infinity.
        b"1.797693134862315807937289714053034e308",
        b"1.797693134862315807937289714053035e308",
        b"-179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791.999",
        b"1e309",
        b"-1e309",
        b"4.9e-324",
        b"2e-324",
        b"1e-400",
        b"0e999999999999999999",
        b"1e999999999999999999",
        b"123456789012345678901234567890",
        b"0.1",
        b"0.30000000000000004",
        b"2.2250738585072011e-308",
        b"01",
        b"-01",
        b"+1",
        b".5",
        b"1.",
        b"1e",
        b"-",
        b"NaN",
        b"Infinity",
        b"-Infinity",
        b"\"\"",
        b"\"a\"",
        br#""\"\\\/\b\f\n\r\t""#,
        br#""\u0000\u001f\u007f\u00e9\uffff""#,
        br#""\ud83c\udf8c""#,
        br#""\ud800""#,
        br#""\udc00""#,
        br#""\ud800\u0041""#,
        br#""\ud800\ud800""#,
        br#""\x""#,
        br#""\u12""#,
        b"\"\x01\"",
        b"\"\x7f\"",
        b"\"\xff\"",
        b"\"\xc3\xa9\"",
        b"\"\xed\xa0\x80\"",
        b"\"abc",
        b"[]",
        b"[1,2]",
        b"[1,]",
        b"[,]",
        b"[1 2]",
        b"{}",
        br#"{"a":1}"#,
        br#"{"a":1,}"#,
        br#"{"a":1,"a":1}"#,
        br#"{"a":1,"\u0061":2}"#,
        br#"{"a":{"b":1,"b":2}}"#,
        br#"[{"b":1},{"b":2}]"#,
        br#"{"a":1,"a":2"#,
        br#"{"a":1,"a":2} x"#,
        br#"{'a':1}"#,
        br#"{a:1}"#,
        b" \t\r\n{} \t\r\n",
        b"\x0c{}",
        b"\xef\xbb\xbf{}",
        b"{}\0",
        b"",
        b" ",
        b"1 2",
        b"[1]/*x*/",
        b"//x\n[1]",
        b"nul",
        b"nulll",
        b"tru",
        b"True",
    ];
    let mut tally = Tally::default();
    for text in owned
        .iter()
        .map(|s| s.as_bytes())
        .chain(fixed.iter().copied())
    {
        check(text, &mut tally);
    }
    assert!(
        tally.accepted > 30 && tally.refused > 30 && tally.duplicate >= 3,
        "{tally:?}"
    );
}

// ---------------------------------------------------------------- seeded random texts

struct Gen {
    rng: ChaCha20Rng,
}

impl Gen {
    fn below(&mut self, n: usize) -> usize {
        (self.rng.next_u32() as usize) % n
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn ws(&mut self) -> &'static str {
        if self.chance(70) {
            ""
        } else {
            self.pick(&[" ", "\n", "\t", "\r\n", "  "])
        }
    }

    fn digits(&mut self, max: usize) -> String {
        (0..1 + self.below(max))
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }

    fn number(&mut self) -> String {
        match self.below(8) {
            0 => self
                .pick(&[
                    "0",
                    "-0",
                    "18446744073709551615",
                    "18446744073709551616",
                    "9223372036854775807",
                    "9223372036854775808",
                    "-9223372036854775808",
                    "-9223372036854775809",
                    "9007199254740993",
                    "1.7976931348623157e308",
                    "4.9e-324",
                ])
                .to_owned(),
            1 => (self.rng.next_u64()).to_string(),
            2 => (self.rng.next_u64() as i64).to_string(),
            _ => {
                let mut n = String::new();
                if self.chance(30) {
                    n.push('-');
                }
                if self.chance(20) {
                    n.push('0');
                } else {
                    n.push(char::from(b'1' + self.below(9) as u8));
                    if self.chance(70) {
                        n.push_str(&self.digits(25));
                    }
                }
                if self.chance(40) {
                    n.push('.');
                    n.push_str(&self.digits(20));
                }
                if self.chance(30) {
                    n.push_str(self.pick(&["e", "E"]));
                    n.push_str(self.pick(&["", "+", "-"]));
                    n.push_str(&self.digits(3));
                }
                n
            }
        }
    }

    fn string(&mut self) -> String {
        let mut s = String::from("\"");
        for _ in 0..self.below(8) {
            let piece = match self.below(12) {
                0 => self
                    .pick(&["\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"])
                    .to_owned(),
                1 => format!("\\u{:04x}", self.below(0x10000)),
                2 => format!("\\u{:04X}", self.below(0x80)),
                3 => {
                    let c = 0x10000 + self.below(0x100000) as u32;
                    let hi = 0xD800 + ((c - 0x10000) >> 10);
                    let lo = 0xDC00 + ((c - 0x10000) & 0x3ff);
                    format!("\\u{hi:04x}\\u{lo:04x}")
                }
                4 => self
                    .pick(&["é", "日本", "🎌", "\u{7f}", "\u{feff}"])
                    .to_owned(),
                _ => char::from(b'a' + self.below(26) as u8).to_string(),
            };
            s.push_str(&piece);
        }
        s.push('"');
        s
    }

    /// Member names from a small pool, some spelling the same name differently, so that
    /// duplicates happen.
    fn name(&mut self) -> String {
        self.pick(&[
            "\"a\"",
            "\"b\"",
            "\"\\u0061\"",
            "\"A\"",
            "\"\"",
            "\"alg\"",
            "\"k\\/\"",
            "\"k/\"",
        ])
        .to_owned()
    }

    fn value(&mut self, depth: usize) -> String {
        let kind = if depth >= 6 {
            self.below(3)
        } else {
            self.below(5)
        };
        match kind {
            0 => self.number(),
            1 => self.string(),
            2 => self.pick(&["null", "true", "false"]).to_owned(),
            3 => {
                let items: Vec<String> = (0..self.below(5))
                    .map(|_| format!("{}{}{}", self.ws(), self.value(depth + 1), self.ws()))
                    .collect();
                format!("[{}{}]", items.join(","), self.ws())
            }
            _ => {
                let n = self.below(5);
                let mut names = Vec::new();
                let members: Vec<String> = (0..n)
                    .map(|_| {
                        // Mostly distinct names, so that most texts have no duplicate.
                        let mut name = self.name();
                        if self.chance(85) {
                            while names.contains(&name) && names.len() < 4 {
                                name = self.name();
                            }
                        }
                        names.push(name.clone());
                        let (w1, w2, w3) = (self.ws(), self.ws(), self.ws());
                        format!("{w1}{name}{w2}:{w3}{}", self.value(depth + 1))
                    })
                    .collect();
                format!("{{{}{}}}", members.join(","), self.ws())
            }
        }
    }

    fn document(&mut self) -> String {
        let body = if self.chance(3) {
            // Around the nesting cap.
            let n = MAX_DEPTH - 2 + self.below(5);
            let (open, close) = if self.chance(50) {
                ("[", "]")
            } else {
                ("{\"a\":[", "]}")
            };
            let n = if open.len() > 1 { n / 2 + 1 } else { n };
            format!("{}{}{}", open.repeat(n), self.value(6), close.repeat(n))
        } else {
            self.value(0)
        };
        format!("{}{body}{}", self.ws(), self.ws())
    }

    /// One to three edits of `text`: a byte replaced, inserted, deleted or repeated, or the
    /// text cut short.
    fn mutate(&mut self, text: &str) -> Vec<u8> {
        const BYTES: &[u8] = b"{}[]\",:\\ 0123456789eE+-.aftnu/x\x00\x1f\x7f\xff\xc3\xed\x80\t\n";
        let mut bytes = text.as_bytes().to_vec();
        for _ in 0..1 + self.below(3) {
            let len = bytes.len();
            let at = self.below(len + 1);
            let byte = BYTES[self.below(BYTES.len())];
            match self.below(5) {
                0 if at < len => bytes[at] = byte,
                1 if at < len => {
                    bytes.remove(at);
                }
                2 => bytes.truncate(at),
                3 if at < len => {
                    let end = (at + 1 + self.below(8)).min(len);
                    let piece = bytes[at..end].to_vec();
                    bytes.splice(at..at, piece);
                }
                _ => bytes.insert(at, byte),
            }
        }
        bytes
    }
}

#[test]
fn random_texts_agree() {
    let mut gen = Gen {
        rng: ChaCha20Rng::seed_from_u64(0x6a73_6f6e),
    };
    let mut valid = Tally::default();
    let mut mutated = Tally::default();
    for _ in 0..4000 {
        let text = gen.document();
        check(text.as_bytes(), &mut valid);
        for _ in 0..2 {
            let bytes = gen.mutate(&text);
            check(&bytes, &mut mutated);
        }
    }
    // Generated texts are JSON (some with duplicates) but for numbers beyond f64 and nesting
    // beyond the cap; mutations land on all three outcomes. (Seeded: 3550 / 276 / 174 and
    // 1188 / 53 / 6759.)
    assert!(
        valid.accepted > 3000 && valid.duplicate > 200 && valid.refused > 50,
        "{valid:?}"
    );
    assert!(
        mutated.accepted > 800 && mutated.refused > 5000 && mutated.duplicate > 20,
        "{mutated:?}"
    );
}

// ---------------------------------------------------------------- proptest

/// Pieces of JSON and of near-JSON.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    " ",
    "\n",
    "\"a\"",
    "\"\\u0061\"",
    "\"b\"",
    "\"\\ud800\"",
    "\"\\udc00\"",
    "\"",
    "\\",
    "0",
    "-",
    "1",
    "01",
    ".5",
    "e5",
    "1e400",
    "-0",
    "null",
    "true",
    "false",
    "nul",
    "\u{0}",
    "é",
    "\"é\"",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn token_soup_agrees(pieces in prop::collection::vec(prop::sample::select(TOKENS), 0..24)) {
        check(pieces.concat().as_bytes(), &mut Tally::default());
    }

    #[test]
    fn arbitrary_bytes_agree(bytes in prop::collection::vec(any::<u8>(), 0..32)) {
        check(&bytes, &mut Tally::default());
    }

    /// Where rounding reaches infinity: long mantissas around 1.7976931348623158e308, and
    /// numbers of every size near the top of f64's range.
    #[test]
    fn numbers_at_the_edge_of_f64_agree(
        tail in "[0-9]{0,40}",
        int in "[1-9][0-9]{0,30}",
        frac in "[0-9]{0,30}",
        exp in 270i32..330,
        sign in prop::sample::select(vec!["", "-"]),
    ) {
        let near = format!("{sign}1.797693134862315{tail}e308");
        check(near.as_bytes(), &mut Tally::default());
        let dot = if frac.is_empty() { "" } else { "." };
        let any = format!("{sign}{int}{dot}{frac}e{exp}");
        check(any.as_bytes(), &mut Tally::default());
    }
}
