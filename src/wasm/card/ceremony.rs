//! The three ceremonies on a [`CardReader`]: options are read and checked in full before the
//! reader is taken; the operation then runs as a promise, reporting progress to an optional
//! JS callback.

use super::reader::{CardReader, Lease};
use crate::card::applets::ReadMode;
use crate::card::ceremony::{self, CardInfoOptions, Progress, SignOptions};
use crate::card::pin::{Pin, PinKind};
use crate::wasm::{input, js_error};
use crate::Error;
use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;

/// Longest origin accepted.
const MAX_ORIGIN: usize = 2048;
/// Longest nonce accepted (the ceremony enforces 43..=1024).
const MAX_NONCE: usize = 1024;
/// Longest PIN / password text accepted (the PIN type enforces the exact form).
const MAX_PIN: usize = 64;

/// The checked options of a signing ceremony.
struct SignArgs {
    origin: String,
    nonce: String,
    pin: Pin,
    force: bool,
    read_mode: ReadMode,
}

fn flag(args: &JsValue, key: &'static str) -> Result<bool, Error> {
    let v = input::field(args, key)?;
    if input::is_absent(&v) {
        return Ok(false);
    }
    v.as_bool().ok_or(Error::InvalidOptions(key))
}

fn read_mode(args: &JsValue) -> Result<ReadMode, Error> {
    Ok(if flag(args, "extendedLength")? {
        ReadMode::Extended
    } else {
        ReadMode::Short
    })
}

fn pin_of(args: &JsValue, key: &'static str, kind: PinKind) -> Result<Pin, Error> {
    let text = input::text(&input::field(args, key)?, key, MAX_PIN)?;
    Pin::new(kind, &text)
}

fn sign_args(args: &JsValue, secret_key: &'static str, kind: PinKind) -> Result<SignArgs, Error> {
    Ok(SignArgs {
        origin: input::text(
            &input::field(args, "origin")?,
            "origin must be a string",
            MAX_ORIGIN,
        )?,
        nonce: input::text(
            &input::field(args, "nonce")?,
            "nonce must be a string",
            MAX_NONCE,
        )?,
        pin: pin_of(args, secret_key, kind)?,
        force: flag(args, "force")?,
        read_mode: read_mode(args)?,
    })
}

/// The progress callback: each step as `{ step, done, total }`; its exceptions are ignored.
fn reporter(callback: &JsValue) -> Result<impl FnMut(Progress), Error> {
    let callback = if input::is_absent(callback) {
        None
    } else {
        Some(
            callback
                .clone()
                .dyn_into::<Function>()
                .map_err(|_| Error::InvalidOptions("onProgress must be a function"))?,
        )
    };
    Ok(move |p: Progress| {
        if let Some(f) = &callback {
            let obj = js_sys::Object::new();
            js_error::set(&obj, "step", &JsValue::from_str(p.step));
            js_error::set(&obj, "done", &JsValue::from(p.done));
            js_error::set(&obj, "total", &JsValue::from(p.total));
            let _ = f.call1(&JsValue::UNDEFINED, &obj);
        }
    })
}

/// A rejected promise carrying `err`.
fn rejected(err: &Error) -> Promise {
    Promise::reject(&super::thrown(err))
}

#[wasm_bindgen]
impl CardReader {
    /// `authenticate({ origin, nonce, pin, force?, extendedLength? }, onProgress?)` → the
    /// Web eID token JSON text, signed with the user-authentication key (auth PIN, 4 digits).
    pub fn authenticate(&self, args: JsValue, on_progress: JsValue) -> Promise {
        self.sign_ceremony(&args, &on_progress, "pin", PinKind::Auth)
    }

    /// `signConsent({ origin, nonce, password, force?, extendedLength? }, onProgress?)` → the
    /// token signed with the signature key (signature password, 6–16 A–Z/0–9).
    #[wasm_bindgen(js_name = signConsent)]
    pub fn sign_consent(&self, args: JsValue, on_progress: JsValue) -> Promise {
        self.sign_ceremony(&args, &on_progress, "password", PinKind::Sign)
    }

    /// `readCardInfo({ pin, force?, extendedLength? }, onProgress?)` →
    /// `{ myNumber, basicInfo, authenticated: false }` (card-info PIN, 4 digits).
    #[wasm_bindgen(js_name = readCardInfo)]
    pub fn read_card_info(&self, args: JsValue, on_progress: JsValue) -> Promise {
        let checked = pin_of(&args, "pin", PinKind::CardInfo).and_then(|pin| {
            Ok((
                pin,
                flag(&args, "force")?,
                read_mode(&args)?,
                reporter(&on_progress)?,
            ))
        });
        let ((pin, force, mode, mut report), lease) = match self.begin(checked) {
            Ok(started) => started,
            Err(rejection) => return rejection,
        };
        future_to_promise(async move {
            let opts = CardInfoOptions {
                pin: &pin,
                force,
                read_mode: mode,
            };
            lease
                .run(async |mut t| ceremony::read_card_info(&mut t, &opts, &mut report).await)
                .await
                .and_then(|info| crate::wasm::to_js(&info))
                .map_err(|e| super::thrown(&e))
        })
    }
}

impl CardReader {
    /// The checked options and the reader's lease (options are checked before the reader is
    /// taken), or the rejected promise for whichever failed first.
    fn begin<A>(&self, checked: Result<A, Error>) -> Result<(A, Lease), Promise> {
        checked
            .and_then(|a| Ok((a, self.take()?)))
            .map_err(|e| rejected(&e))
    }

    fn sign_ceremony(
        &self,
        args: &JsValue,
        on_progress: &JsValue,
        secret_key: &'static str,
        kind: PinKind,
    ) -> Promise {
        let checked =
            sign_args(args, secret_key, kind).and_then(|a| Ok((a, reporter(on_progress)?)));
        let ((a, mut report), lease) = match self.begin(checked) {
            Ok(started) => started,
            Err(rejection) => return rejection,
        };
        future_to_promise(async move {
            let opts = SignOptions {
                origin: &a.origin,
                nonce: &a.nonce,
                pin: &a.pin,
                force: a.force,
                read_mode: a.read_mode,
            };
            let token = lease
                .run(async |mut t| match kind {
                    PinKind::Sign => ceremony::sign_consent(&mut t, &opts, &mut report).await,
                    _ => ceremony::authenticate(&mut t, &opts, &mut report).await,
                })
                .await
                .map_err(|e| super::thrown(&e))?;
            Ok(JsValue::from_str(&token))
        })
    }
}
