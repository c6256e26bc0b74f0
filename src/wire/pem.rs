//! PEM (RFC 7468) armour: find `-----BEGIN label-----` blocks and decode their base64 bodies.
//! Lenient about whitespace and text between blocks, strict about the base64 itself.

use super::find::find_bytewise;
use super::{base64, limits};
use crate::Error;

/// One decoded PEM block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub label: String,
    pub der: Vec<u8>,
}

/// Longest label read (RFC 7468's labels are short: `CERTIFICATE`, `X509 CRL`, ...). It also
/// bounds the work of finding the end marker.
const MAX_LABEL: usize = 64;

/// Every PEM block in `text`, in order. Text outside blocks is ignored.
pub fn parse_all(text: &str) -> Result<Vec<Block>, Error> {
    limits::check("PEM text", text.len(), limits::MAX_PEM_TEXT)?;
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(start) = find_bytewise(rest, "-----BEGIN ") {
        if blocks.len() == limits::MAX_PEM_BLOCKS {
            return Err(Error::InputTooLarge {
                what: "PEM block count",
                limit: limits::MAX_PEM_BLOCKS,
            });
        }
        // The markers are ASCII, so every split below is on a char boundary.
        let after = rest.get(start + 11..).ok_or(Error::PemMalformed)?;
        let label_end = find_bytewise(after, "-----").ok_or(Error::PemMalformed)?;
        let label = after.get(..label_end).ok_or(Error::PemMalformed)?;
        if label.len() > MAX_LABEL || label.contains('\n') {
            return Err(Error::PemMalformed);
        }
        let body_start = after.get(label_end + 5..).ok_or(Error::PemMalformed)?;
        let end_marker = format!("-----END {label}-----");
        let body_end = find_bytewise(body_start, &end_marker).ok_or(Error::PemMalformed)?;
        let body: String = body_start
            .get(..body_end)
            .ok_or(Error::PemMalformed)?
            .chars()
            .filter(|c| !c.is_ascii_whitespace())
            .collect();
        let der = base64::decode(&body).map_err(|_| Error::PemMalformed)?;
        blocks.push(Block {
            label: label.to_string(),
            der,
        });
        rest = body_start
            .get(body_end + end_marker.len()..)
            .ok_or(Error::PemMalformed)?;
    }
    Ok(blocks)
}

/// The DER of every `CERTIFICATE` block.
pub fn certificates(text: &str) -> Result<Vec<Vec<u8>>, Error> {
    Ok(parse_all(text)?
        .into_iter()
        .filter(|b| b.label == "CERTIFICATE")
        .map(|b| b.der)
        .collect())
}

/// Accept either DER bytes or PEM text holding one certificate; return DER.
pub fn der_or_pem_certificate(input: &[u8]) -> Result<Vec<u8>, Error> {
    if input.first() == Some(&0x30) {
        return Ok(input.to_vec());
    }
    let text = core::str::from_utf8(input).map_err(|_| Error::PemMalformed)?;
    certificates(text)?
        .into_iter()
        .next()
        .ok_or(Error::PemMalformed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_blocks_and_skips_other_text() {
        let text = "junk\n-----BEGIN CERTIFICATE-----\nMAMC\nAQE=\n-----END CERTIFICATE-----\n\
                    -----BEGIN X509 CRL-----\nMAA=\n-----END X509 CRL-----\n";
        let blocks = parse_all(text).unwrap();
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].der, vec![0x30, 0x03, 0x02, 0x01, 0x01]);
        assert_eq!(blocks[1].label, "X509 CRL");
        assert_eq!(certificates(text).unwrap().len(), 1);
    }

    #[test]
    fn rejects_broken_armour() {
        assert!(parse_all("-----BEGIN CERTIFICATE-----\nMAMC\n").is_err());
        assert!(parse_all("-----BEGIN CERTIFICATE-----\nM@MC\n-----END CERTIFICATE-----").is_err());
        assert!(der_or_pem_certificate(b"hello").is_err());
        let long = "L".repeat(MAX_LABEL + 1);
        let block = format!("-----BEGIN {long}-----\nMAA=\n-----END {long}-----\n");
        assert_eq!(parse_all(&block), Err(Error::PemMalformed));
        let at_limit = block.replace(&long, &long[1..]);
        assert_eq!(parse_all(&at_limit).unwrap()[0].der, [0x30, 0x00]);
    }

    #[test]
    fn markers_are_found_among_multibyte_text() {
        let text = "証明書\n-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----終わり\
                    -----BEGIN CERTIFICATE-----MAMCAQE=-----END CERTIFICATE-----";
        let ders = certificates(text).unwrap();
        assert_eq!(ders, [vec![0x30, 0x00], vec![0x30, 0x03, 0x02, 0x01, 0x01]]);
    }
}
