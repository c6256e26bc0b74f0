//! CCID (USB smart-card reader class 0x0B) over bulk endpoints — usable from Isolated Web Apps.
//!
//! Messages are a 10-byte header `[type, length u32 LE, slot, seq, 3 bytes]` and data.
//! [`ClassDescriptor`] says how the reader exchanges with the card: whole APDUs (short or
//! extended, the latter chained with `wLevelParameter`), or T=1 TPDUs that this module frames
//! itself ([`T1Host`]: blocks `NAD PCB LEN INF LRC`, IFS negotiation, chaining, WTX). A reader
//! status of "time extension" (bStatus bits 6–7 = 2) means keep reading, a bounded number of
//! times.

use super::{Transport, UsbBulk};
use crate::Error;

/// Message header length.
pub const HEADER_LEN: usize = 10;
/// The largest message this crate accepts (65536 data + SW + header, with room).
pub const MAX_MESSAGE: usize = 65_558;
/// Time-extension notices accepted while waiting for one answer.
pub const MAX_TIME_EXTENSIONS: u32 = 256;
/// Failed T=1 receptions in a row before giving up.
pub const MAX_RETRIES: u32 = 3;
/// T=1 S(WTX) requests accepted during one APDU.
pub const MAX_WTX: u32 = 64;
/// Largest APDU sent, largest response assembled.
pub const MAX_APDU: usize = 65_544;
/// Largest response assembled (65536 data + SW).
pub const MAX_RESPONSE: usize = 65_538;
/// IFSD this host announces (the T=1 maximum).
pub const IFSD: u8 = 254;

/// Message types.
pub mod msg {
    /// PC_to_RDR_IccPowerOn.
    pub const ICC_POWER_ON: u8 = 0x62;
    /// PC_to_RDR_IccPowerOff.
    pub const ICC_POWER_OFF: u8 = 0x63;
    /// PC_to_RDR_GetSlotStatus.
    pub const GET_SLOT_STATUS: u8 = 0x65;
    /// PC_to_RDR_Escape.
    pub const ESCAPE: u8 = 0x6B;
    /// PC_to_RDR_XfrBlock.
    pub const XFR_BLOCK: u8 = 0x6F;
    /// RDR_to_PC_DataBlock.
    pub const DATA_BLOCK: u8 = 0x80;
    /// RDR_to_PC_SlotStatus.
    pub const SLOT_STATUS: u8 = 0x81;
    /// RDR_to_PC_Escape.
    pub const ESCAPE_RESPONSE: u8 = 0x83;
}

/// bStatus command status (bits 6–7): failed.
pub const STATUS_FAILED: u8 = 0x40;
/// bStatus command status (bits 6–7): time extension requested.
pub const STATUS_TIME_EXTENSION: u8 = 0x80;
/// bError: the card did not answer.
pub const ERROR_ICC_MUTE: u8 = 0xFE;

/// wLevelParameter / bChainParameter values for extended APDU chaining.
pub mod chain {
    /// The whole APDU (or response) in this message.
    pub const COMPLETE: u16 = 0x0000;
    /// The first part; more follow.
    pub const BEGIN: u16 = 0x0001;
    /// The last part.
    pub const END: u16 = 0x0002;
    /// A middle part; more follow.
    pub const MIDDLE: u16 = 0x0003;
    /// Empty: asks for (or marks) the next part of a response.
    pub const CONTINUE: u16 = 0x0010;
}

/// One CCID message. For host messages `b7 b8 b9` are the three parameter bytes; for reader
/// messages they are bStatus, bError and bChainParameter / bClockStatus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// bMessageType.
    pub msg_type: u8,
    /// bSlot.
    pub slot: u8,
    /// bSeq.
    pub seq: u8,
    /// Header bytes 7, 8, 9.
    pub params: [u8; 3],
    /// abData.
    pub data: Vec<u8>,
}

