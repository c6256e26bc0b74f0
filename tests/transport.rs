//! Reader transports against the simulated devices: Port-100 framing, Type B activation, ISO-DEP,
//! the RC-S380 driver end to end, CCID at APDU and TPDU level, and the host callback adapter.
#![cfg(feature = "simulator")]

use myna_verify::card::executor::block_on;
use myna_verify::card::transport::iso14443b::{self, Atqb, Attrib};
use myna_verify::card::transport::isodep::{Block, IsoDep, Reception, Step};
use myna_verify::card::transport::port100::{self, Frame, RfOutcome};
use myna_verify::card::transport::rcs380::{self, Rcs380};
use myna_verify::card::transport::{Transport, UsbBulk};
use myna_verify::sim::rcs380::SimRcs380;
use myna_verify::Error;

const POLLS: usize = 1_000_000;

/// Test card: `00 B0 hi lo` answers hi‖lo bytes of a pattern; anything else echoes the APDU.
fn responder(apdu: &[u8]) -> Vec<u8> {
    let mut out = match apdu {
        [0x00, 0xB0, hi, lo, ..] => {
            let n = usize::from(u16::from_be_bytes([*hi, *lo]));
            (0..n).map(|i| (i % 251) as u8).collect()
        }
        _ => apdu.to_vec(),
    };
    out.extend_from_slice(&[0x90, 0x00]);
    out
}

type Echo = fn(&[u8]) -> Vec<u8>;

fn run<F: std::future::Future>(f: F) -> F::Output {
    block_on(f, POLLS).expect("simulated futures complete")
}

fn echo_expected(apdu: &[u8]) -> Vec<u8> {
    let mut v = apdu.to_vec();
    v.extend_from_slice(&[0x90, 0x00]);
    v
}

fn apdu_of_len(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i * 7 + 3) as u8).collect()
}

// ---------------------------------------------------------------- Port-100 framing

#[test]
fn port100_frames_round_trip_for_many_lengths() {
    for len in 0..=300usize {
        let data: Vec<u8> = (0..len).map(|i| (i * 13) as u8).collect();
        let frame = port100::encode_frame(&data).unwrap();
        assert_eq!(frame.len(), len + port100::FRAME_OVERHEAD);
        assert_eq!(&frame[..5], &[0, 0, 0xFF, 0xFF, 0xFF]);
        assert_eq!(port100::decode_frame(&frame).unwrap(), Frame::Data(data));
    }
}

#[test]
fn port100_known_frame_and_checksums() {
    // SetCommandType(1): D6 2A 01, length 3 → LCS FD, DCS = -(D6+2A+01) = FF.
    let frame = port100::encode_frame(&port100::command_data(0x2A, &[1])).unwrap();
    assert_eq!(
        frame,
        vec![0, 0, 0xFF, 0xFF, 0xFF, 0x03, 0x00, 0xFD, 0xD6, 0x2A, 0x01, 0xFF, 0x00]
    );
    assert_eq!(port100::decode_frame(&port100::ACK).unwrap(), Frame::Ack);
    let mut bad_dcs = frame.clone();
    bad_dcs[11] ^= 1;
    assert_eq!(
        port100::decode_frame(&bad_dcs),
        Err(Error::ReaderProtocol("Port-100 data checksum"))
    );
    let mut bad_lcs = frame.clone();
    bad_lcs[7] ^= 1;
    assert_eq!(
        port100::decode_frame(&bad_lcs),
        Err(Error::ReaderProtocol("Port-100 length checksum"))
    );
    let mut bad_data = frame.clone();
    bad_data[9] ^= 0x40;
    assert!(port100::decode_frame(&bad_data).is_err());
    assert!(port100::decode_frame(&frame[..frame.len() - 1]).is_err());
    let mut long = frame.clone();
    long.push(0);
    assert!(port100::decode_frame(&long).is_err());
    assert!(port100::decode_frame(&[]).is_err());
    assert!(port100::encode_frame(&vec![0; port100::MAX_DATA + 1]).is_err());
}

#[test]
fn port100_responses_and_in_comm_rf() {
    assert_eq!(
        port100::response_result(0x04, &[0xD7, 0x05, 1, 2]).unwrap(),
        &[1, 2]
    );
    assert!(port100::response_result(0x04, &[0xD7, 0x07, 1]).is_err());
    assert!(port100::response_result(0x04, &[0xD6, 0x05]).is_err());
    assert_eq!(
        port100::in_comm_rf_params(0x1234, &[5, 6]),
        vec![0x34, 0x12, 5, 6]
    );
    let ok = port100::in_comm_rf_result(0, &[0x50, 1]);
    assert_eq!(
        port100::parse_in_comm_rf(&ok).unwrap(),
        RfOutcome::Frame(vec![0x50, 1])
    );
    let timeout = port100::in_comm_rf_result(port100::STATUS_TIMEOUT, &[]);
    assert_eq!(
        port100::parse_in_comm_rf(&timeout).unwrap(),
        RfOutcome::Timeout
    );
    let crc = port100::in_comm_rf_result(port100::STATUS_CRC_ERROR, &[]);
    assert_eq!(port100::parse_in_comm_rf(&crc).unwrap(), RfOutcome::Damaged);
    assert!(port100::parse_in_comm_rf(&[0, 0, 0]).is_err());
    assert!(port100::parse_in_comm_rf(&[0, 0, 0, 0]).is_err());
}

