//! A simulated Sony RC-S380: the device side of Port-100 over [`UsbBulk`], with a Type B card
//! (PICC) in its field that answers REQB/ATTRIB and speaks ISO-DEP (chaining both ways, WTX,
//! block-number recovery) around any [`ApduResponder`]. Faults can be injected: RF frames lost
//! either way or damaged, the card taken away, a slow card asking for waiting time extensions.

use super::responder::ApduResponder;
use crate::card::transport::iso14443b::{self, Atqb, Attrib};
use crate::card::transport::isodep::{Block, CRC_LEN, MAX_COMMAND};
use crate::card::transport::port100::{self, cmd, Frame};
use crate::card::transport::UsbBulk;
use crate::Error;
use std::collections::VecDeque;

/// Faults to inject. Indices count RF frames from 0 after activation (ISO-DEP blocks only).
#[derive(Clone, Debug, Default)]
pub struct Faults {
    /// Reader→card blocks the card never hears.
    pub drop_to_card: Vec<usize>,
    /// Card→reader blocks that never arrive (the reader reports a timeout).
    pub drop_from_card: Vec<usize>,
    /// Card→reader blocks that arrive damaged (the reader reports a CRC error).
    pub damage_from_card: Vec<usize>,
    /// The card leaves the field once it has heard this many blocks.
    pub remove_after: Option<usize>,
    /// A slow card: S(WTX) requests before each response.
    pub wtx_per_apdu: u32,
    /// The WTXM the slow card asks for.
    pub wtxm: u8,
}

/// What the simulated device saw (for tests and transfer counts).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Bulk OUT transfers (zero-length packets included).
    pub sends: usize,
    /// Bulk IN transfers.
    pub receives: usize,
    /// Zero-length packets received.
    pub zero_length_packets: usize,
    /// Frames that ended on a packet boundary but were not followed by a zero-length packet.
    pub missing_zero_length_packets: usize,
    /// InCommRF commands.
    pub rf_exchanges: usize,
    /// S(WTX) requests the card sent.
    pub wtx_sent: usize,
    /// Largest frame the reader sent to the card (CRC included).
    pub largest_frame_to_card: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PiccState {
    Idle,
    Ready,
    Active,
}

/// The card in the field.
struct Picc<R> {
    responder: R,
    atqb: Atqb,
    state: PiccState,
    present: bool,
    block_num: u8,
    fsd: usize,
    command: Vec<u8>,
    response: Vec<u8>,
    response_pos: usize,
    last_sent: Vec<u8>,
    wtx_left: u32,
    heard: usize,
    said: usize,
}

/// What the card did with one frame.
enum Answer {
    Frame(Vec<u8>),
    Silence,
    Damaged,
}

impl<R: ApduResponder> Picc<R> {
    fn handle(&mut self, frame: &[u8], faults: &Faults, stats: &mut Stats) -> Answer {
        if !self.present {
            return Answer::Silence;
        }
        if self.state != PiccState::Active {
            return self
                .activation(frame)
                .map_or(Answer::Silence, Answer::Frame);
        }
        let index = self.heard;
        self.heard = self.heard.saturating_add(1);
        if faults.remove_after.is_some_and(|n| self.heard > n) {
            self.present = false;
            self.state = PiccState::Idle;
            return Answer::Silence;
        }
        let fsc = self.atqb.fsc();
        stats.largest_frame_to_card = stats
            .largest_frame_to_card
            .max(frame.len().saturating_add(CRC_LEN));
        if faults.drop_to_card.contains(&index) || frame.len().saturating_add(CRC_LEN) > fsc {
            return Answer::Silence;
        }
        let Some(out) = self.block(frame, faults) else {
            return Answer::Silence;
        };
        if matches!(Block::decode(&out), Ok(Block::Wtx { .. })) {
            stats.wtx_sent = stats.wtx_sent.saturating_add(1);
        }
        let said = self.said;
        self.said = self.said.saturating_add(1);
        if faults.drop_from_card.contains(&said) {
            Answer::Silence
        } else if faults.damage_from_card.contains(&said) {
            Answer::Damaged
        } else {
            Answer::Frame(out)
        }
    }

