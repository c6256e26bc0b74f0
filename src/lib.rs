//! myna-verify: verify Japan's My Number Card (JPKI) identity assertions and certificate chains.
//!
//! Layers, in the order a token travels: [`wire`] (decoding, size caps) → [`pki`] (path
//! validation, signatures) → [`jpki`] (J-LIS trust store, profile, identity attributes) →
//! [`assertion`] (challenges, policies) → `wasm` (bindings, wasm32 only).
//!
//! Time is always an input; the core never reads a clock.

#![forbid(unsafe_code)]

pub mod assertion;
#[cfg(feature = "card")]
pub mod card;
pub mod error;
pub mod jpki;
pub mod pki;
#[cfg(feature = "simulator")]
pub mod sim;
#[cfg(feature = "testpki")]
pub mod testpki;
pub mod wire;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::Error;