#[test]
fn zero_length_packet_rule() {
    assert!(port100::needs_zero_length_packet(64, 64));
    assert!(port100::needs_zero_length_packet(128, 64));
    assert!(!port100::needs_zero_length_packet(63, 64));
    assert!(!port100::needs_zero_length_packet(0, 64));
    assert!(!port100::needs_zero_length_packet(64, 0));
}

// ---------------------------------------------------------------- Type B activation

#[test]
fn atqb_and_attrib_round_trip() {
    let atqb = Atqb {
        pupi: [1, 2, 3, 4],
        app_data: [5, 6, 7, 8],
        bit_rate: 0,
        fsci: 5,
        protocol_type: 1,
        fwi: 7,
        adc_fo: 1,
    };
    let bytes = atqb.encode();
    assert_eq!(bytes, vec![0x50, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0x51, 0x71]);
    assert_eq!(Atqb::parse(&bytes).unwrap(), atqb);
    assert_eq!(atqb.fsc(), 64);
    let mut ext = bytes.clone();
    ext.push(0);
    assert!(Atqb::parse(&ext).is_ok());
    assert!(Atqb::parse(&bytes[..11]).is_err());
    let mut wrong = bytes.clone();
    wrong[0] = 0x51;
    assert!(Atqb::parse(&wrong).is_err());
    let mut not4 = bytes.clone();
    not4[10] = 0x50;
    assert_eq!(
        Atqb::parse(&not4),
        Err(Error::ReaderUnsupported("card is not ISO 14443-4"))
    );
    assert_eq!(iso14443b::reqb(), vec![0x05, 0x00, 0x10]);
    let attrib = iso14443b::attrib(&[1, 2, 3, 4]);
    assert_eq!(attrib, vec![0x1D, 1, 2, 3, 4, 0x00, 0x08, 0x01, 0x00]);
    let parsed = Attrib::parse(&attrib).unwrap();
    assert_eq!((parsed.pupi, parsed.fsdi, parsed.cid), ([1, 2, 3, 4], 8, 0));
    assert!(Attrib::parse(&attrib[..8]).is_err());
    assert!(iso14443b::check_attrib_answer(&[0x00]).is_ok());
    assert!(iso14443b::check_attrib_answer(&[0x01]).is_err());
    assert!(iso14443b::check_attrib_answer(&[]).is_err());
}

#[test]
fn frame_sizes_and_waiting_times() {
    let sizes: Vec<usize> = (0..=8).map(iso14443b::frame_size).collect();
    assert_eq!(sizes, vec![16, 24, 32, 40, 48, 64, 96, 128, 256]);
    assert_eq!(iso14443b::frame_size(12), 256);
    assert_eq!(iso14443b::fwt_100us(0), 4); // 302 µs → 0.4 ms rounded up
    assert_eq!(iso14443b::fwt_100us(4), 49); // 4.83 ms
    assert_eq!(iso14443b::fwt_100us(14), 49_491); // 4.949 s
    assert_eq!(iso14443b::fwt_100us(15), iso14443b::fwt_100us(14));
}

// ---------------------------------------------------------------- ISO-DEP blocks

#[test]
fn isodep_blocks_round_trip() {
    let blocks = [
        Block::I {
            num: 0,
            chaining: false,
            inf: vec![1, 2, 3],
        },
        Block::I {
            num: 1,
            chaining: true,
            inf: vec![],
        },
        Block::Ack { num: 0 },
        Block::Ack { num: 1 },
        Block::Nak { num: 0 },
        Block::Nak { num: 1 },
        Block::Wtx { wtxm: 59 },
        Block::Deselect,
    ];
    let pcbs = [0x02, 0x13, 0xA2, 0xA3, 0xB2, 0xB3, 0xF2, 0xC2];
    for (b, pcb) in blocks.iter().zip(pcbs) {
        let enc = b.encode();
        assert_eq!(enc[0], pcb);
        assert_eq!(&Block::decode(&enc).unwrap(), b);
    }
    for bad in [
        &[][..],
        &[0x0A, 1][..], // CID bit
        &[0x06][..],    // NAD bit
        &[0x22][..],    // I-block with bit 5 set
        &[0xA2, 0][..], // R-block with INF
        &[0xF2][..],    // WTX without WTXM
        &[0xC2, 1][..], // DESELECT with INF
        &[0x40][..],    // RFU
    ] {
        assert!(Block::decode(bad).is_err(), "{bad:02X?}");
    }
}

/// Drive an [`IsoDep`] against a scripted card: each entry answers the frame just sent.
fn script(
    isodep: &mut IsoDep,
    apdu: &[u8],
    answers: &[Option<&[u8]>],
) -> (Vec<Vec<u8>>, Result<Vec<u8>, Error>) {
    let mut sent = Vec::new();
    let mut step = isodep.start(apdu);
    for answer in answers {
        match step {
            Ok(Step::Send { frame, .. }) => sent.push(frame),
            Ok(Step::Done(r)) => return (sent, Ok(r)),
            Err(e) => return (sent, Err(e)),
        }
        let rx = match answer {
            Some(f) => Reception::Frame(f),
            None => Reception::Timeout,
        };
        step = isodep.on_reception(rx);
    }
    match step {
        Ok(Step::Done(r)) => (sent, Ok(r)),
        Ok(Step::Send { frame, .. }) => {
            sent.push(frame);
            (sent, Err(Error::ReaderProtocol("script ended")))
        }
        Err(e) => (sent, Err(e)),
    }
}

