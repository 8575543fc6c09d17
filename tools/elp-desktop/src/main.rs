//! `elp-desktop`: plays the vendor's desktop software against the activation API, so the
//! service can be driven (and tested) the way a product drives it.
//!
//! ```text
//! elp-desktop --dir DIR --api URL --key KID=PUBLIC [options] COMMAND
//!
//!   activate --code CODE --product PRODUCT   activate this machine (or check out a floating seat)
//!   borrow DAYS                              check out a floating seat for offline use
//!   validate                                 validate the seat held; a fresh licence file
//!   heartbeat                                renew the seat (a lease); validates again when the
//!                                            licence file held ends before the renewed lease
//!   release                                  release the seat
//!   verify-offline FILE                      verify a licence file with no network
//!   fingerprint                              print this machine's fingerprint
//!
//! options: --fingerprint FP (else computed once and kept), --hostname H, --platform P
//! environment: ELP_DESKTOP_DIR, ELP_API, ELP_LICENCE_KEYS (KID=PUBLIC,KID=PUBLIC)
//! ```
//!
//! Its state (code, product, seat, fingerprint) is `DIR/state.json`, the last licence file it
//! received `DIR/licence.txt`. Every file the service sends is verified with `elp-verifier`
//! against the public keys given (`--key`, as many as a build trusts) before it is kept; a
//! file that does not verify is refused like a denial.
//!
//! Exit codes: 0 done; 1 denied (by the service, or a licence file that does not verify);
//! 2 usage or local state; 3 the service could not be reached or failed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, SecondsFormat, Utc};
use elp_verifier::{parse_public_key, verify, Licence, VerifyingKey, Versions};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// Why the command stopped, and its exit code.
enum Failure {
    Denied(String),
    Usage(String),
    Service(String),
}

impl Failure {
    fn code(&self) -> u8 {
        match self {
            Failure::Denied(_) => 1,
            Failure::Usage(_) => 2,
            Failure::Service(_) => 3,
        }
    }
}

type Outcome<T> = Result<T, Failure>;

/// What the client keeps between runs.
#[derive(Debug, Default, Serialize, Deserialize)]
struct State {
    fingerprint: Option<String>,
    code: Option<String>,
    product: Option<String>,
    seat: Option<u32>,
}

struct Options {
    dir: PathBuf,
    api: Option<String>,
    keys: Vec<(String, VerifyingKey)>,
    fingerprint: Option<String>,
    hostname: Option<String>,
    platform: Option<String>,
    code: Option<String>,
    product: Option<String>,
    command: Vec<String>,
}

const USAGE: &str = "usage: elp-desktop --dir DIR --api URL --key KID=PUBLIC [--fingerprint FP] \
[--hostname H] [--platform P] (activate --code CODE --product PRODUCT | borrow DAYS | validate | \
heartbeat | release | verify-offline FILE | fingerprint)";

fn parse_keys(list: &str, keys: &mut Vec<(String, VerifyingKey)>) -> Outcome<()> {
    for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let (kid, public) = entry
            .split_once('=')
            .ok_or_else(|| Failure::Usage(format!("a key is KID=PUBLIC, not {entry:?}")))?;
        let key = parse_public_key(public.trim())
            .map_err(|e| Failure::Usage(format!("key {kid}: {e}")))?;
        keys.push((kid.trim().to_string(), key));
    }
    Ok(())
}

fn options(args: Vec<String>) -> Outcome<Options> {
    let env = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
    let mut o = Options {
        dir: env("ELP_DESKTOP_DIR")
            .map(PathBuf::from)
            .unwrap_or_default(),
        api: env("ELP_API"),
        keys: Vec::new(),
        fingerprint: None,
        hostname: None,
        platform: None,
        code: None,
        product: None,
        command: Vec::new(),
    };
    if let Some(list) = env("ELP_LICENCE_KEYS") {
        parse_keys(&list, &mut o.keys)?;
    }
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .ok_or_else(|| Failure::Usage(format!("{name} needs a value")))
        };
        match arg.as_str() {
            "--dir" => o.dir = PathBuf::from(value("--dir")?),
            "--api" => o.api = Some(value("--api")?),
            "--key" => parse_keys(&value("--key")?, &mut o.keys)?,
            "--fingerprint" => o.fingerprint = Some(value("--fingerprint")?),
            "--hostname" => o.hostname = Some(value("--hostname")?),
            "--platform" => o.platform = Some(value("--platform")?),
            "--code" => o.code = Some(value("--code")?),
            "--product" => o.product = Some(value("--product")?),
            "-h" | "--help" => return Err(Failure::Usage(USAGE.into())),
            flag if flag.starts_with("--") => {
                return Err(Failure::Usage(format!("unknown option {flag}\n{USAGE}")))
            }
            _ => o.command.push(arg),
        }
    }
    if o.dir.as_os_str().is_empty() {
        return Err(Failure::Usage(format!("--dir is required\n{USAGE}")));
    }
    Ok(o)
}

