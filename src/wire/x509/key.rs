//! The shape of a subject public key, for describing it and for key-size rules: the RSA modulus
//! size, or the EC curve and point size. Signature verification reads keys itself (`pki::spki`).

use super::SubjectPublicKeyInfo;
use crate::wire::der::{self, Malformed, Reader, INTEGER, OID, SEQUENCE};

/// rsaEncryption (1.2.840.113549.1.1.1).
const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// id-ecPublicKey (1.2.840.10045.2.1).
const EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];

/// What kind of key a SubjectPublicKeyInfo holds, and how large it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyShape<'a> {
    /// RSA with a modulus of this many significant bits.
    Rsa { modulus_bits: usize },
    /// EC: the named curve (OID content octets) when the parameters name one, and the field
    /// size in bits read from the point's length.
    Ec {
        curve: Option<&'a [u8]>,
        bits: usize,
    },
    /// Any other algorithm (OID content octets).
    Other(&'a [u8]),
}

/// The shape of `spki`'s key; `Malformed` for an RSA key that is not an RSAPublicKey.
pub fn shape<'a>(spki: &SubjectPublicKeyInfo<'a>) -> Result<KeyShape<'a>, Malformed> {
    match spki.algorithm.oid {
        RSA_ENCRYPTION => {
            let mut outer = Reader::new(spki.key);
            let mut fields = Reader::new(outer.read(SEQUENCE)?);
            outer.finish()?;
            let modulus = der::unsigned_integer(fields.read(INTEGER)?)?;
            der::unsigned_integer(fields.read(INTEGER)?)?;
            fields.finish()?;
            let leading = modulus.first().map_or(8, |b| b.leading_zeros() as usize);
            Ok(KeyShape::Rsa {
                modulus_bits: modulus.len() * 8 - leading,
            })
        }
        EC_PUBLIC_KEY => {
            let curve = spki
                .algorithm
                .params
                .and_then(|p| Reader::new(p).read(OID).ok());
            let bits = match spki.key {
                [4, rest @ ..] => rest.len() * 4,
                [2 | 3, rest @ ..] => rest.len() * 8,
                _ => 0,
            };
            Ok(KeyShape::Ec { curve, bits })
        }
        other => Ok(KeyShape::Other(other)),
    }
}