#[test]
fn isodep_chains_both_ways_and_toggles_block_numbers() {
    let mut d = IsoDep::new(16); // 13-byte INF
    assert_eq!(d.max_inf(), 13);
    let apdu = apdu_of_len(30);
    let (sent, r) = script(
        &mut d,
        &apdu,
        &[
            Some(&[0xA2]),              // ACK block 0
            Some(&[0xA3]),              // ACK block 1
            Some(&[0x10 | 0x02, 9, 8]), // card chains: I(0, more)
            Some(&[0x03, 7, 0x90, 0]),  // I(1, last)
        ],
    );
    assert_eq!(r.unwrap(), vec![9, 8, 7, 0x90, 0]);
    assert_eq!(sent[0][0], 0x12);
    assert_eq!(&sent[0][1..], &apdu[..13]);
    assert_eq!(sent[1][0], 0x13);
    assert_eq!(&sent[1][1..], &apdu[13..26]);
    assert_eq!(sent[2][0], 0x02);
    assert_eq!(&sent[2][1..], &apdu[26..]);
    assert_eq!(sent[3], vec![0xA3]); // R(ACK) after the card's I(0)
    assert_eq!(d.block_number(), 0);
}

#[test]
fn isodep_recovers_and_gives_up() {
    let mut d = IsoDep::new(256);
    // Timeout → R(NAK 0); card says R(ACK 1) (it never heard us) → I-block again; then answer.
    let (sent, r) = script(
        &mut d,
        &[1, 2, 3, 4],
        &[
            None,
            Some(&[0xA3]),
            Some(&[0xF2, 3]),
            Some(&[0x02, 0x90, 0x00]),
        ],
    );
    assert_eq!(r.unwrap(), vec![0x90, 0x00]);
    assert_eq!(sent[1], vec![0xB2]);
    assert_eq!(sent[2], sent[0]);
    assert_eq!(sent[3], vec![0xF2, 3]); // WTX echoed
                                        // Four silent receptions in a row: give up.
    let (_, r) = script(&mut d, &[1], &[None, None, None, None]);
    assert_eq!(r, Err(Error::CardNoResponse("ISO-DEP retries exhausted")));
    // Wrong block number from the card.
    let mut d = IsoDep::new(256);
    let (_, r) = script(&mut d, &[1], &[Some(&[0x03, 0x90, 0x00])]);
    assert_eq!(r, Err(Error::ReaderProtocol("ISO-DEP block number")));
    // WTXM 0 is out of range; endless WTX is capped.
    let mut d = IsoDep::new(256);
    let (_, r) = script(&mut d, &[1], &[Some(&[0xF2, 0])]);
    assert!(matches!(r, Err(Error::ReaderProtocol(_))));
    let mut d = IsoDep::new(256);
    let wtx: Vec<Option<&[u8]>> = vec![Some(&[0xF2, 1]); 100];
    let (sent, r) = script(&mut d, &[1], &wtx);
    assert!(matches!(r, Err(Error::CardNoResponse(_))));
    assert_eq!(sent.len(), 65);
}

// ---------------------------------------------------------------- RC-S380 end to end

/// A counting wrapper to count USB transfers per APDU from the host's side.
struct Counting<B> {
    inner: B,
    sends: usize,
    receives: usize,
}

impl<B: UsbBulk> UsbBulk for Counting<B> {
    async fn send(&mut self, data: &[u8]) -> Result<(), Error> {
        self.sends += 1;
        self.inner.send(data).await
    }
    async fn receive(&mut self, max_len: usize) -> Result<Vec<u8>, Error> {
        self.receives += 1;
        self.inner.receive(max_len).await
    }
}

fn rcs380_with(fsci: u8) -> Rcs380<Counting<SimRcs380<Echo>>> {
    let sim = SimRcs380::new(responder as Echo, 64, fsci);
    let bulk = Counting {
        inner: sim,
        sends: 0,
        receives: 0,
    };
    run(Rcs380::connect(bulk, 64)).unwrap()
}

fn transfers<B>(r: &mut Rcs380<Counting<B>>) -> usize
where
    B: UsbBulk,
{
    let c = r.bulk_mut();
    let n = c.sends + c.receives;
    c.sends = 0;
    c.receives = 0;
    n
}

#[test]
fn rcs380_ids_and_claim_error() {
    assert!(rcs380::is_rcs380(0x054C, 0x06C1));
    assert!(rcs380::is_rcs380(0x054C, 0x06C3));
    assert!(!rcs380::is_rcs380(0x054C, 0x0DC8));
    assert_eq!(rcs380::claim_failed().code(), "READER_HELD_BY_OS");
}

