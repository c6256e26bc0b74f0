//! The card-info input support AP (券面事項入力補助AP): My Number and the basic-4 information.

/// PIN EF (4 digits, 3 tries).
pub const EF_PIN: u16 = 0x0011;
/// My Number EF: `D0 0C` + 12 ASCII digits.
pub const EF_MY_NUMBER: u16 = 0x0001;
/// Basic-4 information EF: `FF 20 { DF21 .. DF25 }`.
pub const EF_BASIC_INFO: u16 = 0x0002;
/// AP information EF (readable without a PIN).
pub const EF_AP_INFO: u16 = 0x0005;
