//! Reading a transparent EF with the fewest READ BINARY commands: one read of as much as the
//! transport allows (256 bytes short, 65 536 extended), the total taken from the DER/BER length
//! at the start of the file, then the rest in the largest chunks allowed.

use crate::card::apdu::{self, MAX_EXTENDED_LE, MAX_SHORT_LE};
use crate::card::transport::Transport;
use crate::Error;

/// Whether READ BINARY may use extended Le (the reader and the card both support extended
/// APDUs: RC-S300 and CCID readers announcing extended APDU exchange).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ReadMode {
    /// Le up to 256.
    #[default]
    Short,
    /// Le up to 65 536.
    Extended,
}

impl ReadMode {
    /// Largest Le in this mode.
    pub fn max_le(self) -> usize {
        match self {
            ReadMode::Short => MAX_SHORT_LE,
            ReadMode::Extended => MAX_EXTENDED_LE,
        }
    }
}

/// Header length plus content length of the BER-TLV at the start of `data` (tags of up to 3
/// bytes, definite lengths of up to 3 bytes); `None` when the header is incomplete or invalid.
pub fn tlv_total_len(data: &[u8]) -> Option<usize> {
    let first = *data.first()?;
    let mut pos = 1usize;
    if first & 0x1F == 0x1F {
        // Multi-byte tag: continuation bytes have bit 8 set.
        loop {
            let b = *data.get(pos)?;
            pos = pos.checked_add(1)?;
            if b & 0x80 == 0 {
                break;
            }
            if pos >= 3 {
                return None;
            }
        }
    }
    let len_byte = *data.get(pos)?;
    pos = pos.checked_add(1)?;
    let len = if len_byte < 0x80 {
        usize::from(len_byte)
    } else {
        let n = usize::from(len_byte & 0x7F);
        if n == 0 || n > 3 {
            return None;
        }
        let bytes = data.get(pos..pos.checked_add(n)?)?;
        pos = pos.checked_add(n)?;
        bytes
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b))
    };
    pos.checked_add(len)
}

/// One READ BINARY of up to `le` bytes at `offset` of the selected EF.
pub async fn read_ef<T: Transport>(t: &mut T, offset: usize, le: usize) -> Result<Vec<u8>, Error> {
    let cmd = if offset == 0 && le == MAX_EXTENDED_LE {
        apdu::read_binary_extended_all()
    } else {
        apdu::read_binary(offset, le)?
    };
    apdu::exchange(t, &cmd).await?.into_ok()
}

/// Read the selected EF holding one TLV (a certificate, the basic-4 info): exactly the bytes
/// of that TLV, at most `cap` (`INPUT_TOO_LARGE` above).
pub async fn read_der_ef<T: Transport>(
    t: &mut T,
    mode: ReadMode,
    cap: usize,
    what: &'static str,
) -> Result<Vec<u8>, Error> {
    let mut data = read_ef(t, 0, mode.max_le()).await?;
    let total = tlv_total_len(&data).ok_or(Error::CardResponseMalformed(what))?;
    if total > cap {
        return Err(Error::InputTooLarge { what, limit: cap });
    }
    data.truncate(total);
    // Each round reads at least one byte or fails, so this ends within `total` rounds.
    while let Some(remaining) = total.checked_sub(data.len()).filter(|r| *r > 0) {
        let chunk = read_ef(t, data.len(), remaining.min(mode.max_le())).await?;
        if chunk.is_empty() {
            return Err(Error::CardResponseMalformed(what));
        }
        data.extend(chunk.into_iter().take(remaining));
    }
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_of_der_and_ber_headers() {
        assert_eq!(tlv_total_len(&[0x30, 0x82, 0x04, 0xD2]), Some(4 + 0x4D2));
        assert_eq!(tlv_total_len(&[0x30, 0x05]), Some(7));
        assert_eq!(tlv_total_len(&[0xFF, 0x20, 0x81, 0x90]), Some(4 + 0x90));
        assert_eq!(tlv_total_len(&[0xDF, 0x21, 0x03]), Some(6));
        assert_eq!(tlv_total_len(&[0x30, 0x80]), None);
        assert_eq!(tlv_total_len(&[0x30, 0x84, 1, 1, 1, 1]), None);
        assert_eq!(tlv_total_len(&[0x30, 0x82, 0x04]), None);
        assert_eq!(tlv_total_len(&[0xFF, 0xFF, 0xFF, 0xFF]), None);
        assert_eq!(tlv_total_len(&[]), None);
    }
}
