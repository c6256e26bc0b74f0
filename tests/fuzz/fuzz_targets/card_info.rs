//! Card-info AP and JPKI AP file contents: basic-4 TLVs, the My Number EF, the token EF and
//! the DER length sniffing used to size certificate reads.
#![no_main]

use libfuzzer_sys::fuzz_target;
use myna_verify::card::applets::card_info::{parse_basic_info, parse_my_number};
use myna_verify::card::applets::jpki::{der_total_len, TokenKind};

fuzz_target!(|data: &[u8]| {
    let _ = parse_basic_info(data);
    if let Ok(number) = parse_my_number(data) {
        assert_eq!(number.len(), 12);
    }
    let _ = TokenKind::parse(data);
    let _ = der_total_len(data);
});
