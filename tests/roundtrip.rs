//! Property tests (issue 8): encoders and decoders that face the network or a card agree with
//! each other on arbitrary input — base64 (standard and url), the sealed challenge, and, with
//! feature `card`, APDUs, Port-100 frames, ISO-DEP blocks and command chaining, and the ATQB.

use myna_verify::assertion::{issue_sealed_challenge, open_sealed_challenge, Origin};
use myna_verify::pki::UnixTime;
use myna_verify::wire::base64;
use myna_verify::Error;
use proptest::prelude::*;

const ORIGIN: &str = "https://bank.example.jp";

fn origin(text: &str) -> Origin {
    Origin::parse(text, false).expect("test origin parses")
}

proptest! {
    #[test]
    fn base64_round_trips(data in proptest::collection::vec(any::<u8>(), 0..512)) {
        let text = base64::encode(&data);
        prop_assert_eq!(text.len() % 4, 0);
        prop_assert_eq!(base64::decode(&text)?, data.clone());
        let url = base64::encode_url(&data);
        prop_assert!(!url.contains(['+', '/', '=']));
        prop_assert_eq!(base64::decode_url(&url)?, data);
    }

    #[test]
    fn base64_decode_never_panics_and_is_canonical(text in "[A-Za-z0-9+/=_-]{0,64}") {
        if let Ok(bytes) = base64::decode(&text) {
            prop_assert_eq!(base64::decode(&base64::encode(&bytes))?, bytes);
        }
        if let Ok(bytes) = base64::decode_url(&text) {
            prop_assert_eq!(base64::decode_url(&base64::encode_url(&bytes))?, bytes);
        }
    }

    #[test]
    fn sealed_challenge_opens_only_where_it_was_issued(
        secret in proptest::collection::vec(any::<u8>(), 32..64),
        random in any::<[u8; 32]>(),
        now in 0i64..4_000_000_000,
        ttl in 1u32..=86_400,
        elapsed in 0u32..=86_400,
        flip in 0usize..64,
    ) {
        let o = origin(ORIGIN);
        let c = issue_sealed_challenge(&secret, &o, &random, UnixTime(now), ttl)?;
        prop_assert_eq!(c.expires_at, UnixTime(now + i64::from(ttl)));
        let later = UnixTime(now + i64::from(elapsed));
        let opened = open_sealed_challenge(&secret, &o, &c.nonce, later);
        if elapsed <= ttl {
            prop_assert_eq!(opened, Ok(c.expires_at));
        } else {
            prop_assert_eq!(opened, Err(Error::NonceExpired));
        }
        // Another origin or secret, or one changed character: never accepted.
        let other = origin("https://evil.example.jp");
        prop_assert_eq!(
            open_sealed_challenge(&secret, &other, &c.nonce, UnixTime(now)),
            Err(Error::ChallengeInvalid)
        );
        let mut other_secret = secret.clone();
        other_secret[0] ^= 1;
        prop_assert_eq!(
            open_sealed_challenge(&other_secret, &o, &c.nonce, UnixTime(now)),
            Err(Error::ChallengeInvalid)
        );
        let mut chars: Vec<char> = c.nonce.chars().collect();
        let i = flip % chars.len();
        chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
        let tampered: String = chars.into_iter().collect();
        prop_assert!(open_sealed_challenge(&secret, &o, &tampered, UnixTime(now)).is_err());
    }

    #[test]
    fn sealed_challenge_open_never_panics(nonce in ".{0,256}", now in any::<i64>()) {
        let o = origin(ORIGIN);
        prop_assert!(open_sealed_challenge(&[9; 32], &o, &nonce, UnixTime(now)).is_err());
    }
}

#[cfg(feature = "card")]
mod card {
    use myna_verify::card::apdu::{Command, Response};
    use myna_verify::card::transport::iso14443b::Atqb;
    use myna_verify::card::transport::isodep::{Block, IsoDep, Reception, Step};
    use myna_verify::card::transport::port100::{decode_frame, encode_frame, Frame, MAX_DATA};
    use proptest::prelude::*;

    fn command() -> impl Strategy<Value = Command> {
        (
            any::<[u8; 4]>(),
            proptest::collection::vec(any::<u8>(), 0..600),
            proptest::option::of(1usize..=65_536),
            any::<bool>(),
        )
            .prop_map(|([cla, ins, p1, p2], data, le, extended)| Command {
                cla,
                ins,
                p1,
                p2,
                data,
                le,
                extended,
            })
    }

