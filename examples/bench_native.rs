//! Native half of `npm run bench` (a program, not a test). Two commands:
//!
//! - `bench_native crl ROOT_DER KEY_PEM ENTRIES TIME OUT` writes a complete CRL of `ENTRIES`
//!   revoked serials, issued by the certificate `ROOT_DER` and signed with `KEY_PEM` (the TEST
//!   auth root key), thisUpdate one hour before `TIME` (seconds since the epoch);
//! - `bench_native run DIR [--quick]` reads the inputs the harness wrote in `DIR` (the TEST
//!   chain, a Web eID token, a JWS, CRLs) and prints one JSON object of measurements.
//!
//! `cargo run --release --features testpki --example bench_native -- run DIR`

#[cfg(feature = "testpki")]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Err(e) = bench::main(&args) {
        eprintln!("bench_native: {e}");
        std::process::exit(1);
    }
}

#[cfg(not(feature = "testpki"))]
fn main() {
    eprintln!("bench_native needs the TEST PKI: cargo run --release --features testpki --example bench_native -- run DIR");
    std::process::exit(2);
}

#[cfg(feature = "testpki")]
mod bench {
    use myna_verify::assertion::jws::{verify_jws, JwsKey, JwsOptions};
    use myna_verify::assertion::verify_token::verify_token_with_revocation;
    use myna_verify::assertion::{NonceCheck, TokenContext, TokenPolicy};
    use myna_verify::jpki::{
        inspect_certificate, verify_certificate, TrustSelection, VerifyOptions,
    };
    use myna_verify::pki::revocation::{CrlIndex, RevocationEvidence};
    use myna_verify::pki::signature::{verify_signature, SignatureAlgorithm};
    use myna_verify::pki::UnixTime;
    use myna_verify::testpki::der;
    use myna_verify::testpki::TestKey;
    use serde_json::{json, Value};
    use std::hint::black_box;
    use std::path::{Path, PathBuf};
    use std::time::{Duration, Instant};

    type Res<T> = Result<T, String>;

    /// Dispatch on the first argument.
    pub fn main(args: &[String]) -> Res<()> {
        match args.first().map(String::as_str) {
            Some("crl") => write_crl(args.get(1..).unwrap_or(&[])),
            Some("run") => run(args.get(1..).unwrap_or(&[])),
            _ => Err("usage: bench_native crl ROOT KEY N TIME OUT | run DIR [--quick]".into()),
        }
    }

    fn arg(args: &[String], i: usize, what: &str) -> Res<String> {
        args.get(i)
            .cloned()
            .ok_or_else(|| format!("missing {what}"))
    }

    fn read(path: &Path) -> Res<Vec<u8>> {
        std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
    }

    fn read_text(path: &Path) -> Res<String> {
        std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
    }

    // ------------------------------------------------------------------ CRL writer

