//! ISO/IEC 7816-4 APDUs: command encoding and parsing (short and extended), response splitting
//! (data ‖ SW1 SW2), status words as typed values, and the exchange loop that follows `61xx`
//! (GET RESPONSE) and `6Cxx` (re-send with the right Le).
//!
//! Sizes: a command's data is at most [`MAX_EXTENDED_LC`] bytes, a response at most
//! [`MAX_RESPONSE_BYTES`]; GET RESPONSE chains and `6Cxx` retries are bounded.

use super::transport::Transport;
use crate::Error;

/// Longest command data in a short APDU.
pub const MAX_SHORT_LC: usize = 255;
/// Longest command data in an extended APDU.
pub const MAX_EXTENDED_LC: usize = 65_535;
/// Largest Le of a short APDU (`00` encodes 256).
pub const MAX_SHORT_LE: usize = 256;
/// Largest Le of an extended APDU (`00 00` encodes 65 536).
pub const MAX_EXTENDED_LE: usize = 65_536;
/// Largest response accepted from a transport, data and status word included.
pub const MAX_RESPONSE_BYTES: usize = MAX_EXTENDED_LE + 2;
/// Most GET RESPONSE commands chained after one command.
pub const MAX_GET_RESPONSE: usize = 64;

/// INS of SELECT.
pub const INS_SELECT: u8 = 0xA4;
/// INS of VERIFY.
pub const INS_VERIFY: u8 = 0x20;
/// INS of READ BINARY.
pub const INS_READ_BINARY: u8 = 0xB0;
/// INS of GET RESPONSE.
pub const INS_GET_RESPONSE: u8 = 0xC0;
/// INS of the JPKI COMPUTE DIGITAL SIGNATURE.
pub const INS_JPKI_SIGN: u8 = 0x2A;

/// A command APDU. `le` is the expected response length in bytes (`None`: no Le field); 256 is
/// written `00` in a short APDU, 65 536 `00 00` in an extended one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    pub cla: u8,
    pub ins: u8,
    pub p1: u8,
    pub p2: u8,
    /// Command data (Lc is its length).
    pub data: Vec<u8>,
    /// Expected response length.
    pub le: Option<usize>,
    /// Encode Lc/Le in the extended form even when short would do.
    pub extended: bool,
}

impl Command {
    /// A command without data and without Le (case 1).
    pub fn case1(cla: u8, ins: u8, p1: u8, p2: u8) -> Self {
        Command {
            cla,
            ins,
            p1,
            p2,
            data: Vec::new(),
            le: None,
            extended: false,
        }
    }

    /// Whether the encoding uses the extended form: asked for or needed, and there is an Lc or
    /// Le to write (a case-1 command is the bare header either way).
    pub fn is_extended(&self) -> bool {
        let case1 = self.data.is_empty() && self.le.is_none();
        !case1
            && (self.extended
                || self.data.len() > MAX_SHORT_LC
                || self.le.is_some_and(|le| le > MAX_SHORT_LE))
    }

    /// Encode. `INPUT_TOO_LARGE` when the data or Le does not fit even an extended APDU, or Le
    /// is 0.
    pub fn to_bytes(&self) -> Result<Vec<u8>, Error> {
        if self.data.len() > MAX_EXTENDED_LC {
            return Err(Error::InputTooLarge {
                what: "APDU command data",
                limit: MAX_EXTENDED_LC,
            });
        }
        if let Some(le) = self.le {
            if le == 0 || le > MAX_EXTENDED_LE {
                return Err(Error::InvalidOptions("APDU Le must be 1..=65536"));
            }
        }
        let mut out = vec![self.cla, self.ins, self.p1, self.p2];
        let ext = self.is_extended();
        if !self.data.is_empty() {
            push_lc(&mut out, self.data.len(), ext);
            out.extend_from_slice(&self.data);
        }
        if let Some(le) = self.le {
            push_le(&mut out, le, ext, self.data.is_empty());
        }
        Ok(out)
    }

