//! A verified complete CRL, indexed once ([`CrlIndex::build`]) and asked about certificates many
//! times ([`CrlIndex::status`]). The rules are listed in [`super`]; the serial table is
//! [`super::index`].

use super::evidence::{check_window, Freshness, Kind};
use super::index::{IndexedEntry, PendingEntries, SerialTable};
use super::scope::{self, Scope};
use super::subject::Subject;
use super::RevocationReason;
use crate::pki::cert::{names_equal, Cert};
use crate::pki::options::key_usage;
use crate::pki::{signature, SignatureAlgorithm, UnixTime};
use crate::wire::crl::{parse_crl, tbs_location, CrlParts, Extensions, RevokedEntries};
use crate::wire::der::{self, Reader, INTEGER};
use crate::wire::limits;
use crate::Error;

/// Largest CRL accepted, in DER bytes (256 MiB).
pub const MAX_CRL_DER: usize = 256 * 1024 * 1024;
/// Most entries accepted in one CRL.
pub const MAX_CRL_ENTRIES: usize = 5_000_000;
/// Most extensions read from a CRL's or an entry's extension list.
const MAX_EXTENSIONS: usize = 64;

/// 2.5.29.20 cRLNumber.
const CRL_NUMBER: &[u8] = &[0x55, 0x1D, 0x14];
/// 2.5.29.21 reasonCode.
const REASON_CODE: &[u8] = &[0x55, 0x1D, 0x15];
/// 2.5.29.24 invalidityDate.
const INVALIDITY_DATE: &[u8] = &[0x55, 0x1D, 0x18];
/// 2.5.29.27 deltaCRLIndicator.
const DELTA_CRL_INDICATOR: &[u8] = &[0x55, 0x1D, 0x1B];
/// 2.5.29.28 issuingDistributionPoint.
const ISSUING_DP: &[u8] = &[0x55, 0x1D, 0x1C];
/// 2.5.29.29 certificateIssuer.
const CERTIFICATE_ISSUER: &[u8] = &[0x55, 0x1D, 0x1D];
/// 2.5.29.35 authorityKeyIdentifier.
const AUTHORITY_KEY_ID: &[u8] = &[0x55, 0x1D, 0x23];
/// 2.5.29.18 issuerAltName.
const ISSUER_ALT_NAME: &[u8] = &[0x55, 0x1D, 0x12];
/// 2.5.29.46 freshestCRL.
const FRESHEST_CRL: &[u8] = &[0x55, 0x1D, 0x2E];
/// 1.3.6.1.5.5.7.1.1 authorityInfoAccess.
const AUTHORITY_INFO_ACCESS: &[u8] = &[0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01];

/// What a CRL says about one certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CrlEntryStatus {
    /// Not listed.
    NotRevoked,
    /// Listed: revoked or on hold.
    Revoked {
        /// revocationDate.
        revoked_at: UnixTime,
        /// reasonCode, when given.
        reason: Option<RevocationReason>,
    },
    /// Listed with reasonCode removeFromCRL: taken off hold (not revoked).
    RemovedFromHold {
        /// The entry's revocationDate.
        listed_at: UnixTime,
    },
}

/// A verified complete CRL of one issuer, as a compact index. Build it once per CRL and share
/// it across verifications; it holds no reference to the DER.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrlIndex {
    /// The issuer's SubjectPublicKeyInfo: a certificate this CRL speaks about verifies under it.
    issuer_spki: Vec<u8>,
    issuer_name: Vec<u8>,
    this_update: i64,
    next_update: Option<i64>,
    crl_number: Vec<u8>,
    scope: Scope,
    table: SerialTable,
}

impl CrlIndex {
    /// Parse `crl_der`, check that `issuer_der` (the issuing CA's certificate, validated by the
    /// caller's path validation) issued and signed it, read its extensions and index its
    /// entries. Errors: `INPUT_TOO_LARGE` (over [`MAX_CRL_DER`] bytes or [`MAX_CRL_ENTRIES`]
    /// entries), `CRL_INVALID`, `CRL_WRONG_ISSUER`, `CRL_DELTA_UNSUPPORTED`, and the signature
    /// layer's `UNSUPPORTED_ALGORITHM` / `KEY_INVALID`.
    pub fn build(crl_der: &[u8], issuer_der: &[u8]) -> Result<Self, Error> {
        Self::build_checked(crl_der, issuer_der, None)
    }

