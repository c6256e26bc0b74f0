//! A simulated CCID reader (device side) over [`UsbBulk`], at APDU level (short or extended,
//! with wLevelParameter chaining both ways) or TPDU level with a T=1 card (IFS, chaining, WTX,
//! R-block recovery), around any [`ApduResponder`]. Faults: time extensions before each answer,
//! corrupted or lost T=1 blocks, the card taken away, a slow card asking for WTX.

use super::responder::ApduResponder;
use crate::card::transport::ccid::{
    self, chain, decode_t1, encode_t1, msg, ClassDescriptor, Level, Message, Pcb,
};
use crate::card::transport::UsbBulk;
use crate::Error;
use std::collections::VecDeque;

/// Faults to inject. T=1 indices count the XfrBlocks of a TPDU reader from 0.
#[derive(Clone, Debug, Default)]
pub struct Faults {
    /// Time-extension notices the reader sends before each XfrBlock answer.
    pub time_extensions: u32,
    /// T=1 blocks the card hears damaged (it answers with an R-block asking again).
    pub corrupt_blocks: Vec<usize>,
    /// T=1 blocks after which the card stays mute (the reader reports ICC_MUTE).
    pub mute_blocks: Vec<usize>,
    /// The card leaves once this many XfrBlocks were answered.
    pub remove_after: Option<usize>,
    /// A slow card: T=1 S(WTX) requests before each response.
    pub wtx_per_apdu: u32,
}

/// What the simulated reader saw.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Bulk OUT transfers.
    pub sends: usize,
    /// Bulk IN transfers.
    pub receives: usize,
    /// XfrBlock messages.
    pub xfr_blocks: usize,
    /// Messages longer than dwMaxCCIDMessageLength.
    pub oversize: usize,
    /// Largest T=1 INF the host sent.
    pub largest_inf_from_host: usize,
    /// S(IFS) requests from the host.
    pub ifs_requests: usize,
    /// S(WTX) requests the card sent.
    pub wtx_sent: usize,
}

/// The T=1 card.
#[derive(Default)]
struct T1Card {
    ns: u8,
    nr: u8,
    ifsc: usize,
    ifsd: usize,
    command: Vec<u8>,
    response: Vec<u8>,
    pos: usize,
    chaining: bool,
    last: Vec<u8>,
    last_kind: Option<Pcb>,
    wtx_left: u32,
}

impl T1Card {
    fn new(ifsc: u8) -> T1Card {
        T1Card {
            ifsc: usize::from(ifsc),
            ifsd: 32,
            ..T1Card::default()
        }
    }

    fn say(&mut self, pcb: Pcb, inf: &[u8]) -> Vec<u8> {
        self.last = encode_t1(pcb, inf).unwrap_or_default();
        self.last_kind = Some(pcb);
        self.last.clone()
    }

    fn ask_again(&mut self, err: u8) -> Vec<u8> {
        encode_t1(Pcb::R { nr: self.nr, err }, &[]).unwrap_or_default()
    }

    fn next(&mut self, wtxm: u8, stats: &mut Stats) -> Vec<u8> {
        if self.wtx_left > 0 {
            self.wtx_left = self.wtx_left.saturating_sub(1);
            stats.wtx_sent = stats.wtx_sent.saturating_add(1);
            let pcb = Pcb::S {
                response: false,
                function: ccid::S_WTX,
            };
            return self.say(pcb, &[wtxm]);
        }
        let end = self
            .pos
            .saturating_add(self.ifsd.max(1))
            .min(self.response.len());
        let inf = self
            .response
            .get(self.pos..end)
            .unwrap_or_default()
            .to_vec();
        self.pos = end;
        let more = end < self.response.len();
        self.chaining = more;
        let ns = self.ns;
        self.ns ^= 1;
        self.say(Pcb::I { ns, more }, &inf)
    }

