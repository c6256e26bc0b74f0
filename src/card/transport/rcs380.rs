//! Sony RC-S380 (PaSoRi) over WebUSB: Port-100 commands set the reader up for ISO 14443 Type B
//! at 106 kbps, REQB/ATTRIB activate the card, and ISO-DEP carries the APDUs ([`Transport`]).

use super::iso14443b::{self, Atqb};
use super::isodep::{IsoDep, Reception, Step};
use super::port100::{self, cmd, Port100, RfOutcome};
use super::{Transport, UsbBulk};
use crate::Error;

/// Sony's USB vendor id.
pub const VENDOR_ID: u16 = 0x054C;
/// RC-S380/S (0x06C1) and RC-S380/P (0x06C3).
pub const PRODUCT_IDS: [u16; 2] = [0x06C1, 0x06C3];
/// USB interface to claim (vendor class 0xFF).
pub const INTERFACE: u8 = 0;
/// Bulk OUT endpoint number.
pub const ENDPOINT_OUT: u8 = 2;
/// Bulk IN endpoint number.
pub const ENDPOINT_IN: u8 = 1;

/// InSetRF for Type B at 106 kbps (send and receive).
pub const IN_SET_RF_TYPE_B: [u8; 4] = [0x03, 0x07, 0x0F, 0x07];
/// InSetProtocol defaults (`id value` pairs), sent before the Type B settings.
pub const IN_SET_PROTOCOL_DEFAULTS: [u8; 38] = [
    0x00, 0x18, 0x01, 0x01, 0x02, 0x01, 0x03, 0x00, 0x04, 0x00, 0x05, 0x00, 0x06, 0x00, 0x07, 0x08,
    0x08, 0x00, 0x09, 0x00, 0x0A, 0x00, 0x0B, 0x00, 0x0C, 0x00, 0x0E, 0x04, 0x0F, 0x00, 0x10, 0x00,
    0x11, 0x00, 0x12, 0x00, 0x13, 0x06,
];
/// InSetProtocol for Type B: guard time 20, add/check SOF and EOF.
pub const IN_SET_PROTOCOL_TYPE_B: [u8; 10] =
    [0x00, 0x14, 0x09, 0x01, 0x0A, 0x01, 0x0B, 0x01, 0x0C, 0x01];
/// InCommRF timeout for REQB and ATTRIB, 0.1 ms units (30 ms).
pub const ACTIVATION_TIMEOUT: u16 = 300;
/// Extra time added to every frame waiting time, 0.1 ms units (the reader's own latency).
pub const FWT_MARGIN: u32 = 100;
/// InCommRF exchanges allowed for one APDU (blocks both ways, retries, WTX).
pub const MAX_STEPS: usize = 12_000;

/// True for a USB vendor/product id pair this driver runs.
pub fn is_rcs380(vendor_id: u16, product_id: u16) -> bool {
    vendor_id == VENDOR_ID && PRODUCT_IDS.contains(&product_id)
}

/// The error for a failed `claimInterface`: the operating system's driver holds the reader.
pub fn claim_failed() -> Error {
    Error::ReaderHeldByOs
}

/// An RC-S380 with (after [`Rcs380::activate`]) one Type B card in ISO-DEP.
pub struct Rcs380<B> {
    port: Port100<B>,
    isodep: Option<IsoDep>,
    fwi: u8,
    firmware: Vec<u8>,
}

/// The one-byte status most set-up commands return: 0 is success.
fn check_status(result: &[u8], what: &'static str) -> Result<(), Error> {
    match result.first() {
        Some(0) => Ok(()),
        _ => Err(Error::ReaderProtocol(what)),
    }
}

impl<B: UsbBulk> Rcs380<B> {
    /// Wrap the claimed device; `packet_size` is the bulk OUT endpoint's packet size.
    pub fn new(bulk: B, packet_size: usize) -> Self {
        Rcs380 {
            port: Port100::new(bulk, packet_size),
            isodep: None,
            fwi: 4,
            firmware: Vec::new(),
        }
    }

    /// Set up the reader, turn the field on and activate the card: ready for [`Transport`].
    pub async fn connect(bulk: B, packet_size: usize) -> Result<Self, Error> {
        let mut reader = Rcs380::new(bulk, packet_size);
        reader.init().await?;
        reader.activate().await?;
        Ok(reader)
    }

    /// The firmware version bytes read by [`Rcs380::init`].
    pub fn firmware_version(&self) -> &[u8] {
        &self.firmware
    }

    /// The endpoints (tests count transfers through them).
    pub fn bulk_mut(&mut self) -> &mut B {
        self.port.bulk_mut()
    }

