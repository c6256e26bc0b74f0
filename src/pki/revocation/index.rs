//! The compact, sorted table of revoked serial numbers of one CRL, built once and searched in
//! O(log n).
//!
//! Serial magnitudes are ordered numerically (shorter first, then byte-wise), and stored in one
//! contiguous buffer in whichever of two layouts is smaller:
//! - **fixed width**: every serial left-padded with zeros to the longest one (no offsets);
//! - **variable width**: serials back to back with a `u32` end offset per entry.
//!
//! Per entry there is also one `i64` holding the revocation date and the reason
//! (`date << 4 | code`, 15 = none), so a lookup that finds its serial reads one more cache
//! line, not two.
//!
//! In the fixed layout of serials up to 16 octets (RFC 5280 allows 20; wider tables keep the plain
//! binary search), every 16th serial's first eight octets are kept again as a `u64` ("fences", 1/16
//! of the serials' size at width 8, searched level by level as `fences` describes). A lookup
//! searches the fences, then one stride of the table, comparing serials as pairs of integers: for a
//! million entries, a few cache misses instead of one per step of a binary search over the whole
//! table. On the bench machine (1M entries, random 64-bit serials) a native lookup went from about
//! 400 to 170–235 ns for unlisted serials and from 500 to 300–400 ns for listed ones (which read
//! their entry too); the ranges are this VM's spells. The search is in `index/lookup.rs`.
//!
//! Duplicate serials are refused (`CRL_INVALID`).
//!
//! Building: entries are collected in parallel columns (`PendingEntries`: about 33 bytes per
//! entry in WebAssembly), since a national CRL has a million of them and WebAssembly memory,
//! once grown, is never given back. When every serial fits 12 octets, each serial and its
//! entry's position are packed into one `u128` and those are sorted in place by a radix sort on
//! the serial's octets; longer serials sort as byte slices through an index, by a merge sort
//! (both in `serial_sort`). The table is then filled in calls of `RADIX_CHUNK` entries each, as
//! the sorts run their long loops.

use super::fences::Fences;
use super::serial_sort::{merge_sort_by, radix_sort, RADIX_CHUNK};
use super::RevocationReason;
use crate::Error;
use core::cmp::Ordering;

mod lookup;

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
                    let value = serial
                        .iter()
                        .fold(0u128, |acc, &b| (acc << 8) | u128::from(b));
                    packed.push((value << 32) | u128::from(position));
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
    /// Per entry, `revocationDate << 4 | reason code` (15: no reasonCode): one column, so a
    /// lookup that finds its serial reads one more cache line, not two.
    entries: Vec<i64>,
    /// Fixed layout of 1 to 16 octets only (else empty): the first eight octets of serials
    /// `0, 16, 32, ...`, non-decreasing since the serials are sorted (`lookup` builds and
    /// searches them).
    fences: Fences,
}

/// The reason bits of a packed entry when there is no reasonCode.
const NO_REASON_BITS: i64 = 15;