    fn handle<R: ApduResponder>(
        &mut self,
        block: &[u8],
        responder: &mut R,
        faults: &Faults,
        stats: &mut Stats,
    ) -> Vec<u8> {
        let Ok((pcb, inf)) = decode_t1(block) else {
            return self.ask_again(1);
        };
        match pcb {
            Pcb::I { ns, more } => {
                stats.largest_inf_from_host = stats.largest_inf_from_host.max(inf.len());
                if ns != self.nr || inf.len() > self.ifsc {
                    return self.ask_again(2);
                }
                self.nr ^= 1;
                self.command.extend_from_slice(&inf);
                if more {
                    return self.say(
                        Pcb::R {
                            nr: self.nr,
                            err: 0,
                        },
                        &[],
                    );
                }
                let apdu = std::mem::take(&mut self.command);
                self.response = responder.respond(&apdu);
                if self.response.is_empty() {
                    return Vec::new();
                }
                self.pos = 0;
                self.wtx_left = faults.wtx_per_apdu.max(u32::from(responder.is_slow()));
                self.next(2, stats)
            }
            Pcb::R { nr, .. } => match self.last_kind {
                Some(Pcb::I { .. }) if self.chaining && nr == self.ns => self.next(2, stats),
                Some(Pcb::I { ns, .. }) if nr == ns => self.last.clone(),
                Some(Pcb::S { .. }) => self.last.clone(),
                _ => self.say(
                    Pcb::R {
                        nr: self.nr,
                        err: 0,
                    },
                    &[],
                ),
            },
            Pcb::S {
                response: true,
                function: ccid::S_WTX,
            } => self.next(2, stats),
            Pcb::S {
                response: false,
                function: ccid::S_IFS,
            } => {
                stats.ifs_requests = stats.ifs_requests.saturating_add(1);
                self.ifsd = usize::from(inf.first().copied().unwrap_or(32));
                encode_t1(
                    Pcb::S {
                        response: true,
                        function: ccid::S_IFS,
                    },
                    &inf,
                )
                .unwrap_or_default()
            }
            Pcb::S { .. } => self.ask_again(2),
        }
    }
}

/// The simulated reader with one slot. Implements [`UsbBulk`]: each `send` is one bulk OUT
/// message, each `receive` pops one queued bulk IN message.
pub struct SimCcid<R> {
    responder: R,
    descriptor: ClassDescriptor,
    level: Level,
    ifsc: u8,
    present: bool,
    powered: bool,
    queue: VecDeque<Vec<u8>>,
    t1: T1Card,
    apdu_in: Vec<u8>,
    apdu_out: Vec<u8>,
    out_pos: usize,
    /// Faults to inject; change them between operations.
    pub faults: Faults,
    /// What the reader saw.
    pub stats: Stats,
}

/// A class descriptor for a reader at `level`, messages of at most `max_message_length`.
pub fn descriptor(level: Level, max_message_length: u32, auto_ifsd: bool) -> ClassDescriptor {
    let level_bit = match level {
        Level::Tpdu => ccid::FEATURE_TPDU,
        Level::ShortApdu => ccid::FEATURE_SHORT_APDU,
        Level::ExtendedApdu => ccid::FEATURE_EXTENDED_APDU,
    };
    ClassDescriptor {
        max_slot_index: 0,
        protocols: 0x03,
        max_ifsd: 254,
        features: level_bit
            | 0x0000_00BA
            | if auto_ifsd {
                ccid::FEATURE_AUTO_IFSD
            } else {
                0
            },
        max_message_length,
    }
}

/// A T=1 ATR announcing `ifsc` (TA3), with TCK.
pub fn t1_atr(ifsc: u8) -> Vec<u8> {
    let historical = b"MYNA";
    let mut atr = vec![0x3B, 0x80 | 4, 0x81, 0x31, ifsc, 0x45];
    atr.extend_from_slice(historical);
    let tck = atr
        .get(1..)
        .unwrap_or_default()
        .iter()
        .fold(0, |a, b| a ^ b);
    atr.push(tck);
    atr
}

