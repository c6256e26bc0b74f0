//! The values [`super::parse_strict`] returns. They serialise (serde) as the JSON they were
//! read from, object members in document order.

use core::cmp::Ordering;

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::decimal::Decimal;

/// A JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string (unescaped).
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object.
    Object(Map),
}

impl Value {
    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_number(&self) -> Option<&Number> {
        match self {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    /// The number as `f64`, if this is a number.
    pub fn as_f64(&self) -> Option<f64> {
        self.as_number().map(Number::as_f64)
    }

    /// The number, if this is an integer that fits `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        self.as_number().and_then(Number::as_i64)
    }

    /// The number, if this is a non-negative integer that fits `u64`.
    pub fn as_u64(&self) -> Option<u64> {
        self.as_number().and_then(Number::as_u64)
    }

    /// The elements, if this is an array.
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(list) => Some(list),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The member `name`, if this is an object that has it.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.as_object().and_then(|map| map.get(name))
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Whether this is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }
}

/// A JSON number: the exact integer when it fits `u64` or `i64`, else the number's text (a
/// fraction, an exponent, `-0`, or a larger integer), whose value is within `f64`'s range.
/// Numbers that are not integers are compared by value (`1.0` equals `1.00`, `-0` equals
/// `0.0`), never with an integer-held number.
#[derive(Clone, Debug)]
pub struct Number(Repr);

#[derive(Clone, Debug)]
enum Repr {
    /// A non-negative integer.
    PosInt(u64),
    /// A negative integer.
    NegInt(i64),
    /// Anything else, as written (JSON number syntax; within `f64`'s range).
    Decimal(Box<str>),
}

impl Number {
    pub(super) fn pos_int(n: u64) -> Self {
        Number(Repr::PosInt(n))
    }

    pub(super) fn neg_int(n: i64) -> Self {
        Number(Repr::NegInt(n))
    }

    /// `text` has JSON number syntax. `None` when its value rounds beyond `f64`.
    pub(super) fn decimal(text: &str) -> Option<Self> {
        Decimal::read(text)
            .fits_f64()
            .then(|| Number(Repr::Decimal(text.into())))
    }

    /// The nearest `f64` (integers beyond 2^53 are rounded; always finite).
    pub fn as_f64(&self) -> f64 {
        match &self.0 {
            Repr::PosInt(n) => *n as f64,
            Repr::NegInt(n) => *n as f64,
            // The parser checked syntax and range, so this parse does not fail.
            Repr::Decimal(text) => text.parse().unwrap_or(f64::NAN),
        }
    }

    /// The integer, if it was written as one and fits `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        match self.0 {
            Repr::PosInt(n) => i64::try_from(n).ok(),
            Repr::NegInt(n) => Some(n),
            Repr::Decimal(_) => None,
        }
    }

    /// The integer, if it was written as one, is non-negative and fits `u64`.
    pub fn as_u64(&self) -> Option<u64> {
        match self.0 {
            Repr::PosInt(n) => Some(n),
            _ => None,
        }
    }

    /// Whether this is held as an exact integer ([`Number::as_i64`] or [`Number::as_u64`]).
    pub fn is_integer(&self) -> bool {
        !matches!(self.0, Repr::Decimal(_))
    }

    /// The text as written, when this is not held as an integer.
    pub fn decimal_text(&self) -> Option<&str> {
        match &self.0 {
            Repr::Decimal(text) => Some(text),
            _ => None,
        }
    }

    /// The value compared with the integer `n`, exactly (no rounding through `f64`).
    pub fn cmp_integer(&self, n: i128) -> Ordering {
        match &self.0 {
            Repr::PosInt(m) => i128::from(*m).cmp(&n),
            Repr::NegInt(m) => i128::from(*m).cmp(&n),
            Repr::Decimal(text) => Decimal::read(text).cmp_integer(n),
        }
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Repr::PosInt(a), Repr::PosInt(b)) => a == b,
            (Repr::NegInt(a), Repr::NegInt(b)) => a == b,
            (Repr::Decimal(a), Repr::Decimal(b)) => Decimal::read(a).same_value(&Decimal::read(b)),
            _ => false,
        }
    }
}

/// An object's members in document order. Member names are unique (the parser refuses
/// duplicates), so lookups by name are unambiguous.
#[derive(Clone, Debug, Default)]
pub struct Map {
    entries: Vec<(String, Value)>,
}

impl Map {
    /// An empty object.
    pub fn new() -> Self {
        Map::default()
    }

