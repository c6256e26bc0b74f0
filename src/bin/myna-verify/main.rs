//! `myna-verify`: verify JPKI certificates, Web eID tokens, CMS and JWS from the command line.
//! Prints one result JSON on stdout. Exit status: 0 verified, 1 refused, 2 usage or I/O error.

mod args;

use args::Args;
use myna_verify::assertion::cms::{verify_cms_with_revocation, CmsOptions};
use myna_verify::assertion::jws::{verify_jws, JwsKey, JwsOptions};
use myna_verify::assertion::signer::SignerTrust;
use myna_verify::assertion::verify_token::verify_token_with_revocation;
use myna_verify::assertion::{
    IdentityAttribute, NonceCheck, RevocationMode, TokenContext, TokenPolicy,
};
use myna_verify::jpki::{self, CustomAnchor, Purpose, TrustSelection};
use myna_verify::pki::revocation::{CrlIndex, RevocationEvidence};
use myna_verify::pki::UnixTime;
use myna_verify::wire::pem;
use myna_verify::Error;
use serde_json::{json, Value};
use std::process::ExitCode;

const USAGE: &str = "\
usage: myna-verify COMMAND [OPTIONS]

commands:
  inspect CERT                         describe a certificate (PEM or DER); no trust decision
  verify-cert CERT [--intermediate F]  verify a JPKI certificate
  verify-token --token FILE --origin O --nonce N
                                       verify a Web eID authentication token (JSON)
  verify-cms FILE [--content FILE]     verify CMS SignedData (DER), attached or detached
  verify-jws FILE [--key JWKS|SPKI]    verify a JWS compact serialisation (x5c or key set)

options:
  --trust jpki|jpki-test|FILE.pem      trust store (repeatable; default jpki = the J-LIS roots;
                                       a PEM file's roots are trusted for both purposes)
  --accept jpki-auth|jpki-sign         accepted certificate kinds (repeatable)
  --at RFC3339                         validation time (default: now)
  --require name|address|dateOfBirth|gender
                                       identity attributes a token must carry (repeatable)
  --revocation require|prefer|off      revocation policy for tokens and CMS signers
                                       (default prefer)
  --allow-dev-origins                  accept http://localhost origins (development only)
  --allow-sha1                         accept SHA-1 signatures (legacy verification only)
  --crl FILE                           a CRL (DER) from one of the trusted roots (verify-token,
                                       verify-cms; repeatable); its issuer is found among the
                                       trusted roots
  --ocsp FILE --issuer CERT            an OCSP response (DER) and its issuing CA (verify-token,
                                       verify-cms; --ocsp repeatable, one --issuer)

exit status: 0 verified, 1 refused, 2 usage or I/O error";

/// A failure to report: usage/I/O (exit 2) or a verification refusal (exit 1).
enum Failure {
    Usage(String),
    Refused(Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Refused(e)
    }
}

fn read(path: &str) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure::Usage(format!("cannot read {path}: {e}")))
}

fn read_text(path: &str) -> Result<String, Failure> {
    String::from_utf8(read(path)?).map_err(|_| Failure::Usage(format!("{path} is not UTF-8 text")))
}

fn now() -> UnixTime {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    UnixTime(i64::try_from(secs).unwrap_or(i64::MAX))
}

fn time(args: &Args) -> Result<UnixTime, Failure> {
    match args.one("at") {
        Some(t) => UnixTime::parse_rfc3339(t)
            .map_err(|_| Failure::Usage(format!("--at {t}: not RFC 3339"))),
        None => Ok(now()),
    }
}

fn trust(args: &Args) -> Result<TrustSelection, Failure> {
    let given = args.all("trust");
    if given.is_empty() {
        return Ok(TrustSelection::Jlis);
    }
    let mut custom = Vec::new();
    for t in given {
        match t.as_str() {
            "jpki" if given.len() == 1 => return Ok(TrustSelection::Jlis),
            "jpki-test" if given.len() == 1 => return Ok(TrustSelection::Test),
            "jpki" | "jpki-test" => {
                return Err(Failure::Usage(
                    "--trust jpki/jpki-test cannot be combined".into(),
                ))
            }
            file => {
                let certs = pem::certificates(&read_text(file)?).map_err(Failure::Refused)?;
                if certs.is_empty() {
                    return Err(Failure::Usage(format!("{file}: no CERTIFICATE in it")));
                }
                for der in certs {
                    for purpose in [Purpose::Auth, Purpose::Sign] {
                        custom.push(CustomAnchor {
                            der: der.clone(),
                            purpose,
                            name: file.to_string(),
                        });
                    }
                }
            }
        }
    }
    Ok(TrustSelection::Custom(custom))
}