impl Message {
    /// Encode: header then data.
    pub fn encode(&self) -> Result<Vec<u8>, Error> {
        if self.data.len() > MAX_MESSAGE - HEADER_LEN {
            return Err(Error::InputTooLarge {
                what: "CCID message",
                limit: MAX_MESSAGE,
            });
        }
        let len = u32::try_from(self.data.len()).unwrap_or(u32::MAX);
        let mut out = Vec::with_capacity(HEADER_LEN.saturating_add(self.data.len()));
        out.push(self.msg_type);
        out.extend_from_slice(&len.to_le_bytes());
        out.push(self.slot);
        out.push(self.seq);
        out.extend_from_slice(&self.params);
        out.extend_from_slice(&self.data);
        Ok(out)
    }

    /// Decode one whole message; the length field must match the data.
    pub fn decode(bytes: &[u8]) -> Result<Message, Error> {
        let (header, data) = bytes
            .split_first_chunk::<HEADER_LEN>()
            .ok_or(Error::ReaderProtocol("CCID header truncated"))?;
        let [msg_type, l0, l1, l2, l3, slot, seq, p0, p1, p2] = *header;
        let len = usize::try_from(u32::from_le_bytes([l0, l1, l2, l3]))
            .map_err(|_| Error::ReaderProtocol("CCID length"))?;
        if len != data.len() {
            return Err(Error::ReaderProtocol("CCID length does not match the data"));
        }
        Ok(Message {
            msg_type,
            slot,
            seq,
            params: [p0, p1, p2],
            data: data.to_vec(),
        })
    }

    /// bStatus (reader messages).
    pub fn status(&self) -> u8 {
        self.params[0]
    }

    /// bError (reader messages).
    pub fn error(&self) -> u8 {
        self.params[1]
    }

    /// bChainParameter (DataBlock).
    pub fn chain_parameter(&self) -> u16 {
        u16::from(self.params[2])
    }
}

/// How the reader exchanges with the card (dwFeatures & 0x70000).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// T=1 blocks framed by the host.
    Tpdu,
    /// Short APDUs, the reader does the rest.
    ShortApdu,
    /// Short and extended APDUs.
    ExtendedApdu,
}

/// The fields of the CCID class descriptor (type 0x21, 54 bytes) this crate uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassDescriptor {
    /// bMaxSlotIndex.
    pub max_slot_index: u8,
    /// dwProtocols (bit 0 T=0, bit 1 T=1).
    pub protocols: u32,
    /// dwMaxIFSD.
    pub max_ifsd: u32,
    /// dwFeatures.
    pub features: u32,
    /// dwMaxCCIDMessageLength.
    pub max_message_length: u32,
}

/// dwFeatures: automatic IFSD exchange as first exchange.
pub const FEATURE_AUTO_IFSD: u32 = 0x0000_0400;
/// dwFeatures: TPDU level exchange.
pub const FEATURE_TPDU: u32 = 0x0001_0000;
/// dwFeatures: short APDU level exchange.
pub const FEATURE_SHORT_APDU: u32 = 0x0002_0000;
/// dwFeatures: short and extended APDU level exchange.
pub const FEATURE_EXTENDED_APDU: u32 = 0x0004_0000;
/// Length of the class descriptor.
pub const CLASS_DESCRIPTOR_LEN: usize = 54;

fn u32_at(bytes: &[u8], at: usize) -> Result<u32, Error> {
    bytes
        .get(at..at.saturating_add(4))
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .map(u32::from_le_bytes)
        .ok_or(Error::ReaderProtocol("CCID class descriptor truncated"))
}

impl ClassDescriptor {
    /// Parse the class descriptor (`bLength 0x36, bDescriptorType 0x21, ...`).
    pub fn parse(bytes: &[u8]) -> Result<ClassDescriptor, Error> {
        match bytes {
            [0x36, 0x21, ..] if bytes.len() >= CLASS_DESCRIPTOR_LEN => {}
            _ => return Err(Error::ReaderProtocol("CCID class descriptor")),
        }
        Ok(ClassDescriptor {
            max_slot_index: bytes.get(4).copied().unwrap_or(0),
            protocols: u32_at(bytes, 6)?,
            max_ifsd: u32_at(bytes, 28)?,
            features: u32_at(bytes, 40)?,
            max_message_length: u32_at(bytes, 44)?,
        })
    }

