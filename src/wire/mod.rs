//! Wire formats: decoding bytes into structures, with size caps. Nothing here is trusted yet.

pub mod base64;
pub mod crl;
pub(crate) mod der;
pub mod limits;
pub mod ocsp;
pub mod pem;
pub mod cms;
pub mod cms_attrs;
pub mod json;
pub mod jwk;
pub mod jws;