    fn activation(&mut self, frame: &[u8]) -> Option<Vec<u8>> {
        match frame.first() {
            Some(&iso14443b::REQB) => {
                self.state = PiccState::Ready;
                Some(self.atqb.encode())
            }
            Some(&iso14443b::ATTRIB) if self.state == PiccState::Ready => {
                let attrib = Attrib::parse(frame).ok()?;
                if attrib.pupi != self.atqb.pupi || attrib.cid != 0 {
                    return None;
                }
                self.fsd = iso14443b::frame_size(attrib.fsdi);
                self.state = PiccState::Active;
                self.block_num = 1;
                Some(vec![0x00])
            }
            _ => None,
        }
    }

    fn remember(&mut self, block: Block) -> Option<Vec<u8>> {
        self.last_sent = block.encode();
        Some(self.last_sent.clone())
    }

    /// ISO-DEP, card side.
    fn block(&mut self, frame: &[u8], faults: &Faults) -> Option<Vec<u8>> {
        match Block::decode(frame).ok()? {
            Block::I { chaining, inf, .. } => {
                self.block_num ^= 1;
                if self.command.len().saturating_add(inf.len()) > MAX_COMMAND {
                    return None;
                }
                self.command.extend_from_slice(&inf);
                if chaining {
                    let num = self.block_num;
                    return self.remember(Block::Ack { num });
                }
                let apdu = std::mem::take(&mut self.command);
                self.response = self.responder.respond(&apdu);
                if self.response.is_empty() {
                    // The card is gone: no answer, now or later.
                    self.present = false;
                    self.state = PiccState::Idle;
                    return None;
                }
                self.response_pos = 0;
                self.wtx_left = faults.wtx_per_apdu.max(u32::from(self.responder.is_slow()));
                self.next_data(faults)
            }
            Block::Wtx { .. } => self.next_data(faults),
            Block::Ack { num } if num == self.block_num => Some(self.last_sent.clone()),
            Block::Ack { .. } => {
                if self.response_pos >= self.response.len() {
                    return None;
                }
                self.block_num ^= 1;
                self.next_data(faults)
            }
            Block::Nak { num } if num == self.block_num => Some(self.last_sent.clone()),
            Block::Nak { .. } => {
                let num = self.block_num;
                self.remember(Block::Ack { num })
            }
            Block::Deselect => {
                self.state = PiccState::Idle;
                Some(Block::Deselect.encode())
            }
        }
    }

    /// The next block of the response, or an S(WTX) while the slow card still "works".
    fn next_data(&mut self, faults: &Faults) -> Option<Vec<u8>> {
        if self.wtx_left > 0 {
            self.wtx_left = self.wtx_left.saturating_sub(1);
            return self.remember(Block::Wtx {
                wtxm: faults.wtxm.max(1),
            });
        }
        let max_inf = self.fsd.saturating_sub(1 + CRC_LEN).max(1);
        let start = self.response_pos;
        let end = start.saturating_add(max_inf).min(self.response.len());
        let inf = self.response.get(start..end).unwrap_or_default().to_vec();
        self.response_pos = end;
        let chaining = end < self.response.len();
        let num = self.block_num;
        self.remember(Block::I { num, chaining, inf })
    }
}

/// The simulated reader. Implements [`UsbBulk`]: each `send` is one bulk OUT transfer, each
/// `receive` pops one queued bulk IN transfer.
pub struct SimRcs380<R> {
    picc: Picc<R>,
    packet_size: usize,
    queue: VecDeque<Vec<u8>>,
    expect_zlp: bool,
    type_b: bool,
    /// Faults to inject; change them between operations.
    pub faults: Faults,
    /// What the device saw.
    pub stats: Stats,
}

impl<R: ApduResponder> SimRcs380<R> {
    /// A reader with a card in its field that answers with `responder`. The card's frame size
    /// index is `fsci` (8 = 256 bytes) and its FWI 4.
    pub fn new(responder: R, packet_size: usize, fsci: u8) -> Self {
        SimRcs380 {
            picc: Picc {
                responder,
                atqb: Atqb {
                    pupi: [0x12, 0x34, 0x56, 0x78],
                    app_data: [0x00, 0x00, 0x00, 0x00],
                    bit_rate: 0x00,
                    fsci,
                    protocol_type: 0x01,
                    fwi: 4,
                    adc_fo: 0x01,
                },
                state: PiccState::Idle,
                present: true,
                block_num: 1,
                fsd: 256,
                command: Vec::new(),
                response: Vec::new(),
                response_pos: 0,
                last_sent: Vec::new(),
                wtx_left: 0,
                heard: 0,
                said: 0,
            },
            packet_size,
            queue: VecDeque::new(),
            expect_zlp: false,
            type_b: false,
            faults: Faults::default(),
            stats: Stats::default(),
        }
    }