/// `revoked_at` and `reason` (`NO_REASON` or a code below 15) in one `i64`. Dates are X.509
/// times (years 0000–9999, under 2^38 seconds either way), so the shift cannot overflow.
fn pack(revoked_at: i64, reason: u8) -> Option<i64> {
    let bits = match reason {
        NO_REASON => NO_REASON_BITS,
        code if i64::from(code) < NO_REASON_BITS => i64::from(code),
        _ => return None,
    };
    Some(revoked_at.checked_mul(16)? | bits)
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

/// An empty layout for `count` serials of at most `width` and in all `total` octets: fixed
/// width or back to back, whichever is smaller (capacities exact).
fn empty_layout(width: usize, total: usize, count: usize) -> Serials {
    let fixed_cost = width.saturating_mul(count);
    let variable_cost = total.saturating_add(count.saturating_mul(4));
    if fixed_cost <= variable_cost {
        Serials::Fixed {
            width,
            bytes: Vec::with_capacity(fixed_cost),
        }
    } else {
        Serials::Variable {
            ends: Vec::with_capacity(count),
            bytes: Vec::with_capacity(total),
        }
    }
}

/// Append `serials` (in order) to `layout`, and the dates and reasons of the entries at
/// `positions` to the sorted columns. Called per chunk of entries (see [`RADIX_CHUNK`]).
#[inline(never)]
fn append_chunk<S: AsRef<[u8]>>(
    table: &mut SerialTable,
    serials: impl Iterator<Item = S>,
    positions: impl Iterator<Item = usize>,
    columns: (&[i64], &[u8]),
) -> Result<(), Error> {
    for serial in serials {
        let serial = serial.as_ref();
        match &mut table.serials {
            Serials::Fixed { width, bytes } => {
                bytes.resize(bytes.len() + width.saturating_sub(serial.len()), 0);
                bytes.extend_from_slice(serial);
            }
            Serials::Variable { ends, bytes } => {
                bytes.extend_from_slice(serial);
                let end = u32::try_from(bytes.len())
                    .map_err(|_| Error::CrlInvalid("serial numbers too long in total"))?;
                ends.push(end);
            }
        }
    }
    let (dates, reasons) = columns;
    for i in positions {
        if let (Some(&date), Some(&reason)) = (dates.get(i), reasons.get(i)) {
            let entry =
                pack(date, reason).ok_or(Error::CrlInvalid("revocationDate out of range"))?;
            table.entries.push(entry);
        }
    }
    Ok(())
}

/// Check a chunk of sorted packed entries for a serial equal to its predecessor's
/// (`previous`, carried from chunk to chunk); the chunk's serial octets in all.
#[inline(never)]
fn scan_chunk(packed: &[u128], previous: &mut Option<u128>) -> Result<usize, Error> {
    let mut total = 0usize;
    for &p in packed {
        let serial = p >> 32;
        if *previous == Some(serial) {
            return Err(duplicate());
        }
        *previous = Some(serial);
        total = total.saturating_add(octets(serial));
    }
    Ok(total)
}

/// Octets of a serial magnitude held in an integer.
fn octets(serial: u128) -> usize {
    (128 - serial.leading_zeros() as usize).div_ceil(8)
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
        let columns = (dates.as_slice(), reasons.as_slice());
        let count = dates.len();
        let table = |width, total| SerialTable {
            serials: empty_layout(width, total, count),
            // Exact capacities: memory_bytes reports them, and nothing is pushed later.
            entries: Vec::with_capacity(count),
            fences: Fences::default(),
        };
        match packed {
            Some(mut packed) => {
                radix_sort(&mut packed);
                let mut previous = None;
                let mut total = 0usize;
                for chunk in packed.chunks(RADIX_CHUNK) {
                    total = total.saturating_add(scan_chunk(chunk, &mut previous)?);
                }
                // The serials come from the integers themselves: no visit to the entries.
                let width = packed.last().map_or(0, |p| octets(p >> 32));
                let mut out = table(width, total);
                for chunk in packed.chunks(RADIX_CHUNK) {
                    let rebuilt = chunk
                        .iter()
                        .map(|p| Tail(((p >> 32).to_be_bytes(), octets(p >> 32))));
                    // The low 32 bits are the position.
                    let positions = chunk.iter().map(|p| *p as u32 as usize);
                    append_chunk(&mut out, rebuilt, positions, columns)?;
                }
                Ok(out.with_fences())
            }
            None => {
                let mut order: Vec<usize> = (0..serials.len()).collect();
                let serial = |i: &usize| serials.get(*i).copied().unwrap_or_default();
                merge_sort_by(&mut order, |a, b| {
                    numeric(serial(a), serial(b)) == Ordering::Greater
                });
                if order
                    .windows(2)
                    .any(|w| matches!(w, [a, b] if serial(a) == serial(b)))
                {
                    return Err(duplicate());
                }
                let width = serials.iter().map(|s| s.len()).max().unwrap_or(0);
                let total = serials.iter().map(|s| s.len()).sum();
                let mut out = table(width, total);
                for chunk in order.chunks(RADIX_CHUNK) {
                    let ordered = chunk.iter().map(serial);
                    append_chunk(&mut out, ordered, chunk.iter().copied(), columns)?;
                }
                Ok(out.with_fences())
            }
        }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// No entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Heap bytes held by the table.
    pub fn memory_bytes(&self) -> usize {
        let serials = match &self.serials {
            Serials::Fixed { bytes, .. } => bytes.capacity(),
            Serials::Variable { ends, bytes } => {
                bytes.capacity() + ends.capacity() * core::mem::size_of::<u32>()
            }
        };
        serials + self.entries.capacity() * core::mem::size_of::<i64>() + self.fences.memory_bytes()
    }
}

/// A table of `serials` (minimal magnitudes; entry `i` revoked at `i`, no reason), for the
/// fuzz targets only (`cfg(fuzzing)`): the sort and the table without a signed CRL around them.
#[cfg(fuzzing)]
pub fn table_for_fuzzing(serials: &[&[u8]]) -> Result<SerialTable, Error> {
    let mut pending = PendingEntries::with_capacity(serials.len());
    for (i, serial) in serials.iter().enumerate() {
        pending.push(serial, i64::try_from(i).unwrap_or(i64::MAX), None);
    }
    SerialTable::build(pending)
}

#[cfg(test)]
mod tests {
    use super::super::serial_sort::tests::noise;
    use super::lookup::trim;
    use super::*;

    /// Entry i: date i, certificateHold on even positions.
    pub(super) fn pending<'a, S: AsRef<[u8]> + 'a>(
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
    fn dates_and_reasons_share_one_packed_column() {
        // Years 0000 and 9999, the epoch and one second before it, with and without reasons.
        let dates = [-62_167_219_200, 253_402_300_799, 0, -1];
        let reasons = [
            None,
            Some(RevocationReason::AaCompromise),
            Some(RevocationReason::Unspecified),
            Some(RevocationReason::RemoveFromCrl),
        ];
        let serials: [&[u8]; 4] = [&[1], &[2], &[3], &[4]];
        let mut p = PendingEntries::with_capacity(4);
        for ((serial, &date), reason) in serials.iter().zip(&dates).zip(reasons) {
            p.push(serial, date, reason);
        }
        let t = SerialTable::build(p).unwrap();
        for ((serial, &date), reason) in serials.iter().zip(&dates).zip(reasons) {
            let entry = t.lookup(serial).unwrap();
            assert_eq!((entry.revoked_at, entry.reason), (date, reason));
        }
        assert_eq!(pack(i64::MAX / 8, NO_REASON), None);
        assert_eq!(pack(0, 15), None);
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

    /// Tables larger than a chunk (RADIX_CHUNK entries), in both sort paths: every entry is
    /// found with its own date and reason, and a duplicate is caught across a chunk boundary.
    #[test]
    fn tables_spanning_several_chunks() {
        let count = 2 * RADIX_CHUNK + 1000;
        for octets in [8usize, 13] {
            let mut next = noise(octets as u64);
            let serials: Vec<Vec<u8>> = (0..count)
                .map(|_| {
                    let mut s: Vec<u8> = (0..octets).map(|_| next() as u8).collect();
                    s[0] |= 0x01; // minimal: no leading zero octet
                    s
                })
                .collect();
            let t = SerialTable::build(pending(&serials)).unwrap();
            assert_eq!(t.len(), count);
            for (i, s) in serials.iter().enumerate() {
                let e = t.lookup(s).unwrap();
                assert_eq!(e.revoked_at, i as i64);
                let hold = (i % 2 == 0).then_some(RevocationReason::CertificateHold);
                assert_eq!(e.reason, hold);
            }
            let mut dup = serials.clone();
            dup[RADIX_CHUNK + 7] = dup[0].clone();
            assert_eq!(SerialTable::build(pending(&dup)), Err(duplicate()));
        }
        // Serials 1..=count, except that the one sorting first in the second chunk repeats
        // the last of the first chunk: the pair straddles the chunk boundary.
        let minimal = |v: usize| {
            let bytes = (v as u64).to_be_bytes();
            bytes[bytes.iter().take_while(|&&b| b == 0).count()..].to_vec()
        };
        let mut sequential: Vec<Vec<u8>> = (1..=count).rev().map(minimal).collect();
        let at = sequential
            .iter()
            .position(|s| *s == minimal(RADIX_CHUNK + 1));
        sequential[at.unwrap()] = minimal(RADIX_CHUNK);
        assert_eq!(SerialTable::build(pending(&sequential)), Err(duplicate()));
    }
}
