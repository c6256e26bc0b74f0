//! Sony Port-100 framing (RC-S380): the byte frames the host and the reader exchange over the
//! USB bulk endpoints, the command set, and a thin async driver over [`UsbBulk`].
//!
//! Frame: `00 00 FF FF FF LEN(u16 LE) LCS DATA DCS 00`, where LCS makes the two length bytes sum
//! to 0 (mod 256) and DCS makes DATA sum to 0. DATA is `D6 cmd params` from the host and
//! `D7 cmd+1 result` from the reader. The reader first answers every command frame with the ACK
//! frame `00 00 FF 00 FF 00`; a host ACK cancels the running command.

use super::UsbBulk;
use crate::Error;

/// The ACK frame (reader → host after each command; host → reader cancels).
pub const ACK: [u8; 6] = [0x00, 0x00, 0xFF, 0x00, 0xFF, 0x00];
/// The start of every extended (data) frame.
const PREAMBLE: [u8; 5] = [0x00, 0x00, 0xFF, 0xFF, 0xFF];
/// Bytes a frame adds around its DATA: preamble 5, length 2, LCS 1, DCS 1, postamble 1.
pub const FRAME_OVERHEAD: usize = 10;
/// The largest DATA this crate sends or accepts (an InCommRF carrying one 256-byte RF frame
/// plus headers fits with room to spare).
pub const MAX_DATA: usize = 1024;
/// The largest frame: [`MAX_DATA`] plus the framing.
pub const MAX_FRAME: usize = MAX_DATA + FRAME_OVERHEAD;
/// First DATA byte of a host command.
pub const HOST_TO_READER: u8 = 0xD6;
/// First DATA byte of a reader response.
pub const READER_TO_HOST: u8 = 0xD7;

/// Port-100 command codes (the reader answers with code + 1).
pub mod cmd {
    /// Select the RF technology and bit rates.
    pub const IN_SET_RF: u8 = 0x00;
    /// Set protocol parameters (`id value` pairs).
    pub const IN_SET_PROTOCOL: u8 = 0x02;
    /// Send one RF frame and wait for the card's answer.
    pub const IN_COMM_RF: u8 = 0x04;
    /// Turn the RF field on or off.
    pub const SWITCH_RF: u8 = 0x06;
    /// Read the firmware version.
    pub const GET_FIRMWARE_VERSION: u8 = 0x20;
    /// Select the command set (1 for this protocol).
    pub const SET_COMMAND_TYPE: u8 = 0x2A;
}

/// InCommRF status bit: the card did not answer within the timeout.
pub const STATUS_TIMEOUT: u32 = 0x0000_0080;
/// InCommRF status bit: the card's frame arrived damaged (CRC, framing).
pub const STATUS_CRC_ERROR: u32 = 0x0000_0001;

/// One decoded frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Frame {
    /// The ACK frame.
    Ack,
    /// A data frame's DATA.
    Data(Vec<u8>),
}

/// LCS/DCS: the byte that makes `bytes` sum to zero mod 256.
pub fn checksum(bytes: &[u8]) -> u8 {
    bytes
        .iter()
        .fold(0u8, |acc, b| acc.wrapping_add(*b))
        .wrapping_neg()
}

/// Frame `data` (at most [`MAX_DATA`] bytes).
pub fn encode_frame(data: &[u8]) -> Result<Vec<u8>, Error> {
    let len = u16::try_from(data.len())
        .ok()
        .filter(|_| data.len() <= MAX_DATA)
        .ok_or(Error::InputTooLarge {
            what: "Port-100 frame",
            limit: MAX_DATA,
        })?;
    let len_bytes = len.to_le_bytes();
    let mut out = Vec::with_capacity(data.len() + FRAME_OVERHEAD);
    out.extend_from_slice(&PREAMBLE);
    out.extend_from_slice(&len_bytes);
    out.push(checksum(&len_bytes));
    out.extend_from_slice(data);
    out.push(checksum(data));
    out.push(0x00);
    Ok(out)
}

/// Decode one whole frame (an ACK or a data frame), checking both checksums and the length.
pub fn decode_frame(bytes: &[u8]) -> Result<Frame, Error> {
    if bytes == ACK {
        return Ok(Frame::Ack);
    }
    let rest = bytes
        .strip_prefix(&PREAMBLE[..])
        .ok_or(Error::ReaderProtocol("Port-100 frame preamble"))?;
    let (len_bytes, rest) = rest
        .split_first_chunk::<2>()
        .ok_or(Error::ReaderProtocol("Port-100 frame truncated"))?;
    let (lcs, rest) = rest
        .split_first()
        .ok_or(Error::ReaderProtocol("Port-100 frame truncated"))?;
    if checksum(len_bytes) != *lcs {
        return Err(Error::ReaderProtocol("Port-100 length checksum"));
    }
    let len = usize::from(u16::from_le_bytes(*len_bytes));
    if len > MAX_DATA {
        return Err(Error::ReaderProtocol("Port-100 frame too long"));
    }
    let data = rest
        .get(..len)
        .ok_or(Error::ReaderProtocol("Port-100 frame truncated"))?;
    match rest.get(len..) {
        Some([dcs, 0x00]) if checksum(data) == *dcs => Ok(Frame::Data(data.to_vec())),
        Some([_, 0x00]) => Err(Error::ReaderProtocol("Port-100 data checksum")),
        _ => Err(Error::ReaderProtocol("Port-100 frame length")),
    }
}

