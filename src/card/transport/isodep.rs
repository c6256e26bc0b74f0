//! ISO/IEC 14443-4 (ISO-DEP) half-duplex block protocol, reader (PCD) side, sans-IO.
//!
//! Blocks carry no CID and no NAD (ATTRIB assigned CID 0): I-block `02|n` (`12|n` chaining),
//! R(ACK) `A2|n`, R(NAK) `B2|n`, S(WTX) `F2 WTXM`, S(DESELECT) `C2`. [`IsoDep`] turns one APDU
//! into the blocks to send and folds the card's blocks back into the response, applying the
//! standard's block-numbering and error-recovery rules with every loop bounded.

use crate::Error;

/// CRC_B bytes counted in a frame size (added by the reader chip, not by this code).
pub const CRC_LEN: usize = 2;
/// The largest APDU this layer sends (extended Lc 65535 + header + Le).
pub const MAX_COMMAND: usize = 65_544;
/// The largest response this layer assembles (65536 data + SW).
pub const MAX_RESPONSE: usize = 65_538;
/// Consecutive failed receptions (timeouts, damaged or invalid blocks) before giving up.
pub const MAX_RETRIES: u32 = 3;
/// S(WTX) requests accepted during one APDU.
pub const MAX_WTX: u32 = 64;
/// Largest WTXM a card may ask for (ISO 14443-4: 1..=59).
pub const MAX_WTXM: u8 = 59;

/// One ISO-DEP block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// Information block.
    I {
        /// Block number (0 or 1).
        num: u8,
        /// More blocks of this message follow.
        chaining: bool,
        /// The information field.
        inf: Vec<u8>,
    },
    /// Positive acknowledgement.
    Ack {
        /// Block number (0 or 1).
        num: u8,
    },
    /// Negative acknowledgement.
    Nak {
        /// Block number (0 or 1).
        num: u8,
    },
    /// Waiting time extension request (card) or answer (reader) with its multiplier.
    Wtx {
        /// WTXM (1..=59).
        wtxm: u8,
    },
    /// DESELECT request or answer.
    Deselect,
}

impl Block {
    /// Encode to a frame (without CRC).
    pub fn encode(&self) -> Vec<u8> {
        match self {
            Block::I { num, chaining, inf } => {
                let mut out = Vec::with_capacity(inf.len().saturating_add(1));
                out.push(0x02 | if *chaining { 0x10 } else { 0 } | (num & 1));
                out.extend_from_slice(inf);
                out
            }
            Block::Ack { num } => vec![0xA2 | (num & 1)],
            Block::Nak { num } => vec![0xB2 | (num & 1)],
            Block::Wtx { wtxm } => vec![0xF2, wtxm & 0x3F],
            Block::Deselect => vec![0xC2],
        }
    }

    /// Decode a frame (CRC already removed). Blocks with CID or NAD are refused.
    pub fn decode(frame: &[u8]) -> Result<Block, Error> {
        let (pcb, inf) = frame
            .split_first()
            .ok_or(Error::ReaderProtocol("ISO-DEP empty block"))?;
        let pcb = *pcb;
        if pcb & 0x0C != 0 {
            return Err(Error::ReaderProtocol("ISO-DEP CID or NAD present"));
        }
        let num = pcb & 1;
        match pcb & 0xC0 {
            0x00 if pcb & 0x22 == 0x02 => Ok(Block::I {
                num,
                chaining: pcb & 0x10 != 0,
                inf: inf.to_vec(),
            }),
            0x80 if pcb & 0x26 == 0x22 && inf.is_empty() => Ok(if pcb & 0x10 == 0 {
                Block::Ack { num }
            } else {
                Block::Nak { num }
            }),
            0xC0 if pcb & 0x07 == 0x02 => match (pcb & 0x30, inf) {
                (0x30, [wtxm]) => Ok(Block::Wtx { wtxm: wtxm & 0x3F }),
                (0x00, []) => Ok(Block::Deselect),
                _ => Err(Error::ReaderProtocol("ISO-DEP S-block")),
            },
            _ => Err(Error::ReaderProtocol("ISO-DEP PCB")),
        }
    }
}