    /// Parse an encoded command (the card side; also used by the simulator).
    pub fn parse(bytes: &[u8]) -> Result<Command, Error> {
        let bad = Error::CardResponseMalformed("command APDU");
        let (header, body) = bytes.split_at_checked(4).ok_or(bad.clone())?;
        let [cla, ins, p1, p2] = <[u8; 4]>::try_from(header).map_err(|_| bad.clone())?;
        let mut cmd = Command::case1(cla, ins, p1, p2);
        match body {
            [] => {}
            [le] => cmd.le = Some(short_le(*le)),
            [0, rest @ ..] if rest.len() >= 2 => {
                cmd.extended = true;
                parse_extended_body(rest, &mut cmd).ok_or(bad)?;
            }
            [lc, rest @ ..] => {
                let lc = usize::from(*lc);
                let data = rest.get(..lc).ok_or(bad.clone())?;
                cmd.data = data.to_vec();
                match rest.get(lc..) {
                    Some([]) => {}
                    Some([le]) => cmd.le = Some(short_le(*le)),
                    _ => return Err(bad),
                }
            }
        }
        Ok(cmd)
    }
}

/// Short Le byte → length (`00` = 256).
fn short_le(b: u8) -> usize {
    if b == 0 {
        MAX_SHORT_LE
    } else {
        usize::from(b)
    }
}

/// Extended two-byte Le → length (`00 00` = 65 536).
fn extended_le(hi: u8, lo: u8) -> usize {
    match usize::from(u16::from_be_bytes([hi, lo])) {
        0 => MAX_EXTENDED_LE,
        n => n,
    }
}

/// The body after an extended marker `00`: `Le(2)` | `Lc(2) data [Le(2)]`.
fn parse_extended_body(rest: &[u8], cmd: &mut Command) -> Option<()> {
    match rest {
        [hi, lo] => cmd.le = Some(extended_le(*hi, *lo)),
        [hi, lo, tail @ ..] => {
            let lc = usize::from(u16::from_be_bytes([*hi, *lo]));
            if lc == 0 {
                return None;
            }
            cmd.data = tail.get(..lc)?.to_vec();
            match tail.get(lc..)? {
                [] => {}
                [hi, lo] => cmd.le = Some(extended_le(*hi, *lo)),
                _ => return None,
            }
        }
        _ => return None,
    }
    Some(())
}

/// Append Lc.
fn push_lc(out: &mut Vec<u8>, lc: usize, ext: bool) {
    let bytes = (lc as u32).to_be_bytes();
    if ext {
        out.extend_from_slice(&[0, bytes[2], bytes[3]]);
    } else {
        out.push(bytes[3]);
    }
}

/// Append Le (`no_lc`: the extended form then needs its leading `00`).
fn push_le(out: &mut Vec<u8>, le: usize, ext: bool, no_lc: bool) {
    // 256 and 65 536 wrap to 00 / 00 00, which is what they encode.
    let bytes = (le as u32).to_be_bytes();
    if ext {
        if no_lc {
            out.push(0);
        }
        out.extend_from_slice(&[bytes[2], bytes[3]]);
    } else {
        out.push(bytes[3]);
    }
}

/// SELECT a DF by its name (AID), no FCI returned: `00 A4 04 0C Lc AID`.
pub fn select_df(aid: &[u8]) -> Command {
    Command {
        data: aid.to_vec(),
        ..Command::case1(0x00, INS_SELECT, 0x04, 0x0C)
    }
}

/// SELECT an EF of the current DF by file identifier: `00 A4 02 0C 02 FID`.
pub fn select_ef(fid: u16) -> Command {
    Command {
        data: fid.to_be_bytes().to_vec(),
        ..Command::case1(0x00, INS_SELECT, 0x02, 0x0C)
    }
}

/// VERIFY the selected PIN EF: `00 20 00 80 Lc PIN`. The caller owns and wipes `pin`'s copy in
/// the returned command (see `card::pin`).
pub fn verify(pin: &[u8]) -> Command {
    Command {
        data: pin.to_vec(),
        ..Command::case1(0x00, INS_VERIFY, 0x00, 0x80)
    }
}

/// VERIFY without data (case 1): answers `63 Cx` with the tries left, spending none.
pub fn verify_status() -> Command {
    Command::case1(0x00, INS_VERIFY, 0x00, 0x80)
}

/// READ BINARY of the selected EF: `00 B0 offset(15 bits) Le`. `le` up to 65 536 (extended when
/// above 256). `INVALID_OPTIONS` for an offset beyond 0x7FFF.
pub fn read_binary(offset: usize, le: usize) -> Result<Command, Error> {
    let offset = u16::try_from(offset)
        .ok()
        .filter(|o| *o <= 0x7FFF)
        .ok_or(Error::InvalidOptions("READ BINARY offset beyond 0x7FFF"))?;
    let [p1, p2] = offset.to_be_bytes();
    Ok(Command {
        le: Some(le),
        ..Command::case1(0x00, INS_READ_BINARY, p1, p2)
    })
}

