//! A minimal DER reader for the nameConstraints extension: one tag-length-value at a time.
//!
//! Only what the extension needs: single-byte tags and definite lengths in minimal encoding.
//! Anything else is `EXTENSION_INVALID`.

use crate::Error;

/// The error every malformed nameConstraints extension maps to.
pub(super) const MALFORMED: Error = Error::ExtensionInvalid("nameConstraints");

/// Longest length field accepted (4 bytes is far beyond any certificate size cap).
const MAX_LENGTH_BYTES: usize = 4;

/// One DER element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Tlv<'a> {
    /// The identifier octet (class, constructed bit and tag number).
    pub tag: u8,
    /// The contents.
    pub value: &'a [u8],
}

/// Read one element from the front of `input`; returns it and the bytes after it.
pub(super) fn read(input: &[u8]) -> Result<(Tlv<'_>, &[u8]), Error> {
    let (&tag, rest) = input.split_first().ok_or(MALFORMED)?;
    if tag & 0x1f == 0x1f {
        return Err(MALFORMED); // high tag numbers never occur in this extension
    }
    let (len, rest) = read_length(rest)?;
    if len > rest.len() {
        return Err(MALFORMED);
    }
    let (value, after) = rest.split_at(len);
    Ok((Tlv { tag, value }, after))
}

/// Read a definite, minimally encoded length.
fn read_length(input: &[u8]) -> Result<(usize, &[u8]), Error> {
    let (&first, rest) = input.split_first().ok_or(MALFORMED)?;
    if first < 0x80 {
        return Ok((usize::from(first), rest));
    }
    let count = usize::from(first & 0x7f);
    if count == 0 || count > MAX_LENGTH_BYTES || count > rest.len() {
        return Err(MALFORMED); // indefinite, too long or truncated
    }
    let (bytes, rest) = rest.split_at(count);
    if bytes.first() == Some(&0) {
        return Err(MALFORMED); // leading zero: not minimal
    }
    let len = bytes
        .iter()
        .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
    if len < 0x80 {
        return Err(MALFORMED); // should have used the short form
    }
    Ok((len, rest))
}

/// Read an element that must have tag `tag`.
pub(super) fn expect(input: &[u8], tag: u8) -> Result<(&[u8], &[u8]), Error> {
    let (tlv, rest) = read(input)?;
    if tlv.tag != tag {
        return Err(MALFORMED);
    }
    Ok((tlv.value, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_short_and_long_lengths() {
        let (tlv, rest) = read(&[0x30, 0x01, 0xaa, 0xbb]).unwrap();
        assert_eq!(
            tlv,
            Tlv {
                tag: 0x30,
                value: &[0xaa]
            }
        );
        assert_eq!(rest, &[0xbb]);
        let mut long = vec![0x04, 0x81, 0x80];
        long.extend(std::iter::repeat_n(7u8, 0x80));
        let (tlv, rest) = read(&long).unwrap();
        assert_eq!(tlv.value.len(), 0x80);
        assert!(rest.is_empty());
    }

    #[test]
    fn refuses_bad_encodings() {
        assert_eq!(read(&[]), Err(MALFORMED));
        assert_eq!(read(&[0x30]), Err(MALFORMED));
        assert_eq!(read(&[0x30, 0x02, 0x00]), Err(MALFORMED)); // truncated
        assert_eq!(read(&[0x30, 0x80, 0x00, 0x00]), Err(MALFORMED)); // indefinite
        assert_eq!(read(&[0x30, 0x81, 0x01, 0x00]), Err(MALFORMED)); // non-minimal
        assert_eq!(read(&[0x30, 0x82, 0x00, 0x80]), Err(MALFORMED)); // leading zero
        assert_eq!(read(&[0x1f, 0x01, 0x00]), Err(MALFORMED)); // high tag
        assert_eq!(read(&[0x30, 0x85, 1, 1, 1, 1, 1]), Err(MALFORMED)); // 5 length bytes
        assert_eq!(expect(&[0x31, 0x00], 0x30), Err(MALFORMED));
    }
}