/// What the reader's driver must do next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Send this frame and wait for the card, `wtxm` times the normal frame waiting time.
    Send {
        /// The frame (CRC added by the reader chip).
        frame: Vec<u8>,
        /// Frame-waiting-time multiplier for this reception (1 unless a WTX was granted).
        wtxm: u8,
    },
    /// The APDU exchange finished: the response APDU.
    Done(Vec<u8>),
}

/// What came back for the last frame sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reception<'a> {
    /// A frame arrived intact.
    Frame(&'a [u8]),
    /// Nothing arrived within the frame waiting time.
    Timeout,
    /// A frame arrived damaged (CRC or framing error).
    Damaged,
}

/// Where the exchange is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Idle,
    /// We sent a chained I-block and wait for its R(ACK).
    SendingChain,
    /// We sent our last I-block (or an R(ACK) in the card's chain) and wait for the card's data.
    Receiving,
}

/// The PCD side of ISO-DEP: block number, frame size, and the state of the current exchange.
#[derive(Clone, Debug)]
pub struct IsoDep {
    fsc: usize,
    block_num: u8,
    phase: Phase,
    command: Vec<u8>,
    /// End offset in `command` of the last I-block sent.
    sent_to: usize,
    last_i: Vec<u8>,
    /// True once the card started chaining its response (errors are answered with R(ACK)).
    card_chaining: bool,
    response: Vec<u8>,
    retries: u32,
    wtx: u32,
}

impl IsoDep {
    /// New state for a card whose maximum frame size (CRC included) is `fsc` bytes.
    pub fn new(fsc: usize) -> IsoDep {
        IsoDep {
            fsc: fsc.clamp(16, 256),
            block_num: 0,
            phase: Phase::Idle,
            command: Vec::new(),
            sent_to: 0,
            last_i: Vec::new(),
            card_chaining: false,
            response: Vec::new(),
            retries: 0,
            wtx: 0,
        }
    }

    /// The largest information field per I-block sent to the card.
    pub fn max_inf(&self) -> usize {
        self.fsc.saturating_sub(1 + CRC_LEN).max(1)
    }

    /// The current block number (0 or 1).
    pub fn block_number(&self) -> u8 {
        self.block_num
    }

    /// Start exchanging `apdu`; the first frame to send.
    pub fn start(&mut self, apdu: &[u8]) -> Result<Step, Error> {
        if apdu.len() > MAX_COMMAND {
            return Err(Error::InputTooLarge {
                what: "APDU",
                limit: MAX_COMMAND,
            });
        }
        self.command = apdu.to_vec();
        self.sent_to = 0;
        self.response.clear();
        self.card_chaining = false;
        self.retries = 0;
        self.wtx = 0;
        Ok(self.send_next_i())
    }

    /// Build and remember the next I-block of the command.
    fn send_next_i(&mut self) -> Step {
        let start = self.sent_to;
        let end = start.saturating_add(self.max_inf()).min(self.command.len());
        let chaining = end < self.command.len();
        let inf = self.command.get(start..end).unwrap_or_default().to_vec();
        self.sent_to = end;
        self.phase = if chaining {
            Phase::SendingChain
        } else {
            Phase::Receiving
        };
        self.last_i = Block::I {
            num: self.block_num,
            chaining,
            inf,
        }
        .encode();
        Step::Send {
            frame: self.last_i.clone(),
            wtxm: 1,
        }
    }

    fn send(&self, block: Block) -> Step {
        Step::Send {
            frame: block.encode(),
            wtxm: 1,
        }
    }