    /// [`CrlIndex::build`], with the digest of tbsCertList already computed elsewhere (by
    /// WebCrypto, natively, over the range and with the hash that [`crl_tbs_plan`] names: in
    /// WebAssembly, hashing tens of megabytes is most of the cost). The range is re-derived
    /// from `crl_der` and must be the parsed tbsCertList; a digest of anything else fails the
    /// signature check (`CRL_INVALID`).
    pub fn build_with_tbs_digest(
        crl_der: &[u8],
        issuer_der: &[u8],
        tbs_digest: &[u8],
    ) -> Result<Self, Error> {
        Self::build_checked(crl_der, issuer_der, Some(tbs_digest))
    }

    fn build_checked(
        crl_der: &[u8],
        issuer_der: &[u8],
        tbs_digest: Option<&[u8]>,
    ) -> Result<Self, Error> {
        limits::check("CRL", crl_der.len(), MAX_CRL_DER)?;
        let parts = parse_crl(crl_der)?;
        let issuer = Cert::from_der(issuer_der)?;
        check_issuer(&parts, &issuer)?;
        match tbs_digest {
            None => check_signature(&parts, &issuer)?,
            Some(digest) => check_signature_of_digest(crl_der, &parts, &issuer, digest)?,
        }
        let (crl_number, scope) = crl_extensions(&parts)?;
        let table = SerialTable::build(pending_entries(parts.revoked)?)?;
        Ok(CrlIndex {
            issuer_spki: issuer.x509.public_key().raw.to_vec(),
            issuer_name: parts.issuer.to_vec(),
            this_update: parts.this_update,
            next_update: parts.next_update,
            crl_number,
            scope,
            table,
        })
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// No entries.
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// thisUpdate.
    pub fn this_update(&self) -> UnixTime {
        UnixTime(self.this_update)
    }

    /// nextUpdate, when present.
    pub fn next_update(&self) -> Option<UnixTime> {
        self.next_update.map(UnixTime)
    }

    /// The cRLNumber's magnitude (big-endian).
    pub fn crl_number(&self) -> &[u8] {
        &self.crl_number
    }

    /// Heap bytes held by the index (entries, issuer key and names).
    pub fn memory_bytes(&self) -> usize {
        let scope = self.scope.memory_bytes();
        self.table.memory_bytes()
            + self.issuer_spki.capacity()
            + self.issuer_name.capacity()
            + self.crl_number.capacity()
            + scope
    }

    /// The entry for a serial number magnitude (no sign octet, no leading zeros), O(log n).
    /// No issuer, scope or time checks: use [`CrlIndex::status`] for a certificate.
    pub fn lookup(&self, serial: &[u8]) -> Option<IndexedEntry> {
        self.table.lookup(serial)
    }

    /// The status of `cert_der` at `time`. `CRL_WRONG_ISSUER` when the certificate is not
    /// issued by this CRL's issuer (name and key), `CRL_SCOPE_MISMATCH` when the
    /// issuingDistributionPoint does not cover it, `REVOCATION_STALE` outside the freshness
    /// window.
    pub fn status(
        &self,
        cert_der: &[u8],
        time: UnixTime,
        freshness: &Freshness,
    ) -> Result<CrlEntryStatus, Error> {
        self.status_of(&Subject::new(cert_der, None), time, freshness)
    }

    /// [`CrlIndex::status`] of a certificate parsed once for several pieces of evidence; the
    /// issuer key is proven by [`Subject::issued_under`] (no second signature verification when
    /// path validation verified the certificate under this CRL issuer's very key).
    pub(crate) fn status_of(
        &self,
        subject: &Subject<'_>,
        time: UnixTime,
        freshness: &Freshness,
    ) -> Result<CrlEntryStatus, Error> {
        let cert = subject.cert()?;
        self.check_applies(subject)?;
        self.scope.covers(cert)?;
        check_window(
            Kind::Crl,
            self.this_update,
            self.next_update,
            time,
            freshness,
        )?;
        let serial = der::unsigned_integer(cert.x509.raw_serial())
            .map_err(|_| Error::CertInvalid("serial number"))?;
        Ok(match self.table.lookup(serial) {
            None => CrlEntryStatus::NotRevoked,
            Some(IndexedEntry {
                revoked_at,
                reason: Some(RevocationReason::RemoveFromCrl),
            }) => CrlEntryStatus::RemovedFromHold {
                listed_at: UnixTime(revoked_at),
            },
            Some(IndexedEntry { revoked_at, reason }) => CrlEntryStatus::Revoked {
                revoked_at: UnixTime(revoked_at),
                reason,
            },
        })
    }

    /// The certificate names this CRL's issuer and was issued under its key.
    fn check_applies(&self, subject: &Subject<'_>) -> Result<(), Error> {
        if !names_equal(subject.cert()?.x509.issuer().as_raw(), &self.issuer_name) {
            return Err(Error::CrlWrongIssuer);
        }
        if !subject.issued_under(&self.issuer_spki) {
            return Err(Error::CrlWrongIssuer);
        }
        Ok(())
    }
}

/// The CRL names the issuer certificate's subject, and the issuer may sign CRLs.
fn check_issuer(parts: &CrlParts<'_>, issuer: &Cert<'_>) -> Result<(), Error> {
    if !names_equal(issuer.x509.subject().as_raw(), parts.issuer) {
        return Err(Error::CrlWrongIssuer);
    }
    let ku = issuer.extensions()?.key_usage;
    // The right CA by name, but not allowed to sign CRLs (RFC 5280 §6.3.3 (f)): the CRL is
    // invalid rather than someone else's.
    if ku.is_some_and(|k| k & key_usage::CRL_SIGN == 0) {
        return Err(Error::CrlInvalid("the issuer's keyUsage lacks cRLSign"));
    }
    Ok(())
}

/// Both algorithm fields are identical and the signature verifies with the issuer's key.
fn check_signature(parts: &CrlParts<'_>, issuer: &Cert<'_>) -> Result<(), Error> {
    if parts.tbs_signature != parts.signature_algorithm {
        return Err(Error::CrlInvalid("signature algorithm fields differ"));
    }
    let alg = algorithm(parts.signature_algorithm)?;
    signature::verify_signature_with(
        issuer.x509.public_key().raw,
        alg,
        parts.tbs,
        parts.signature,
        false,
    )
    .map_err(signature_error)
}

/// Where the signed part (tbsCertList) of a CRL lies and the hash its signature uses: what to
/// hash for [`CrlIndex::build_with_tbs_digest`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TbsPlan {
    /// The byte range of tbsCertList (tag and length included) in the CRL.
    pub range: core::ops::Range<usize>,
    /// The hash of the CRL's signature algorithm (never SHA-1).
    pub hash: crate::pki::Hash,
}

