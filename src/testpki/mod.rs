//! A JPKI-shaped TEST PKI (feature `testpki`): a DER writer, a certificate builder, fixed and
//! seeded RSA keys, and the TEST hierarchy itself. Nothing here is trusted by the verifier unless
//! a caller selects [`crate::jpki::TrustSelection::Test`].
//!
//! `cargo run --example testpki --features testpki -- DIR` writes the hierarchy as PEM files.

pub mod builder;
pub mod der;
pub mod jpki;
pub mod keys;

pub use jpki::{EeSpec, Issuer, TestIdentity, TestPki};
pub use keys::{sha256_digest_info, FixedKey, TestKey};