    /// Encode a 54-byte descriptor with these fields (others zero; for the simulator).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = vec![0u8; CLASS_DESCRIPTOR_LEN];
        let put = |out: &mut Vec<u8>, at: usize, v: u32| {
            if let Some(s) = out.get_mut(at..at + 4) {
                s.copy_from_slice(&v.to_le_bytes());
            }
        };
        out[0] = 0x36;
        out[1] = 0x21;
        out[2] = 0x10;
        out[3] = 0x01;
        out[4] = self.max_slot_index;
        put(&mut out, 6, self.protocols);
        put(&mut out, 28, self.max_ifsd);
        put(&mut out, 40, self.features);
        put(&mut out, 44, self.max_message_length);
        out
    }

    /// The exchange level, preferring extended APDU, then short APDU, then TPDU (T=1 only).
    pub fn level(&self) -> Result<Level, Error> {
        if self.features & FEATURE_EXTENDED_APDU != 0 {
            Ok(Level::ExtendedApdu)
        } else if self.features & FEATURE_SHORT_APDU != 0 {
            Ok(Level::ShortApdu)
        } else if self.features & FEATURE_TPDU != 0 && self.protocols & 0x02 != 0 {
            Ok(Level::Tpdu)
        } else {
            Err(Error::ReaderUnsupported("CCID character level or T=0 only"))
        }
    }

    /// Data bytes one message may carry.
    pub fn max_data(&self) -> usize {
        usize::try_from(self.max_message_length)
            .unwrap_or(MAX_MESSAGE)
            .clamp(HEADER_LEN + 16, MAX_MESSAGE)
            - HEADER_LEN
    }
}

/// The card's IFSC from its ATR (TA of the first T=1 interface group, i ≥ 3); 32 when absent.
/// Fails if the ATR does not offer T=1.
pub fn atr_t1_ifsc(atr: &[u8]) -> Result<u8, Error> {
    let mut pos = 1usize;
    let mut y = atr
        .get(pos)
        .map(|t0| t0 >> 4)
        .ok_or(Error::ReaderProtocol("ATR truncated"))?;
    pos += 1;
    let mut level = 1u8;
    let mut protocol = 0u8;
    let mut t1 = false;
    let mut ifsc = None;
    for _ in 0..16 {
        if y & 1 != 0 {
            let ta = *atr.get(pos).ok_or(Error::ReaderProtocol("ATR truncated"))?;
            if level >= 3 && protocol == 1 && ifsc.is_none() {
                ifsc = Some(ta);
            }
            pos += 1;
        }
        pos += usize::from(y & 2 != 0) + usize::from(y & 4 != 0);
        if y & 8 == 0 {
            break;
        }
        let td = *atr.get(pos).ok_or(Error::ReaderProtocol("ATR truncated"))?;
        pos += 1;
        y = td >> 4;
        protocol = td & 0x0F;
        t1 |= protocol == 1;
        level = level.saturating_add(1);
    }
    if !t1 {
        return Err(Error::ReaderUnsupported("card does not offer T=1"));
    }
    match ifsc.unwrap_or(32) {
        v @ 1..=254 => Ok(v),
        _ => Err(Error::ReaderProtocol("ATR IFSC")),
    }
}

// ---------------------------------------------------------------- T=1

/// LRC: XOR of the bytes.
pub fn lrc(bytes: &[u8]) -> u8 {
    bytes.iter().fold(0, |a, b| a ^ b)
}

/// A T=1 block's PCB meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pcb {
    /// I-block: send sequence number, more-data bit.
    I {
        /// N(S).
        ns: u8,
        /// M.
        more: bool,
    },
    /// R-block: expected sequence number, error bits (0 ok, 1 EDC/parity, 2 other).
    R {
        /// N(R).
        nr: u8,
        /// Error code.
        err: u8,
    },
    /// S-block: response bit and function (0 RESYNCH, 1 IFS, 2 ABORT, 3 WTX).
    S {
        /// Response (true) or request.
        response: bool,
        /// Function.
        function: u8,
    },
}

/// S-block function: IFS.
pub const S_IFS: u8 = 1;
/// S-block function: ABORT.
pub const S_ABORT: u8 = 2;
/// S-block function: WTX.
pub const S_WTX: u8 = 3;