/// The [`TbsPlan`] of a CRL from its first bytes (`prefix`, e.g. 512 octets); `None` when the
/// prefix does not show it or the algorithm is not one the verifier accepts.
pub fn crl_tbs_plan(prefix: &[u8]) -> Option<TbsPlan> {
    let (range, tlv) = tbs_location(prefix)?;
    let hash = algorithm(tlv).ok()?.hash();
    (hash != crate::pki::Hash::Sha1).then_some(TbsPlan { range, hash })
}

/// [`check_signature`] against a digest of tbsCertList computed elsewhere: the plan read from
/// `crl_der` must locate the parsed tbsCertList.
fn check_signature_of_digest(
    crl_der: &[u8],
    parts: &CrlParts<'_>,
    issuer: &Cert<'_>,
    digest: &[u8],
) -> Result<(), Error> {
    if parts.tbs_signature != parts.signature_algorithm {
        return Err(Error::CrlInvalid("signature algorithm fields differ"));
    }
    let located = tbs_location(crl_der).and_then(|(range, _)| crl_der.get(range));
    if located.is_none_or(|tbs| !core::ptr::eq(tbs, parts.tbs)) {
        return Err(Error::CrlInvalid("tbsCertList"));
    }
    let alg = algorithm(parts.signature_algorithm)?;
    signature::verify_prehashed(issuer.x509.public_key().raw, alg, digest, parts.signature)
        .map_err(signature_error)
}