impl<R: ApduResponder> SimCcid<R> {
    /// A reader described by `descriptor` (its level is taken from dwFeatures) holding a card
    /// with T=1 information field size `ifsc`.
    pub fn new(responder: R, descriptor: ClassDescriptor, ifsc: u8) -> Result<Self, Error> {
        let level = descriptor.level()?;
        Ok(SimCcid {
            responder,
            descriptor,
            level,
            ifsc,
            present: true,
            powered: false,
            queue: VecDeque::new(),
            t1: T1Card::new(ifsc),
            apdu_in: Vec::new(),
            apdu_out: Vec::new(),
            out_pos: 0,
            faults: Faults::default(),
            stats: Stats::default(),
        })
    }

    /// The class descriptor bytes (as the configuration descriptor would carry them).
    pub fn class_descriptor(&self) -> Vec<u8> {
        self.descriptor.encode()
    }

    /// Put the card back (unpowered); fault counters start again.
    pub fn insert_card(&mut self) {
        self.present = true;
        self.powered = false;
        self.stats.xfr_blocks = 0;
    }

    /// Take the card away.
    pub fn remove_card(&mut self) {
        self.present = false;
        self.powered = false;
    }

    /// The card's responder.
    pub fn responder_mut(&mut self) -> &mut R {
        &mut self.responder
    }

    fn icc_status(&self) -> u8 {
        match (self.present, self.powered) {
            (false, _) => 2,
            (true, false) => 1,
            (true, true) => 0,
        }
    }

    fn reply(&mut self, m: &Message, msg_type: u8, status: u8, error: u8, p9: u8, data: &[u8]) {
        let answer = Message {
            msg_type,
            slot: m.slot,
            seq: m.seq,
            params: [status | self.icc_status(), error, p9],
            data: data.to_vec(),
        };
        if let Ok(bytes) = answer.encode() {
            self.queue.push_back(bytes);
        }
    }

    fn on_message(&mut self, m: &Message) {
        if m.data.len() > self.descriptor.max_data() {
            self.stats.oversize = self.stats.oversize.saturating_add(1);
            return self.reply(m, msg::SLOT_STATUS, ccid::STATUS_FAILED, 0x01, 0, &[]);
        }
        match m.msg_type {
            msg::ICC_POWER_ON if self.present => {
                self.powered = true;
                self.t1 = T1Card::new(self.ifsc);
                let atr = t1_atr(self.ifsc);
                self.reply(m, msg::DATA_BLOCK, 0, 0, 0, &atr);
            }
            msg::ICC_POWER_ON | msg::XFR_BLOCK if !self.present => {
                let failed = ccid::STATUS_FAILED;
                self.reply(m, msg::DATA_BLOCK, failed, ccid::ERROR_ICC_MUTE, 0, &[]);
            }
            msg::ICC_POWER_OFF => {
                self.powered = false;
                self.reply(m, msg::SLOT_STATUS, 0, 0, 0, &[]);
            }
            msg::GET_SLOT_STATUS => self.reply(m, msg::SLOT_STATUS, 0, 0, 0, &[]),
            msg::XFR_BLOCK if self.powered => self.xfr_block(m),
            _ => self.reply(m, msg::SLOT_STATUS, ccid::STATUS_FAILED, 0x00, 0, &[]),
        }
    }