impl Pcb {
    /// The PCB byte.
    pub fn byte(self) -> u8 {
        match self {
            Pcb::I { ns, more } => ((ns & 1) << 6) | if more { 0x20 } else { 0 },
            Pcb::R { nr, err } => 0x80 | ((nr & 1) << 4) | (err & 0x03),
            Pcb::S { response, function } => {
                0xC0 | if response { 0x20 } else { 0 } | (function & 0x1F)
            }
        }
    }

    /// Read a PCB byte.
    pub fn parse(b: u8) -> Result<Pcb, Error> {
        match b & 0xC0 {
            0x00 | 0x40 if b & 0x1F == 0 => Ok(Pcb::I {
                ns: (b >> 6) & 1,
                more: b & 0x20 != 0,
            }),
            0x80 if b & 0x2C == 0 => Ok(Pcb::R {
                nr: (b >> 4) & 1,
                err: b & 0x03,
            }),
            0xC0 if b & 0x1C == 0 => Ok(Pcb::S {
                response: b & 0x20 != 0,
                function: b & 0x03,
            }),
            _ => Err(Error::ReaderProtocol("T=1 PCB")),
        }
    }
}

/// Encode a T=1 block `NAD PCB LEN INF LRC` (NAD 0, INF ≤ 254).
pub fn encode_t1(pcb: Pcb, inf: &[u8]) -> Result<Vec<u8>, Error> {
    let len = u8::try_from(inf.len())
        .ok()
        .filter(|l| *l <= 254)
        .ok_or(Error::InputTooLarge {
            what: "T=1 INF",
            limit: 254,
        })?;
    let mut out = vec![0x00, pcb.byte(), len];
    out.extend_from_slice(inf);
    out.push(lrc(&out));
    Ok(out)
}

/// Decode a T=1 block (NAD must be 0); the PCB and INF.
pub fn decode_t1(bytes: &[u8]) -> Result<(Pcb, Vec<u8>), Error> {
    let [nad, pcb, len, rest @ ..] = bytes else {
        return Err(Error::ReaderProtocol("T=1 block truncated"));
    };
    if rest.len() != usize::from(*len).saturating_add(1) || *len == 255 {
        return Err(Error::ReaderProtocol("T=1 block length"));
    }
    if lrc(bytes) != 0 {
        return Err(Error::ReaderProtocol("T=1 LRC"));
    }
    if *nad != 0 {
        return Err(Error::ReaderProtocol("T=1 NAD"));
    }
    let inf = rest.get(..usize::from(*len)).unwrap_or_default().to_vec();
    Ok((Pcb::parse(*pcb)?, inf))
}

