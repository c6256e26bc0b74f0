//! APDU responses and commands: parse never panics, and a parsed command re-encodes to a
//! command that parses back equal.
#![no_main]

use libfuzzer_sys::fuzz_target;
use myna_verify::card::apdu::{Command, Response};

fuzz_target!(|data: &[u8]| {
    if let Ok(resp) = Response::parse(data.to_vec()) {
        let _ = resp.status();
        let _ = resp.into_ok();
    }
    if let Ok(cmd) = Command::parse(data) {
        let bytes = cmd.to_bytes().expect("a parsed command encodes");
        assert_eq!(Command::parse(&bytes).ok(), Some(cmd));
    }
});