/// READ BINARY from offset 0 with extended Le `00 00 00` (the whole EF, up to 65 536 bytes).
pub fn read_binary_extended_all() -> Command {
    Command {
        le: Some(MAX_EXTENDED_LE),
        extended: true,
        ..Command::case1(0x00, INS_READ_BINARY, 0, 0)
    }
}

/// GET RESPONSE for `le` bytes (`61xx`).
pub fn get_response(le: usize) -> Command {
    Command {
        le: Some(le),
        ..Command::case1(0x00, INS_GET_RESPONSE, 0, 0)
    }
}

/// The JPKI COMPUTE DIGITAL SIGNATURE over a DigestInfo with the selected key EF:
/// `80 2A 00 80 Lc DigestInfo 00`.
pub fn jpki_sign(digest_info: &[u8]) -> Command {
    Command {
        data: digest_info.to_vec(),
        le: Some(MAX_SHORT_LE),
        ..Command::case1(0x80, INS_JPKI_SIGN, 0x00, 0x80)
    }
}

/// A status word, typed by meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// `90 00`.
    Ok,
    /// `61 xx`: xx more bytes (0 = 256) wait for GET RESPONSE.
    MoreData(usize),
    /// `62 82`: end of file reached before Le bytes (the data is still good).
    EndOfFile,
    /// `63 Cx`: verification failed, x tries left.
    TriesLeft(u8),
    /// `67 00`: wrong length.
    WrongLength,
    /// `69 82`: security status not satisfied (PIN needed).
    SecurityStatus,
    /// `69 83` / `69 84`: the PIN (or key) is blocked.
    Blocked,
    /// `6A 82`: file or application not found.
    FileNotFound,
    /// `6C xx`: wrong Le, xx is right (0 = 256).
    WrongLe(usize),
    /// Anything else.
    Other(u16),
}

impl Status {
    /// Classify SW1 SW2.
    pub fn from_sw(sw: u16) -> Status {
        let [sw1, sw2] = sw.to_be_bytes();
        match (sw1, sw2) {
            (0x90, 0x00) => Status::Ok,
            (0x61, n) => Status::MoreData(short_le(n)),
            (0x62, 0x82) => Status::EndOfFile,
            (0x63, n) if n & 0xF0 == 0xC0 => Status::TriesLeft(n & 0x0F),
            (0x67, 0x00) => Status::WrongLength,
            (0x69, 0x82) => Status::SecurityStatus,
            (0x69, 0x83) | (0x69, 0x84) => Status::Blocked,
            (0x6A, 0x82) => Status::FileNotFound,
            (0x6C, n) => Status::WrongLe(short_le(n)),
            _ => Status::Other(sw),
        }
    }

    /// The error for a status that is not success. PIN statuses are mapped by the PIN guard,
    /// which knows which PIN it was; here they become `CARD_STATUS`.
    pub fn to_error(self, sw: u16) -> Error {
        match self {
            Status::FileNotFound => Error::CardFileNotFound,
            Status::SecurityStatus => Error::CardSecurityStatus,
            _ => Error::CardStatus(sw),
        }
    }
}

/// A response APDU: data and status word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    pub data: Vec<u8>,
    pub sw: u16,
}

impl Response {
    /// Split `data ‖ SW1 SW2`. An empty or one-byte answer is `CARD_RESPONSE_MALFORMED`.
    pub fn parse(mut bytes: Vec<u8>) -> Result<Response, Error> {
        if bytes.len() > MAX_RESPONSE_BYTES {
            return Err(Error::InputTooLarge {
                what: "APDU response",
                limit: MAX_RESPONSE_BYTES,
            });
        }
        let split = bytes
            .len()
            .checked_sub(2)
            .ok_or(Error::CardResponseMalformed(
                "response shorter than a status word",
            ))?;
        let sw_bytes = bytes.split_off(split);
        let sw = match sw_bytes.as_slice() {
            [a, b] => u16::from_be_bytes([*a, *b]),
            _ => return Err(Error::CardResponseMalformed("status word")),
        };
        Ok(Response { data: bytes, sw })
    }