/// What the T=1 host must do next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum T1Step {
    /// Send this block; `bwm` multiplies the block waiting time (1 unless WTX was granted).
    Send {
        /// The block.
        block: Vec<u8>,
        /// Block waiting time multiplier for this exchange.
        bwm: u8,
    },
    /// The response APDU.
    Done(Vec<u8>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum T1Phase {
    Idle,
    SendingChain,
    Receiving,
    Ifs,
}

/// The host side of T=1 (ISO 7816-3), sans-IO.
#[derive(Clone, Debug)]
pub struct T1Host {
    ifsc: usize,
    ns: u8,
    nr: u8,
    phase: T1Phase,
    command: Vec<u8>,
    sent_to: usize,
    /// The last I-block or R(ack) sent, resent when the card asks.
    last_sent: Vec<u8>,
    /// Our last I-block has not been acknowledged by the card's first I-block yet.
    awaiting_first: bool,
    response: Vec<u8>,
    retries: u32,
    wtx: u32,
}

/// T=1 blocks (XfrBlocks) allowed for one APDU: each moves a byte or spends a bounded retry.
const MAX_T1_STEPS: usize = MAX_APDU + MAX_RESPONSE + 1024;

impl T1Host {
    /// New state for a card with information field size `ifsc`.
    pub fn new(ifsc: u8) -> T1Host {
        T1Host {
            ifsc: usize::from(ifsc.max(1)),
            ns: 0,
            nr: 0,
            phase: T1Phase::Idle,
            command: Vec::new(),
            sent_to: 0,
            last_sent: Vec::new(),
            awaiting_first: false,
            response: Vec::new(),
            retries: 0,
            wtx: 0,
        }
    }

    /// The card's current IFSC.
    pub fn ifsc(&self) -> usize {
        self.ifsc
    }

    /// S(IFS request) announcing `ifsd`; then feed the answer to [`T1Host::on_reception`].
    pub fn negotiate_ifsd(&mut self, ifsd: u8) -> Result<T1Step, Error> {
        self.phase = T1Phase::Ifs;
        self.retries = 0;
        self.last_sent = encode_t1(
            Pcb::S {
                response: false,
                function: S_IFS,
            },
            &[ifsd.clamp(1, 254)],
        )?;
        Ok(T1Step::Send {
            block: self.last_sent.clone(),
            bwm: 1,
        })
    }

    /// Start exchanging `apdu`; the first block.
    pub fn start(&mut self, apdu: &[u8]) -> Result<T1Step, Error> {
        if apdu.len() > MAX_APDU {
            return Err(Error::InputTooLarge {
                what: "APDU",
                limit: MAX_APDU,
            });
        }
        self.command = apdu.to_vec();
        self.sent_to = 0;
        self.response.clear();
        self.retries = 0;
        self.wtx = 0;
        self.next_i()
    }

    fn next_i(&mut self) -> Result<T1Step, Error> {
        let start = self.sent_to;
        let end = start.saturating_add(self.ifsc).min(self.command.len());
        let more = end < self.command.len();
        let inf = self.command.get(start..end).unwrap_or_default();
        self.last_sent = encode_t1(Pcb::I { ns: self.ns, more }, inf)?;
        self.awaiting_first = !more;
        self.sent_to = end;
        self.phase = if more {
            T1Phase::SendingChain
        } else {
            T1Phase::Receiving
        };
        Ok(T1Step::Send {
            block: self.last_sent.clone(),
            bwm: 1,
        })
    }

    fn fail(&mut self, rule: &'static str) -> Result<T1Step, Error> {
        self.phase = T1Phase::Idle;
        Err(Error::ReaderProtocol(rule))
    }

    fn retry(&mut self) -> Result<(), Error> {
        self.retries = self.retries.saturating_add(1);
        if self.retries > MAX_RETRIES {
            self.phase = T1Phase::Idle;
            return Err(Error::CardNoResponse("T=1 retries exhausted"));
        }
        Ok(())
    }

    fn resend_last(&mut self) -> Result<T1Step, Error> {
        self.retry()?;
        Ok(T1Step::Send {
            block: self.last_sent.clone(),
            bwm: 1,
        })
    }

    /// Fold in the card's block (`None`: nothing came back or the reader reported a mute card);
    /// the next step.
    pub fn on_reception(&mut self, rx: Option<&[u8]>) -> Result<T1Step, Error> {
        if self.phase == T1Phase::Idle {
            return Err(Error::ReaderProtocol("T=1 no exchange running"));
        }
        let decoded = rx.map(decode_t1);
        let (pcb, inf) = match decoded {
            Some(Ok(block)) => block,
            Some(Err(Error::ReaderProtocol("T=1 LRC"))) => return self.ask_again(1),
            _ => return self.ask_again(2),
        };
        match (pcb, self.phase) {
            (
                Pcb::S {
                    response: true,
                    function: S_IFS,
                },
                T1Phase::Ifs,
            ) => {
                self.phase = T1Phase::Idle;
                self.retries = 0;
                Ok(T1Step::Done(inf))
            }
            (_, T1Phase::Ifs) => self.resend_last(),
            (
                Pcb::S {
                    response: false,
                    function: S_WTX,
                },
                _,
            ) => self.on_wtx(&inf),
            (
                Pcb::S {
                    response: false,
                    function: S_IFS,
                },
                _,
            ) => self.on_ifs_request(&inf),
            (
                Pcb::S {
                    function: S_ABORT, ..
                },
                _,
            ) => {
                self.phase = T1Phase::Idle;
                Err(Error::CardNoResponse("T=1 ABORT from the card"))
            }
            (Pcb::S { .. }, _) => self.fail("T=1 unexpected S-block"),
            (Pcb::R { nr, .. }, T1Phase::SendingChain) if nr != self.ns => {
                self.retries = 0;
                self.ns ^= 1;
                self.next_i()
            }
            (Pcb::R { nr, .. }, _) if nr == self.ns => self.resend_last(),
            (Pcb::R { .. }, _) => self.fail("T=1 unexpected R-block"),
            (Pcb::I { .. }, T1Phase::SendingChain) => self.fail("T=1 I-block during chaining"),
            (Pcb::I { ns, more }, _) => self.on_i(ns, more, &inf),
        }
    }

    /// Ask for the card's block again with an R-block carrying the expected N(S).
    fn ask_again(&mut self, err: u8) -> Result<T1Step, Error> {
        self.retry()?;
        if self.phase == T1Phase::Ifs {
            return Ok(T1Step::Send {
                block: self.last_sent.clone(),
                bwm: 1,
            });
        }
        Ok(T1Step::Send {
            block: encode_t1(Pcb::R { nr: self.nr, err }, &[])?,
            bwm: 1,
        })
    }

    fn on_wtx(&mut self, inf: &[u8]) -> Result<T1Step, Error> {
        self.wtx = self.wtx.saturating_add(1);
        if self.wtx > MAX_WTX {
            self.phase = T1Phase::Idle;
            return Err(Error::CardNoResponse("too many waiting time extensions"));
        }
        let &[bwm] = inf else {
            return self.fail("T=1 WTX length");
        };
        if bwm == 0 {
            return self.fail("T=1 WTX multiplier 0");
        }
        let block = encode_t1(
            Pcb::S {
                response: true,
                function: S_WTX,
            },
            &[bwm],
        )?;
        Ok(T1Step::Send { block, bwm })
    }

    fn on_ifs_request(&mut self, inf: &[u8]) -> Result<T1Step, Error> {
        let &[ifsc @ 1..=254] = inf else {
            return self.fail("T=1 IFS value");
        };
        self.ifsc = usize::from(ifsc);
        let block = encode_t1(
            Pcb::S {
                response: true,
                function: S_IFS,
            },
            &[ifsc],
        )?;
        Ok(T1Step::Send { block, bwm: 1 })
    }

    fn on_i(&mut self, ns: u8, more: bool, inf: &[u8]) -> Result<T1Step, Error> {
        if ns != self.nr {
            return self.fail("T=1 sequence number");
        }
        if self.response.len().saturating_add(inf.len()) > MAX_RESPONSE {
            self.phase = T1Phase::Idle;
            return Err(Error::InputTooLarge {
                what: "card response",
                limit: MAX_RESPONSE,
            });
        }
        if self.awaiting_first {
            // The card's first I-block acknowledges our last one.
            self.awaiting_first = false;
            self.ns ^= 1;
        }
        self.response.extend_from_slice(inf);
        self.nr ^= 1;
        self.retries = 0;
        if more {
            self.phase = T1Phase::Receiving;
            self.last_sent = encode_t1(
                Pcb::R {
                    nr: self.nr,
                    err: 0,
                },
                &[],
            )?;
            return Ok(T1Step::Send {
                block: self.last_sent.clone(),
                bwm: 1,
            });
        }
        self.phase = T1Phase::Idle;
        Ok(T1Step::Done(std::mem::take(&mut self.response)))
    }
}

// ---------------------------------------------------------------- the reader

/// State of the card in the slot (bStatus bits 0–1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IccStatus {
    /// Present and powered.
    Active,
    /// Present, not powered.
    Inactive,
    /// No card.
    Absent,
}

