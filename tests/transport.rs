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