#[test]
fn rcs380_activates_and_exchanges_an_apdu() {
    let mut r = rcs380_with(8);
    assert_eq!(r.firmware_version(), &[0x11, 0x01]);
    let c = r.bulk_mut();
    // cancel ACK + 6 set-up commands + REQB + ATTRIB = 1 send + 8 × (send, ACK, reply).
    assert_eq!((c.sends, c.receives), (9, 16));
    transfers(&mut r);
    let apdu = [0x00, 0xA4, 0x04, 0x0C, 0x02, 0xD3, 0x92];
    assert_eq!(run(r.transmit(&apdu)).unwrap(), echo_expected(&apdu));
    // One InCommRF: send, ACK, reply.
    assert_eq!(transfers(&mut r), 3);
    assert_eq!(r.bulk_mut().inner.stats.missing_zero_length_packets, 0);
}

#[test]
fn rcs380_two_kilobyte_response_is_chained() {
    let mut r = rcs380_with(8);
    transfers(&mut r);
    let resp = run(r.transmit(&[0x00, 0xB0, 0x08, 0x00])).unwrap();
    assert_eq!(resp.len(), 2048 + 2);
    assert!(resp[..2048]
        .iter()
        .enumerate()
        .all(|(i, b)| *b == (i % 251) as u8));
    // 2050 bytes in 253-byte INFs = 9 card blocks = 9 InCommRF × 3 transfers.
    let n = transfers(&mut r);
    assert_eq!(n, 27);
    println!("RC-S380: 2 KB response took {n} USB transfers");
}

#[test]
fn rcs380_lengths_0_to_300_with_small_frames() {
    for fsci in [0u8, 5, 8] {
        let mut r = rcs380_with(fsci);
        let fsc = iso14443b::frame_size(fsci);
        let mut total = 0;
        for len in 0..=300usize {
            let apdu = apdu_of_len(len);
            transfers(&mut r);
            assert_eq!(
                run(r.transmit(&apdu)).unwrap(),
                echo_expected(&apdu),
                "len {len} fsc {fsc}"
            );
            total += transfers(&mut r);
        }
        let stats = &r.bulk_mut().inner.stats;
        assert!(stats.largest_frame_to_card <= fsc);
        assert_eq!(stats.missing_zero_length_packets, 0);
        println!("RC-S380 FSC {fsc}: {total} USB transfers for 301 echo APDUs of 0..=300 bytes");
    }
}

#[test]
fn rcs380_sends_zero_length_packets_on_packet_boundaries() {
    let mut r = rcs380_with(8);
    // Frame = 10 framing + D6 04 + 2 timeout + ISO-DEP PCB + APDU → 64 bytes when the APDU is 49.
    let apdu = apdu_of_len(49);
    assert_eq!(run(r.transmit(&apdu)).unwrap(), echo_expected(&apdu));
    let stats = &r.bulk_mut().inner.stats;
    assert_eq!(stats.zero_length_packets, 1);
    assert_eq!(stats.missing_zero_length_packets, 0);
}

#[test]
fn rcs380_waiting_time_extension() {
    let mut r = rcs380_with(8);
    r.bulk_mut().inner.faults.wtx_per_apdu = 3;
    r.bulk_mut().inner.faults.wtxm = 10;
    transfers(&mut r);
    let apdu = [0x00, 0x20, 0x00, 0x80];
    assert_eq!(run(r.transmit(&apdu)).unwrap(), echo_expected(&apdu));
    assert_eq!(r.bulk_mut().inner.stats.wtx_sent, 3);
    assert_eq!(transfers(&mut r), 12); // I + 3 × WTX answer
}

#[test]
fn rcs380_recovers_lost_and_damaged_frames() {
    let mut r = rcs380_with(5);
    // Lose the card's first answer, damage its second, and lose the reader's fourth block.
    r.bulk_mut().inner.faults.drop_from_card = vec![0];
    r.bulk_mut().inner.faults.damage_from_card = vec![1];
    r.bulk_mut().inner.faults.drop_to_card = vec![4];
    for round in 0..3 {
        let apdu = apdu_of_len(150);
        assert_eq!(
            run(r.transmit(&apdu)).unwrap(),
            echo_expected(&apdu),
            "round {round}"
        );
    }
    let resp = run(r.transmit(&[0x00, 0xB0, 0x02, 0x00])).unwrap();
    assert_eq!(resp.len(), 514);
    // Activation 2; 150 bytes at 61 per block = 3 exchanges a round × 3; the 514-byte read in
    // 253-byte blocks = 3; repairs: one R(NAK) each for the lost and the damaged answer, and
    // R(NAK) + resent I-block for the block the card never heard.
    assert_eq!(r.bulk_mut().inner.stats.rf_exchanges, 2 + 9 + 3 + 4);
}

#[test]
fn rcs380_card_removed_mid_read_is_typed() {
    let mut r = rcs380_with(8);
    r.bulk_mut().inner.faults.remove_after = Some(3);
    let err = run(r.transmit(&[0x00, 0xB0, 0x08, 0x00])).unwrap_err();
    assert_eq!(err, Error::CardNotPresent);
    // The session is gone until the card is activated again.
    assert_eq!(run(r.transmit(&[0x00])).unwrap_err(), Error::CardNotPresent);
    assert_eq!(run(r.activate()).unwrap_err(), Error::CardNotPresent);
    r.bulk_mut().inner.faults.remove_after = None;
    r.bulk_mut().inner.insert_card();
    run(r.activate()).unwrap();
    assert_eq!(run(r.transmit(&[0x00, 0x01])).unwrap(), vec![0, 1, 0x90, 0]);
}