/// A CCID reader's slot with a card.
pub struct Ccid<B> {
    bulk: B,
    descriptor: ClassDescriptor,
    level: Level,
    slot: u8,
    seq: u8,
    atr: Vec<u8>,
    t1: Option<T1Host>,
}

/// The error for a failed reader message.
fn failure(m: &Message) -> Error {
    if m.status() & 0x03 == 2 {
        Error::CardNotPresent
    } else if m.error() == ERROR_ICC_MUTE {
        Error::CardNoResponse("the card is mute")
    } else {
        Error::ReaderProtocol("CCID command failed")
    }
}

fn is_extended(apdu: &[u8]) -> bool {
    apdu.len() > 261 || (apdu.len() >= 7 && apdu.get(4) == Some(&0))
}

impl<B: UsbBulk> Ccid<B> {
    /// Wrap the claimed interface; `descriptor` is its class descriptor. Slot 0.
    pub fn new(bulk: B, descriptor: ClassDescriptor) -> Result<Self, Error> {
        let level = descriptor.level()?;
        Ok(Ccid {
            bulk,
            descriptor,
            level,
            slot: 0,
            seq: 0,
            atr: Vec::new(),
            t1: None,
        })
    }

    /// Power the card, negotiate IFSD (TPDU level, unless the reader does it), and connect.
    pub async fn connect(bulk: B, descriptor: ClassDescriptor) -> Result<Self, Error> {
        let mut reader = Ccid::new(bulk, descriptor)?;
        reader.power_on().await?;
        Ok(reader)
    }