/// A signature that does not verify makes the CRL invalid; other errors stay as they are.
fn signature_error(e: Error) -> Error {
    match e {
        Error::SignatureInvalid => Error::CrlInvalid("signature does not verify"),
        other => other,
    }
}

/// A complete AlgorithmIdentifier encoding → [`SignatureAlgorithm`].
pub(crate) fn algorithm(tlv: &[u8]) -> Result<SignatureAlgorithm, Error> {
    let id = crate::wire::algorithm::algorithm_identifier(tlv)?;
    SignatureAlgorithm::from_x509(&crate::wire::algorithm::dotted(id.oid), id.params)
}

/// cRLNumber (required) and the scope; refuses delta CRLs and unknown critical extensions.
fn crl_extensions(parts: &CrlParts<'_>) -> Result<(Vec<u8>, Scope), Error> {
    let mut number = None;
    let mut scope = None;
    let mut seen: Vec<&[u8]> = Vec::new();
    for ext in Extensions::new(parts.extensions.unwrap_or(&[])) {
        let ext = ext?;
        if seen.contains(&ext.oid) {
            return Err(Error::CrlInvalid("duplicate CRL extension"));
        }
        if seen.len() >= MAX_EXTENSIONS {
            return Err(Error::CrlInvalid("too many CRL extensions"));
        }
        seen.push(ext.oid);
        match ext.oid {
            DELTA_CRL_INDICATOR => return Err(Error::CrlDeltaUnsupported),
            // RFC 5280 §5.2.3: cRLNumber MUST be non-critical.
            CRL_NUMBER if ext.critical => return Err(Error::CrlInvalid("critical cRLNumber")),
            CRL_NUMBER => number = Some(crl_number(ext.value)?),
            ISSUING_DP => scope = Some(scope::issuing_distribution_point(ext.value, parts.issuer)?),
            AUTHORITY_KEY_ID | ISSUER_ALT_NAME | FRESHEST_CRL | AUTHORITY_INFO_ACCESS => {}
            _ if ext.critical => return Err(Error::CrlInvalid("unknown critical CRL extension")),
            _ => {}
        }
    }
    let number = number.ok_or(Error::CrlInvalid("missing cRLNumber"))?;
    Ok((number, scope.unwrap_or_default()))
}

/// cRLNumber: a non-negative INTEGER of at most 20 octets.
fn crl_number(value: &[u8]) -> Result<Vec<u8>, Error> {
    let mut r = Reader::new(value);
    let n = r
        .read(INTEGER)
        .and_then(der::unsigned_integer)
        .map_err(|_| Error::CrlInvalid("cRLNumber"))?;
    r.finish().map_err(|_| Error::CrlInvalid("cRLNumber"))?;
    if n.len() > 20 {
        return Err(Error::CrlInvalid("cRLNumber longer than 20 octets"));
    }
    Ok(n.to_vec())
}

/// Walk the entries into the table's input, with the entry-extension rules.
fn pending_entries(revoked: &[u8]) -> Result<PendingEntries<'_>, Error> {
    // A typical entry (serial, date, reasonCode) takes about 40 octets of DER: reserve for that
    // many and let the vector grow past it.
    let mut out = PendingEntries::with_capacity((revoked.len() / 40).min(MAX_CRL_ENTRIES));
    let mut entries = RevokedEntries::new(revoked);
    while read_entries(&mut entries, &mut out)? {}
    Ok(out)
}

