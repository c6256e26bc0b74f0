//! Wire formats: decoding bytes into structures, with size caps. Nothing here is trusted yet.

pub mod algorithm;
pub mod base64;
pub mod certificate;
pub mod cms;
pub mod cms_attrs;
pub mod crl;
pub(crate) mod der;
pub(crate) mod der_time;
pub mod digits;
pub(crate) mod find;
pub mod json;
pub mod jwk;
pub mod jws;
pub mod limits;
pub mod ocsp;
pub mod pem;
pub mod x509;
