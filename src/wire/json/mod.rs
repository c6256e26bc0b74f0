//! Strict JSON (RFC 8259) for signed structures (JOSE headers, JWS payloads, JWKs, Web eID
//! tokens), read by our own parser so the verifier carries no general-purpose JSON library.
//!
//! # Rules
//! - Exactly one value, with only JSON whitespace (space, tab, LF, CR) around it.
//! - No trailing commas, comments, single quotes, `NaN` / `Infinity`, leading `+`, leading
//!   zeros, or numbers outside `f64` (`1e400`).
//! - Strings are UTF-8 without raw control characters (< 0x20); the escapes are `\" \\ \/ \b
//!   \f \n \r \t \uXXXX`, surrogate pairs are combined and a lone surrogate is refused.
//! - At most [`MAX_DEPTH`] arrays and objects open at once (the parser recurses at most that
//!   deep, so deep input cannot overflow the stack).
//! - An object member name given twice (compared after unescaping), at any depth →
//!   [`JsonError::DuplicateMember`]: two parsers reading one signed text must not see two
//!   different values. A text that is not JSON at all is [`JsonError::Invalid`], whatever
//!   duplicates it also has.
//! - Numbers keep their exact integer when they fit `u64` (non-negative) or `i64` (negative);
//!   anything else (fraction, exponent, larger integers, `-0`) keeps its text, and is read
//!   exactly for comparisons ([`Number::cmp_integer`]) or rounded on request
//!   ([`Number::as_f64`]). The range check (`1e400`) is exact too: a number is refused when it
//!   would round to infinity as `f64`.
//!
//! Callers cap the input size before parsing; the parser's work and memory are linear in the
//! input, apart from sorting member names once per object for the duplicate check.

mod decimal;
mod parse;
mod value;
mod write;

pub use parse::{parse_strict, MAX_DEPTH};
pub use value::{Map, Number, Value};
pub use write::{string_object, write_string};

/// Why a text was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonError {
    /// Not JSON (syntax, end of input, nesting too deep, invalid UTF-8, number out of range).
    Invalid,
    /// Valid JSON, but an object has the same member name twice.
    DuplicateMember,
}

#[cfg(test)]
mod tests;
