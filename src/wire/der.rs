//! A minimal, strict DER reader for the few structures signature verification reads itself
//! (SubjectPublicKeyInfo, AlgorithmIdentifier, RSASSA-PSS-params, ECDSA-Sig-Value).
//!
//! Strict means: single-byte tags only (no high tag numbers), definite lengths in their minimal
//! form (no long form below 128, no leading zero length octets), lengths bounded by the input,
//! INTEGERs minimally encoded. Every failure is a unit [`Malformed`]; callers map it to the
//! error code that fits their context (`DER_MALFORMED` for keys, `SIGNATURE_INVALID` for
//! signature values).

/// The input is not the strict DER that was expected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Malformed;

/// Universal tag: INTEGER.
pub(crate) const INTEGER: u8 = 0x02;
/// Universal tag: BIT STRING.
pub(crate) const BIT_STRING: u8 = 0x03;
/// Universal tag: NULL.
pub(crate) const NULL: u8 = 0x05;
/// Universal tag: OBJECT IDENTIFIER.
pub(crate) const OID: u8 = 0x06;
/// Universal tag: SEQUENCE (constructed).
pub(crate) const SEQUENCE: u8 = 0x30;

/// The longest length field accepted: 4 octets after the 0x84 prefix (far above any input the
/// crate's size caps let through).
const MAX_LENGTH_OCTETS: usize = 4;

/// A cursor over DER bytes. Reading never panics; each read consumes one TLV.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    /// Read from `input`.
    pub(crate) fn new(input: &'a [u8]) -> Self {
        Reader { rest: input }
    }

    /// Nothing left to read.
    pub(crate) fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The tag of the next element, if any (not consumed).
    pub(crate) fn peek_tag(&self) -> Option<u8> {
        self.rest.first().copied()
    }

    /// The next element's tag, header length and value length, without needing its value
    /// to be present (for locating an element from the first bytes of a large input).
    pub(crate) fn peek_header(&self) -> Result<(u8, usize, usize), Malformed> {
        let (&tag, after_tag) = self.rest.split_first().ok_or(Malformed)?;
        if tag & 0x1f == 0x1f {
            return Err(Malformed);
        }
        let (len, after_len) = read_length(after_tag)?;
        let header = self
            .rest
            .len()
            .checked_sub(after_len.len())
            .ok_or(Malformed)?;
        Ok((tag, header, len))
    }

    /// Read one element: its tag and its value octets.
    pub(crate) fn read_any(&mut self) -> Result<(u8, &'a [u8]), Malformed> {
        self.take()
    }

    /// Read one element that must carry `tag`; returns its value octets.
    pub(crate) fn read(&mut self, tag: u8) -> Result<&'a [u8], Malformed> {
        self.take_tagged(tag)
    }

    /// [`Reader::read_any`], inlined into its caller.
    ///
    /// For loops that run millions of times: a national CRL's entries. At `opt-level = "s"`
    /// (the verifier modules) the calls made the 1M-entry index about 40% slower (Cargo.toml).
    /// Everything else calls the out-of-line functions, which keeps the modules smaller.
    #[inline(always)]
    pub(crate) fn read_any_inlined(&mut self) -> Result<(u8, &'a [u8]), Malformed> {
        self.take()
    }

    /// [`Reader::read`], inlined into its caller (see [`Reader::read_any_inlined`]).
    #[inline(always)]
    pub(crate) fn read_inlined(&mut self, tag: u8) -> Result<&'a [u8], Malformed> {
        self.take_tagged(tag)
    }

    #[inline(always)]
    fn take(&mut self) -> Result<(u8, &'a [u8]), Malformed> {
        let (&tag, after_tag) = self.rest.split_first().ok_or(Malformed)?;
        if tag & 0x1f == 0x1f {
            return Err(Malformed); // high tag number form: never used by these structures
        }
        let (len, after_len) = read_length(after_tag)?;
        if len > after_len.len() {
            return Err(Malformed);
        }
        let (value, rest) = after_len.split_at(len);
        self.rest = rest;
        Ok((tag, value))
    }

    #[inline(always)]
    fn take_tagged(&mut self, tag: u8) -> Result<&'a [u8], Malformed> {
        match self.take()? {
            (t, value) if t == tag => Ok(value),
            _ => Err(Malformed),
        }
    }

    /// Read the next element only when its tag is `tag`.
    pub(crate) fn read_optional(&mut self, tag: u8) -> Result<Option<&'a [u8]>, Malformed> {
        if self.peek_tag() == Some(tag) {
            self.read(tag).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Read one element and return its complete encoding (tag, length and value).
    pub(crate) fn read_raw(&mut self) -> Result<&'a [u8], Malformed> {
        let before = self.rest;
        self.read_any()?;
        let used = before.len().checked_sub(self.rest.len()).ok_or(Malformed)?;
        before.get(..used).ok_or(Malformed)
    }

    /// Succeed only when everything was read.
    pub(crate) fn finish(&self) -> Result<(), Malformed> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(Malformed)
        }
    }
}