fn state_path(dir: &Path) -> PathBuf {
    dir.join("state.json")
}

fn file_path(dir: &Path) -> PathBuf {
    dir.join("licence.txt")
}

fn load(dir: &Path) -> Outcome<State> {
    match std::fs::read_to_string(state_path(dir)) {
        Ok(text) => serde_json::from_str(&text)
            .map_err(|e| Failure::Usage(format!("{}: {e}", state_path(dir).display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(State::default()),
        Err(e) => Err(Failure::Usage(format!(
            "{}: {e}",
            state_path(dir).display()
        ))),
    }
}

fn save(dir: &Path, state: &State) -> Outcome<()> {
    std::fs::create_dir_all(dir)
        .and_then(|()| {
            let text = serde_json::to_string_pretty(state).expect("state serialises");
            std::fs::write(state_path(dir), text + "\n")
        })
        .map_err(|e| Failure::Usage(format!("{}: {e}", dir.display())))
}

/// This machine's fingerprint: given, else kept, else computed once (a digest of the machine's
/// id, its hostname and the state directory, 32 hex characters, so that two directories play
/// two machines) and kept.
fn fingerprint(o: &Options, state: &mut State) -> String {
    if let Some(fp) = &o.fingerprint {
        return fp.clone();
    }
    if let Some(fp) = &state.fingerprint {
        return fp.clone();
    }
    let machine_id = std::fs::read_to_string("/etc/machine-id").unwrap_or_default();
    let mut digest = Sha256::new();
    digest.update(b"elp-desktop\0");
    digest.update(machine_id.trim().as_bytes());
    digest.update(b"\0");
    digest.update(hostname().as_bytes());
    digest.update(b"\0");
    digest.update(o.dir.to_string_lossy().as_bytes());
    let fp: String = digest.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    state.fingerprint = Some(fp.clone());
    fp
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "localhost".into())
}

fn at(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The API's base URL, without its trailing `/`: HTTPS, or plain HTTP to this machine only (the
/// dev gateway). The activation code travels in the body: it never crosses a network in clear.
fn checked_api(api: &str) -> Outcome<&str> {
    let api = api.trim_end_matches('/');
    if api.starts_with("https://") {
        return Ok(api);
    }
    let host = api
        .strip_prefix("http://")
        .and_then(|rest| rest.split('/').next())
        .map(|authority| match authority.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or(""),
            None => authority.split(':').next().unwrap_or(""),
        });
    match host {
        Some("localhost" | "127.0.0.1" | "::1") => Ok(api),
        _ => Err(Failure::Usage(format!(
            "--api must be an https:// URL (plain http:// only to localhost, 127.0.0.1 or [::1]), not {api}"
        ))),
    }
}

/// One activation call: the answer's JSON, or why not.
fn call(o: &Options, action: &str, body: Value) -> Outcome<Value> {
    let api = o
        .api
        .as_deref()
        .ok_or_else(|| Failure::Usage(format!("--api is required\n{USAGE}")))?;
    let url = format!("{}/v1/activation/{action}", checked_api(api)?);
    match ureq::post(&url)
        .set("accept-language", "en")
        .send_json(body)
    {
        Ok(answer) => answer
            .into_json()
            .map_err(|e| Failure::Service(format!("{action}: an answer that is not JSON: {e}"))),
        Err(ureq::Error::Status(status, answer)) => {
            let body: Value = answer.into_json().unwrap_or(Value::Null);
            let code = body["error"]["code"].as_str().unwrap_or("?");
            let message = body["error"]["message"].as_str().unwrap_or("");
            let text = format!("{action} refused ({status} {code}): {message}");
            if status >= 500 {
                Err(Failure::Service(text))
            } else {
                Err(Failure::Denied(text))
            }
        }
        Err(e) => Err(Failure::Service(format!("{action}: {e}"))),
    }
}

fn describe_versions(v: &Versions) -> String {
    match v {
        Versions::Every => "every version".into(),
        Versions::Only(set) if set.is_empty() => "no version".into(),
        Versions::Only(set) => format!(
            "only {}",
            set.iter().cloned().collect::<Vec<_>>().join(", ")
        ),
    }
}

fn describe(licence: &Licence) -> String {
    let p = &licence.payload;
    format!(
        "licence file verified (key {}): {} {}, {} of {} seat(s), {}, for machine {}, valid {} to {}, issued {}",
        licence.kid,
        p.code,
        p.product,
        p.licence_type.code(),
        p.seats,
        describe_versions(&p.versions),
        p.fingerprint,
        at(p.valid_from),
        at(p.valid_to),
        at(p.issued_at),
    )
}

fn check(o: &Options, file: &str, fingerprint: &str) -> Outcome<Licence> {
    if o.keys.is_empty() {
        return Err(Failure::Usage(format!(
            "no public key to verify with (--key KID=PUBLIC)\n{USAGE}"
        )));
    }
    verify(file, &o.keys, fingerprint, Utc::now())
        .map_err(|e| Failure::Denied(format!("licence file refused ({}): {e}", e.code())))
}

/// The answer's licence file, verified, then kept; its description.
fn keep_file(o: &Options, answer: &Value, fingerprint: &str) -> Outcome<String> {
    let file = answer["license_file"]
        .as_str()
        .ok_or_else(|| Failure::Denied("the answer carries no licence file".into()))?;
    let licence = check(o, file, fingerprint)?;
    std::fs::write(file_path(&o.dir), format!("{file}\n"))
        .map_err(|e| Failure::Usage(format!("{}: {e}", file_path(&o.dir).display())))?;
    Ok(describe(&licence))
}

fn seat_line(verb: &str, answer: &Value) -> String {
    let mut line = format!(
        "{verb}: {} seat {}",
        answer["code"].as_str().unwrap_or("?"),
        answer["seat"]
    );
    if let Some(seats) = answer["seats"].as_u64() {
        line.push_str(&format!(" of {seats}"));
    }
    line.push_str(&format!(
        " ({}), until {}",
        answer["hold"].as_str().unwrap_or("?"),
        answer["until"].as_str().unwrap_or("?")
    ));
    if let Some(b) = answer["borrowed_until"].as_str() {
        line.push_str(&format!(", borrowed until {b}"));
    }
    if answer["again"] == json!(true) {
        line.push_str(" (this machine already held it)");
    }
    line
}

fn needs<'a>(value: &'a Option<String>, what: &str) -> Outcome<&'a str> {
    value.as_deref().ok_or_else(|| {
        Failure::Usage(format!(
            "no {what}: activate first (activate --code CODE --product PRODUCT)"
        ))
    })
}

