//! T=1 (ISO 7816-3 block protocol) for TPDU-level CCID readers: block encoding and the host
//! side as a sans-IO state machine.

use super::{MAX_APDU, MAX_RESPONSE, MAX_RETRIES, MAX_WTX};
use crate::Error;

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
pub(super) const MAX_T1_STEPS: usize = MAX_APDU + MAX_RESPONSE + 1024;

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
