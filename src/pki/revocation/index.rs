//! The compact, sorted table of revoked serial numbers of one CRL, built once and searched in
//! O(log n).
//!
//! Serial magnitudes are ordered numerically (shorter first, then byte-wise), and stored in one
//! contiguous buffer in whichever of two layouts is smaller:
//! - **fixed width**: every serial left-padded with zeros to the longest one (no offsets);
//! - **variable width**: serials back to back with a `u32` end offset per entry.
//!
//! Per entry there is also the revocation date (`i64`) and the reason (`u8`, `0xFF` = none).
//! Duplicate serials are refused (`CRL_INVALID`).

use super::RevocationReason;
use crate::Error;
use core::cmp::Ordering;

/// No reasonCode extension on the entry.
const NO_REASON: u8 = 0xFF;

/// One entry to index: serial magnitude, revocation date, reason code.
pub(crate) struct PendingEntry<'a> {
    pub(crate) serial: &'a [u8],
    pub(crate) revoked_at: i64,
    pub(crate) reason: Option<RevocationReason>,
}

/// How the serials are laid out.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Serials {
    /// Each serial left-padded to `width` bytes.
    Fixed { width: usize, bytes: Vec<u8> },
    /// Serials back to back; `ends[i]` is the end of serial `i` in `bytes`.
    Variable { ends: Vec<u32>, bytes: Vec<u8> },
}

/// What the table knows about one revoked serial.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IndexedEntry {
    /// revocationDate, seconds since the epoch.
    pub revoked_at: i64,
    /// The reasonCode, when the entry has one.
    pub reason: Option<RevocationReason>,
}

/// Sorted revoked serials with their dates and reasons.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SerialTable {
    serials: Serials,
    dates: Vec<i64>,
    reasons: Vec<u8>,
}

/// `s` without leading zero octets (undoes the fixed layout's padding).
fn trim(s: &[u8]) -> &[u8] {
    let zeros = s.iter().take_while(|&&b| b == 0).count();
    s.get(zeros..).unwrap_or(&[])
}

/// Numeric order of two minimal big-endian magnitudes.
fn numeric(a: &[u8], b: &[u8]) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

impl SerialTable {
    /// Sort and pack `entries`.
    pub(crate) fn build(mut entries: Vec<PendingEntry<'_>>) -> Result<Self, Error> {
        entries.sort_unstable_by(|a, b| numeric(a.serial, b.serial));
        if entries
            .windows(2)
            .any(|w| matches!(w, [a, b] if a.serial == b.serial))
        {
            return Err(Error::CrlInvalid("duplicate serial number"));
        }
        let count = entries.len();
        let width = entries.iter().map(|e| e.serial.len()).max().unwrap_or(0);
        let total: usize = entries.iter().map(|e| e.serial.len()).sum();
        let fixed_cost = width.saturating_mul(count);
        let variable_cost = total.saturating_add(count.saturating_mul(4));
        let serials = if fixed_cost <= variable_cost {
            let mut bytes = Vec::with_capacity(fixed_cost);
            for e in &entries {
                let pad = width.saturating_sub(e.serial.len());
                bytes.extend(core::iter::repeat_n(0u8, pad));
                bytes.extend_from_slice(e.serial);
            }
            Serials::Fixed { width, bytes }
        } else {
            let mut bytes = Vec::with_capacity(total);
            let mut ends = Vec::with_capacity(count);
            for e in &entries {
                bytes.extend_from_slice(e.serial);
                let end = u32::try_from(bytes.len())
                    .map_err(|_| Error::CrlInvalid("serial numbers too long in total"))?;
                ends.push(end);
            }
            Serials::Variable { ends, bytes }
        };
        Ok(SerialTable {
            serials,
            dates: entries.iter().map(|e| e.revoked_at).collect(),
            reasons: entries
                .iter()
                .map(|e| e.reason.map_or(NO_REASON, RevocationReason::code))
                .collect(),
        })
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.dates.len()
    }

