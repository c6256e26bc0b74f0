//! Signed identity assertions: origins, challenges, and (next) token verification.

pub mod challenge;
pub mod origin;

pub use challenge::{
    issue_challenge, issue_sealed_challenge, open_sealed_challenge, Challenge, MemoryNonceStore,
    NonceStore,
};
pub use origin::Origin;