fn claim(o: &Options, state: &mut State, borrow_days: Option<u32>) -> Outcome<()> {
    let fp = fingerprint(o, state);
    if let Some(code) = &o.code {
        state.code = Some(code.clone());
    }
    if let Some(product) = &o.product {
        state.product = Some(product.clone());
    }
    let code = needs(&state.code, "activation code (--code)")?.to_string();
    let product = needs(&state.product, "product (--product)")?.to_string();
    let mut body = json!({
        "code": code,
        "fingerprint": fp,
        "product": product,
        "hostname": o.hostname.clone().unwrap_or_else(hostname),
        "platform": o.platform.clone().unwrap_or_else(|| std::env::consts::OS.to_string()),
    });
    if let Some(days) = borrow_days {
        body["borrow_days"] = json!(days);
    }
    save(&o.dir, state)?;
    let answer = call(o, "activate", body)?;
    state.seat = answer["seat"].as_u64().and_then(|s| u32::try_from(s).ok());
    save(&o.dir, state)?;
    let verb = if borrow_days.is_some() {
        "borrowed"
    } else {
        "activated"
    };
    println!("{}", seat_line(verb, &answer));
    println!("{}", keep_file(o, &answer, &fp)?);
    Ok(())
}

fn seat_body(o: &Options, state: &mut State) -> Outcome<(Value, String)> {
    let fp = fingerprint(o, state);
    let code = needs(&state.code, "activation code")?;
    let seat = state
        .seat
        .ok_or_else(|| Failure::Usage("no seat: activate first".into()))?;
    Ok((json!({ "code": code, "fingerprint": fp, "seat": seat }), fp))
}