#[test]
fn rcs380_without_card_reports_not_present() {
    let mut sim = SimRcs380::new(responder as Echo, 64, 8);
    sim.remove_card();
    assert_eq!(
        run(Rcs380::connect(sim, 64)).err(),
        Some(Error::CardNotPresent)
    );
}

// ---------------------------------------------------------------- CCID

use myna_verify::card::transport::ccid::{
    self, decode_t1, encode_t1, Ccid, ClassDescriptor, IccStatus, Level, Message, Pcb, T1Host,
    T1Step,
};
use myna_verify::sim::ccid::{descriptor, t1_atr, SimCcid};

#[test]
fn ccid_messages_and_descriptor_round_trip() {
    let m = Message {
        msg_type: ccid::msg::XFR_BLOCK,
        slot: 0,
        seq: 7,
        params: [0, 1, 0],
        data: vec![0x00, 0xA4, 0x04, 0x00],
    };
    let bytes = m.encode().unwrap();
    assert_eq!(&bytes[..10], &[0x6F, 4, 0, 0, 0, 0, 7, 0, 1, 0]);
    assert_eq!(Message::decode(&bytes).unwrap(), m);
    assert!(Message::decode(&bytes[..bytes.len() - 1]).is_err());
    assert!(Message::decode(&bytes[..9]).is_err());
    let d = descriptor(Level::ExtendedApdu, 271, false);
    let enc = d.encode();
    assert_eq!(enc.len(), 54);
    assert_eq!(ClassDescriptor::parse(&enc).unwrap(), d);
    assert_eq!(d.level().unwrap(), Level::ExtendedApdu);
    assert_eq!(d.max_data(), 261);
    assert!(ClassDescriptor::parse(&enc[..53]).is_err());
    let mut wrong = enc.clone();
    wrong[1] = 0x22;
    assert!(ClassDescriptor::parse(&wrong).is_err());
    let mut char_level = d.clone();
    char_level.features = 0;
    assert!(matches!(
        char_level.level(),
        Err(Error::ReaderUnsupported(_))
    ));
    assert_eq!(
        descriptor(Level::Tpdu, 271, true).level().unwrap(),
        Level::Tpdu
    );
}

#[test]
fn atr_ifsc_and_t1_blocks() {
    assert_eq!(ccid::atr_t1_ifsc(&t1_atr(0x20)).unwrap(), 0x20);
    assert_eq!(ccid::atr_t1_ifsc(&t1_atr(0xFE)).unwrap(), 0xFE);
    // T=1 without TA3: default 32. T=0 only: refused.
    assert_eq!(ccid::atr_t1_ifsc(&[0x3B, 0x80, 0x01, 0x81]).unwrap(), 32);
    assert!(ccid::atr_t1_ifsc(&[0x3B, 0x00]).is_err());
    assert!(ccid::atr_t1_ifsc(&[0x3B, 0x80]).is_err());
    let pcbs = [
        (Pcb::I { ns: 0, more: false }, 0x00),
        (Pcb::I { ns: 1, more: true }, 0x60),
        (Pcb::R { nr: 1, err: 0 }, 0x90),
        (Pcb::R { nr: 0, err: 1 }, 0x81),
        (
            Pcb::S {
                response: false,
                function: ccid::S_IFS,
            },
            0xC1,
        ),
        (
            Pcb::S {
                response: true,
                function: ccid::S_WTX,
            },
            0xE3,
        ),
    ];
    for (pcb, byte) in pcbs {
        assert_eq!(pcb.byte(), byte);
        let block = encode_t1(pcb, &[1, 2]).unwrap();
        assert_eq!(block.len(), 6);
        assert_eq!(decode_t1(&block).unwrap(), (pcb, vec![1, 2]));
        let mut bad = block.clone();
        bad[3] ^= 1;
        assert_eq!(decode_t1(&bad), Err(Error::ReaderProtocol("T=1 LRC")));
    }
    assert!(encode_t1(Pcb::I { ns: 0, more: false }, &[0; 255]).is_err());
    assert!(decode_t1(&[0, 0, 1, 0]).is_err()); // length says 1, none there
    let nad = [5u8, 0, 0, 5];
    assert!(decode_t1(&nad).is_err());
}

