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
//! Building: entries are collected in parallel columns ([`PendingEntries`]: about 33 bytes per
//! entry in WebAssembly), since a national CRL has a million of them and WebAssembly memory,
//! once grown, is never given back. When every serial fits 12 octets, each serial and its
//! entry's position are packed into one `u128` and those are sorted (16-byte integers: cheap
//! to compare and to move); longer serials sort as byte slices through an index.

use super::RevocationReason;
use crate::Error;
use core::cmp::Ordering;

/// No reasonCode extension on the entry.
const NO_REASON: u8 = 0xFF;

/// The entries of a CRL as they are read, in parallel columns.
pub(crate) struct PendingEntries<'a> {
    serials: Vec<&'a [u8]>,
    dates: Vec<i64>,
    reasons: Vec<u8>,
    /// `serial << 32 | position` while every serial so far fits 12 octets (and positions fit
    /// 32 bits); `None` from the first one that does not.
    packed: Option<Vec<u128>>,
}

impl<'a> PendingEntries<'a> {
    /// Room for `capacity` entries.
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        PendingEntries {
            serials: Vec::with_capacity(capacity),
            dates: Vec::with_capacity(capacity),
            reasons: Vec::with_capacity(capacity),
            packed: Some(Vec::with_capacity(capacity)),
        }
    }

    /// Entries so far.
    pub(crate) fn len(&self) -> usize {
        self.dates.len()
    }

    /// Add an entry; `serial` is a minimal big-endian magnitude.
    pub(crate) fn push(
        &mut self,
        serial: &'a [u8],
        revoked_at: i64,
        reason: Option<RevocationReason>,
    ) {
        let position = u32::try_from(self.len()).ok();
        if let Some(packed) = &mut self.packed {
            match (serial.len() <= 12, position) {
                (true, Some(position)) => {
                    let mut padded = [0u8; 16];
                    if let Some(tail) = padded.get_mut(16 - serial.len()..) {
                        tail.copy_from_slice(serial);
                    }
                    packed.push((u128::from_be_bytes(padded) << 32) | u128::from(position));
                }
                _ => self.packed = None,
            }
        }
        self.serials.push(serial);
        self.dates.push(revoked_at);
        self.reasons
            .push(reason.map_or(NO_REASON, RevocationReason::code));
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

/// The last `.1` octets of a big-endian 16-octet array: a serial rebuilt from its integer.
struct Tail(([u8; 16], usize));

impl AsRef<[u8]> for Tail {
    fn as_ref(&self) -> &[u8] {
        let (bytes, len) = &self.0;
        bytes
            .get(16usize.saturating_sub(*len)..)
            .unwrap_or_default()
    }
}

/// Serials in order, laid out fixed-width (`width`) or back to back (`total` octets),
/// whichever is smaller.
fn layout<S: AsRef<[u8]>>(
    width: usize,
    total: usize,
    serials: impl ExactSizeIterator<Item = S>,
) -> Result<Serials, Error> {
    let count = serials.len();
    let fixed_cost = width.saturating_mul(count);
    let variable_cost = total.saturating_add(count.saturating_mul(4));
    if fixed_cost <= variable_cost {
        let mut bytes = Vec::with_capacity(fixed_cost);
        for serial in serials {
            let serial = serial.as_ref();
            bytes.extend(core::iter::repeat_n(
                0u8,
                width.saturating_sub(serial.len()),
            ));
            bytes.extend_from_slice(serial);
        }
        return Ok(Serials::Fixed { width, bytes });
    }
    let mut bytes = Vec::with_capacity(total);
    let mut ends = Vec::with_capacity(count);
    for serial in serials {
        bytes.extend_from_slice(serial.as_ref());
        let end = u32::try_from(bytes.len())
            .map_err(|_| Error::CrlInvalid("serial numbers too long in total"))?;
        ends.push(end);
    }
    Ok(Serials::Variable { ends, bytes })
}

fn duplicate() -> Error {
    Error::CrlInvalid("duplicate serial number")
}

/// Numeric order of two minimal big-endian magnitudes.
fn numeric(a: &[u8], b: &[u8]) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

impl SerialTable {
    /// Sort and pack `entries`.
    pub(crate) fn build(entries: PendingEntries<'_>) -> Result<Self, Error> {
        let PendingEntries {
            serials,
            dates,
            reasons,
            packed,
        } = entries;
        // Positions in numeric order of the serials, and the serials in that order.
        let (order, sorted): (Vec<usize>, Serials) = match packed {
            Some(mut packed) => {
                packed.sort_unstable();
                if packed
                    .windows(2)
                    .any(|w| matches!(w, [a, b] if a >> 32 == b >> 32))
                {
                    return Err(duplicate());
                }
                // The serials come from the integers themselves: no visit to the entries.
                let octets = |p: &u128| (128 - (p >> 32).leading_zeros() as usize).div_ceil(8);
                let width = packed.last().map_or(0, octets);
                let total = packed.iter().map(octets).sum();
                let rebuilt = packed
                    .iter()
                    .map(|p| Tail(((p >> 32).to_be_bytes(), octets(p))));
                let layout = layout(width, total, rebuilt)?;
                // The low 32 bits are the position.
                (packed.iter().map(|p| *p as u32 as usize).collect(), layout)
            }
            None => {
                let mut order: Vec<usize> = (0..serials.len()).collect();
                let serial = |i: &usize| serials.get(*i).copied().unwrap_or_default();
                order.sort_unstable_by(|a, b| numeric(serial(a), serial(b)));
                if order
                    .windows(2)
                    .any(|w| matches!(w, [a, b] if serial(a) == serial(b)))
                {
                    return Err(duplicate());
                }
                let width = serials.iter().map(|s| s.len()).max().unwrap_or(0);
                let total = serials.iter().map(|s| s.len()).sum();
                let layout = layout(width, total, order.iter().map(serial))?;
                (order, layout)
            }
        };
        // Exact capacities: memory_bytes reports them, and nothing is pushed later.
        let mut sorted_dates = Vec::with_capacity(order.len());
        sorted_dates.extend(order.iter().filter_map(|&i| dates.get(i).copied()));
        let mut sorted_reasons = Vec::with_capacity(order.len());
        sorted_reasons.extend(order.iter().filter_map(|&i| reasons.get(i).copied()));
        Ok(SerialTable {
            serials: sorted,
            dates: sorted_dates,
            reasons: sorted_reasons,
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

    /// Entry i: date i, certificateHold on even positions.
    fn pending<'a, S: AsRef<[u8]> + 'a>(
        serials: impl IntoIterator<Item = &'a S>,
    ) -> PendingEntries<'a> {
        let mut p = PendingEntries::with_capacity(0);
        for (i, s) in serials.into_iter().enumerate() {
            let hold = (i % 2 == 0).then_some(RevocationReason::CertificateHold);
            p.push(s.as_ref(), i as i64, hold);
        }
        p
    }

    fn table(serials: &[&'static [u8]]) -> SerialTable {
        SerialTable::build(pending(serials)).unwrap()
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
        // Serials of up to 12 octets sort packed with their positions; one longer serial sends
        // the set through the byte comparison. Both must give numeric order.
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
        let packed: Vec<Vec<u8>> = short.iter().filter(|s| s.len() <= 12).cloned().collect();
        assert!(packed.len() > 50 && packed.len() < short.len());
        let mut long = short.clone();
        long.push(vec![1; 17]);
        assert!(pending(&packed).packed.is_some());
        assert!(pending(&short).packed.is_none());
        for set in [&packed, &short, &long] {
            let t = SerialTable::build(pending(set)).unwrap();
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
    }

    #[test]
    fn duplicates_are_refused_and_empty_tables_answer() {
        let dup: &[&[u8]] = &[&[1], &[2], &[1]];
        let long_dup: &[&[u8]] = &[&[7; 13], &[1], &[7; 13]];
        for serials in [dup, long_dup] {
            assert_eq!(
                SerialTable::build(pending(serials)),
                Err(Error::CrlInvalid("duplicate serial number"))
            );
        }
        let empty = SerialTable::build(PendingEntries::with_capacity(0)).unwrap();
        assert!(empty.is_empty());
        assert_eq!(empty.lookup(&[1]), None);
        assert_eq!(empty.lookup(&[]), None);
    }
}
