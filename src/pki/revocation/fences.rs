//! Sorted `u64` keys searched level by level, so a lookup waits on a handful of memory loads
//! instead of one per step of a binary search.
//!
//! Level 0 is the keys themselves; each level above keeps every [`FANOUT`]th key of the one
//! below, up to a level of at most [`FANOUT`] keys. A search counts the keys below the one
//! sought in the top level, then in one block of [`FANOUT`] keys per level down: the loads of a
//! block do not depend on each other, and the upper levels (1/16 of the keys and less) stay in
//! cache between lookups.

/// Keys per block (two cache lines of `u64`).
pub(crate) const FANOUT: usize = 16;

/// The levels, finest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Fences {
    levels: Vec<Vec<u64>>,
}

impl Fences {
    /// The levels over `keys` (non-decreasing).
    pub(crate) fn new(keys: Vec<u64>) -> Self {
        let mut levels = vec![keys];
        while let Some(last) = levels.last().filter(|l| l.len() > FANOUT) {
            let mut up = Vec::with_capacity(last.len().div_ceil(FANOUT));
            up.extend(last.iter().step_by(FANOUT));
            levels.push(up);
        }
        Fences { levels }
    }

    /// The keys (level 0).
    pub(crate) fn keys(&self) -> &[u64] {
        self.levels.first().map_or(&[], Vec::as_slice)
    }

    /// How many keys are below `key` (as `keys().partition_point(|&k| k < key)`).
    pub(crate) fn below(&self, key: u64) -> usize {
        let count = |block: &[u64]| block.iter().filter(|&&k| k < key).count();
        let mut levels = self.levels.iter().rev();
        let mut below = levels.next().map_or(0, |top| count(top));
        for level in levels {
            // Key `below - 1` of the level above is block `below - 1` of this one's first key:
            // below `key`, while the next block's first key is not.
            let Some(start) = below.checked_sub(1).map(|b| b * FANOUT) else {
                return 0;
            };
            let end = start.saturating_add(FANOUT).min(level.len());
            below = start + level.get(start..end).map_or(0, count);
        }
        below
    }

    /// The keys equal to `key`, as the range `below..above` of their positions: `below` keys
    /// are smaller, `above` are not larger. Usually empty; one key is checked before any search.
    pub(crate) fn span(&self, key: u64) -> (usize, usize) {
        let below = self.below(key);
        let equal = match self.keys().get(below..) {
            Some([first, rest @ ..]) if *first == key => 1 + rest.partition_point(|&k| k == key),
            _ => 0,
        };
        (below, below + equal)
    }

    /// Heap bytes held.
    pub(crate) fn memory_bytes(&self) -> usize {
        self.levels
            .iter()
            .map(|l| l.capacity() * core::mem::size_of::<u64>())
            .sum::<usize>()
            + self.levels.capacity() * core::mem::size_of::<Vec<u64>>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every count and span agrees with partition points over the keys: below, at and above
    /// each key, for sizes around each level boundary and with long runs of equal keys.
    #[test]
    fn counts_agree_with_a_partition_point() {
        for len in [0, 1, 2, 15, 16, 17, 255, 256, 257, 4095, 4096, 4097, 5000] {
            for runs in [1u64, 3, 40] {
                let keys: Vec<u64> = (0..len as u64).map(|i| 10 + 2 * (i / runs)).collect();
                let fences = Fences::new(keys.clone());
                assert_eq!(fences.keys(), keys.as_slice());
                let top = fences.levels.last().unwrap();
                assert!(top.len() <= FANOUT, "top level of {}", top.len());
                let last = keys.last().copied().unwrap_or(10);
                for key in [0, 9, 10, 11, last, last + 1, u64::MAX]
                    .into_iter()
                    .chain((0..len as u64).step_by(7).map(|i| 9 + i))
                {
                    let expected = keys.partition_point(|&k| k < key);
                    assert_eq!(
                        fences.below(key),
                        expected,
                        "len {len} runs {runs} key {key}"
                    );
                    let not_larger = keys.partition_point(|&k| k <= key);
                    assert_eq!(fences.span(key), (expected, not_larger), "span of {key}");
                }
            }
        }
    }
}