#[test]
fn t1_host_chains_and_answers_wtx() {
    let mut t1 = T1Host::new(4);
    let mut sent = Vec::new();
    let mut step = t1.start(&[1, 2, 3, 4, 5, 6]).unwrap();
    let card: Vec<Vec<u8>> = vec![
        encode_t1(Pcb::R { nr: 1, err: 0 }, &[]).unwrap(), // ack I(0)
        encode_t1(
            Pcb::S {
                response: false,
                function: ccid::S_WTX,
            },
            &[5],
        )
        .unwrap(),
        encode_t1(Pcb::I { ns: 0, more: true }, &[9]).unwrap(),
        encode_t1(Pcb::I { ns: 1, more: false }, &[0x90, 0]).unwrap(),
    ];
    for c in &card {
        match step {
            T1Step::Send { block, bwm } => sent.push((block, bwm)),
            T1Step::Done(_) => panic!("done early"),
        }
        step = t1.on_reception(Some(c)).unwrap();
    }
    assert_eq!(step, T1Step::Done(vec![9, 0x90, 0]));
    assert_eq!(
        decode_t1(&sent[0].0).unwrap(),
        (Pcb::I { ns: 0, more: true }, vec![1, 2, 3, 4])
    );
    assert_eq!(
        decode_t1(&sent[1].0).unwrap(),
        (Pcb::I { ns: 1, more: false }, vec![5, 6])
    );
    assert_eq!(sent[2].1, 5); // WTX answered, longer wait granted
    assert_eq!(decode_t1(&sent[3].0).unwrap().0, Pcb::R { nr: 1, err: 0 });
    // Silence four times: give up.
    let mut t1 = T1Host::new(32);
    t1.start(&[1]).unwrap();
    for _ in 0..3 {
        assert!(t1.on_reception(None).is_ok());
    }
    assert!(matches!(
        t1.on_reception(None),
        Err(Error::CardNoResponse(_))
    ));
}

type CcidReader = Ccid<Counting<SimCcid<Echo>>>;

fn ccid_with(level: Level, max_msg: u32, ifsc: u8, auto_ifsd: bool) -> CcidReader {
    let d = descriptor(level, max_msg, auto_ifsd);
    let sim = SimCcid::new(responder as Echo, d, ifsc).unwrap();
    let parsed = ClassDescriptor::parse(&sim.class_descriptor()).unwrap();
    let bulk = Counting {
        inner: sim,
        sends: 0,
        receives: 0,
    };
    run(Ccid::connect(bulk, parsed)).unwrap()
}

fn ccid_transfers(r: &mut CcidReader) -> usize {
    let c = r.bulk_mut();
    let n = c.sends + c.receives;
    c.sends = 0;
    c.receives = 0;
    n
}

#[test]
fn ccid_short_apdu_level() {
    let mut r = ccid_with(Level::ShortApdu, 271, 254, false);
    assert_eq!(r.atr(), &t1_atr(254)[..]);
    assert_eq!(run(r.slot_status()).unwrap(), IccStatus::Active);
    ccid_transfers(&mut r);
    // Up to 250 data bytes the echo (Lc + data + SW) fits one 261-byte message.
    for len in 0..=250usize {
        let mut apdu = vec![0x00, 0xD6, 0x00, 0x00];
        if len > 0 {
            apdu.push(len as u8);
            apdu.extend(apdu_of_len(len));
        }
        assert_eq!(
            run(r.transmit(&apdu)).unwrap(),
            echo_expected(&apdu),
            "len {len}"
        );
        assert_eq!(ccid_transfers(&mut r), 2);
    }
    let resp = run(r.transmit(&[0x00, 0xB0, 0x01, 0x00])).unwrap();
    assert_eq!(resp.len(), 258);
    let extended = [0x00, 0xB0, 0x08, 0x00, 0x00, 0x00, 0x00];
    assert_eq!(
        run(r.transmit(&extended)),
        Err(Error::ReaderUnsupported(
            "extended APDU on a short-APDU reader"
        ))
    );
    assert_eq!(r.bulk_mut().inner.stats.oversize, 0);
}

#[test]
fn ccid_extended_apdu_level_chains_both_ways() {
    let mut r = ccid_with(Level::ExtendedApdu, 271, 254, false);
    ccid_transfers(&mut r);
    // 2 KB read: 2050 bytes in 261-byte parts = 8 messages = 1 command + 7 continuations.
    let resp = run(r.transmit(&[0x00, 0xB0, 0x08, 0x00, 0x00, 0x00, 0x00])).unwrap();
    assert_eq!(resp.len(), 2050);
    assert!(resp[..2048]
        .iter()
        .enumerate()
        .all(|(i, b)| *b == (i % 251) as u8));
    let n = ccid_transfers(&mut r);
    assert_eq!(n, 16);
    println!("CCID extended APDU: 2 KB response took {n} USB transfers");
    // A 1000-byte extended command: 4 parts out (1, 3, 3, 2), answer chained back.
    let mut apdu = vec![0x00, 0xD6, 0x00, 0x00, 0x00, 0x03, 0xE1];
    apdu.extend(apdu_of_len(993));
    assert_eq!(run(r.transmit(&apdu)).unwrap(), echo_expected(&apdu));
    let n = ccid_transfers(&mut r);
    assert_eq!(n, 2 * (4 + 3));
    for len in 0..=300usize {
        let apdu = apdu_of_len(len);
        assert_eq!(
            run(r.transmit(&apdu)).unwrap(),
            echo_expected(&apdu),
            "len {len}"
        );
    }
    assert_eq!(r.bulk_mut().inner.stats.oversize, 0);
}

