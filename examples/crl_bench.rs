//! CRL index benchmark (a program, not a test): builds a CRL of N entries with the testpki DER
//! writer, signed by the TEST auth root, then reports the parse+index time, the lookup time and
//! the index size against the DER size.
//!
//! `cargo run --release --features testpki --example crl_bench -- 1000000`

#[cfg(feature = "testpki")]
fn main() {
    bench::run();
}

#[cfg(not(feature = "testpki"))]
fn main() {
    eprintln!("crl_bench needs the TEST PKI: cargo run --release --features testpki --example crl_bench -- 1000000");
    std::process::exit(2);
}

#[cfg(feature = "testpki")]
mod bench {
    use myna_verify::jpki::Purpose;
    use myna_verify::pki::revocation::CrlIndex;
    use myna_verify::pki::UnixTime;
    use myna_verify::testpki::builder::name_der;
    use myna_verify::testpki::der;
    use myna_verify::testpki::jpki::root_name;
    use myna_verify::testpki::TestPki;
    use std::hint::black_box;
    use std::time::Instant;

    /// A bijection on u64 (SplitMix64's finaliser): distinct, well-spread 8-byte serials.
    fn serial(i: u64) -> u64 {
        let mut z = i.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn magnitude(v: u64) -> Vec<u8> {
        v.to_be_bytes()
            .iter()
            .copied()
            .skip_while(|&b| b == 0)
            .collect()
    }

    fn ext(oid: &str, value: &[u8]) -> Vec<u8> {
        der::sequence(&[der::oid(oid), der::octet_string(value)])
    }

    /// Entries: every 4th on hold (reasonCode certificateHold), the rest keyCompromise.
    fn crl(pki: &TestPki, count: u64) -> Vec<u8> {
        let at = der::x509_time(UnixTime(1_790_000_000));
        let hold = der::sequence(&[ext("2.5.29.21", &der::tlv(0x0A, &[6]))]);
        let key_compromise = der::sequence(&[ext("2.5.29.21", &der::tlv(0x0A, &[1]))]);
        let mut entries = Vec::new();
        for i in 0..count {
            let reason = if i % 4 == 0 { &hold } else { &key_compromise };
            let entry = [der::integer_u64(serial(i)), at.clone(), reason.clone()].concat();
            entries.extend(der::tlv(0x30, &entry));
        }
        let alg = der::sequence(&[der::oid("1.2.840.113549.1.1.11"), der::null()]);
        let tbs = der::sequence(&[
            der::integer_u64(1),
            alg.clone(),
            name_der(&root_name(Purpose::Auth)),
            der::x509_time(UnixTime(1_790_000_000)),
            der::x509_time(UnixTime(1_790_604_800)),
            der::tlv(0x30, &entries),
            der::explicit(
                0,
                &der::sequence(&[ext("2.5.29.20", &der::integer_u64(42))]),
            ),
        ]);
        let key = pki.root_key(Purpose::Auth);
        let signature = key.sign_sha256(&tbs).expect("TEST key signs");
        der::sequence(&[tbs, alg, der::bit_string(&signature, 0)])
    }

    pub fn run() {
        let count: u64 = std::env::args()
            .nth(1)
            .and_then(|a| a.parse().ok())
            .unwrap_or(1_000_000);
        let pki = TestPki::new().expect("TEST PKI");
        let started = Instant::now();
        let der = crl(&pki, count);
        println!(
            "generated {count} entries: {} DER bytes in {:.2?}",
            der.len(),
            started.elapsed()
        );

        let started = Instant::now();
        let index = CrlIndex::build(&der, pki.root(Purpose::Auth)).expect("CRL indexes");
        let build = started.elapsed();
        println!("parse + verify signature + index: {build:.2?}");

        let probes: Vec<Vec<u8>> = (0..1_000_000u64)
            .map(|i| magnitude(serial((i * 7919) % (2 * count.max(1)))))
            .collect();
        let started = Instant::now();
        let mut found = 0usize;
        for p in &probes {
            if black_box(index.lookup(black_box(p))).is_some() {
                found += 1;
            }
        }
        let per = started.elapsed().as_nanos() as f64 / probes.len() as f64;
        println!(
            "lookups: {} ({found} listed, {} not): {per:.0} ns each",
            probes.len(),
            probes.len() - found
        );
        let bytes = index.memory_bytes();
        println!(
            "index: {bytes} bytes for {} DER bytes ({:.3}x; {:.1} bytes/entry)",
            der.len(),
            bytes as f64 / der.len() as f64,
            bytes as f64 / index.len().max(1) as f64
        );
    }
}
