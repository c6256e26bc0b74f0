//! A transport that hands each APDU to the host: a native shell's PC/SC, Node, or the JS glue
//! around the Web Smart Card API. The callback is a trait object or a closure returning a
//! future; operations run one at a time, even when the handle is shared.

use super::Transport;
use crate::Error;
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// The largest response accepted from the host (65536 data bytes + SW1 SW2).
pub const MAX_RESPONSE: usize = 65_538;

/// A boxed future returned by a host callback.
pub type HostFuture = Pin<Box<dyn Future<Output = Result<Vec<u8>, Error>>>>;

/// The host's side: exchange one APDU.
pub trait HostTransmit {
    /// Send `command` to the card; the response APDU.
    fn transmit(&mut self, command: Vec<u8>) -> HostFuture;
}

impl<F, Fut> HostTransmit for F
where
    F: FnMut(Vec<u8>) -> Fut,
    Fut: Future<Output = Result<Vec<u8>, Error>> + 'static,
{
    fn transmit(&mut self, command: Vec<u8>) -> HostFuture {
        Box::pin(self(command))
    }
}

/// Holds the busy flag for one operation; clears it when the operation ends or is dropped.
struct BusyGuard(Rc<Cell<bool>>);

impl BusyGuard {
    fn take(flag: &Rc<Cell<bool>>) -> Result<BusyGuard, Error> {
        if flag.replace(true) {
            return Err(Error::ReaderBusy);
        }
        Ok(BusyGuard(Rc::clone(flag)))
    }
}

impl Drop for BusyGuard {
    fn drop(&mut self) {
        self.0.set(false);
    }
}

/// [`Transport`] over a host callback. Clones share the callback's busy flag, so a second
/// operation started while one runs fails with [`Error::ReaderBusy`] instead of interleaving.
pub struct HostTransport<H> {
    host: Rc<std::cell::RefCell<H>>,
    busy: Rc<Cell<bool>>,
}

impl<H> Clone for HostTransport<H> {
    fn clone(&self) -> Self {
        HostTransport {
            host: Rc::clone(&self.host),
            busy: Rc::clone(&self.busy),
        }
    }
}

impl<H: HostTransmit> HostTransport<H> {
    /// Wrap a host callback (a closure `FnMut(Vec<u8>) -> impl Future` or a [`HostTransmit`]).
    pub fn new(host: H) -> Self {
        HostTransport {
            host: Rc::new(std::cell::RefCell::new(host)),
            busy: Rc::new(Cell::new(false)),
        }
    }

    /// True while an operation runs.
    pub fn is_busy(&self) -> bool {
        self.busy.get()
    }
}

/// Check a host response: SW1 SW2 present, size within [`MAX_RESPONSE`].
pub fn check_response(response: &[u8]) -> Result<(), Error> {
    if response.len() < 2 {
        return Err(Error::ReaderProtocol(
            "host response shorter than a status word",
        ));
    }
    if response.len() > MAX_RESPONSE {
        return Err(Error::InputTooLarge {
            what: "card response",
            limit: MAX_RESPONSE,
        });
    }
    Ok(())
}

impl<H: HostTransmit> Transport for HostTransport<H> {
    async fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, Error> {
        let _guard = BusyGuard::take(&self.busy)?;
        let future = {
            let mut host = self.host.try_borrow_mut().map_err(|_| Error::ReaderBusy)?;
            host.transmit(command.to_vec())
        };
        let response = future.await?;
        check_response(&response)?;
        Ok(response)
    }
}