    /// The typed status.
    pub fn status(&self) -> Status {
        Status::from_sw(self.sw)
    }

    /// The data when the status is success (`90 00`, or `62 82` end of file), else the typed
    /// error.
    pub fn into_ok(self) -> Result<Vec<u8>, Error> {
        match self.status() {
            Status::Ok | Status::EndOfFile => Ok(self.data),
            other => Err(other.to_error(self.sw)),
        }
    }
}

/// Send `cmd` and return the response, following `6Cxx` (re-sent once with the right Le) and
/// `61xx` (GET RESPONSE, at most [`MAX_GET_RESPONSE`] times, data concatenated). The returned
/// status is the last one; the caller interprets it.
pub async fn exchange<T: Transport>(transport: &mut T, cmd: &Command) -> Result<Response, Error> {
    let mut resp = transmit(transport, &cmd.to_bytes()?).await?;
    if let Status::WrongLe(le) = resp.status() {
        let retry = Command {
            le: Some(le),
            ..cmd.clone()
        };
        resp = transmit(transport, &retry.to_bytes()?).await?;
    }
    let mut data = Vec::new();
    for _ in 0..MAX_GET_RESPONSE {
        let Status::MoreData(n) = resp.status() else {
            data.append(&mut resp.data);
            return Ok(Response { data, sw: resp.sw });
        };
        data.append(&mut resp.data);
        if data.len() > MAX_RESPONSE_BYTES {
            break;
        }
        resp = transmit(transport, &get_response(n).to_bytes()?).await?;
    }
    Err(Error::CardResponseMalformed("too many GET RESPONSE"))
}

