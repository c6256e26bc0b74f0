//! ECDSA verification on P-256 and P-384 (FIPS 186-5 / SEC 1), DER or fixed-width signatures.
//!
//! Every malformed signature encoding is reported as `SIGNATURE_INVALID`. DER signatures must
//! be strict DER: one `SEQUENCE { r INTEGER, s INTEGER }`, minimal lengths and integers, no
//! negative values, nothing after `s` or after the SEQUENCE. Raw (IEEE P1363) signatures must
//! be exactly twice the field size. r and s must lie in [1, n − 1]. High-S values are
//! accepted (see the [`super`] module documentation).

use super::der::{self, Reader, INTEGER, SEQUENCE};
use super::ec_curve::{Curve, EcPoint, NistCurve};
use super::{EcdsaEncoding, Hash};
use crate::Error;

/// Verify an ECDSA signature on `curve` with the key `key` over the message whose digest is
/// `digest`.
pub(crate) fn verify_ecdsa(
    curve: NistCurve,
    key: &EcPoint,
    hash: Hash,
    encoding: EcdsaEncoding,
    digest: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    let curve_hash = match curve {
        NistCurve::P256 => Hash::Sha256,
        NistCurve::P384 => Hash::Sha384,
    };
    check_raw_binding(encoding, hash, curve_hash)?;
    let c = Curve::get(curve);
    let width = c.width();
    let rs = fixed_width(encoding, signature, width)?;
    let (r, s) = rs.split_at(width);
    if c.verify(key, digest, r, s) {
        Ok(())
    } else {
        Err(Error::SignatureInvalid)
    }
}

/// Raw signatures come from JOSE, where the name fixes the curve (RFC 7518 §3.4: ES256 is
/// P-256 with SHA-256, ES384 is P-384 with SHA-384); any other pairing is refused.
fn check_raw_binding(encoding: EcdsaEncoding, hash: Hash, curve_hash: Hash) -> Result<(), Error> {
    match encoding {
        EcdsaEncoding::Raw if hash != curve_hash => Err(Error::UnsupportedAlgorithm),
        _ => Ok(()),
    }
}

/// The signature as `r ‖ s`, each left-padded to `width` bytes.
fn fixed_width(encoding: EcdsaEncoding, signature: &[u8], width: usize) -> Result<Vec<u8>, Error> {
    match encoding {
        EcdsaEncoding::Raw if Some(signature.len()) == width.checked_mul(2) => {
            Ok(signature.to_vec())
        }
        EcdsaEncoding::Raw => Err(Error::SignatureInvalid),
        EcdsaEncoding::Der => der_to_fixed(signature, width).ok_or(Error::SignatureInvalid),
    }
}

/// Strictly parse `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }`.
fn der_to_fixed(signature: &[u8], width: usize) -> Option<Vec<u8>> {
    let mut outer = Reader::new(signature);
    let seq = outer.read(SEQUENCE).ok()?;
    outer.finish().ok()?;
    let mut fields = Reader::new(seq);
    let r = der::unsigned_integer(fields.read(INTEGER).ok()?).ok()?;
    let s = der::unsigned_integer(fields.read(INTEGER).ok()?).ok()?;
    fields.finish().ok()?;
    let mut out = vec![0u8; width.checked_mul(2)?];
    copy_right_aligned(out.get_mut(..width)?, r)?;
    copy_right_aligned(out.get_mut(width..)?, s)?;
    Some(out)
}

/// Copy `value` into the end of `dest`; `None` when it does not fit.
fn copy_right_aligned(dest: &mut [u8], value: &[u8]) -> Option<()> {
    let start = dest.len().checked_sub(value.len())?;
    dest.get_mut(start..)?.copy_from_slice(value);
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_integers_are_right_aligned() {
        let sig = [0x30, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x07];
        assert_eq!(der_to_fixed(&sig, 2), Some(vec![0, 5, 0, 7]));
        // Sign octet is dropped, so a 2-byte value with its leading 0x00 still fits width 2.
        let sig = [0x30, 0x08, 0x02, 0x03, 0x00, 0x80, 0x01, 0x02, 0x01, 0x07];
        assert_eq!(der_to_fixed(&sig, 2), Some(vec![0x80, 0x01, 0, 7]));
        // Too wide for the field.
        assert_eq!(der_to_fixed(&sig, 1), None);
    }

    #[test]
    fn der_structure_is_strict() {
        for bad in [
            &[0x30, 0x03, 0x02, 0x01, 0x05][..], // s missing
            &[
                0x30, 0x09, 0x02, 0x01, 0x05, 0x02, 0x01, 0x07, 0x02, 0x01, 0x01,
            ][..], // extra INTEGER
            &[0x31, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x07][..], // SET, not SEQUENCE
            &[0x30, 0x06, 0x02, 0x01, 0x85, 0x02, 0x01, 0x07][..], // negative r
            &[0x30, 0x06, 0x04, 0x01, 0x05, 0x02, 0x01, 0x07][..], // OCTET STRING r
        ] {
            assert_eq!(der_to_fixed(bad, 32), None, "{bad:02x?}");
        }
    }

    #[test]
    fn raw_encoding_binds_the_curve() {
        assert_eq!(
            check_raw_binding(EcdsaEncoding::Raw, Hash::Sha384, Hash::Sha256),
            Err(Error::UnsupportedAlgorithm)
        );
        assert_eq!(
            check_raw_binding(EcdsaEncoding::Der, Hash::Sha384, Hash::Sha256),
            Ok(())
        );
        assert_eq!(
            check_raw_binding(EcdsaEncoding::Raw, Hash::Sha256, Hash::Sha256),
            Ok(())
        );
    }
}