    /// Put the card (back) in the field, idle; block counters for faults start again at 0.
    pub fn insert_card(&mut self) {
        self.picc.present = true;
        self.picc.state = PiccState::Idle;
        self.picc.heard = 0;
        self.picc.said = 0;
    }

    /// Take the card out of the field.
    pub fn remove_card(&mut self) {
        self.picc.present = false;
        self.picc.state = PiccState::Idle;
    }

    /// The card's responder.
    pub fn responder_mut(&mut self) -> &mut R {
        &mut self.picc.responder
    }

    fn command(&mut self, code: u8, params: &[u8]) -> Vec<u8> {
        match code {
            cmd::SET_COMMAND_TYPE | cmd::IN_SET_PROTOCOL => vec![0x00],
            cmd::GET_FIRMWARE_VERSION => vec![0x11, 0x01],
            cmd::SWITCH_RF => {
                if params.first() == Some(&0) {
                    self.picc.state = PiccState::Idle;
                }
                vec![0x00]
            }
            cmd::IN_SET_RF => {
                self.type_b = params == crate::card::transport::rcs380::IN_SET_RF_TYPE_B;
                vec![0x00]
            }
            cmd::IN_COMM_RF => self.in_comm_rf(params),
            _ => vec![0xFF],
        }
    }

    fn in_comm_rf(&mut self, params: &[u8]) -> Vec<u8> {
        self.stats.rf_exchanges = self.stats.rf_exchanges.saturating_add(1);
        let Some(frame) = params.get(2..).filter(|_| self.type_b) else {
            return port100::in_comm_rf_result(port100::STATUS_TIMEOUT, &[]);
        };
        match self.picc.handle(frame, &self.faults, &mut self.stats) {
            Answer::Frame(f) => port100::in_comm_rf_result(0, &f),
            Answer::Silence => port100::in_comm_rf_result(port100::STATUS_TIMEOUT, &[]),
            Answer::Damaged => port100::in_comm_rf_result(port100::STATUS_CRC_ERROR, &[]),
        }
    }

    fn on_transfer(&mut self, data: &[u8]) {
        if data.is_empty() {
            self.stats.zero_length_packets = self.stats.zero_length_packets.saturating_add(1);
            self.expect_zlp = false;
            return;
        }
        if self.expect_zlp {
            self.stats.missing_zero_length_packets =
                self.stats.missing_zero_length_packets.saturating_add(1);
        }
        self.expect_zlp = port100::needs_zero_length_packet(data.len(), self.packet_size);
        match port100::decode_frame(data) {
            Ok(Frame::Ack) => self.queue.clear(),
            Ok(Frame::Data(d)) => {
                if let [port100::HOST_TO_READER, code, params @ ..] = d.as_slice() {
                    let result = self.command(*code, params);
                    let mut reply = vec![port100::READER_TO_HOST, code.wrapping_add(1)];
                    reply.extend_from_slice(&result);
                    if let Ok(frame) = port100::encode_frame(&reply) {
                        self.queue.push_back(port100::ACK.to_vec());
                        self.queue.push_back(frame);
                    }
                }
            }
            Err(_) => {}
        }
    }
}

impl<R: ApduResponder> UsbBulk for SimRcs380<R> {
    async fn send(&mut self, data: &[u8]) -> Result<(), Error> {
        self.stats.sends = self.stats.sends.saturating_add(1);
        self.on_transfer(data);
        Ok(())
    }

    async fn receive(&mut self, max_len: usize) -> Result<Vec<u8>, Error> {
        self.stats.receives = self.stats.receives.saturating_add(1);
        let next = self.queue.pop_front().ok_or(Error::ReaderProtocol(
            "simulated RC-S380 has nothing to send",
        ))?;
        if next.len() > max_len {
            return Err(Error::ReaderProtocol("transfer longer than the host asked"));
        }
        Ok(next)
    }
}
