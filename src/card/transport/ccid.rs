//! CCID (USB smart-card reader class) host side.
