//! A minimal `block_on` for native code and tests: the card layers are async so that WebUSB
//! can drive them, but over the simulator every future is ready at once.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

/// Poll `fut` to completion on this thread. Meant for futures that never wait on outside events
/// (the simulator); a future that returns `Pending` is polled again at once, at most
/// `max_polls` times, then `None`.
pub fn block_on<F: Future>(fut: F, max_polls: usize) -> Option<F::Output> {
    let waker = Waker::noop();
    let mut cx = Context::from_waker(waker);
    let mut fut = pin!(fut);
    for _ in 0..max_polls {
        if let Poll::Ready(v) = fut.as_mut().poll(&mut cx) {
            return Some(v);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ready_futures_complete_and_pending_ones_give_up() {
        assert_eq!(block_on(async { 41 + 1 }, 1), Some(42));
        assert_eq!(block_on(std::future::pending::<()>(), 5), None);
    }
}
