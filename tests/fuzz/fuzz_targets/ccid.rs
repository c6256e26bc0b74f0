//! CCID from the reader: messages (re-encode to the same bytes), the class descriptor, ATR
//! T=1 parameters, T=1 blocks (re-encode to the same bytes), and the T=1 host state machine
//! driven by reader blocks taken from the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use myna_verify::card::transport::ccid::{
    atr_t1_ifsc, decode_t1, encode_t1, ClassDescriptor, Message, T1Host, T1Step,
};

/// Most steps driven per input.
const MAX_STEPS: usize = 4096;

fn drive_t1(data: &[u8]) {
    let Some((&ifsc, rest)) = data.split_first() else {
        return;
    };
    let Some((&apdu_len, mut rest)) = rest.split_first() else {
        return;
    };
    let apdu: Vec<u8> = (0..usize::from(apdu_len) * 4).map(|i| i as u8).collect();
    let mut host = T1Host::new(ifsc);
    let Ok(mut step) = host.start(&apdu) else {
        return;
    };
    for _ in 0..MAX_STEPS {
        if let T1Step::Done(_) = step {
            return;
        }
        // Each reader block: one length byte (0xFF: nothing came back), then the block.
        let Some((&len, tail)) = rest.split_first() else {
            return;
        };
        let rx = if len == 0xFF {
            rest = tail;
            None
        } else {
            let n = usize::from(len).min(tail.len());
            let (block, after) = tail.split_at(n);
            rest = after;
            Some(block)
        };
        match host.on_reception(rx) {
            Ok(next) => step = next,
            Err(_) => return,
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(msg) = Message::decode(data) {
        let _ = (msg.status(), msg.error(), msg.chain_parameter());
        if let Ok(bytes) = msg.encode() {
            assert_eq!(bytes, data);
        }
    }
    if let Ok(desc) = ClassDescriptor::parse(data) {
        let _ = desc.level();
        let _ = desc.max_data();
        let _ = desc.encode();
    }
    let _ = atr_t1_ifsc(data);
    if let Ok((pcb, inf)) = decode_t1(data) {
        if let Ok(again) = encode_t1(pcb, &inf) {
            assert_eq!(decode_t1(&again).ok(), Some((pcb, inf)));
        }
    }
    drive_t1(data);
});
