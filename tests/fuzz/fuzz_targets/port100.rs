//! Port-100 frames from the reader: decode, the command-result split, InCommRF results; a
//! decoded data frame re-encodes and decodes back equal.
#![no_main]

use libfuzzer_sys::fuzz_target;
use myna_verify::card::transport::port100::{
    decode_frame, encode_frame, parse_in_comm_rf, response_result, Frame,
};

fuzz_target!(|data: &[u8]| {
    if let Ok(Frame::Data(inner)) = decode_frame(data) {
        let again = encode_frame(&inner).expect("a decoded frame re-encodes");
        assert_eq!(decode_frame(&again).ok(), Some(Frame::Data(inner.clone())));
        if let Some((code, rest)) = inner.split_first() {
            let _ = response_result(code.wrapping_sub(1), &inner);
            let _ = response_result(*code, rest);
        }
    }
    let _ = parse_in_comm_rf(data);
});
