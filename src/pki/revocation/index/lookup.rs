//! Looking a serial up in a [`SerialTable`]: through the fences to one stride, then a
//! branch-free binary search comparing padded serials of up to 16 octets as two integers
//! (wider ones, and the variable layout, as byte strings over the whole table).

use super::{numeric, IndexedEntry, SerialTable, Serials, NO_REASON_BITS};
use crate::pki::revocation::fences::Fences;
use crate::pki::revocation::RevocationReason;
use core::cmp::Ordering;

/// Serials per fence. 16 serials of 8 octets span two cache lines; the fences of a
/// 1M-entry table take 0.5 MB, which stays in a core's cache between lookups.
const FENCE_STRIDE: usize = 16;

/// The first eight octets (all of them when fewer) of a fixed-width serial, big-endian: the
/// prefixes of sorted serials are non-decreasing.
fn prefix(padded: &[u8]) -> u64 {
    big_endian(padded.get(..8).unwrap_or(padded))
}

/// A fixed-width serial of at most 16 octets as its [`prefix`] and the integer of the octets
/// after it: pairs of serials of one width are in the serials' order.
fn halves(padded: &[u8]) -> (u64, u64) {
    (
        prefix(padded),
        big_endian(padded.get(8..).unwrap_or_default()),
    )
}

/// The big-endian integer of at most eight octets.
fn big_endian(octets: &[u8]) -> u64 {
    octets
        .iter()
        .fold(0u64, |acc, &b| (acc << 8) | u64::from(b))
}

/// `s` without leading zero octets (undoes the fixed layout's padding).
pub(super) fn trim(s: &[u8]) -> &[u8] {
    let zeros = s.iter().take_while(|&&b| b == 0).count();
    s.get(zeros..).unwrap_or(&[])
}

/// Binary search of positions `lo..hi` by `compare` (the stored serial's order against the
/// one sought), without a branch per step: the next half is chosen by a select, since a
/// lookup's path through the table is as unpredictable as the serial, and a mispredicted
/// branch costs more than a cached step. Then one comparison decides whether it was found.
fn search(lo: usize, hi: usize, compare: impl Fn(usize) -> Ordering) -> Option<usize> {
    let (mut base, mut size) = (lo, hi.checked_sub(lo)?);
    while size > 1 {
        let half = size / 2;
        let mid = base + half;
        base = if compare(mid) == Ordering::Greater {
            base
        } else {
            mid
        };
        size -= half;
    }
    (size == 1 && compare(base) == Ordering::Equal).then_some(base)
}

impl SerialTable {
    /// The table with its fences (fixed layout up to 16 octets, see [`halves`]; a lone serial 0
    /// needs none).
    pub(super) fn with_fences(mut self) -> Self {
        if let Serials::Fixed {
            width: width @ 1..=16,
            bytes,
        } = &self.serials
        {
            let step = width.saturating_mul(FENCE_STRIDE);
            let mut fences = Vec::with_capacity(self.len().div_ceil(FENCE_STRIDE));
            let mut at = 0usize;
            while let Some(serial) = bytes.get(at..at.saturating_add(*width)) {
                fences.push(prefix(serial));
                at = at.saturating_add(step);
            }
            self.fences = Fences::new(fences);
        }
        self
    }