/// DATA of a host command: `D6 cmd params`.
pub fn command_data(code: u8, params: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(params.len().saturating_add(2));
    out.push(HOST_TO_READER);
    out.push(code);
    out.extend_from_slice(params);
    out
}

/// The result bytes of the reader's response to command `code` (`D7 code+1 result`).
pub fn response_result(code: u8, data: &[u8]) -> Result<&[u8], Error> {
    match data {
        [READER_TO_HOST, c, result @ ..] if *c == code.wrapping_add(1) => Ok(result),
        _ => Err(Error::ReaderProtocol(
            "Port-100 response to another command",
        )),
    }
}

/// InCommRF parameters: timeout (units of 0.1 ms, little-endian) then the RF frame.
pub fn in_comm_rf_params(timeout_100us: u16, rf_frame: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(rf_frame.len().saturating_add(2));
    out.extend_from_slice(&timeout_100us.to_le_bytes());
    out.extend_from_slice(rf_frame);
    out
}

/// What one InCommRF brought back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RfOutcome {
    /// The card's frame (CRC already checked and removed by the chip).
    Frame(Vec<u8>),
    /// No answer within the timeout.
    Timeout,
    /// An answer arrived damaged.
    Damaged,
}

/// Split an InCommRF result: status u32 LE, one skipped byte, the card's frame.
pub fn parse_in_comm_rf(result: &[u8]) -> Result<RfOutcome, Error> {
    let (status, rest) = result
        .split_first_chunk::<4>()
        .ok_or(Error::ReaderProtocol("InCommRF result truncated"))?;
    let status = u32::from_le_bytes(*status);
    if status & STATUS_TIMEOUT != 0 {
        return Ok(RfOutcome::Timeout);
    }
    if status != 0 {
        return Ok(RfOutcome::Damaged);
    }
    let frame = rest
        .get(1..)
        .ok_or(Error::ReaderProtocol("InCommRF result truncated"))?;
    Ok(RfOutcome::Frame(frame.to_vec()))
}

/// Build an InCommRF result (the reader's side of [`parse_in_comm_rf`]).
pub fn in_comm_rf_result(status: u32, frame: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(frame.len().saturating_add(5));
    out.extend_from_slice(&status.to_le_bytes());
    out.push(0x00);
    out.extend_from_slice(frame);
    out
}

/// True when a transfer of `len` bytes must be followed by a zero-length packet (it ends
/// exactly on a packet boundary, so the device cannot see where it ends).
pub fn needs_zero_length_packet(len: usize, packet_size: usize) -> bool {
    packet_size != 0 && len != 0 && len.checked_rem(packet_size) == Some(0)
}

/// The host side of Port-100 over a pair of bulk endpoints: one command, one ACK, one response.
pub struct Port100<B> {
    bulk: B,
    packet_size: usize,
}

impl<B: UsbBulk> Port100<B> {
    /// Wrap `bulk`; `packet_size` is the OUT endpoint's wMaxPacketSize (read it at runtime).
    pub fn new(bulk: B, packet_size: usize) -> Self {
        Port100 { bulk, packet_size }
    }

    /// The endpoints, for tests and for closing.
    pub fn bulk_mut(&mut self) -> &mut B {
        &mut self.bulk
    }

    /// Give back the endpoints.
    pub fn into_inner(self) -> B {
        self.bulk
    }

    /// Send a frame, with a zero-length packet when it ends on a packet boundary.
    async fn send_frame(&mut self, frame: &[u8]) -> Result<(), Error> {
        self.bulk.send(frame).await?;
        if needs_zero_length_packet(frame.len(), self.packet_size) {
            self.bulk.send(&[]).await?;
        }
        Ok(())
    }

    /// Send a host ACK: cancels the reader's running command.
    pub async fn cancel(&mut self) -> Result<(), Error> {
        self.send_frame(&ACK).await
    }

    /// Run command `code` with `params`; the reader's result bytes.
    pub async fn command(&mut self, code: u8, params: &[u8]) -> Result<Vec<u8>, Error> {
        let frame = encode_frame(&command_data(code, params))?;
        self.send_frame(&frame).await?;
        let ack = self.bulk.receive(MAX_FRAME).await?;
        if decode_frame(&ack)? != Frame::Ack {
            return Err(Error::ReaderProtocol("Port-100 ACK expected"));
        }
        let reply = self.bulk.receive(MAX_FRAME).await?;
        match decode_frame(&reply)? {
            Frame::Data(data) => Ok(response_result(code, &data)?.to_vec()),
            Frame::Ack => Err(Error::ReaderProtocol("Port-100 second ACK")),
        }
    }
}