    /// A bijection on u64 (SplitMix64's finaliser): distinct, well-spread 8-byte serials.
    fn serial(i: u64) -> u64 {
        let mut z = i.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Minimal big-endian magnitude of `v`.
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

    /// The subject Name (complete DER) of a certificate.
    fn subject_of(cert_der: &[u8]) -> Res<Vec<u8>> {
        let cert = myna_verify::wire::x509::Certificate::from_der(cert_der)
            .map_err(|_| "issuer certificate: malformed".to_string())?;
        Ok(cert.subject().as_raw().to_vec())
    }

    /// The revoked-certificates list: `count` entries, serial(i) revoked at a pseudo-random
    /// second of the five years before `at` (a JPKI certificate's lifetime), like a national
    /// CRL's spread of dates; every 4th entry on hold, the rest keyCompromise.
    fn entries(count: u64, at: UnixTime) -> Vec<u8> {
        const FIVE_YEARS: u64 = 5 * 365 * 86_400;
        let hold = der::sequence(&[ext("2.5.29.21", &der::tlv(0x0A, &[6]))]);
        let key_compromise = der::sequence(&[ext("2.5.29.21", &der::tlv(0x0A, &[1]))]);
        let mut out = Vec::new();
        for i in 0..count {
            let reason = if i % 4 == 0 { &hold } else { &key_compromise };
            let date = der::x509_time(UnixTime(at.0 - (serial(!i) % FIVE_YEARS) as i64));
            let entry = [der::integer_u64(serial(i)), date, reason.clone()].concat();
            out.extend(der::tlv(0x30, &entry));
        }
        out
    }

    fn write_crl(args: &[String]) -> Res<()> {
        let root = read(Path::new(&arg(args, 0, "ROOT_DER")?))?;
        let key_pem = read_text(Path::new(&arg(args, 1, "KEY_PEM")?))?;
        let count: u64 = arg(args, 2, "ENTRIES")?
            .parse()
            .map_err(|_| "bad ENTRIES")?;
        let time: i64 = arg(args, 3, "TIME")?.parse().map_err(|_| "bad TIME")?;
        let out = PathBuf::from(arg(args, 4, "OUT")?);
        let key = TestKey::from_pkcs8_pem(&key_pem).map_err(|e| e.to_string())?;
        let this_update = UnixTime(time - 3600);
        let alg = der::sequence(&[der::oid("1.2.840.113549.1.1.11"), der::null()]);
        let tbs = der::sequence(&[
            der::integer_u64(1),
            alg.clone(),
            subject_of(&root)?,
            der::x509_time(this_update),
            der::x509_time(UnixTime(time + 7 * 86_400)),
            der::tlv(0x30, &entries(count, UnixTime(time - 86_400))),
            der::explicit(
                0,
                &der::sequence(&[ext("2.5.29.20", &der::integer_u64(42))]),
            ),
        ]);
        let signature = key.sign_sha256(&tbs).map_err(|e| e.to_string())?;
        let crl = der::sequence(&[tbs, alg, der::bit_string(&signature, 0)]);
        std::fs::write(&out, &crl).map_err(|e| format!("{}: {e}", out.display()))
    }

    // ------------------------------------------------------------------ timing

    /// How long each repeat runs, and how many repeats.
    #[derive(Clone, Copy)]
    struct Plan {
        repeat: Duration,
        repeats: usize,
    }

    /// Run `f` for about `plan.repeat`, `plan.repeats` times; ops/s median, min, max.
    fn throughput<F: FnMut() -> bool>(plan: Plan, mut f: F) -> Res<Value> {
        if !f() {
            return Err("the measured operation failed on its first run".into());
        }
        let mut rates = Vec::with_capacity(plan.repeats);
        for _ in 0..plan.repeats {
            let started = Instant::now();
            let mut n = 0u64;
            while started.elapsed() < plan.repeat {
                black_box(f());
                n += 1;
            }
            rates.push(n as f64 / started.elapsed().as_secs_f64());
        }
        Ok(summary(&mut rates, "ops/s"))
    }

    /// Median, min and max of `values` (sorted in place), with the unit.
    fn summary(values: &mut [f64], unit: &str) -> Value {
        values.sort_by(|a, b| a.total_cmp(b));
        let mid = values.get(values.len() / 2).copied().unwrap_or(f64::NAN);
        json!({
            "median": mid,
            "min": values.first().copied().unwrap_or(f64::NAN),
            "max": values.last().copied().unwrap_or(f64::NAN),
            "samples": values.len(),
            "unit": unit,
        })
    }

    // ------------------------------------------------------------------ inputs

    struct Inputs {
        ee: Vec<u8>,
        root: Vec<u8>,
        spki: Vec<u8>,
        token: String,
        origin: String,
        nonce: String,
        message: Vec<u8>,
        signature: Vec<u8>,
        jws: String,
        crl_small: Vec<u8>,
        crl_large: Vec<u8>,
        time: UnixTime,
    }

    fn inputs(dir: &Path) -> Res<Inputs> {
        let meta: Value = serde_json::from_str(&read_text(&dir.join("inputs.json"))?)
            .map_err(|e| format!("inputs.json: {e}"))?;
        let text = |k: &str| -> Res<String> {
            meta.get(k)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| format!("inputs.json: {k}"))
        };
        let time = meta
            .get("time")
            .and_then(Value::as_i64)
            .ok_or("inputs.json: time")?;
        Ok(Inputs {
            ee: read(&dir.join("ee.der"))?,
            root: read(&dir.join("root.der"))?,
            spki: read(&dir.join("ee-spki.der"))?,
            token: read_text(&dir.join("token.json"))?,
            origin: text("origin")?,
            nonce: text("nonce")?,
            message: read(&dir.join("signed-data.bin"))?,
            signature: read(&dir.join("token-signature.bin"))?,
            jws: read_text(&dir.join("token.jws"))?,
            crl_small: read(&dir.join("crl-small.der"))?,
            crl_large: read(&dir.join("crl-large.der"))?,
            time: UnixTime(time),
        })
    }

