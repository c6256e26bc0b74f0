//! PEM (RFC 7468) armour: find `-----BEGIN label-----` blocks and decode their base64 bodies.
//! Lenient about whitespace and text between blocks, strict about the base64 itself.

use super::{base64, limits};
use crate::Error;

/// One decoded PEM block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub label: String,
    pub der: Vec<u8>,
}

/// Every PEM block in `text`, in order. Text outside blocks is ignored.
pub fn parse_all(text: &str) -> Result<Vec<Block>, Error> {
    limits::check("PEM text", text.len(), limits::MAX_PEM_TEXT)?;
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        if blocks.len() == limits::MAX_PEM_BLOCKS {
            return Err(Error::InputTooLarge {
                what: "PEM block count",
                limit: limits::MAX_PEM_BLOCKS,
            });
        }
        let after = &rest[start + 11..];
        let label_end = after.find("-----").ok_or(Error::PemMalformed)?;
        let label = &after[..label_end];
        if label.contains('\n') {
            return Err(Error::PemMalformed);
        }
        let body_start = &after[label_end + 5..];
        let end_marker = format!("-----END {label}-----");
        let body_end = body_start.find(&end_marker).ok_or(Error::PemMalformed)?;
        let body: String = body_start[..body_end]
            .chars()
            .filter(|c| !c.is_ascii_whitespace())
            .collect();
        let der = base64::decode(&body).map_err(|_| Error::PemMalformed)?;
        blocks.push(Block {
            label: label.to_string(),
            der,
        });
        rest = &body_start[body_end + end_marker.len()..];
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
    }
}