    fn block() -> impl Strategy<Value = Block> {
        prop_oneof![
            (
                0u8..2,
                any::<bool>(),
                proptest::collection::vec(any::<u8>(), 0..300)
            )
                .prop_map(|(num, chaining, inf)| Block::I { num, chaining, inf }),
            (0u8..2).prop_map(|num| Block::Ack { num }),
            (0u8..2).prop_map(|num| Block::Nak { num }),
            (0u8..64).prop_map(|wtxm| Block::Wtx { wtxm }),
            Just(Block::Deselect),
        ]
    }

    /// Drive `dep` through one exchange with a card that acknowledges each chained block and
    /// answers the last with `response`; returns what the card received and the result.
    fn exchange(dep: &mut IsoDep, apdu: &[u8], response: &[u8]) -> (Vec<u8>, Vec<u8>) {
        let mut received = Vec::new();
        let mut step = dep.start(apdu).expect("APDU within limits");
        for _ in 0..10_000 {
            let frame = match step {
                Step::Done(out) => return (received, out),
                Step::Send { frame, .. } => frame,
            };
            let reply = match Block::decode(&frame).expect("the PCD sends valid blocks") {
                Block::I { num, chaining, inf } => {
                    received.extend_from_slice(&inf);
                    if chaining {
                        Block::Ack { num }
                    } else {
                        Block::I {
                            num,
                            chaining: false,
                            inf: response.to_vec(),
                        }
                    }
                }
                other => panic!("unexpected block from the PCD: {other:?}"),
            };
            step = dep
                .on_reception(Reception::Frame(&reply.encode()))
                .expect("a well-behaved card");
        }
        panic!("exchange did not finish");
    }

    proptest! {
        #[test]
        fn apdu_command_round_trips(cmd in command()) {
            let bytes = cmd.to_bytes()?;
            let parsed = Command::parse(&bytes)?;
            prop_assert_eq!(&parsed.data, &cmd.data);
            prop_assert_eq!(parsed.le, cmd.le);
            prop_assert_eq!([parsed.cla, parsed.ins, parsed.p1, parsed.p2], [cmd.cla, cmd.ins, cmd.p1, cmd.p2]);
            prop_assert_eq!(parsed.is_extended(), cmd.is_extended());
            prop_assert_eq!(parsed.to_bytes()?, bytes);
        }

        #[test]
        fn apdu_response_splits_status(data in proptest::collection::vec(any::<u8>(), 0..600), sw in any::<u16>()) {
            let mut bytes = data.clone();
            bytes.extend_from_slice(&sw.to_be_bytes());
            let r = Response::parse(bytes)?;
            prop_assert_eq!(r.data, data);
            prop_assert_eq!(r.sw, sw);
        }

        #[test]
        fn port100_frame_round_trips(data in proptest::collection::vec(any::<u8>(), 0..=MAX_DATA)) {
            let frame = encode_frame(&data)?;
            prop_assert_eq!(frame.len(), data.len() + 10);
            prop_assert_eq!(decode_frame(&frame)?, Frame::Data(data.clone()));
            // Any single flipped bit after the preamble is caught.
            let mut bad = frame.clone();
            let i = 5 + data.len() % (frame.len() - 5);
            bad[i] ^= 0x01;
            prop_assert!(decode_frame(&bad).is_err());
        }

        #[test]
        fn isodep_block_round_trips(b in block()) {
            let frame = b.encode();
            let expected = match b {
                Block::Wtx { wtxm } => Block::Wtx { wtxm: wtxm & 0x3F },
                other => other,
            };
            prop_assert_eq!(Block::decode(&frame)?, expected);
        }

        #[test]
        fn isodep_chains_any_apdu(
            fsci in 0u8..=8,
            apdu in proptest::collection::vec(any::<u8>(), 1..2000),
            response in proptest::collection::vec(any::<u8>(), 2..200),
        ) {
            let mut dep = IsoDep::new(myna_verify::card::transport::iso14443b::frame_size(fsci));
            let (received, out) = exchange(&mut dep, &apdu, &response);
            prop_assert_eq!(received, apdu);
            prop_assert_eq!(out, response);
        }

        #[test]
        fn atqb_round_trips(bytes in any::<[u8; 12]>()) {
            let mut bytes = bytes;
            bytes[0] = 0x50;
            bytes[10] |= 0x01;
            let atqb = Atqb::parse(&bytes)?;
            prop_assert_eq!(atqb.encode(), bytes.to_vec());
        }
    }
}
