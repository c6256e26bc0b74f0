//! The sorts of the CRL index (`super::index`), small in code and fast in WebAssembly:
//! - [`radix_sort`]: packed entries (`serial << 32 | position`, serials of at most 12 octets)
//!   by serial, an in-place MSD radix sort (American flag sort): no scratch memory, recursion
//!   at most 12 deep, small buckets by insertion sort;
//! - [`merge_sort_by`]: anything else (serials longer than 12 octets, through an index), a
//!   stable bottom-up merge sort.
//!
//! Their long loops run in calls of their own, [`RADIX_CHUNK`] entries at a time:
//! WebAssembly engines optimise a function for its later calls but never swap the code of a
//! loop that is already running, so a module's first million-entry index would otherwise run
//! them unoptimised.

/// Octets of serial in a packed entry (bits 127..32; the low 32 bits are the position).
const PACKED_SERIAL_OCTETS: u32 = 12;

/// Buckets at or below this size are finished by insertion sort.
const RADIX_SMALL: usize = 32;

/// Octet `at` (0 = most significant) of a packed entry's serial. Shifts one 64-bit half:
/// WebAssembly has no 128-bit shift, and a variable one is a library call.
fn digit(key: u128, at: u32) -> usize {
    let shift = 120u32.saturating_sub(8 * at);
    let half = if shift >= 64 {
        (key >> 64) as u64
    } else {
        key as u64
    };
    ((half >> (shift % 64)) & 0xff) as usize
}

/// Sort packed entries by serial (MSD radix, in place), starting at the first octet any serial
/// uses. Entries with equal serials end up next to each other, in no particular order: the
/// caller refuses them as duplicates.
pub(super) fn radix_sort(keys: &mut [u128]) {
    let used = keys.iter().fold(0u128, |acc, &k| acc | k) >> 32;
    let first = (used.leading_zeros() / 8).saturating_sub(4);
    radix_sort_from(keys, first);
}

/// Sort `keys`, which agree on every serial octet before `at`, by their remaining octets:
/// distribute them by octet `at` (American flag sort: counted bucket bounds, then each entry
/// swapped into its bucket), then sort each bucket by the next octet. The recursion is at most
/// [`PACKED_SERIAL_OCTETS`] deep.
#[inline(never)]
fn radix_sort_from(keys: &mut [u128], at: u32) {
    if at >= PACKED_SERIAL_OCTETS {
        return; // equal serials: duplicates, refused by the caller
    }
    if keys.len() <= RADIX_SMALL {
        insertion_sort(keys);
        return;
    }
    let mut ends = [0usize; 256];
    for chunk in keys.chunks(RADIX_CHUNK) {
        count_octets(chunk, at, &mut ends);
    }
    if ends.contains(&keys.len()) {
        return radix_sort_from(keys, at + 1); // one octet value: nothing to distribute
    }
    let mut total = 0;
    for end in ends.iter_mut() {
        total += *end;
        *end = total;
    }
    // next[b]: the first slot of bucket b not yet holding one of its own entries.
    let mut next = [0usize; 256];
    if let (Some(tail), Some(head)) = (next.get_mut(1..), ends.get(..255)) {
        tail.copy_from_slice(head);
    }
    for bucket in 0..256 {
        fill_bucket(keys, at, bucket, &ends, &mut next);
    }
    let mut start = 0;
    for &end in ends.iter() {
        if let Some(bucket) = keys.get_mut(start..end) {
            if bucket.len() > 1 {
                radix_sort_from(bucket, at + 1);
            }
        }
        start = end;
    }
}

/// Entries counted per call of [`count_octets`]. WebAssembly engines optimise a function for
/// its later calls but never swap the code of a running loop, so a long loop is cut into calls.
pub(super) const RADIX_CHUNK: usize = 4096;

/// Add the entries of `keys` to the count of their octet `at`.
#[inline(never)]
fn count_octets(keys: &[u128], at: u32, counts: &mut [usize; 256]) {
    for &key in keys {
        if let Some(count) = counts.get_mut(digit(key, at)) {
            *count += 1;
        }
    }
}

