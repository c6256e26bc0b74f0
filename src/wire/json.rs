//! Strict JSON for signed structures (JOSE headers, JWS payloads, JWKs): an object member name
//! given twice, at any depth, is refused instead of silently keeping the last value (two
//! parsers reading one signed text must not see two different values).
//!
//! Parsing is `serde_json`'s (RFC 8259, no trailing data, nesting limited to 128 levels so deep
//! input cannot overflow the stack); only the duplicate check is added here.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Why a text was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonError {
    /// Not JSON (syntax, end of input, nesting too deep, invalid UTF-8).
    Invalid,
    /// An object has the same member name twice.
    DuplicateMember,
}

/// Parse `bytes` as one JSON value, refusing duplicate member names.
pub fn parse_strict(bytes: &[u8]) -> Result<Value, JsonError> {
    match serde_json::from_slice::<Strict>(bytes) {
        Ok(Strict(value)) => Ok(value),
        // Data errors come only from the visitor below, i.e. from a duplicate member.
        Err(e) if e.is_data() => Err(JsonError::DuplicateMember),
        Err(_) => Err(JsonError::Invalid),
    }
}

/// A JSON value read with the duplicate check.
struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("number"))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(Strict(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom("duplicate member name"));
            }
            let Strict(value) = map.next_value()?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_are_refused_at_any_depth() {
        assert_eq!(
            parse_strict(br#"{"a":1,"a":1}"#),
            Err(JsonError::DuplicateMember)
        );
        assert_eq!(
            parse_strict(br#"{"a":[{"b":1,"b":2}]}"#),
            Err(JsonError::DuplicateMember)
        );
        // Escapes name the same member.
        assert_eq!(
            parse_strict(br#"{"a":1,"\u0061":2}"#),
            Err(JsonError::DuplicateMember)
        );
        let v = parse_strict(br#"{"a":{"a":[1,-2,3.5,"x",null,true]},"b":1}"#).unwrap();
        assert_eq!(v["a"]["a"][2], serde_json::json!(3.5));
        assert_eq!(v["b"], serde_json::json!(1));
    }

    #[test]
    fn invalid_json_is_not_a_duplicate() {
        for bad in [&b""[..], b"{", b"{} x", b"{'a':1}", b"\xff", b"[1,]"] {
            assert_eq!(parse_strict(bad), Err(JsonError::Invalid), "{bad:?}");
        }
        let deep = "[".repeat(10_000);
        assert_eq!(parse_strict(deep.as_bytes()), Err(JsonError::Invalid));
    }
}