    fn xfr_block(&mut self, m: &Message) {
        let index = self.stats.xfr_blocks;
        self.stats.xfr_blocks = self.stats.xfr_blocks.saturating_add(1);
        for _ in 0..self.faults.time_extensions {
            self.reply(m, msg::DATA_BLOCK, ccid::STATUS_TIME_EXTENSION, 1, 0, &[]);
        }
        if self.faults.remove_after.is_some_and(|n| index >= n) {
            self.remove_card();
            let failed = ccid::STATUS_FAILED;
            return self.reply(m, msg::DATA_BLOCK, failed, ccid::ERROR_ICC_MUTE, 0, &[]);
        }
        if self.level == Level::Tpdu {
            let answer = if self.faults.corrupt_blocks.contains(&index) {
                self.t1.ask_again(1)
            } else {
                self.t1
                    .handle(&m.data, &mut self.responder, &self.faults, &mut self.stats)
            };
            if answer.is_empty() {
                return self.card_gone(m);
            }
            if self.faults.mute_blocks.contains(&index) {
                let failed = ccid::STATUS_FAILED;
                return self.reply(m, msg::DATA_BLOCK, failed, ccid::ERROR_ICC_MUTE, 0, &[]);
            }
            return self.reply(m, msg::DATA_BLOCK, 0, 0, 0, &answer);
        }
        let level = u16::from_le_bytes([m.params[1], m.params[2]]);
        match level {
            chain::COMPLETE => {
                let apdu = m.data.clone();
                self.respond(m, &apdu);
            }
            chain::BEGIN | chain::MIDDLE => {
                if level == chain::BEGIN {
                    self.apdu_in.clear();
                }
                self.apdu_in.extend_from_slice(&m.data);
                self.reply(m, msg::DATA_BLOCK, 0, 0, chain::CONTINUE as u8, &[]);
            }
            chain::END => {
                let mut apdu = std::mem::take(&mut self.apdu_in);
                apdu.extend_from_slice(&m.data);
                self.respond(m, &apdu);
            }
            chain::CONTINUE => self.next_part(m),
            _ => self.reply(m, msg::DATA_BLOCK, ccid::STATUS_FAILED, 0x07, 0, &[]),
        }
    }

    fn respond(&mut self, m: &Message, apdu: &[u8]) {
        if self.responder.is_slow() {
            self.reply(m, msg::DATA_BLOCK, ccid::STATUS_TIME_EXTENSION, 1, 0, &[]);
        }
        self.apdu_out = self.responder.respond(apdu);
        if self.apdu_out.is_empty() {
            return self.card_gone(m);
        }
        self.out_pos = 0;
        self.next_part(m);
    }

    /// The card stopped answering because it was taken away.
    fn card_gone(&mut self, m: &Message) {
        self.remove_card();
        let failed = ccid::STATUS_FAILED;
        self.reply(m, msg::DATA_BLOCK, failed, ccid::ERROR_ICC_MUTE, 0, &[]);
    }

    fn next_part(&mut self, m: &Message) {
        let max = self.descriptor.max_data();
        let first = self.out_pos == 0;
        let end = self.out_pos.saturating_add(max).min(self.apdu_out.len());
        let part = self
            .apdu_out
            .get(self.out_pos..end)
            .unwrap_or_default()
            .to_vec();
        self.out_pos = end;
        let last = end >= self.apdu_out.len();
        let p9 = match (first, last) {
            (true, true) => chain::COMPLETE,
            (true, false) => chain::BEGIN,
            (false, true) => chain::END,
            (false, false) => chain::MIDDLE,
        };
        self.reply(m, msg::DATA_BLOCK, 0, 0, p9 as u8, &part);
    }
}

impl<R: ApduResponder> UsbBulk for SimCcid<R> {
    async fn send(&mut self, data: &[u8]) -> Result<(), Error> {
        self.stats.sends = self.stats.sends.saturating_add(1);
        if let Ok(m) = Message::decode(data) {
            self.on_message(&m);
        }
        Ok(())
    }

    async fn receive(&mut self, max_len: usize) -> Result<Vec<u8>, Error> {
        self.stats.receives = self.stats.receives.saturating_add(1);
        let next = self.queue.pop_front().ok_or(Error::ReaderProtocol(
            "simulated CCID reader has nothing to send",
        ))?;
        if next.len() > max_len {
            return Err(Error::ReaderProtocol("transfer longer than the host asked"));
        }
        Ok(next)
    }
}
