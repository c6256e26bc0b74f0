//! iPAddress name constraints: an address followed by a mask of the same length (RFC 5280
//! §4.2.1.10), 8 bytes for IPv4 and 32 for IPv6. The mask must be contiguous (CIDR form).

/// `true` when `constraint` is a well-formed address+mask pair.
pub(super) fn is_valid_constraint(constraint: &[u8]) -> bool {
    if constraint.len() != 8 && constraint.len() != 32 {
        return false;
    }
    let (_, mask) = constraint.split_at(constraint.len() / 2);
    is_contiguous_mask(mask)
}

/// Ones followed only by zeros, bit by bit across the whole mask.
fn is_contiguous_mask(mask: &[u8]) -> bool {
    let mut seen_zero = false;
    for byte in mask {
        for bit in (0..8).rev() {
            let one = byte & (1 << bit) != 0;
            if one && seen_zero {
                return false;
            }
            seen_zero |= !one;
        }
    }
    true
}

/// `true` when the SAN address (4 or 16 bytes) lies in the constraint's subnet. Addresses of the
/// other family never match.
pub(super) fn matches(address: &[u8], constraint: &[u8]) -> bool {
    if address.len().checked_mul(2) != Some(constraint.len()) {
        return false;
    }
    let (network, mask) = constraint.split_at(address.len());
    address
        .iter()
        .zip(network)
        .zip(mask)
        .all(|((a, n), m)| a & m == n & m)
}

#[cfg(test)]
mod tests {
    use super::*;

    const V4_24: [u8; 8] = [192, 0, 2, 0, 255, 255, 255, 0];

    fn v6_128_loopback() -> Vec<u8> {
        let mut c = vec![0u8; 32];
        c[15] = 1;
        c[16..].fill(0xff);
        c
    }

    #[test]
    fn validates_constraint_shape() {
        assert!(is_valid_constraint(&V4_24));
        assert!(is_valid_constraint(&[0, 0, 0, 0, 0, 0, 0, 0]));
        assert!(is_valid_constraint(&v6_128_loopback()));
        assert!(!is_valid_constraint(&[127, 0, 0, 1])); // no mask
        assert!(!is_valid_constraint(&[0u8; 16])); // IPv6 without mask
        assert!(!is_valid_constraint(&[10, 0, 0, 0, 255, 0, 255, 0])); // holes in the mask
        assert!(!is_valid_constraint(&[10, 0, 0, 0, 0xfe, 0x01, 0, 0]));
    }

    #[test]
    fn matches_ipv4_subnet() {
        assert!(matches(&[192, 0, 2, 1], &V4_24));
        assert!(matches(&[192, 0, 2, 255], &V4_24));
        assert!(!matches(&[192, 0, 3, 1], &V4_24));
        assert!(matches(&[8, 8, 8, 8], &[0, 0, 0, 0, 0, 0, 0, 0]));
    }

    #[test]
    fn matches_ipv6_and_keeps_families_apart() {
        let c = v6_128_loopback();
        let mut loopback = [0u8; 16];
        loopback[15] = 1;
        assert!(matches(&loopback, &c));
        loopback[15] = 2;
        assert!(!matches(&loopback, &c));
        assert!(!matches(&[0, 0, 0, 1], &c));
        let mut mapped = [0u8; 16];
        mapped[10] = 0xff;
        mapped[11] = 0xff;
        mapped[12..].copy_from_slice(&[192, 0, 2, 1]);
        assert!(!matches(&mapped, &V4_24));
        assert!(!matches(&[192, 0, 2], &V4_24)); // malformed address
    }
}
