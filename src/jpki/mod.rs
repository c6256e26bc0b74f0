//! The JPKI profile: J-LIS trust store, auth/sign classification, identity attributes.
//!
//! - [`roots`]: the four J-LIS roots (and the opt-in TEST roots), tagged by purpose/generation.
//! - [`profile`]: which end-entities are `jpki-auth` / `jpki-sign`.
//! - [`attributes`] and [`era`]: the identity carried by signature certificates.
//! - [`inspect`]: describe any certificate; [`verify`]: verify a JPKI certificate.

pub mod attributes;
pub mod dn;
pub mod era;
pub mod inspect;
pub mod profile;
pub mod roots;
pub mod verify;

pub use attributes::{Gender, Identity};
pub use era::{DateOfBirth, Era};
pub use inspect::{inspect_certificate, CertificateInfo};
pub use profile::PolicySet;
pub use roots::{jlis_roots, test_roots, Purpose, Root};
pub use verify::{
    verify_certificate, AnchorInfo, CertificateSummary, ChainEntry, CustomAnchor, JpkiVerified,
    TrustSelection, VerifyOptions,
};
