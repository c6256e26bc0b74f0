//! The JPKI profile: J-LIS trust store, auth/sign classification, identity attributes.
//! (Being filled in: see issue 2.)
