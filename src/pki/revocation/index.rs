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
//!
//! Sorting: when every serial fits 16 octets (RFC 5280 allows 20, and CAs use far fewer), each
//! entry carries its serial as a `u128`, so a million entries sort by integer comparison rather
//! than by byte-slice comparison (which in WebAssembly is an unoptimised byte loop).

use super::RevocationReason;
use crate::Error;
use core::cmp::Ordering;

/// No reasonCode extension on the entry.
const NO_REASON: u8 = 0xFF;

/// One entry to index: serial magnitude, revocation date, reason code.
pub(crate) struct PendingEntry<'a> {
    serial: &'a [u8],
    /// The serial as an integer when it fits 16 octets (the sort key), else `None`.
    key: Option<u128>,
    revoked_at: i64,
    reason: Option<RevocationReason>,
}

impl<'a> PendingEntry<'a> {
    /// An entry; `serial` is a minimal big-endian magnitude.
    pub(crate) fn new(serial: &'a [u8], revoked_at: i64, reason: Option<RevocationReason>) -> Self {
        let key = (serial.len() <= 16).then(|| {
            let mut padded = [0u8; 16];
            if let Some(tail) = padded.get_mut(16 - serial.len()..) {
                tail.copy_from_slice(serial);
            }
            u128::from_be_bytes(padded)
        });
        PendingEntry {
            serial,
            key,
            revoked_at,
            reason,
        }
    }
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
        // Minimal magnitudes of at most 16 octets: integer order is numeric order.
        if entries.iter().all(|e| e.key.is_some()) {
            entries.sort_unstable_by_key(|e| e.key);
        } else {
            entries.sort_unstable_by(|a, b| numeric(a.serial, b.serial));
        }
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
                .map(|(i, s)| {
                    PendingEntry::new(
                        s,
                        i as i64,
                        (i % 2 == 0).then_some(RevocationReason::CertificateHold),
                    )
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
    fn integer_keys_and_byte_order_agree() {
        // 16-octet serials sort by u128 key; one 17-octet serial sends the same set through the
        // byte comparison. Both must give numeric order.
        let short: Vec<Vec<u8>> = (0u32..200)
            .map(|i| {
                let v = u128::from(i.wrapping_mul(2_654_435_761)) << (i % 97);
                let bytes = v.to_be_bytes();
                let zeros = bytes.iter().take_while(|&&b| b == 0).count();
                bytes[zeros..].to_vec()
            })
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut long = short.clone();
        long.push(vec![1; 17]);
        for set in [&short, &long] {
            let t = SerialTable::build(
                set.iter()
                    .enumerate()
                    .map(|(i, s)| PendingEntry::new(s, i as i64, None))
                    .collect(),
            )
            .unwrap();
            let stored: Vec<&[u8]> = (0..t.len())
                .map(|i| trim(t.serial_at(i).unwrap()))
                .collect();
            assert!(stored
                .windows(2)
                .all(|w| numeric(w[0], w[1]) == Ordering::Less));
            for (i, s) in set.iter().enumerate() {
                assert_eq!(t.lookup(s).unwrap().revoked_at, i as i64);
            }
        }
        assert!(PendingEntry::new(&[1; 16], 0, None).key.is_some());
        assert!(PendingEntry::new(&[1; 17], 0, None).key.is_none());
    }

    #[test]
    fn duplicates_are_refused_and_empty_tables_answer() {
        let dup = SerialTable::build(vec![
            PendingEntry::new(&[1], 0, None),
            PendingEntry::new(&[1], 1, None),
        ]);
        assert_eq!(dup, Err(Error::CrlInvalid("duplicate serial number")));
        let empty = SerialTable::build(Vec::new()).unwrap();
        assert!(empty.is_empty());
        assert_eq!(empty.lookup(&[1]), None);
        assert_eq!(empty.lookup(&[]), None);
    }
}
