//! ISO 14443 Type B activation answers: ATQB (re-encodes to what parsed), ATTRIB, its answer.
#![no_main]

use libfuzzer_sys::fuzz_target;
use myna_verify::card::transport::iso14443b::{check_attrib_answer, Atqb, Attrib};

fuzz_target!(|data: &[u8]| {
    if let Ok(atqb) = Atqb::parse(data) {
        let _ = atqb.fsc();
        assert_eq!(Atqb::parse(&atqb.encode()).ok(), Some(atqb));
    }
    let _ = Attrib::parse(data);
    let _ = check_attrib_answer(data);
});