    /// No entries.
    pub fn is_empty(&self) -> bool {
        self.dates.is_empty()
    }

    /// Heap bytes held by the table.
    pub fn memory_bytes(&self) -> usize {
        let serials = match &self.serials {
            Serials::Fixed { bytes, .. } => bytes.capacity(),
            Serials::Variable { ends, bytes } => {
                bytes.capacity() + ends.capacity() * core::mem::size_of::<u32>()
            }
        };
        serials + self.dates.capacity() * core::mem::size_of::<i64>() + self.reasons.capacity()
    }

    /// The serial stored at `i` (padded in the fixed layout).
    fn serial_at(&self, i: usize) -> Option<&[u8]> {
        match &self.serials {
            Serials::Fixed { width, bytes } => {
                let start = i.checked_mul(*width)?;
                bytes.get(start..start.checked_add(*width)?)
            }
            Serials::Variable { ends, bytes } => {
                let start = match i.checked_sub(1) {
                    Some(prev) => *ends.get(prev)? as usize,
                    None => 0,
                };
                bytes.get(start..*ends.get(i)? as usize)
            }
        }
    }

    /// The entry for the serial with magnitude `serial` (no sign octet, no leading zeros).
    pub fn lookup(&self, serial: &[u8]) -> Option<IndexedEntry> {
        let compare = |i: usize| -> Ordering {
            match self.serial_at(i) {
                Some(s) => numeric(trim(s), serial),
                None => Ordering::Greater,
            }
        };
        let (mut lo, mut hi) = (0usize, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match compare(mid) {
                Ordering::Less => lo = mid + 1,
                Ordering::Greater => hi = mid,
                Ordering::Equal => {
                    return Some(IndexedEntry {
                        revoked_at: *self.dates.get(mid)?,
                        reason: self
                            .reasons
                            .get(mid)
                            .and_then(|&c| RevocationReason::from_code(c)),
                    })
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(serials: &[&'static [u8]]) -> SerialTable {
        SerialTable::build(
            serials
                .iter()
                .enumerate()
                .map(|(i, s)| PendingEntry {
                    serial: s,
                    revoked_at: i as i64,
                    reason: (i % 2 == 0).then_some(RevocationReason::CertificateHold),
                })
                .collect(),
        )
        .unwrap()
    }

    #[test]
    fn finds_every_entry_in_both_layouts() {
        // Equal lengths → fixed; one long serial among short ones → variable.
        let fixed: &[&[u8]] = &[&[3, 1], &[1, 2], &[2, 0]];
        let variable: &[&[u8]] = &[&[5], &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], &[7], &[]];
        for serials in [fixed, variable] {
            let t = table(serials);
            assert_eq!(t.len(), serials.len());
            for (i, s) in serials.iter().enumerate() {
                let e = t.lookup(s).unwrap();
                assert_eq!(e.revoked_at, i as i64);
                assert_eq!(e.reason.is_some(), i % 2 == 0);
            }
            assert_eq!(t.lookup(&[4]), None);
            assert_eq!(t.lookup(&[1, 2, 3]), None);
            assert_eq!(t.lookup(&[9; 30]), None);
        }
        assert!(matches!(
            table(fixed).serials,
            Serials::Fixed { width: 2, .. }
        ));
        assert!(matches!(table(variable).serials, Serials::Variable { .. }));
    }

    #[test]
    fn duplicates_are_refused_and_empty_tables_answer() {
        let dup = SerialTable::build(vec![
            PendingEntry {
                serial: &[1],
                revoked_at: 0,
                reason: None,
            },
            PendingEntry {
                serial: &[1],
                revoked_at: 1,
                reason: None,
            },
        ]);
        assert_eq!(dup, Err(Error::CrlInvalid("duplicate serial number")));
        let empty = SerialTable::build(Vec::new()).unwrap();
        assert!(empty.is_empty());
        assert_eq!(empty.lookup(&[1]), None);
        assert_eq!(empty.lookup(&[]), None);
    }
}
