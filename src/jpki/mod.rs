//! The JPKI profile: J-LIS trust store, auth/sign classification, identity attributes.
//! (Being filled in: see issue 2.)

pub mod inspect;
pub mod verify;

pub use inspect::{inspect_certificate, CertificateInfo};
pub use verify::{verify_certificate, JpkiVerified, VerifyOptions};
