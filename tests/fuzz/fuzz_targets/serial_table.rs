//! Differential: `pki::revocation::index` (radix sort of packed serials, merge sort of long
//! ones, the chunked table build) against a `BTreeMap`. The input is cut into serials by length
//! octets (a length ≥ 13 takes the long-serial path); leading zero octets are dropped, as the
//! CRL reader's INTEGER decoding does. The table must refuse exactly the lists with a repeated
//! serial, else find every serial at its own position and nothing else.
#![no_main]

use libfuzzer_sys::fuzz_target;
use myna_verify::pki::revocation::index::table_for_fuzzing;
use std::collections::BTreeMap;

/// At most this many serials per input (several radix levels and merge passes).
const MAX_SERIALS: usize = 20_000;

fuzz_target!(|data: &[u8]| {
    let mut serials: Vec<&[u8]> = Vec::new();
    let mut rest = data;
    while let Some((&len, tail)) = rest.split_first() {
        let len = usize::from(len % 24);
        let (serial, tail) = tail.split_at(len.min(tail.len()));
        let zeros = serial.iter().take_while(|&&b| b == 0).count();
        serials.push(&serial[zeros..]);
        rest = tail;
        if serials.len() == MAX_SERIALS {
            break;
        }
    }
    let mut expected: BTreeMap<&[u8], usize> = BTreeMap::new();
    let mut repeated = false;
    for (i, s) in serials.iter().enumerate() {
        repeated |= expected.insert(s, i).is_some();
    }
    match table_for_fuzzing(&serials) {
        Err(e) => assert!(repeated, "refused a list without repeats: {e:?}"),
        Ok(table) => {
            assert!(!repeated, "accepted a repeated serial");
            assert_eq!(table.len(), serials.len());
            for (s, &i) in &expected {
                let entry = table.lookup(s).expect("a listed serial is found");
                assert_eq!(entry.revoked_at, i as i64);
            }
            // Unlisted neighbours: one more octet, and each serial with its last octet bumped
            // (of the first 4,096 serials: neighbours on both sides of many of the index's
            // strides of 16).
            for s in serials.iter().take(4096) {
                let mut longer = s.to_vec();
                longer.push(0);
                let mut bumped = s.to_vec();
                if let Some(last) = bumped.last_mut() {
                    *last = last.wrapping_add(1);
                }
                for probe in [longer, bumped] {
                    let listed =
                        probe.first() != Some(&0) && expected.contains_key(probe.as_slice());
                    assert_eq!(table.lookup(&probe).is_some(), listed, "{probe:02x?}");
                }
            }
        }
    }
});