    /// The exchange level in use.
    pub fn level(&self) -> Level {
        self.level
    }

    /// The card's ATR from the last power-on.
    pub fn atr(&self) -> &[u8] {
        &self.atr
    }

    /// The endpoints (tests count transfers through them).
    pub fn bulk_mut(&mut self) -> &mut B {
        &mut self.bulk
    }

    /// Send one message, read its answer: time extensions are read past (bounded), the
    /// sequence number and type are checked, failures become typed errors.
    pub async fn message(
        &mut self,
        msg_type: u8,
        params: [u8; 3],
        data: &[u8],
        answer_type: u8,
    ) -> Result<Message, Error> {
        if data.len() > self.descriptor.max_data() {
            return Err(Error::InputTooLarge {
                what: "CCID message",
                limit: self.descriptor.max_data(),
            });
        }
        self.seq = self.seq.wrapping_add(1);
        let out = Message {
            msg_type,
            slot: self.slot,
            seq: self.seq,
            params,
            data: data.to_vec(),
        }
        .encode()?;
        self.bulk.send(&out).await?;
        let max_len = self.descriptor.max_data().saturating_add(HEADER_LEN);
        for _ in 0..=MAX_TIME_EXTENSIONS {
            let m = Message::decode(&self.bulk.receive(max_len).await?)?;
            if m.seq != self.seq || m.slot != self.slot {
                return Err(Error::ReaderProtocol("CCID answer to another message"));
            }
            match m.status() & 0xC0 {
                STATUS_TIME_EXTENSION => continue,
                STATUS_FAILED => return Err(failure(&m)),
                0 if m.msg_type == answer_type => return Ok(m),
                _ => return Err(Error::ReaderProtocol("CCID answer type or status")),
            }
        }
        Err(Error::CardNoResponse("too many time extensions"))
    }

    /// GetSlotStatus.
    pub async fn slot_status(&mut self) -> Result<IccStatus, Error> {
        let m = match self
            .message(msg::GET_SLOT_STATUS, [0; 3], &[], msg::SLOT_STATUS)
            .await
        {
            Err(Error::CardNotPresent) => return Ok(IccStatus::Absent),
            other => other?,
        };
        Ok(match m.status() & 0x03 {
            0 => IccStatus::Active,
            1 => IccStatus::Inactive,
            _ => IccStatus::Absent,
        })
    }

    /// IccPowerOn (automatic voltage); the ATR. At TPDU level also reads IFSC from the ATR and
    /// negotiates IFSD unless dwFeatures says the reader does.
    pub async fn power_on(&mut self) -> Result<Vec<u8>, Error> {
        self.t1 = None;
        let m = self
            .message(msg::ICC_POWER_ON, [0; 3], &[], msg::DATA_BLOCK)
            .await?;
        self.atr = m.data;
        if self.level == Level::Tpdu {
            let mut t1 = T1Host::new(atr_t1_ifsc(&self.atr)?);
            if self.descriptor.features & FEATURE_AUTO_IFSD == 0 {
                let ifsd = u8::try_from(self.descriptor.max_ifsd.clamp(1, 254)).unwrap_or(IFSD);
                let step = t1.negotiate_ifsd(ifsd)?;
                self.run_t1(&mut t1, step).await?;
            }
            self.t1 = Some(t1);
        }
        Ok(self.atr.clone())
    }

    /// IccPowerOff.
    pub async fn power_off(&mut self) -> Result<(), Error> {
        self.t1 = None;
        self.message(msg::ICC_POWER_OFF, [0; 3], &[], msg::SLOT_STATUS)
            .await
            .map(|_| ())
    }