    /// The serial stored at `i` (padded in the fixed layout).
    pub(super) fn serial_at(&self, i: usize) -> Option<&[u8]> {
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

    /// The positions `lo..hi` where a serial whose padded form begins with `key` (see
    /// [`prefix`]) can be, from the fences (without fences: all of them).
    fn candidates(&self, key: u64) -> (usize, usize) {
        if self.fences.keys().is_empty() {
            return (0, self.len());
        }
        // Strides before the last fence below `key` hold only smaller serials; strides from
        // the first fence above it only larger ones. Equal fences (serials longer than eight
        // octets sharing their first eight) widen the range, never hide an entry.
        let (below, above) = self.fences.span(key);
        let lo = below.saturating_sub(1).saturating_mul(FENCE_STRIDE);
        (lo, above.saturating_mul(FENCE_STRIDE).min(self.len()))
    }

    /// The entry for the serial with magnitude `serial` (no sign octet, no leading zeros).
    pub fn lookup(&self, serial: &[u8]) -> Option<IndexedEntry> {
        let entry = *self.entries.get(self.position(serial)?)?;
        let code = u8::try_from(entry & NO_REASON_BITS).ok()?;
        Some(IndexedEntry {
            revoked_at: entry >> 4,
            reason: RevocationReason::from_code(code),
        })
    }

    /// Where `serial` (a minimal magnitude) is stored, if it is.
    fn position(&self, serial: &[u8]) -> Option<usize> {
        // Stored serials are minimal: one with a leading zero octet is none of them (the
        // comparison by integers below would otherwise see 00 01 as 01).
        if serial.first() == Some(&0) {
            return None;
        }
        let by_bytes = |i: usize| match self.serial_at(i) {
            Some(s) => numeric(trim(s), serial),
            None => Ordering::Greater,
        };
        let (width, bytes) = match &self.serials {
            Serials::Fixed { width, bytes } => (*width, bytes),
            Serials::Variable { .. } => return search(0, self.len(), by_bytes),
        };
        if serial.len() > width {
            return None;
        }
        if width > 16 {
            return search(0, self.len(), by_bytes);
        }
        // Up to 16 octets, padded serials compare as their two halves' integers.
        let mut padded = [0u8; 16];
        for (to, from) in padded.iter_mut().rev().zip(serial.iter().rev()) {
            *to = *from;
        }
        let probe = halves(padded.get(16 - width..)?);
        let (lo, hi) = self.candidates(probe.0);
        search(lo, hi, |i| {
            let start = i.saturating_mul(width);
            bytes
                .get(start..start.saturating_add(width))
                .map_or(Ordering::Greater, |s| halves(s).cmp(&probe))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::pending;
    use super::*;
    use crate::pki::revocation::serial_sort::tests::noise;

    /// The fences in every width: serials narrower than eight octets, exactly eight, wider
    /// with distinct prefixes, and wider with one prefix shared across many strides. Every
    /// serial is found; its neighbours (last octet ± 1, one octet more or less, a leading zero
    /// octet, which no minimal serial has) are found exactly when listed; distinct prefixes narrow a search to at most two strides.
    #[test]
    fn fences_narrow_the_search_and_ties_widen_it() {
        let mut next = noise(11);
        let mut random = |octets: usize| -> Vec<u8> {
            let mut s: Vec<u8> = (0..octets).map(|_| next() as u8).collect();
            s[0] |= 0x01;
            s
        };
        let count = 40 * FENCE_STRIDE + 3;
        let narrow: Vec<Vec<u8>> = (0..count).map(|i| random(1 + i % 5)).collect();
        let eight: Vec<Vec<u8>> = (0..count).map(|_| random(8)).collect();
        let wide: Vec<Vec<u8>> = (0..count).map(|_| random(12)).collect();
        // Wider than 16 octets (no fences; compared as bytes), padded by up to three zeros.
        let long: Vec<Vec<u8>> = (0..count).map(|i| random(17 + i % 4)).collect();
        // The first eight octets are one of three values, so fences tie for many strides: 16
        // octets (compared as integers) and 20 (compared as bytes).
        let mut tied = |octets: usize| -> Vec<Vec<u8>> {
            (0..count)
                .map(|i| {
                    let mut s = random(octets);
                    s[..8].copy_from_slice(&[[1u8; 8], [2; 8], [9; 8]][i % 3]);
                    s
                })
                .collect()
        };
        let (tied16, tied20) = (tied(16), tied(20));
        for (set, distinct) in [
            (&narrow, false),
            (&eight, true),
            (&wide, true),
            (&long, false),
            (&tied16, false),
            (&tied20, false),
        ] {
            let mut seen = std::collections::BTreeSet::new();
            let set: Vec<&Vec<u8>> = set.iter().filter(|s| seen.insert(s.as_slice())).collect();
            let t = SerialTable::build(pending(set.iter().copied())).unwrap();
            assert!(matches!(t.serials, Serials::Fixed { .. }));
            let Serials::Fixed { width, .. } = t.serials else {
                unreachable!()
            };
            let fences = if width <= 16 {
                t.len().div_ceil(FENCE_STRIDE)
            } else {
                0
            };
            assert_eq!(t.fences.keys().len(), fences);
            for (i, s) in set.iter().enumerate() {
                assert_eq!(t.lookup(s).unwrap().revoked_at, i as i64, "{s:02x?}");
                let mut padded = vec![0; width - s.len()];
                padded.extend_from_slice(s);
                let (lo, hi) = t.candidates(prefix(&padded));
                assert!((lo..hi).contains(&t.position(s).unwrap()));
                if distinct {
                    assert!(hi - lo <= 2 * FENCE_STRIDE, "{lo}..{hi}");
                }
                let mut up = s.to_vec();
                let mut down = s.to_vec();
                let last = up.len() - 1;
                up[last] = up[last].wrapping_add(1);
                down[last] = down[last].wrapping_sub(1);
                let mut longer = s.to_vec();
                longer.push(7);
                let shorter = &s[..last];
                let zero_led = [&[0], &s[..]].concat();
                for probe in [&up[..], &down[..], &longer[..], shorter, &zero_led[..]] {
                    let listed = probe.first() != Some(&0) && seen.contains(probe);
                    assert_eq!(t.lookup(probe).is_some(), listed, "{probe:02x?}");
                }
            }
        }
    }
}