/// Parse a definite, minimally encoded length; returns it and the bytes after it. Inlined in
/// the full module's CRL loops (see [`Reader::read_any_inlined`]).
#[cfg_attr(feature = "crl-ocsp-cms", inline(always))]
fn read_length(input: &[u8]) -> Result<(usize, &[u8]), Malformed> {
    let (&first, rest) = input.split_first().ok_or(Malformed)?;
    if first < 0x80 {
        return Ok((usize::from(first), rest));
    }
    let count = usize::from(first & 0x7f);
    if count == 0 || count > MAX_LENGTH_OCTETS {
        return Err(Malformed); // 0x80 is the indefinite form (BER only)
    }
    let octets = rest.get(..count).ok_or(Malformed)?;
    let after = rest.get(count..).ok_or(Malformed)?;
    if octets.first() == Some(&0) {
        return Err(Malformed); // leading zero length octet
    }
    let len = octets
        .iter()
        .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
    if len < 0x80 {
        return Err(Malformed); // long form where the short form fits
    }
    Ok((len, after))
}

/// The magnitude of a non-negative, minimally encoded INTEGER value (content octets), without
/// the sign octet. Zero yields an empty slice. Negative values are refused.
pub(crate) fn unsigned_integer(value: &[u8]) -> Result<&[u8], Malformed> {
    match value {
        [] => Err(Malformed),
        [first, ..] if first & 0x80 != 0 => Err(Malformed),
        [0] => Ok(&[]),
        [0, second, ..] if second & 0x80 == 0 => Err(Malformed), // superfluous leading zero
        [0, magnitude @ ..] => Ok(magnitude),
        _ => Ok(value),
    }
}

/// A non-negative INTEGER value that fits in a `u64`.
pub(crate) fn small_unsigned(value: &[u8]) -> Result<u64, Malformed> {
    let magnitude = unsigned_integer(value)?;
    if magnitude.len() > 8 {
        return Err(Malformed);
    }
    Ok(magnitude
        .iter()
        .fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
}

/// The content of a BIT STRING that must have no unused bits.
pub(crate) fn whole_bytes(bit_string: &[u8]) -> Result<&[u8], Malformed> {
    match bit_string.split_first() {
        Some((0, bytes)) => Ok(bytes),
        _ => Err(Malformed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_lengths() {
        let mut r = Reader::new(&[0x04, 0x01, 0xaa]);
        assert_eq!(r.read_any(), Ok((0x04, &[0xaa][..])));
        assert!(r.is_empty());

        let mut long = vec![0x04, 0x81, 0x80];
        long.extend(std::iter::repeat_n(0u8, 0x80));
        let mut r = Reader::new(&long);
        assert_eq!(r.read(0x04).map(<[u8]>::len), Ok(0x80));
        assert_eq!(r.finish(), Ok(()));
    }

    #[test]
    fn non_minimal_or_indefinite_lengths_are_refused() {
        for bad in [
            &[0x04, 0x81, 0x01, 0xaa][..],    // long form for 1
            &[0x04, 0x82, 0x00, 0x81][..],    // leading zero length octet
            &[0x30, 0x80, 0x00, 0x00][..],    // indefinite
            &[0x04, 0x02, 0xaa][..],          // length beyond input
            &[0x1f, 0x01, 0x00][..],          // high tag number
            &[0x04, 0x85, 1, 1, 1, 1, 1][..], // too many length octets
            &[][..],
        ] {
            assert_eq!(Reader::new(bad).read_any(), Err(Malformed), "{bad:02x?}");
        }
    }

    #[test]
    fn integers_must_be_minimal_and_non_negative() {
        assert_eq!(unsigned_integer(&[0x00]), Ok(&[][..]));
        assert_eq!(unsigned_integer(&[0x7f]), Ok(&[0x7f][..]));
        assert_eq!(unsigned_integer(&[0x00, 0x80]), Ok(&[0x80][..]));
        assert_eq!(unsigned_integer(&[0x00, 0x7f]), Err(Malformed));
        assert_eq!(unsigned_integer(&[0x80]), Err(Malformed));
        assert_eq!(unsigned_integer(&[]), Err(Malformed));
        assert_eq!(small_unsigned(&[0x01, 0x00, 0x01]), Ok(65537));
        assert_eq!(small_unsigned(&[1, 0, 0, 0, 0, 0, 0, 0, 0]), Err(Malformed));
    }

    #[test]
    fn raw_reads_and_trailing_data() {
        let mut r = Reader::new(&[0x05, 0x00, 0x02, 0x01, 0x01]);
        assert_eq!(r.read_raw(), Ok(&[0x05, 0x00][..]));
        assert_eq!(r.finish(), Err(Malformed));
        assert_eq!(r.read_optional(NULL), Ok(None));
        assert_eq!(r.read_optional(INTEGER), Ok(Some(&[0x01][..])));
        assert_eq!(r.finish(), Ok(()));
        assert_eq!(whole_bytes(&[0x00, 0xaa]), Ok(&[0xaa][..]));
        assert_eq!(whole_bytes(&[0x01, 0xaa]), Err(Malformed));
    }
}
