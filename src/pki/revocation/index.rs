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
//! Sorting: when every serial fits 12 octets, each serial and its entry's position are packed
//! into one `u128` and those are sorted (16-byte integers: cheap to compare and to move); up to
//! 16 octets (RFC 5280 allows 20, and CAs use far fewer) the entries sort by a `u128` key; only
//! longer serials are compared as byte slices (which in WebAssembly is an unoptimised byte
//! loop).

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

/// Each entry's serial (at most 12 octets) above its position (32 bits), sorted; `None` when
/// some serial is longer (or there are 2^32 entries or more).
fn packed_order(entries: &[PendingEntry<'_>]) -> Option<Vec<u128>> {
    let mut packed: Vec<u128> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let key = e.key.filter(|k| k >> 96 == 0)?;
            Some((key << 32) | u128::from(u32::try_from(i).ok()?))
        })
        .collect::<Option<_>>()?;
    packed.sort_unstable();
    Some(packed)
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

/// The stored reason octet of an entry.
fn reason_code(e: &PendingEntry<'_>) -> u8 {
    e.reason.map_or(NO_REASON, RevocationReason::code)
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
    pub(crate) fn build(mut entries: Vec<PendingEntry<'_>>) -> Result<Self, Error> {
        if let Some(packed) = packed_order(&entries) {
            return Self::from_packed(&entries, &packed);
        }
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
            return Err(duplicate());
        }
        let width = entries.iter().map(|e| e.serial.len()).max().unwrap_or(0);
        let total: usize = entries.iter().map(|e| e.serial.len()).sum();
        Ok(SerialTable {
            serials: layout(width, total, entries.iter().map(|e| e.serial))?,
            dates: entries.iter().map(|e| e.revoked_at).collect(),
            reasons: entries.iter().map(reason_code).collect(),
        })
    }

    /// The table from [`packed_order`]'s sorted (serial, position) integers: the serials come
    /// from the integers themselves, so each entry is visited once, for its date and reason.
    fn from_packed(entries: &[PendingEntry<'_>], packed: &[u128]) -> Result<Self, Error> {
        if packed
            .windows(2)
            .any(|w| matches!(w, [a, b] if a >> 32 == b >> 32))
        {
            return Err(duplicate());
        }
        let octets = |p: &u128| (128 - (p >> 32).leading_zeros() as usize).div_ceil(8);
        let width = packed.last().map_or(0, octets);
        let total = packed.iter().map(octets).sum();
        let serials = packed.iter().map(|p| {
            let bytes = (p >> 32).to_be_bytes();
            let len = octets(p);
            (bytes, len)
        });
        let mut dates = Vec::with_capacity(packed.len());
        let mut reasons = Vec::with_capacity(packed.len());
        // The low 32 bits are a position below entries.len(): `get` always finds it.
        for e in packed
            .iter()
            .filter_map(|p| entries.get(*p as u32 as usize))
        {
            dates.push(e.revoked_at);
            reasons.push(reason_code(e));
        }
        Ok(SerialTable {
            serials: layout(width, total, serials.map(Tail))?,
            dates,
            reasons,
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
        // Serials of up to 12 octets sort packed with their positions, up to 16 by u128 key,
        // and one 17-octet serial sends the set through the byte comparison. All must give
        // numeric order.
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
        for set in [&packed, &short, &long] {
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