    async fn xfr(&mut self, bwi: u8, level: u16, data: &[u8]) -> Result<Message, Error> {
        let [lo, hi] = level.to_le_bytes();
        self.message(msg::XFR_BLOCK, [bwi, lo, hi], data, msg::DATA_BLOCK)
            .await
    }

    /// An APDU-level exchange: chained with wLevelParameter when it does not fit one message.
    async fn transmit_apdu(&mut self, command: &[u8]) -> Result<Vec<u8>, Error> {
        if command.len() > MAX_APDU {
            return Err(Error::InputTooLarge {
                what: "APDU",
                limit: MAX_APDU,
            });
        }
        if self.level == Level::ShortApdu && is_extended(command) {
            return Err(Error::ReaderUnsupported(
                "extended APDU on a short-APDU reader",
            ));
        }
        let max = self.descriptor.max_data();
        let mut m = if command.len() <= max {
            self.xfr(0, chain::COMPLETE, command).await?
        } else {
            let parts: Vec<&[u8]> = command.chunks(max).collect();
            let last = parts.len().saturating_sub(1);
            let mut answer = None;
            for (i, part) in parts.into_iter().enumerate() {
                let level = match i {
                    0 => chain::BEGIN,
                    i if i == last => chain::END,
                    _ => chain::MIDDLE,
                };
                let m = self.xfr(0, level, part).await?;
                if i != last && (m.chain_parameter() != chain::CONTINUE || !m.data.is_empty()) {
                    return Err(Error::ReaderProtocol("CCID command chaining"));
                }
                answer = Some(m);
            }
            answer.ok_or(Error::ReaderProtocol("CCID command chaining"))?
        };
        let mut response = std::mem::take(&mut m.data);
        let mut chain_param = m.chain_parameter();
        for _ in 0..=MAX_RESPONSE / max.max(1) + 1 {
            if chain_param != chain::BEGIN && chain_param != chain::MIDDLE {
                break;
            }
            let next = self.xfr(0, chain::CONTINUE, &[]).await?;
            if response.len().saturating_add(next.data.len()) > MAX_RESPONSE {
                return Err(Error::InputTooLarge {
                    what: "card response",
                    limit: MAX_RESPONSE,
                });
            }
            response.extend_from_slice(&next.data);
            chain_param = next.chain_parameter();
        }
        if chain_param != chain::COMPLETE && chain_param != chain::END {
            return Err(Error::ReaderProtocol("CCID response chaining"));
        }
        Ok(response)
    }

    /// Drive the T=1 machine to its end, one XfrBlock per block.
    async fn run_t1(&mut self, t1: &mut T1Host, mut step: T1Step) -> Result<Vec<u8>, Error> {
        for _ in 0..MAX_T1_STEPS {
            let (block, bwm) = match step {
                T1Step::Done(r) => return Ok(r),
                T1Step::Send { block, bwm } => (block, bwm),
            };
            let rx = match self.xfr(bwm, 0, &block).await {
                Ok(m) => Some(m.data),
                Err(Error::CardNoResponse(_)) => None,
                Err(e) => return Err(e),
            };
            step = t1.on_reception(rx.as_deref())?;
        }
        Err(Error::CardNoResponse("T=1 exchange too long"))
    }

    async fn transmit_tpdu(&mut self, command: &[u8]) -> Result<Vec<u8>, Error> {
        let mut t1 = self.t1.take().ok_or(Error::CardNotPresent)?;
        let step = t1.start(command)?;
        let response = self.run_t1(&mut t1, step).await?;
        self.t1 = Some(t1);
        if response.len() < 2 {
            return Err(Error::ReaderProtocol(
                "T=1 response shorter than a status word",
            ));
        }
        Ok(response)
    }
}

impl<B: UsbBulk> Transport for Ccid<B> {
    /// One APDU. At TPDU level an error ends the session: power on again.
    async fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, Error> {
        match self.level {
            Level::Tpdu => self.transmit_tpdu(command).await,
            Level::ShortApdu | Level::ExtendedApdu => self.transmit_apdu(command).await,
        }
    }
}