    /// The reader's set-up for 106 kbps Type B: cancel, command type 1, firmware version, RF off,
    /// InSetRF, InSetProtocol defaults then Type B settings.
    pub async fn init(&mut self) -> Result<(), Error> {
        self.port.cancel().await?;
        let r = self.port.command(cmd::SET_COMMAND_TYPE, &[0x01]).await?;
        check_status(&r, "SetCommandType refused")?;
        self.firmware = self.port.command(cmd::GET_FIRMWARE_VERSION, &[]).await?;
        let r = self.port.command(cmd::SWITCH_RF, &[0x00]).await?;
        check_status(&r, "SwitchRF refused")?;
        let r = self.port.command(cmd::IN_SET_RF, &IN_SET_RF_TYPE_B).await?;
        check_status(&r, "InSetRF refused")?;
        let r = self
            .port
            .command(cmd::IN_SET_PROTOCOL, &IN_SET_PROTOCOL_DEFAULTS)
            .await?;
        check_status(&r, "InSetProtocol refused")?;
        let r = self
            .port
            .command(cmd::IN_SET_PROTOCOL, &IN_SET_PROTOCOL_TYPE_B)
            .await?;
        check_status(&r, "InSetProtocol refused")
    }

    /// One RF exchange: send `frame`, wait at most `timeout` (0.1 ms units).
    pub async fn in_comm_rf(&mut self, frame: &[u8], timeout: u16) -> Result<RfOutcome, Error> {
        let params = port100::in_comm_rf_params(timeout, frame);
        let result = self.port.command(cmd::IN_COMM_RF, &params).await?;
        port100::parse_in_comm_rf(&result)
    }

    /// REQB then ATTRIB; the card's ATQB. No answer to REQB is [`Error::CardNotPresent`].
    pub async fn activate(&mut self) -> Result<Atqb, Error> {
        self.isodep = None;
        let atqb = match self
            .in_comm_rf(&iso14443b::reqb(), ACTIVATION_TIMEOUT)
            .await?
        {
            RfOutcome::Frame(f) => Atqb::parse(&f)?,
            RfOutcome::Timeout => return Err(Error::CardNotPresent),
            RfOutcome::Damaged => return Err(Error::CardNoResponse("ATQB damaged")),
        };
        match self
            .in_comm_rf(&iso14443b::attrib(&atqb.pupi), ACTIVATION_TIMEOUT)
            .await?
        {
            RfOutcome::Frame(f) => iso14443b::check_attrib_answer(&f)?,
            RfOutcome::Timeout => return Err(Error::CardNotPresent),
            RfOutcome::Damaged => return Err(Error::CardNoResponse("ATTRIB answer damaged")),
        }
        self.fwi = atqb.fwi;
        self.isodep = Some(IsoDep::new(atqb.fsc()));
        Ok(atqb)
    }

    /// Turn the RF field off (the card resets); [`Rcs380::activate`] starts again.
    pub async fn field_off(&mut self) -> Result<(), Error> {
        self.isodep = None;
        let r = self.port.command(cmd::SWITCH_RF, &[0x00]).await?;
        check_status(&r, "SwitchRF refused")
    }

    /// InCommRF timeout for one block: FWT × WTXM plus a margin, capped at the u16 field.
    fn block_timeout(&self, wtxm: u8) -> u16 {
        let t = iso14443b::fwt_100us(self.fwi)
            .saturating_mul(u32::from(wtxm.max(1)))
            .saturating_add(FWT_MARGIN);
        u16::try_from(t).unwrap_or(u16::MAX)
    }

    async fn exchange(&mut self, command: &[u8]) -> Result<Vec<u8>, Error> {
        let mut isodep = self.isodep.take().ok_or(Error::CardNotPresent)?;
        let mut step = isodep.start(command)?;
        let mut timeouts = 0u32;
        for _ in 0..MAX_STEPS {
            let (frame, wtxm) = match step {
                Step::Done(response) => {
                    self.isodep = Some(isodep);
                    return Ok(response);
                }
                Step::Send { frame, wtxm } => (frame, wtxm),
            };
            let outcome = self.in_comm_rf(&frame, self.block_timeout(wtxm)).await?;
            let rx = match &outcome {
                RfOutcome::Frame(f) => {
                    timeouts = 0;
                    Reception::Frame(f)
                }
                RfOutcome::Timeout => {
                    timeouts = timeouts.saturating_add(1);
                    Reception::Timeout
                }
                RfOutcome::Damaged => {
                    timeouts = 0;
                    Reception::Damaged
                }
            };
            step = match isodep.on_reception(rx) {
                Ok(next) => next,
                // Every retry met silence: the card has gone.
                Err(Error::CardNoResponse(_)) if timeouts > super::isodep::MAX_RETRIES => {
                    return Err(Error::CardNotPresent)
                }
                Err(e) => return Err(e),
            };
        }
        Err(Error::CardNoResponse("ISO-DEP exchange too long"))
    }
}

impl<B: UsbBulk> Transport for Rcs380<B> {
    /// One APDU over ISO-DEP. After an error the card must be activated again.
    async fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, Error> {
        self.exchange(command).await
    }
}
