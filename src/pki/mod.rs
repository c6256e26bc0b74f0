//! Public-key infrastructure: RFC 5280 path building and validation, signatures, names.

pub mod algorithm;
pub mod cert;
pub mod checks;
pub mod name_constraints;
pub mod names;
pub mod options;
pub mod path;
pub mod policy;
pub mod revocation;
pub mod signature;
pub mod spki;
pub mod time;

pub use names::ExpectedName;
pub use options::{Budgets, Profile, ValidationOptions};
pub use path::{verify_path, TrustAnchor, ValidatedPath};
pub use signature::{verify_signature, Hash, SignatureAlgorithm};
pub use time::UnixTime;
