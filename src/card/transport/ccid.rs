//! CCID (USB smart-card reader class 0x0B) over bulk endpoints — usable from Isolated Web Apps.
//!
//! Messages are a 10-byte header `[type, length u32 LE, slot, seq, 3 bytes]` and data.
//! [`ClassDescriptor`] says how the reader exchanges with the card: whole APDUs (short or
//! extended, the latter chained with `wLevelParameter`), or T=1 TPDUs that this module frames
//! itself ([`T1Host`]: blocks `NAD PCB LEN INF LRC`, IFS negotiation, chaining, WTX). A reader
//! status of "time extension" (bStatus bits 6–7 = 2) means keep reading, a bounded number of
//! times.

mod t1;

use t1::MAX_T1_STEPS;
pub use t1::{decode_t1, encode_t1, lrc, Pcb, T1Host, T1Step, S_ABORT, S_IFS, S_WTX};

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