/// Entries read per call of [`read_entries`].
const ENTRY_CHUNK: usize = 4096;

/// Up to [`ENTRY_CHUNK`] more entries into `out`; `false` once there are no more.
///
/// A function of its own, called once per chunk: a wasm engine optimises a function that is
/// called again and again, but never swaps the code of a loop that is already running, so one
/// loop over a million entries would run unoptimised on the first CRL a module indexes.
#[inline(never)]
fn read_entries<'a>(
    entries: &mut RevokedEntries<'a>,
    out: &mut PendingEntries<'a>,
) -> Result<bool, Error> {
    for _ in 0..ENTRY_CHUNK {
        let Some(entry) = entries.next() else {
            return Ok(false);
        };
        if out.len() >= MAX_CRL_ENTRIES {
            return Err(Error::InputTooLarge {
                what: "CRL entry count",
                limit: MAX_CRL_ENTRIES,
            });
        }
        let entry = entry?;
        out.push(
            entry.serial,
            entry.revoked_at,
            entry_reason(entry.extensions)?,
        );
    }
    Ok(true)
}

/// The reasonCode of an entry; refuses certificateIssuer and unknown critical extensions.
fn entry_reason(extensions: Option<&[u8]>) -> Result<Option<RevocationReason>, Error> {
    let Some(extensions) = extensions else {
        return Ok(None);
    };
    let mut reason = None;
    let mut seen = [false; 2];
    for (n, ext) in Extensions::new(extensions).enumerate() {
        if n >= MAX_EXTENSIONS {
            return Err(Error::CrlInvalid("too many entry extensions"));
        }
        let ext = ext?;
        let slot = match ext.oid {
            REASON_CODE => 0,
            INVALIDITY_DATE => 1,
            CERTIFICATE_ISSUER => {
                return Err(Error::CrlInvalid(
                    "indirect CRLs (certificateIssuer) are not supported",
                ))
            }
            _ if ext.critical => return Err(Error::CrlInvalid("unknown critical entry extension")),
            _ => continue,
        };
        if seen.get(slot).copied().unwrap_or(true) {
            return Err(Error::CrlInvalid("duplicate entry extension"));
        }
        if let Some(s) = seen.get_mut(slot) {
            *s = true;
        }
        if slot == 0 {
            reason = Some(reason_code(ext.value)?);
        }
    }
    Ok(reason)
}

/// reasonCode: `ENUMERATED` CRLReason.
fn reason_code(value: &[u8]) -> Result<RevocationReason, Error> {
    let mut r = Reader::new(value);
    let v = r
        .read_inlined(0x0A)
        .map_err(|_| Error::CrlInvalid("reasonCode"))?;
    r.finish().map_err(|_| Error::CrlInvalid("reasonCode"))?;
    RevocationReason::from_enumerated(v).ok_or(Error::CrlInvalid("reasonCode"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_codes_and_entry_extensions() {
        // reasonCode certificateHold
        let hold = [
            0x30, 0x0A, 0x06, 0x03, 0x55, 0x1D, 0x15, 0x04, 0x03, 0x0A, 0x01, 0x06,
        ];
        assert_eq!(
            entry_reason(Some(&hold)),
            Ok(Some(RevocationReason::CertificateHold))
        );
        let twice = [&hold[..], &hold[..]].concat();
        assert!(entry_reason(Some(&twice)).is_err());
        let seven = [
            0x30, 0x0A, 0x06, 0x03, 0x55, 0x1D, 0x15, 0x04, 0x03, 0x0A, 0x01, 0x07,
        ];
        assert_eq!(
            entry_reason(Some(&seven)),
            Err(Error::CrlInvalid("reasonCode"))
        );
        // unknown critical entry extension 2.5.29.99
        let unknown = [
            0x30, 0x0C, 0x06, 0x03, 0x55, 0x1D, 0x63, 0x01, 0x01, 0xFF, 0x04, 0x02, 0x05, 0x00,
        ];
        assert!(entry_reason(Some(&unknown)).is_err());
        assert_eq!(entry_reason(None), Ok(None));
    }
}