fn kinds(args: &Args, default: &[Purpose]) -> Result<Vec<Purpose>, Failure> {
    if args.all("accept").is_empty() {
        return Ok(default.to_vec());
    }
    args.all("accept")
        .iter()
        .map(|k| match k.as_str() {
            "jpki-auth" => Ok(Purpose::Auth),
            "jpki-sign" => Ok(Purpose::Sign),
            other => Err(Failure::Usage(format!(
                "--accept {other}: use jpki-auth or jpki-sign"
            ))),
        })
        .collect()
}

fn jpki_options(args: &Args) -> Result<jpki::VerifyOptions, Failure> {
    let mut o = jpki::VerifyOptions::at(time(args)?);
    o.trust = trust(args)?;
    o.accepted_kinds = kinds(args, &[Purpose::Auth, Purpose::Sign])?;
    o.allow_sha1 = args.flag("allow-sha1");
    Ok(o)
}

fn refuse_revocation_inputs(args: &Args) -> Result<(), Failure> {
    let given = !args.all("crl").is_empty()
        || !args.all("ocsp").is_empty()
        || args.one("issuer").is_some()
        || args.one("revocation").is_some();
    if given && !matches!(args.command.as_str(), "verify-token" | "verify-cms") {
        return Err(Failure::Usage(format!(
            "--crl/--ocsp/--issuer/--revocation are read by verify-token and verify-cms only; \
             {} would not check them",
            args.command
        )));
    }
    Ok(())
}

/// The revocation evidence files of the command line, read and indexed.
struct EvidenceFiles {
    indexes: Vec<CrlIndex>,
    ocsp: Vec<Vec<u8>>,
    issuer: Vec<u8>,
}

impl EvidenceFiles {
    /// `--crl` (indexed under the trusted root that signed it), `--ocsp` with `--issuer`.
    fn read(args: &Args, selection: &TrustSelection) -> Result<Self, Failure> {
        let indexes = crl_indexes(args, selection)?;
        let ocsp: Vec<Vec<u8>> = args
            .all("ocsp")
            .iter()
            .map(|f| read(f))
            .collect::<Result<_, _>>()?;
        let issuer = match (ocsp.is_empty(), args.one("issuer")) {
            (false, Some(f)) => cert_input(f)?,
            (false, None) => return Err(Failure::Usage("--ocsp needs --issuer CERT".into())),
            (true, Some(_)) => return Err(Failure::Usage("--issuer is for --ocsp".into())),
            (true, None) => Vec::new(),
        };
        Ok(EvidenceFiles {
            indexes,
            ocsp,
            issuer,
        })
    }

    fn evidence(&self) -> Vec<RevocationEvidence<'_>> {
        let mut out: Vec<RevocationEvidence<'_>> =
            self.indexes.iter().map(RevocationEvidence::Crl).collect();
        out.extend(self.ocsp.iter().map(|r| RevocationEvidence::Ocsp {
            response: r,
            issuer: &self.issuer,
            nonce: None,
        }));
        out
    }
}

fn revocation_mode(args: &Args) -> Result<RevocationMode, Failure> {
    match args.one("revocation") {
        Some(r) => Ok(RevocationMode::parse(r)?),
        None => Ok(RevocationMode::default()),
    }
}

/// The certificates of the selected trust store (candidate CRL issuers).
fn trusted_roots(selection: &TrustSelection) -> Result<Vec<Vec<u8>>, Failure> {
    Ok(match selection {
        TrustSelection::Jlis => jpki::jlis_roots()?.iter().map(|r| r.der.clone()).collect(),
        TrustSelection::Test => jpki::test_roots()?.iter().map(|r| r.der.clone()).collect(),
        TrustSelection::Custom(anchors) => anchors.iter().map(|a| a.der.clone()).collect(),
    })
}

/// Index each `--crl` under the trusted root whose key signed it.
fn crl_indexes(args: &Args, selection: &TrustSelection) -> Result<Vec<CrlIndex>, Failure> {
    let roots = trusted_roots(selection)?;
    let mut out = Vec::new();
    for file in args.all("crl") {
        let der = read(file)?;
        let mut last = Error::CrlWrongIssuer;
        let index = roots
            .iter()
            .find_map(|root| match CrlIndex::build(&der, root) {
                Ok(i) => Some(i),
                Err(e) => {
                    last = e;
                    None
                }
            });
        out.push(index.ok_or(Failure::Refused(last))?);
    }
    Ok(out)
}

fn cert_input(path: &str) -> Result<Vec<u8>, Failure> {
    pem::der_or_pem_certificate(&read(path)?).map_err(Failure::Refused)
}

