//! Base64 (RFC 4648 §4 standard and §5 URL-safe alphabets), strict: no whitespace, canonical
//! padding for the standard alphabet, no padding for base64url, and the unused low bits of the last
//! symbol must be zero (so one byte string has exactly one encoding).

use crate::Error;

const STD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn encode_with(data: &[u8], table: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let symbols = chunk.len() + 1;
        for i in 0..4 {
            if i < symbols {
                out.push(table[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

fn value(c: u8, url: bool) -> Option<u32> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' if !url => 62,
        b'/' if !url => 63,
        b'-' if url => 62,
        b'_' if url => 63,
        _ => return None,
    } as u32)
}

fn decode_with(text: &[u8], url: bool) -> Result<Vec<u8>, Error> {
    let body = if url {
        text
    } else {
        if !text.len().is_multiple_of(4) {
            return Err(Error::DerMalformed("base64 length"));
        }
        let pads = text.iter().rev().take_while(|&&c| c == b'=').count();
        if pads > 2 {
            return Err(Error::DerMalformed("base64 padding"));
        }
        &text[..text.len() - pads]
    };
    if body.len() % 4 == 1 {
        return Err(Error::DerMalformed("base64 length"));
    }
    let mut out = Vec::with_capacity(body.len() / 4 * 3 + 2);
    for chunk in body.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            let v = value(c, url).ok_or(Error::DerMalformed("base64 character"))?;
            n |= v << (18 - 6 * i);
        }
        let bytes = chunk.len() - 1;
        // Non-canonical trailing bits make two texts decode to the same bytes: refuse them.
        let unused = match bytes {
            1 => n & 0xFFFF,
            2 => n & 0xFF,
            _ => 0,
        };
        if unused != 0 {
            return Err(Error::DerMalformed("base64 trailing bits"));
        }
        for i in 0..bytes {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Ok(out)
}

/// Standard alphabet with padding.
pub fn encode(data: &[u8]) -> String {
    encode_with(data, STD, true)
}

/// URL-safe alphabet without padding (JOSE).
pub fn encode_url(data: &[u8]) -> String {
    encode_with(data, URL, false)
}

/// Standard alphabet, canonical padding required.
pub fn decode(text: &str) -> Result<Vec<u8>, Error> {
    decode_with(text.as_bytes(), false)
}

/// URL-safe alphabet, no padding (JOSE).
pub fn decode_url(text: &str) -> Result<Vec<u8>, Error> {
    decode_with(text.as_bytes(), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4648_vectors_round_trip() {
        let v = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, enc) in v {
            assert_eq!(encode(plain.as_bytes()), enc);
            assert_eq!(decode(enc).unwrap(), plain.as_bytes());
            let url = enc.trim_end_matches('=');
            assert_eq!(encode_url(plain.as_bytes()), url);
            assert_eq!(decode_url(url).unwrap(), plain.as_bytes());
        }
        assert_eq!(encode_url(&[0xfb, 0xff]), "-_8");
        assert_eq!(decode_url("-_8").unwrap(), vec![0xfb, 0xff]);
    }

    #[test]
    fn rejects_non_canonical_and_foreign_input() {
        for bad in [
            "Zg", "Zg=", "Zh==", "Zm9v\n", "Z===", "Zm9v-A==", "====", "A",
        ] {
            assert!(decode(bad).is_err(), "{bad:?}");
        }
        for bad in ["Zg==", "Zh", "a+b", "A"] {
            assert!(decode_url(bad).is_err(), "{bad:?}");
        }
    }
}
