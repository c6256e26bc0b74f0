//! Signed identity assertions: origins, challenges, Web eID tokens and their verification.

pub mod challenge;
pub mod cms;
pub mod jws;
pub mod origin;
pub mod policy;
pub mod result;
pub mod signer;
pub mod token;
pub mod verify_token;

pub use challenge::{
    issue_challenge, issue_sealed_challenge, open_sealed_challenge, Challenge, MemoryNonceStore,
    NonceStore,
};
pub use origin::Origin;
pub use policy::{IdentityAttribute, RevocationMode, TokenPolicy};
pub use result::{RevocationInfo, RevocationStatus, TokenVerified, VerifyOutcome, Warning};
pub use token::{make_web_eid_token, parse_token, signed_data, TokenFormat, WebEidToken};
pub use verify_token::{verify_token, NonceCheck, TokenContext};