#[test]
fn ccid_time_extension_is_read_past() {
    let mut r = ccid_with(Level::ExtendedApdu, 271, 254, false);
    r.bulk_mut().inner.faults.time_extensions = 5;
    ccid_transfers(&mut r);
    let apdu = [0x00, 0x20, 0x00, 0x80];
    assert_eq!(run(r.transmit(&apdu)).unwrap(), echo_expected(&apdu));
    assert_eq!(ccid_transfers(&mut r), 1 + 6);
    r.bulk_mut().inner.faults.time_extensions = ccid::MAX_TIME_EXTENSIONS + 1;
    assert!(matches!(
        run(r.transmit(&apdu)),
        Err(Error::CardNoResponse(_))
    ));
}

#[test]
fn ccid_tpdu_t1_negotiates_ifs_and_chains() {
    for (ifsc, auto) in [(32u8, false), (254, false), (16, true)] {
        let mut r = ccid_with(Level::Tpdu, 271, ifsc, auto);
        assert_eq!(r.level(), Level::Tpdu);
        let stats = r.bulk_mut().inner.stats.clone();
        assert_eq!(stats.ifs_requests, usize::from(!auto));
        let mut total = 0;
        for len in 0..=300usize {
            let apdu = apdu_of_len(len);
            ccid_transfers(&mut r);
            assert_eq!(
                run(r.transmit(&apdu)).unwrap(),
                echo_expected(&apdu),
                "len {len} ifsc {ifsc}"
            );
            total += ccid_transfers(&mut r);
        }
        let resp = run(r.transmit(&[0x00, 0xB0, 0x08, 0x00])).unwrap();
        assert_eq!(resp.len(), 2050);
        let n = ccid_transfers(&mut r);
        let stats = &r.bulk_mut().inner.stats;
        assert!(stats.largest_inf_from_host <= usize::from(ifsc));
        assert_eq!(stats.largest_inf_from_host, usize::from(ifsc));
        println!("CCID T=1 IFSC {ifsc} auto-IFSD {auto}: {total} transfers for 301 echo APDUs; 2 KB read {n}");
        if !auto {
            // IFSD 254 negotiated: 2050 bytes = 9 card blocks = 9 XfrBlocks.
            assert_eq!(n, 18);
        }
    }
}

#[test]
fn ccid_tpdu_recovers_from_naks_mute_blocks_and_wtx() {
    let mut r = ccid_with(Level::Tpdu, 271, 32, false);
    {
        let f = &mut r.bulk_mut().inner.faults;
        f.corrupt_blocks = vec![2, 5];
        f.mute_blocks = vec![3, 9];
        f.wtx_per_apdu = 2;
        f.time_extensions = 1;
    }
    for round in 0..4 {
        let apdu = apdu_of_len(100);
        assert_eq!(
            run(r.transmit(&apdu)).unwrap(),
            echo_expected(&apdu),
            "round {round}"
        );
    }
    let stats = &r.bulk_mut().inner.stats;
    assert_eq!(stats.wtx_sent, 8);
    // 100-byte APDU in 32-byte blocks = 4 I-blocks out (the last answered by 2 WTX requests,
    // each answered): 6 XfrBlocks a round; plus one S(IFS), and one repair per corrupted or
    // mute block.
    assert_eq!(stats.xfr_blocks, 1 + 4 * 6 + 4);
}

#[test]
fn ccid_card_removal_is_typed() {
    let mut r = ccid_with(Level::ExtendedApdu, 271, 254, false);
    r.bulk_mut().inner.faults.remove_after = Some(2);
    let read = [0x00, 0xB0, 0x08, 0x00, 0x00, 0x00, 0x00];
    assert_eq!(run(r.transmit(&read)), Err(Error::CardNotPresent));
    assert_eq!(run(r.slot_status()).unwrap(), IccStatus::Absent);
    r.bulk_mut().inner.faults.remove_after = None;
    r.bulk_mut().inner.insert_card();
    assert_eq!(run(r.slot_status()).unwrap(), IccStatus::Inactive);
    run(r.power_on()).unwrap();
    assert_eq!(run(r.transmit(&read)).unwrap().len(), 2050);

    let mut t = ccid_with(Level::Tpdu, 271, 32, false);
    t.bulk_mut().inner.faults.remove_after = Some(3);
    assert_eq!(
        run(t.transmit(&apdu_of_len(200))),
        Err(Error::CardNotPresent)
    );
    assert_eq!(run(t.transmit(&[0])), Err(Error::CardNotPresent));
}

// ---------------------------------------------------------------- host callback

use myna_verify::card::transport::host::HostTransport;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

/// A future that is pending once, then ready (a host answering later).
struct Later(Option<Result<Vec<u8>, Error>>, bool);