/// Bring every entry of `bucket` (slots `next[bucket]..ends[bucket]`) home: carry the entry
/// found at the bucket's next slot to its own bucket, taking the one it displaces, until the
/// carried entry belongs here. Each swap settles one entry for good.
#[inline(never)]
fn fill_bucket(
    keys: &mut [u128],
    at: u32,
    bucket: usize,
    ends: &[usize; 256],
    next: &mut [usize; 256],
) {
    let end = ends.get(bucket).copied().unwrap_or(0);
    while let Some(slot) = next.get(bucket).copied().filter(|&slot| slot < end) {
        let Some(mut carried) = keys.get(slot).copied() else {
            return;
        };
        loop {
            let home = digit(carried, at);
            if home == bucket {
                break;
            }
            let Some(target) = next.get_mut(home) else {
                return;
            };
            let Some(place) = keys.get_mut(*target) else {
                return;
            };
            core::mem::swap(&mut carried, place);
            *target += 1;
        }
        if let Some(place) = keys.get_mut(slot) {
            *place = carried;
        }
        if let Some(n) = next.get_mut(bucket) {
            *n += 1;
        }
    }
}

/// Sort a few entries in place.
fn insertion_sort(keys: &mut [u128]) {
    for i in 1..keys.len() {
        let mut j = i;
        while j > 0 && keys.get(j - 1) > keys.get(j) {
            keys.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Sort `v` (stable, bottom-up merge sort with one scratch buffer); `greater(a, b)` says that
/// `a` goes after `b`.
pub(super) fn merge_sort_by<T: Copy + Default>(v: &mut Vec<T>, greater: impl Fn(&T, &T) -> bool) {
    let n = v.len();
    let mut from = core::mem::take(v);
    let mut to = vec![T::default(); n];
    let mut width = 1;
    while width < n {
        for (src, dst) in from.chunks(2 * width).zip(to.chunks_mut(2 * width)) {
            let (left, right) = src.split_at(width.min(src.len()));
            let (mut i, mut j) = (0, 0);
            for out in dst.iter_mut() {
                let take_right = match (left.get(i), right.get(j)) {
                    (Some(a), Some(b)) => greater(a, b),
                    (None, Some(_)) => true,
                    _ => false,
                };
                let picked = if take_right {
                    right.get(j)
                } else {
                    left.get(i)
                };
                *out = picked.copied().unwrap_or_default();
                if take_right {
                    j += 1;
                } else {
                    i += 1;
                }
            }
        }
        core::mem::swap(&mut from, &mut to);
        width = width.saturating_mul(2);
    }
    *v = from;
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A fixed pseudo-random sequence (xorshift64).
    pub(in crate::pki::revocation) fn noise(seed: u64) -> impl FnMut() -> u64 {
        let mut x = seed;
        move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        }
    }

    /// Packed entries: serials of `octets` random octets (top octet masked by `top_mask`).
    fn packed(count: usize, octets: u32, top_mask: u8, seed: u64) -> Vec<u128> {
        let mut next = noise(seed);
        (0..count)
            .map(|i| {
                let mut serial = u128::from(next()) << 64 | u128::from(next());
                serial &= (1u128 << (8 * octets)) - 1;
                let top = 8 * (octets - 1);
                serial &= !(u128::from(!top_mask) << top);
                serial << 32 | i as u128
            })
            .collect()
    }

    #[test]
    fn radix_sort_orders_as_a_comparison_sort() {
        let mut cases = vec![Vec::new(), vec![7u128 << 32], packed(33, 1, 0xff, 9)];
        for (octets, mask, count) in [
            (8, 0xff, 5000),
            (12, 0xff, 3000),
            (3, 0x0f, 4000),
            (5, 0, 300),
        ] {
            cases.push(packed(
                count,
                octets,
                mask,
                u64::from(octets) * 77 + count as u64,
            ));
        }
        // Many equal serials (which the table then refuses) and a long run of one value.
        cases.push((0..2000u128).map(|i| ((i % 3) << 40) | i).collect());
        cases.push((0..500u128).map(|i| (5u128 << 64) | i).collect());
        for case in cases {
            let mut ours = case.clone();
            radix_sort(&mut ours);
            let mut expected = case;
            expected.sort_unstable();
            // Entries with equal serials may come in any order; serials must match exactly.
            let serials = |v: &[u128]| v.iter().map(|k| k >> 32).collect::<Vec<_>>();
            assert_eq!(serials(&ours), serials(&expected));
            let mut ours_sorted = ours.clone();
            ours_sorted.sort_unstable();
            assert_eq!(ours_sorted, expected, "a permutation of the input");
        }
    }

    #[test]
    fn merge_sort_is_stable_and_ordered() {
        for count in [0usize, 1, 2, 3, 17, 64, 1000] {
            let mut next = noise(count as u64 + 1);
            let items: Vec<(u8, usize)> = (0..count).map(|i| ((next() % 7) as u8, i)).collect();
            let mut ours = items.clone();
            merge_sort_by(&mut ours, |a, b| a.0 > b.0);
            let mut expected = items;
            expected.sort_by_key(|x| x.0); // stable
            assert_eq!(ours, expected);
        }
    }
}
