//! ISO-DEP: block decoding (decoded blocks re-encode to the same frame), and the PCD state
//! machine driven by card frames taken from the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use myna_verify::card::transport::isodep::{Block, IsoDep, Reception, Step};

/// Most steps driven per input (each consumes at least one input byte anyway).
const MAX_STEPS: usize = 4096;

fuzz_target!(|data: &[u8]| {
    if let Ok(block) = Block::decode(data) {
        let again = block.encode();
        assert_eq!(Block::decode(&again).ok(), Some(block));
    }
    let Some((&fsc_byte, rest)) = data.split_first() else {
        return;
    };
    let Some((&apdu_len, mut rest)) = rest.split_first() else {
        return;
    };
    let fsc = 16 + usize::from(fsc_byte);
    let apdu: Vec<u8> = (0..usize::from(apdu_len) * 4).map(|i| i as u8).collect();
    let mut dep = IsoDep::new(fsc);
    let Ok(mut step) = dep.start(&apdu) else {
        return;
    };
    for _ in 0..MAX_STEPS {
        if let Step::Done(_) = step {
            return;
        }
        // Each card frame: one length byte (0xFE timeout, 0xFF damaged), then the frame.
        let Some((&len, tail)) = rest.split_first() else {
            return;
        };
        let rx = match len {
            0xFE => {
                rest = tail;
                Reception::Timeout
            }
            0xFF => {
                rest = tail;
                Reception::Damaged
            }
            n => {
                let n = usize::from(n).min(tail.len());
                let (frame, after) = tail.split_at(n);
                rest = after;
                Reception::Frame(frame)
            }
        };
        match dep.on_reception(rx) {
            Ok(next) => step = next,
            Err(_) => return,
        }
    }
});
