//! A simulated CCID reader.