fn only_file(args: &Args) -> Result<&str, Failure> {
    match args.positional.as_slice() {
        [one] => Ok(one),
        _ => Err(Failure::Usage(format!(
            "{} takes exactly one FILE",
            args.command
        ))),
    }
}

fn ok_json(value: impl serde::Serialize) -> Result<Value, Failure> {
    let mut v = serde_json::to_value(value).map_err(|e| Failure::Usage(e.to_string()))?;
    if let Value::Object(map) = &mut v {
        map.insert("ok".into(), Value::Bool(true));
    }
    Ok(v)
}

fn run(args: &Args) -> Result<Value, Failure> {
    refuse_revocation_inputs(args)?;
    time(args)?; // a malformed --at is a usage error for every command

    match args.command.as_str() {
        "inspect" => ok_json(jpki::inspect_certificate(&cert_input(only_file(args)?)?)?),
        "verify-cert" => {
            let ee = cert_input(only_file(args)?)?;
            let inters: Vec<Vec<u8>> = args
                .all("intermediate")
                .iter()
                .map(|f| cert_input(f))
                .collect::<Result<_, _>>()?;
            let refs: Vec<&[u8]> = inters.iter().map(Vec::as_slice).collect();
            ok_json(jpki::verify_certificate(&ee, &refs, &jpki_options(args)?)?)
        }
        "verify-token" => verify_token_command(args),
        "verify-cms" => {
            let der = read(only_file(args)?)?;
            let content = args.one("content").map(read).transpose()?;
            let jpki = jpki_options(args)?;
            let files = EvidenceFiles::read(args, &jpki.trust)?;
            let mut opts = CmsOptions::new(SignerTrust::Jpki(jpki));
            opts.revocation = revocation_mode(args)?;
            ok_json(verify_cms_with_revocation(
                &der,
                content.as_deref(),
                &opts,
                &files.evidence(),
            )?)
        }
        "verify-jws" => {
            let compact = read_text(only_file(args)?)?;
            let mut opts = JwsOptions::at(time(args)?);
            for k in args.all("key") {
                let text = read_text(k)?;
                if text.trim_start().starts_with('{') {
                    opts.keys.extend(
                        JwsKey::from_jwks(&text)
                            .or_else(|_| JwsKey::from_jwk(&text).map(|k| vec![k]))?,
                    );
                } else {
                    let der = pem::parse_all(&text).map_err(Failure::Refused)?;
                    for b in der.into_iter().filter(|b| b.label == "PUBLIC KEY") {
                        opts.keys.push(JwsKey::from_spki(k, &b.der)?);
                    }
                }
            }
            if opts.keys.is_empty() || !args.all("trust").is_empty() {
                opts.x5c_trust = Some(SignerTrust::Jpki(jpki_options(args)?));
            }
            ok_json(verify_jws(compact.trim(), &opts)?)
        }
        other => Err(Failure::Usage(format!("unknown command {other}"))),
    }
}

fn verify_token_command(args: &Args) -> Result<Value, Failure> {
    let token = read_text(args.required("token").map_err(Failure::Usage)?)?;
    let mut policy = TokenPolicy {
        trust: trust(args)?,
        accepted_kinds: kinds(args, &[Purpose::Auth])?,
        ..TokenPolicy::default()
    };
    policy.allow_dev_origins = args.flag("allow-dev-origins");
    policy.revocation = revocation_mode(args)?;
    for a in args.all("require") {
        policy
            .required_attributes
            .push(IdentityAttribute::parse(a)?);
    }
    let ctx = TokenContext {
        origin: args.required("origin").map_err(Failure::Usage)?,
        nonce: args.required("nonce").map_err(Failure::Usage)?,
        time: time(args)?,
        nonce_check: NonceCheck::Caller,
    };
    let files = EvidenceFiles::read(args, &policy.trust)?;
    let outcome = verify_token_with_revocation(&token, ctx, &policy, &files.evidence())?;
    match outcome.error() {
        Some(e) => Err(Failure::Refused(e.clone())),
        None => serde_json::to_value(&outcome).map_err(|e| Failure::Usage(e.to_string())),
    }
}

fn error_json(e: &Error) -> Value {
    json!({ "ok": false, "error": { "code": e.code(), "message": e.message(), "messageJa": e.message_ja() } })
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    if argv.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let args = match Args::parse(&argv) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("myna-verify: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(v) => {
            println!("{v:#}");
            ExitCode::SUCCESS
        }
        Err(Failure::Refused(e)) => {
            println!("{:#}", error_json(&e));
            ExitCode::from(1)
        }
        Err(Failure::Usage(msg)) => {
            eprintln!("myna-verify: {msg}\n(run with --help for usage)");
            ExitCode::from(2)
        }
    }
}