    /// Count one failed reception and pick the recovery block (R(NAK), or R(ACK) while the
    /// card is chaining).
    fn recover(&mut self) -> Result<Step, Error> {
        self.retries = self.retries.saturating_add(1);
        if self.retries > MAX_RETRIES {
            self.phase = Phase::Idle;
            return Err(Error::CardNoResponse("ISO-DEP retries exhausted"));
        }
        let num = self.block_num;
        Ok(if self.card_chaining {
            self.send(Block::Ack { num })
        } else {
            self.send(Block::Nak { num })
        })
    }

    fn fail(&mut self, rule: &'static str) -> Result<Step, Error> {
        self.phase = Phase::Idle;
        Err(Error::ReaderProtocol(rule))
    }

    /// Fold in what came back for the last frame sent; the next step.
    pub fn on_reception(&mut self, rx: Reception<'_>) -> Result<Step, Error> {
        if self.phase == Phase::Idle {
            return Err(Error::ReaderProtocol("ISO-DEP no exchange running"));
        }
        let block = match rx {
            Reception::Frame(frame) => match Block::decode(frame) {
                Ok(block) => block,
                Err(_) => return self.recover(),
            },
            Reception::Timeout | Reception::Damaged => return self.recover(),
        };
        match block {
            Block::Wtx { wtxm } => self.on_wtx(wtxm),
            Block::Ack { num } => self.on_ack(num),
            Block::I { num, chaining, inf } => self.on_i(num, chaining, &inf),
            Block::Nak { .. } => self.fail("ISO-DEP R(NAK) from the card"),
            Block::Deselect => self.fail("ISO-DEP unexpected DESELECT"),
        }
    }

    fn on_wtx(&mut self, wtxm: u8) -> Result<Step, Error> {
        self.wtx = self.wtx.saturating_add(1);
        if self.wtx > MAX_WTX {
            self.phase = Phase::Idle;
            return Err(Error::CardNoResponse("too many waiting time extensions"));
        }
        if !(1..=MAX_WTXM).contains(&wtxm) {
            return self.fail("ISO-DEP WTXM out of range");
        }
        self.retries = 0;
        Ok(Step::Send {
            frame: Block::Wtx { wtxm }.encode(),
            wtxm,
        })
    }

    fn on_ack(&mut self, num: u8) -> Result<Step, Error> {
        if num != self.block_num {
            // The card missed our last I-block: send it again.
            if self.card_chaining {
                return self.fail("ISO-DEP R(ACK) during the card's chain");
            }
            self.retries = self.retries.saturating_add(1);
            if self.retries > MAX_RETRIES {
                self.phase = Phase::Idle;
                return Err(Error::CardNoResponse("ISO-DEP retries exhausted"));
            }
            return Ok(Step::Send {
                frame: self.last_i.clone(),
                wtxm: 1,
            });
        }
        if self.phase != Phase::SendingChain {
            return self.fail("ISO-DEP unexpected R(ACK)");
        }
        self.retries = 0;
        self.block_num ^= 1;
        Ok(self.send_next_i())
    }

    fn on_i(&mut self, num: u8, chaining: bool, inf: &[u8]) -> Result<Step, Error> {
        if self.phase != Phase::Receiving {
            return self.fail("ISO-DEP I-block while sending a chain");
        }
        if num != self.block_num {
            return self.fail("ISO-DEP block number");
        }
        if self.response.len().saturating_add(inf.len()) > MAX_RESPONSE {
            self.phase = Phase::Idle;
            return Err(Error::InputTooLarge {
                what: "card response",
                limit: MAX_RESPONSE,
            });
        }
        self.response.extend_from_slice(inf);
        self.retries = 0;
        self.block_num ^= 1;
        if chaining {
            self.card_chaining = true;
            return Ok(self.send(Block::Ack {
                num: self.block_num,
            }));
        }
        self.phase = Phase::Idle;
        self.card_chaining = false;
        Ok(Step::Done(std::mem::take(&mut self.response)))
    }
}