fn validate(o: &Options, state: &mut State) -> Outcome<()> {
    let (mut body, fp) = seat_body(o, state)?;
    body["product"] = json!(needs(&state.product, "product")?);
    let answer = call(o, "validate", body)?;
    println!("{}", seat_line("valid", &answer));
    println!("{}", keep_file(o, &answer, &fp)?);
    Ok(())
}

fn heartbeat(o: &Options, state: &mut State) -> Outcome<()> {
    let (body, fp) = seat_body(o, state)?;
    let answer = call(o, "heartbeat", body)?;
    println!("{}", seat_line("renewed", &answer));
    // A heartbeat is one write and signs nothing (decision 121): when the file held ends
    // before the renewed seat, validate for a file that covers it.
    let until = answer["until"]
        .as_str()
        .and_then(|u| DateTime::parse_from_rfc3339(u).ok())
        .map(|u| u.with_timezone(&Utc));
    let held_to = std::fs::read_to_string(file_path(&o.dir))
        .ok()
        .and_then(|f| check(o, &f, &fp).ok())
        .map(|l| l.payload.valid_to);
    match (until, held_to) {
        // The file counts whole seconds.
        (Some(until), Some(held_to)) if held_to.timestamp() >= until.timestamp() => {
            println!(
                "licence file held is valid to {} (no new one needed)",
                at(held_to)
            );
            Ok(())
        }
        _ => validate(o, state),
    }
}

fn release(o: &Options, state: &mut State) -> Outcome<()> {
    let (body, _) = seat_body(o, state)?;
    let answer = call(o, "release", body)?;
    println!(
        "released: {} seat {}",
        answer["code"].as_str().unwrap_or("?"),
        answer["seat"]
    );
    // The seat is no longer this machine's; its file goes too (the state keeps the seat's
    // number, so a later validation asks for it and is told).
    match std::fs::remove_file(file_path(&o.dir)) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Failure::Usage(format!(
            "{}: {e}",
            file_path(&o.dir).display()
        ))),
    }
}

fn verify_offline(o: &Options, state: &mut State, path: &str) -> Outcome<()> {
    let fp = fingerprint(o, state);
    let file = std::fs::read(path).map_err(|e| Failure::Usage(format!("{path}: {e}")))?;
    let text = String::from_utf8_lossy(&file);
    println!("{}", describe(&check(o, &text, &fp)?));
    Ok(())
}

fn run(args: Vec<String>) -> Outcome<()> {
    let o = options(args)?;
    let mut state = load(&o.dir)?;
    let command: Vec<&str> = o.command.iter().map(String::as_str).collect();
    let result = match command.as_slice() {
        ["activate"] => claim(&o, &mut state, None),
        ["borrow", days] => {
            let days = days
                .parse()
                .map_err(|_| Failure::Usage(format!("borrow DAYS: not a number: {days}")))?;
            claim(&o, &mut state, Some(days))
        }
        ["validate"] => validate(&o, &mut state),
        ["heartbeat"] => heartbeat(&o, &mut state),
        ["release"] => release(&o, &mut state),
        ["verify-offline", path] => verify_offline(&o, &mut state, path),
        ["fingerprint"] => {
            println!("{}", fingerprint(&o, &mut state));
            Ok(())
        }
        _ => Err(Failure::Usage(USAGE.into())),
    };
    // The fingerprint computed is kept whatever the answer was, so the machine stays the same.
    save(&o.dir, &state)?;
    result
}

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            let text = match &failure {
                Failure::Denied(t) | Failure::Usage(t) | Failure::Service(t) => t,
            };
            eprintln!("elp-desktop: {text}");
            ExitCode::from(failure.code())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::checked_api;

    #[test]
    fn the_api_is_https_or_this_machine() {
        assert_eq!(
            checked_api("https://api.example/").ok(),
            Some("https://api.example")
        );
        for local in [
            "http://127.0.0.1:8080",
            "http://localhost:3000/",
            "http://[::1]:9",
        ] {
            assert!(checked_api(local).is_ok(), "{local}");
        }
        for remote in [
            "http://api.example",
            "http://127.0.0.1.example",
            "http://localhost.example:80",
            "ftp://127.0.0.1",
            "api.example",
        ] {
            assert!(checked_api(remote).is_err(), "{remote}");
        }
    }
}
