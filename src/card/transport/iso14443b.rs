//! ISO/IEC 14443-3 Type B activation: REQB → ATQB, ATTRIB → answer. Sans-IO: builders and
//! parsers only (CRC_B is added and checked by the reader chip).

use crate::Error;

/// REQB command byte (APf).
pub const REQB: u8 = 0x05;
/// ATQB first byte.
pub const ATQB: u8 = 0x50;
/// ATTRIB command byte.
pub const ATTRIB: u8 = 0x1D;
/// FSDI this reader announces in ATTRIB: 8 = 256-byte frames.
pub const FSDI_256: u8 = 8;

/// REQB for all applications (AFI 0), one slot; PARAM 0x10 announces extended ATQB support.
pub fn reqb() -> Vec<u8> {
    vec![REQB, 0x00, 0x10]
}

/// Frame size for FSCI/FSDI `index` (ISO 14443-4: 16..256); RFU values read as 256.
pub fn frame_size(index: u8) -> usize {
    match index {
        0 => 16,
        1 => 24,
        2 => 32,
        3 => 40,
        4 => 48,
        5 => 64,
        6 => 96,
        7 => 128,
        _ => 256,
    }
}

/// Frame waiting time for `fwi` in 0.1 ms units, rounded up: 4096/13.56 MHz · 2^FWI
/// (302 µs · 2^FWI). FWI 15 is RFU and read as 14.
pub fn fwt_100us(fwi: u8) -> u32 {
    let fwi = u32::from(fwi.min(14));
    let ns = 302_064u64 << fwi; // 302.064 µs in ns × 2^FWI
    u32::try_from(ns.div_ceil(100_000)).unwrap_or(u32::MAX)
}

/// A parsed ATQB.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Atqb {
    /// Pseudo-unique PICC identifier.
    pub pupi: [u8; 4],
    /// Application data.
    pub app_data: [u8; 4],
    /// Bit rate capability byte.
    pub bit_rate: u8,
    /// Maximum frame size index (upper nibble of protocol byte 2).
    pub fsci: u8,
    /// Protocol type (lower nibble; bit 0 = ISO 14443-4 compliant).
    pub protocol_type: u8,
    /// Frame waiting integer (upper nibble of protocol byte 3).
    pub fwi: u8,
    /// ADC and FO bits (lower nibble of protocol byte 3).
    pub adc_fo: u8,
}

impl Atqb {
    /// Parse `50 PUPI(4) app(4) rate FSCI|type FWI|ADC|FO [ext]` (12 or 13 bytes).
    pub fn parse(bytes: &[u8]) -> Result<Atqb, Error> {
        if !(12..=13).contains(&bytes.len()) {
            return Err(Error::ReaderProtocol("ATQB length"));
        }
        let b = |i: usize| bytes.get(i).copied().unwrap_or(0);
        if b(0) != ATQB {
            return Err(Error::ReaderProtocol("ATQB first byte"));
        }
        let atqb = Atqb {
            pupi: [b(1), b(2), b(3), b(4)],
            app_data: [b(5), b(6), b(7), b(8)],
            bit_rate: b(9),
            fsci: b(10) >> 4,
            protocol_type: b(10) & 0x0F,
            fwi: b(11) >> 4,
            adc_fo: b(11) & 0x0F,
        };
        if atqb.protocol_type & 0x01 == 0 {
            return Err(Error::ReaderUnsupported("card is not ISO 14443-4"));
        }
        Ok(atqb)
    }

    /// Encode (the card's side, for the simulator).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = vec![ATQB];
        out.extend_from_slice(&self.pupi);
        out.extend_from_slice(&self.app_data);
        out.push(self.bit_rate);
        out.push((self.fsci << 4) | (self.protocol_type & 0x0F));
        out.push((self.fwi << 4) | (self.adc_fo & 0x0F));
        out
    }

    /// The card's maximum frame size (FSC), CRC included.
    pub fn fsc(&self) -> usize {
        frame_size(self.fsci)
    }
}

/// ATTRIB for `pupi`: default TR0/TR1/SOF/EOF, FSDI 256 at 106 kbps, ISO 14443-4, CID 0.
pub fn attrib(pupi: &[u8; 4]) -> Vec<u8> {
    let mut out = vec![ATTRIB];
    out.extend_from_slice(pupi);
    out.extend_from_slice(&[0x00, FSDI_256, 0x01, 0x00]);
    out
}

/// A parsed ATTRIB (the card's side).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attrib {
    /// The PUPI the reader addressed.
    pub pupi: [u8; 4],
    /// The reader's maximum frame size index.
    pub fsdi: u8,
    /// The CID assigned.
    pub cid: u8,
}

impl Attrib {
    /// Parse `1D PUPI p1 p2 p3 p4 [higher layer]`.
    pub fn parse(bytes: &[u8]) -> Result<Attrib, Error> {
        match bytes {
            [ATTRIB, a, b, c, d, _p1, p2, _p3, p4, ..] => Ok(Attrib {
                pupi: [*a, *b, *c, *d],
                fsdi: p2 & 0x0F,
                cid: p4 & 0x0F,
            }),
            _ => Err(Error::ReaderProtocol("ATTRIB")),
        }
    }
}

/// Check the card's answer to ATTRIB: `MBLI|CID` (+ higher-layer data), CID must be 0.
pub fn check_attrib_answer(bytes: &[u8]) -> Result<(), Error> {
    match bytes.first() {
        Some(b) if b & 0x0F == 0 => Ok(()),
        Some(_) => Err(Error::ReaderProtocol("ATTRIB answer CID")),
        None => Err(Error::ReaderProtocol("ATTRIB answer empty")),
    }
}