    fn token_ok(inp: &Inputs, evidence: &[RevocationEvidence<'_>]) -> bool {
        let ctx = TokenContext {
            origin: &inp.origin,
            nonce: &inp.nonce,
            time: inp.time,
            nonce_check: NonceCheck::Caller,
        };
        let policy = TokenPolicy {
            trust: TrustSelection::Test,
            ..TokenPolicy::default()
        };
        verify_token_with_revocation(&inp.token, ctx, &policy, evidence).is_ok_and(|o| o.is_ok())
    }

    fn jws_ok(inp: &Inputs) -> bool {
        let Ok(key) = JwsKey::from_spki("auth", &inp.spki) else {
            return false;
        };
        let mut opts = JwsOptions::at(inp.time);
        opts.keys = vec![key];
        verify_jws(&inp.jws, &opts).is_ok()
    }

    // ------------------------------------------------------------------ run

    fn run(args: &[String]) -> Res<()> {
        let dir = PathBuf::from(arg(args, 0, "DIR")?);
        let quick = args.iter().any(|a| a == "--quick");
        let plan = if quick {
            Plan {
                repeat: Duration::from_millis(60),
                repeats: 3,
            }
        } else {
            Plan {
                repeat: Duration::from_millis(400),
                repeats: 7,
            }
        };
        let inp = inputs(&dir)?;
        let alg = SignatureAlgorithm::from_jose("RS256").map_err(|e| e.to_string())?;
        let mut cert_opts = VerifyOptions::at(inp.time);
        cert_opts.trust = TrustSelection::Test;
        let small =
            CrlIndex::build(&inp.crl_small, &inp.root).map_err(|e| format!("small CRL: {e}"))?;

        let ops = json!({
            "parse": throughput(plan, || inspect_certificate(black_box(&inp.ee)).is_ok())?,
            "rsaVerify": throughput(plan, || {
                verify_signature(&inp.spki, alg, &inp.message, &inp.signature).is_ok()
            })?,
            "chain": throughput(plan, || verify_certificate(&inp.ee, &[], &cert_opts).is_ok())?,
            "token": throughput(plan, || token_ok(&inp, &[]))?,
            "tokenCrl": throughput(plan, || token_ok(&inp, &[RevocationEvidence::Crl(&small)]))?,
            "jws": throughput(plan, || jws_ok(&inp))?,
            "crlSmallIndex": throughput(plan, || CrlIndex::build(&inp.crl_small, &inp.root).is_ok())?,
        });
        let large = if quick {
            crl_large(&inp, 1, 100_000)?
        } else {
            crl_large(&inp, 3, 1_000_000)?
        };
        let out = json!({
            "quick": quick,
            "throughput": ops,
            "crlLarge": large,
            "crlSmallEntries": small.len(),
        });
        println!("{out}");
        Ok(())
    }

    /// The large CRL: parse + signature + index time (ms), lookups (ns), index bytes.
    fn crl_large(inp: &Inputs, repeats: usize, probes: u64) -> Res<Value> {
        let mut build_ms = Vec::new();
        let mut index = None;
        for _ in 0..repeats {
            let started = Instant::now();
            let built = CrlIndex::build(&inp.crl_large, &inp.root)
                .map_err(|e| format!("large CRL: {e}"))?;
            build_ms.push(started.elapsed().as_secs_f64() * 1e3);
            index = Some(built);
        }
        let index = index.ok_or("no repeat")?;
        let count = index.len() as u64;
        let probes: Vec<Vec<u8>> = (0..probes)
            .map(|i| magnitude(serial((i * 7919) % (2 * count.max(1)))))
            .collect();
        // All probes mixed, and the listed (which also read their entry) and the unlisted ones
        // apart, timed in turn within each repeat so a slow spell lands on all three alike.
        let all: Vec<&Vec<u8>> = probes.iter().collect();
        let (hits, misses): (Vec<&Vec<u8>>, Vec<&Vec<u8>>) =
            probes.iter().partition(|p| index.lookup(p).is_some());
        let listed = hits.len();
        let mut ns = [Vec::new(), Vec::new(), Vec::new()];
        for _ in 0..repeats.max(3) {
            for (ns, set) in ns.iter_mut().zip([&all, &hits, &misses]) {
                let started = Instant::now();
                let mut found = 0usize;
                for p in set.iter() {
                    if black_box(index.lookup(black_box(p))).is_some() {
                        found += 1;
                    }
                }
                black_box(found);
                ns.push(started.elapsed().as_nanos() as f64 / set.len().max(1) as f64);
            }
        }
        let [mut lookup_ns, mut listed_ns, mut unlisted_ns] = ns;
        Ok(json!({
            "entries": count,
            "derBytes": inp.crl_large.len(),
            "indexBytes": index.memory_bytes(),
            "buildMs": summary(&mut build_ms, "ms"),
            "lookupNs": summary(&mut lookup_ns, "ns"),
            "lookupListedNs": summary(&mut listed_ns, "ns"),
            "lookupUnlistedNs": summary(&mut unlisted_ns, "ns"),
            "probes": probes.len(),
            "probesListed": listed,
        }))
    }
}