    /// Built from members with distinct names (the parser checks that).
    pub(super) fn from_entries(entries: Vec<(String, Value)>) -> Self {
        Map { entries }
    }

    /// The value of member `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.entries.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// Whether member `name` is present.
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Take member `name` out, keeping the order of the others.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        let at = self.entries.iter().position(|(k, _)| k == name)?;
        Some(self.entries.remove(at).1)
    }

    /// The members, in document order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The member names, in document order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_str())
    }

    /// How many members.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no members.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Objects are equal when they have the same members, in any order (JSON objects are
/// unordered; names are unique).
impl PartialEq for Map {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Number(n) => n.serialize(serializer),
            Value::String(s) => serializer.serialize_str(s),
            Value::Array(list) => list.serialize(serializer),
            Value::Object(map) => map.serialize(serializer),
        }
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Repr::PosInt(n) => serializer.serialize_u64(n),
            Repr::NegInt(n) => serializer.serialize_i64(n),
            Repr::Decimal(_) => serializer.serialize_f64(self.as_f64()),
        }
    }
}

impl Serialize for Map {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_map(Some(self.len()))?;
        for (k, v) in self.iter() {
            out.serialize_entry(k, v)?;
        }
        out.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(members: &[(&str, Value)]) -> Map {
        Map::from_entries(
            members
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn accessors_match_the_variant() {
        let s = Value::String("x".into());
        assert_eq!(s.as_str(), Some("x"));
        assert_eq!(s.as_bool(), None);
        assert_eq!(Value::Bool(true).as_bool(), Some(true));
        assert_eq!(Value::Null.as_str(), None);
        assert!(Value::Null.is_null());
        let n = Value::Number(Number::neg_int(-3));
        assert_eq!(n.as_i64(), Some(-3));
        assert_eq!(n.as_u64(), None);
        assert_eq!(n.as_f64(), Some(-3.0));
        let big = Value::Number(Number::pos_int(u64::MAX));
        assert_eq!(big.as_u64(), Some(u64::MAX));
        assert_eq!(big.as_i64(), None);
        let f = Value::Number(Number::decimal("1.5").unwrap());
        assert_eq!(
            (f.as_f64(), f.as_i64(), f.as_u64()),
            (Some(1.5), None, None)
        );
        assert!(Number::decimal("1e309").is_none());
        assert_eq!(Number::decimal("1.50"), Number::decimal("15e-1"));
        assert_ne!(Number::decimal("1.0"), Some(Number::pos_int(1)));
        let arr = Value::Array(vec![Value::Null]);
        assert_eq!(arr.as_array().map(<[Value]>::len), Some(1));
        assert!(arr.as_object().is_none() && !arr.is_object());
    }

    #[test]
    fn map_keeps_document_order_and_compares_unordered() {
        let mut m = object(&[
            ("b", Value::Bool(true)),
            ("a", Value::Null),
            ("c", Value::Bool(false)),
        ]);
        assert_eq!(m.keys().collect::<Vec<_>>(), ["b", "a", "c"]);
        assert_eq!(m.len(), 3);
        assert!(m.contains_key("a") && !m.contains_key("d"));
        assert_eq!(m.get("c"), Some(&Value::Bool(false)));
        let reordered = object(&[
            ("c", Value::Bool(false)),
            ("a", Value::Null),
            ("b", Value::Bool(true)),
        ]);
        assert_eq!(m, reordered);
        assert_eq!(m.remove("a"), Some(Value::Null));
        assert_eq!(m.remove("a"), None);
        assert_eq!(m.keys().collect::<Vec<_>>(), ["b", "c"]);
        assert_ne!(m, reordered);
        assert!(Map::new().is_empty());
        let v = Value::Object(m);
        assert_eq!(v.get("b"), Some(&Value::Bool(true)));
        assert_eq!(Value::Null.get("b"), None);
    }

    #[test]
    fn serialises_as_the_json_it_came_from() {
        let v = Value::Object(object(&[
            ("z", Value::Number(Number::pos_int(u64::MAX))),
            ("n", Value::Number(Number::neg_int(i64::MIN))),
            ("f", Value::Number(Number::decimal("-0.5").unwrap())),
            (
                "a",
                Value::Array(vec![
                    Value::Null,
                    Value::Bool(false),
                    Value::String("\"".into()),
                ]),
            ),
        ]));
        // serde_json writes a map's entries in the order given.
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"z":18446744073709551615,"n":-9223372036854775808,"f":-0.5,"a":[null,false,"\""]}"#
        );
    }
}