/// One raw exchange, parsed.
async fn transmit<T: Transport>(transport: &mut T, bytes: &[u8]) -> Result<Response, Error> {
    Response::parse(transport.transmit(bytes).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(c: &Command) -> Vec<u8> {
        c.to_bytes().unwrap()
    }

    #[test]
    fn builders_encode_the_jpki_commands() {
        let aid = [0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01];
        let mut want = vec![0x00, 0xA4, 0x04, 0x0C, 0x0A];
        want.extend_from_slice(&aid);
        assert_eq!(enc(&select_df(&aid)), want);
        assert_eq!(enc(&select_ef(0x0018)), [0, 0xA4, 2, 0x0C, 2, 0, 0x18]);
        assert_eq!(
            enc(&verify(b"1234")),
            [0, 0x20, 0, 0x80, 4, b'1', b'2', b'3', b'4']
        );
        assert_eq!(enc(&verify_status()), [0, 0x20, 0, 0x80]);
        assert_eq!(enc(&read_binary(0x0104, 256).unwrap()), [0, 0xB0, 1, 4, 0]);
        assert_eq!(enc(&read_binary(0, 4).unwrap()), [0, 0xB0, 0, 0, 4]);
        assert_eq!(
            enc(&read_binary(0, 1000).unwrap()),
            [0, 0xB0, 0, 0, 0, 0x03, 0xE8]
        );
        assert_eq!(enc(&read_binary_extended_all()), [0, 0xB0, 0, 0, 0, 0, 0]);
        assert!(read_binary(0x8000, 1).is_err());
        let sign = enc(&jpki_sign(&[7; 51]));
        assert_eq!(sign.get(..5), Some(&[0x80, 0x2A, 0x00, 0x80, 51][..]));
        assert_eq!(sign.len(), 5 + 51 + 1);
        assert_eq!(sign.last(), Some(&0));
    }

    #[test]
    fn a_case1_command_is_never_extended() {
        let mut cmd = Command::case1(0, 0xA4, 0, 0);
        cmd.extended = true;
        assert!(!cmd.is_extended());
        let bytes = enc(&cmd);
        assert_eq!(bytes, [0, 0xA4, 0, 0]);
        assert_eq!(
            Command::parse(&bytes).unwrap().is_extended(),
            cmd.is_extended()
        );
    }

    #[test]
    fn extended_commands_round_trip() {
        let long = Command {
            data: vec![9; 300],
            le: Some(65_536),
            ..Command::case1(0x80, 0x2A, 0, 0x80)
        };
        let bytes = enc(&long);
        assert_eq!(bytes.get(4..7), Some(&[0, 0x01, 0x2C][..]));
        assert_eq!(bytes.get(bytes.len() - 2..), Some(&[0, 0][..]));
        let back = Command::parse(&bytes).unwrap();
        assert_eq!(back.data, long.data);
        assert_eq!(back.le, Some(65_536));
        for c in [select_ef(0x000A), verify_status(), jpki_sign(&[1; 35])] {
            assert_eq!(Command::parse(&enc(&c)).unwrap(), c);
        }
        assert!(Command::parse(&[0, 0xB0, 0]).is_err());
        assert!(Command::parse(&[0, 0xA4, 2, 0x0C, 5, 1]).is_err());
        assert!(Command::parse(&[0, 0xA4, 2, 0x0C, 0, 0, 2, 1]).is_err());
        assert_eq!(
            Command::parse(&[0, 0xB0, 0, 0, 0, 0, 0]).unwrap().le,
            Some(65_536)
        );
        let too_big = Command {
            data: vec![0; MAX_EXTENDED_LC + 1],
            ..Command::case1(0, 0, 0, 0)
        };
        assert_eq!(too_big.to_bytes().unwrap_err().code(), "INPUT_TOO_LARGE");
    }

    #[test]
    fn status_words_are_typed() {
        assert_eq!(Status::from_sw(0x9000), Status::Ok);
        assert_eq!(Status::from_sw(0x63C2), Status::TriesLeft(2));
        assert_eq!(Status::from_sw(0x6984), Status::Blocked);
        assert_eq!(Status::from_sw(0x6983), Status::Blocked);
        assert_eq!(Status::from_sw(0x6A82), Status::FileNotFound);
        assert_eq!(Status::from_sw(0x6982), Status::SecurityStatus);
        assert_eq!(Status::from_sw(0x6700), Status::WrongLength);
        assert_eq!(Status::from_sw(0x6C11), Status::WrongLe(0x11));
        assert_eq!(Status::from_sw(0x6100), Status::MoreData(256));
        assert_eq!(Status::from_sw(0x6300), Status::Other(0x6300));
        let r = Response::parse(vec![1, 2, 0x6A, 0x82]).unwrap();
        assert_eq!(r.data, [1, 2]);
        assert_eq!(r.into_ok().unwrap_err(), Error::CardFileNotFound);
        assert_eq!(
            Response::parse(vec![0x90]).unwrap_err().code(),
            "CARD_RESPONSE_MALFORMED"
        );
        let eof = Response::parse(vec![5, 0x62, 0x82]).unwrap();
        assert_eq!(eof.into_ok().unwrap(), [5]);
    }

    /// Answers from a script and records the commands.
    struct Script {
        answers: Vec<Vec<u8>>,
        sent: Vec<Vec<u8>>,
    }

    impl Transport for Script {
        async fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, Error> {
            self.sent.push(command.to_vec());
            if self.answers.is_empty() {
                return Err(Error::CardStatus(0x6F00));
            }
            Ok(self.answers.remove(0))
        }
    }

    fn run(answers: Vec<Vec<u8>>, cmd: &Command) -> (Result<Response, Error>, Vec<Vec<u8>>) {
        let mut t = Script {
            answers,
            sent: Vec::new(),
        };
        let r = crate::card::executor::block_on(exchange(&mut t, cmd), 10).unwrap();
        (r, t.sent)
    }

    #[test]
    fn exchange_follows_61xx_and_6cxx() {
        let cmd = read_binary(0, 256).unwrap();
        let (r, sent) = run(
            vec![vec![0x6C, 0x11], vec![1, 0x61, 0x02], vec![2, 3, 0x90, 0]],
            &cmd,
        );
        let r = r.unwrap();
        assert_eq!(r.data, [1, 2, 3]);
        assert_eq!(r.sw, 0x9000);
        assert_eq!(sent.get(1), Some(&vec![0, 0xB0, 0, 0, 0x11]));
        assert_eq!(sent.get(2), Some(&vec![0, 0xC0, 0, 0, 2]));
        let endless = vec![vec![0x61, 0x01]; MAX_GET_RESPONSE + 2];
        let (r, _) = run(endless, &cmd);
        assert_eq!(r.unwrap_err().code(), "CARD_RESPONSE_MALFORMED");
        let (r, _) = run(vec![], &cmd);
        assert_eq!(r.unwrap_err(), Error::CardStatus(0x6F00));
    }
}