impl Future for Later {
    type Output = Result<Vec<u8>, Error>;
    fn poll(mut self: std::pin::Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Self::Output> {
        if !self.1 {
            self.1 = true;
            return Poll::Pending;
        }
        Poll::Ready(self.0.take().unwrap_or(Err(Error::ReaderBusy)))
    }
}

#[test]
fn host_transport_passes_apdus_and_checks_answers() {
    let mut t = HostTransport::new(|apdu: Vec<u8>| Later(Some(Ok(responder(&apdu))), false));
    let apdu = apdu_of_len(40);
    assert_eq!(run(t.transmit(&apdu)).unwrap(), echo_expected(&apdu));
    let mut short = HostTransport::new(|_apdu: Vec<u8>| async { Ok(vec![0x90]) });
    assert!(matches!(
        run(short.transmit(&[0])),
        Err(Error::ReaderProtocol(_))
    ));
    let mut failing = HostTransport::new(|_apdu: Vec<u8>| async { Err(Error::CardNotPresent) });
    assert_eq!(run(failing.transmit(&[0])), Err(Error::CardNotPresent));
    assert!(!failing.is_busy());
}

#[test]
fn host_transport_runs_one_operation_at_a_time() {
    let t = HostTransport::new(|apdu: Vec<u8>| Later(Some(Ok(responder(&apdu))), false));
    let mut first = t.clone();
    let mut second = t.clone();
    let mut cx = Context::from_waker(Waker::noop());
    {
        let mut running = pin!(first.transmit(&[1, 2]));
        assert!(running.as_mut().poll(&mut cx).is_pending());
        assert!(t.is_busy());
        assert_eq!(run(second.transmit(&[3])), Err(Error::ReaderBusy));
        assert_eq!(
            running.as_mut().poll(&mut cx),
            Poll::Ready(Ok(vec![1, 2, 0x90, 0x00]))
        );
    }
    assert!(!t.is_busy());
    // A dropped (cancelled) operation frees the reader too.
    {
        let mut abandoned = pin!(first.transmit(&[1]));
        assert!(abandoned.as_mut().poll(&mut cx).is_pending());
    }
    assert!(!t.is_busy());
    assert_eq!(run(second.transmit(&[3])).unwrap(), vec![3, 0x90, 0x00]);
}

// ---------------------------------------------------------------- the virtual My Number Card

use myna_verify::card::applets::AID_JPKI;
use myna_verify::sim::card::VirtualCard;

/// SELECT the JPKI AP and the authentication certificate EF, then read the whole 2 KB EF in
/// 256-byte READ BINARYs (and in one extended READ BINARY when `extended`).
fn read_auth_cert<T: Transport>(t: &mut T, extended: bool) -> Vec<u8> {
    let mut select = vec![0x00, 0xA4, 0x04, 0x0C, AID_JPKI.len() as u8];
    select.extend_from_slice(&AID_JPKI);
    assert_eq!(run(t.transmit(&select)).unwrap(), vec![0x90, 0x00]);
    let ef = [0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x0A];
    assert_eq!(run(t.transmit(&ef)).unwrap(), vec![0x90, 0x00]);
    let mut cert = Vec::new();
    for block in 0..8u8 {
        let r = run(t.transmit(&[0x00, 0xB0, block, 0x00, 0x00])).unwrap();
        assert_eq!(r.len(), 258, "block {block}");
        assert_eq!(&r[256..], &[0x90, 0x00]);
        cert.extend_from_slice(&r[..256]);
    }
    assert_eq!(cert[0], 0x30, "a DER certificate");
    if extended {
        let r = run(t.transmit(&[0x00, 0xB0, 0x00, 0x00, 0x00, 0x08, 0x00])).unwrap();
        assert_eq!(&r[..2048], &cert[..]);
        assert_eq!(&r[2048..], &[0x90, 0x00]);
    }
    cert
}

#[test]
fn virtual_card_through_every_simulated_reader() {
    let card = VirtualCard::new().unwrap();
    let extended = card.supports_extended_length();
    let sim = SimRcs380::new(card, 64, 8);
    let mut rcs = run(Rcs380::connect(sim, 64)).unwrap();
    let via_rcs380 = read_auth_cert(&mut rcs, extended);

    for level in [Level::ExtendedApdu, Level::Tpdu] {
        let card = VirtualCard::new().unwrap();
        let d = descriptor(level, 271, false);
        let sim = SimCcid::new(card, d.clone(), 32).unwrap();
        let mut reader = run(Ccid::connect(sim, d)).unwrap();
        let cert = read_auth_cert(&mut reader, extended);
        assert_eq!(cert.len(), via_rcs380.len());
    }
}

#[test]
fn virtual_card_slow_and_removed() {
    let mut card = VirtualCard::new().unwrap();
    card.set_slow(true);
    let sim = SimRcs380::new(card, 64, 8);
    let mut rcs = run(Rcs380::connect(sim, 64)).unwrap();
    read_auth_cert(&mut rcs, false);
    assert!(rcs.bulk_mut().stats.wtx_sent >= 10);
    rcs.bulk_mut().responder_mut().remove_after(1);
    let read = [0x00, 0xB0, 0x00, 0x00, 0x00];
    assert_eq!(run(rcs.transmit(&read)).unwrap().len(), 258);
    assert_eq!(run(rcs.transmit(&read)), Err(Error::CardNotPresent));

    for level in [Level::ExtendedApdu, Level::Tpdu] {
        let mut card = VirtualCard::new().unwrap();
        card.set_slow(true);
        let d = descriptor(level, 271, false);
        let sim = SimCcid::new(card, d.clone(), 32).unwrap();
        let mut reader = run(Ccid::connect(sim, d)).unwrap();
        read_auth_cert(&mut reader, false);
        reader.bulk_mut().responder_mut().set_removed(true);
        assert_eq!(
            run(reader.transmit(&read)),
            Err(Error::CardNotPresent),
            "{level:?}"
        );
        assert_eq!(run(reader.slot_status()).unwrap(), IccStatus::Absent);
    }
}
