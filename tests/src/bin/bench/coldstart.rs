//! Cold start: each function's release binary started under a minimal Lambda Runtime API
//! (written here for the benchmark), timed from process start to its first response, against a
//! hello-world lambda_http binary built with the same profile. Build them first:
//! `cargo build --release --workspace --bins`.
//!
//! Each process answers two invocations: a real request (a 2xx that reads DynamoDB Local, as in
//! production), then the same request again on the now warm process. The first response is the
//! cold start; the second is what the request itself costs; their difference is what starting
//! cold adds (process, SDK and client set-up, the first connection), which is what the
//! hello-world's cold start is compared with. A second reference, `elp-hello-item`, reads one
//! item with the functions' SDK set-up and nothing else: the "×item" column compares with what
//! any function that reads DynamoDB pays.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use elp_gateway::seed::{generate, ADMIN, MEMBERS};
use elp_tests::{call, Caller};
use serde_json::{json, Value};

/// What the runtime API saw of one process.
#[derive(Default)]
struct Run {
    /// When the process first asked for an event: its initialisation is over.
    ready: Option<Instant>,
    /// For each invocation: when it was handed out, when it was answered, and the answer's status.
    invocations: Vec<(Instant, Instant, u16)>,
    /// The answers' bodies, to show when one is not a success.
    answers: Vec<String>,
}

fn read_request(stream: &TcpStream) -> Option<(String, Vec<u8>)> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut length = 0;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).is_err() || header == "\r\n" || header.is_empty() {
            break;
        }
        if let Some(v) = header.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some((line, body))
}

/// Serves `events` one per `next`, then reports what it saw. One request per connection
/// (`connection: close`), so the runtime never writes to a socket this side has dropped.
fn runtime_api(listener: TcpListener, events: Vec<String>, done: mpsc::Sender<Run>) {
    let mut run = Run::default();
    let mut handed: Option<Instant> = None;
    let mut pending = events.into_iter().enumerate();
    for stream in listener.incoming().flatten() {
        let mut stream = stream;
        let Some((line, body)) = read_request(&stream) else {
            continue;
        };
        if line.starts_with("GET /2018-06-01/runtime/invocation/next") {
            let now = Instant::now();
            run.ready.get_or_insert(now);
            let Some((i, event)) = pending.next() else {
                let _ = done.send(run);
                return;
            };
            handed = Some(now);
            let deadline = (std::time::SystemTime::now() + Duration::from_secs(30))
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_millis();
            let head = format!(
                "HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-type: application/json\r\nlambda-runtime-aws-request-id: cold-{i}\r\nlambda-runtime-deadline-ms: {deadline}\r\nlambda-runtime-invoked-function-arn: arn:aws:lambda:eu-west-1:123456789012:function:bench\r\ncontent-length: {}\r\n\r\n",
                event.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(event.as_bytes());
        } else {
            let answered = Instant::now();
            let _ = stream.write_all(
                b"HTTP/1.1 202 Accepted\r\nconnection: close\r\ncontent-length: 0\r\n\r\n",
            );
            // An HTTP function answers {"statusCode": ...}; a job answers anything but an error.
            let status = if line.contains("/error") {
                500
            } else {
                serde_json::from_slice::<Value>(&body)
                    .ok()
                    .and_then(|v| v["statusCode"].as_u64())
                    .unwrap_or(200) as u16
            };
            run.answers
                .push(String::from_utf8_lossy(&body).into_owned());
            if let Some(at) = handed.take() {
                run.invocations.push((at, answered, status));
            }
        }
    }
}

struct Timing {
    ready: Duration,
    first: Duration,
    warm: Duration,
    statuses: Vec<u16>,
    /// What the function logged (shown when an answer is not a success).
    log: String,
}

fn once(binary: &Path, events: &[String], env: &[(String, String)]) -> Timing {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let (sender, receiver) = mpsc::channel();
    let served = events.to_vec();
    std::thread::spawn(move || runtime_api(listener, served, sender));
    let started = Instant::now();
    // ELP_BENCH_WRAP=script runs `script binary` instead (perf stat, strace...).
    let mut command = match std::env::var_os("ELP_BENCH_WRAP") {
        Some(wrap) => {
            let mut c = Command::new("sh");
            c.arg(wrap).arg(binary);
            c
        }
        None => Command::new(binary),
    };
    let mut child = command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("AWS_LAMBDA_RUNTIME_API", &address)
        .env("AWS_LAMBDA_FUNCTION_NAME", "bench")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "1")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")
        .env("RUST_LOG", "warn")
        .envs(env.iter().cloned())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (build with cargo build --release --workspace --bins)",
                binary.display()
            )
        });
    let run = receiver.recv_timeout(Duration::from_secs(30));
    let _ = child.kill();
    let output = child.wait_with_output().expect("the function's output");
    let Ok(run) = run else {
        panic!(
            "{}: no answer to every invocation; it said:\n{}{}",
            binary.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    };
    let [(_, first, s1), (warm_from, warm_to, s2)] = run.invocations[..] else {
        panic!("{}: two answers expected", binary.display());
    };
    Timing {
        ready: run.ready.expect("a first poll") - started,
        first: first - started,
        warm: warm_to - warm_from,
        statuses: vec![s1, s2],
        log: format!(
            "{}\n{}{}",
            run.answers.join("\n"),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// What a first request pays that no process start-up does: a GetItem from a client built in
/// this (warm) process, on its new connection, vs the same GetItem again on that connection.
async fn new_client_penalty(t: &elp_tests::TestApp, rounds: usize) -> (Duration, Duration) {
    let key = crate::key(elp_adapters::store::keys::user(
        &elp_core::Email::parse("e", ADMIN).unwrap(),
    ));
    let (mut fresh, mut reused) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let (client, _) = elp_adapters::sdk::clients(&t.app.config);
        for times in [&mut fresh, &mut reused] {
            let started = Instant::now();
            client
                .get_item()
                .table_name(t.app.store.table())
                .set_key(Some(key.clone()))
                .send()
                .await
                .expect("a GetItem");
            times.push(started.elapsed());
        }
    }
    (median(fresh), median(reused))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub async fn run(rounds: usize, only: &[String]) {
    // The binaries of the release build (another target directory with ELP_BENCH_BIN_DIR).
    let release = std::env::var_os("ELP_BENCH_BIN_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/release"));
    // The functions read the system clock: the data is seeded on the same day.
    let t = elp_tests::TestApp::new().await;
    t.clock.set(chrono::Utc::now());
    elp_gateway::seed::seed(&t.app).await.unwrap();
    let admin = Caller::User(ADMIN.into());
    let (_, banks) = call(&t.app, "GET", "/v1/banks", &admin, None, &[]).await;
    // The current Harmony bank (the seed also imports last year's, expired).
    let harmony = banks["banks"]
        .as_array()
        .and_then(|b| {
            b.iter()
                .filter(|b| b["product"] == "harmony-premium")
                .max_by_key(|b| b["expiry"].as_str().unwrap_or_default().to_string())
        })
        .and_then(|b| b["id"].as_str())
        .expect("the seeded Harmony bank")
        .to_string();
    let today = t.app.today();
    // `returns` changes what it answers: each round returns two fresh licences.
    let mut returnable = Vec::new();
    for _ in 0..2 * rounds {
        returnable.push(generate(&t.app, &harmony, "node_lock", 1, 1, today, MEMBERS[1]).await);
    }
    let renewable = generate(&t.app, &harmony, "node_lock", 1, 1, today, MEMBERS[0]).await;
    // DynamoDB Local keeps tables per region (and access key): the functions use the harness's.
    let region = t
        .app
        .store
        .client()
        .config()
        .region()
        .map(|r| r.to_string())
        .expect("the harness's region");
    let env: Vec<(String, String)> = vec![
        ("AWS_REGION".into(), region),
        ("ELP_TABLE".into(), t.app.config.table.clone()),
        ("ELP_MAIL_FROM".into(), "licences@vendor.example".into()),
        ("ELP_PORTAL_URL".into(), "https://portal.example".into()),
        ("ELP_VENDOR_MAIL".into(), elp_tests::VENDOR_MAIL.into()),
        (
            "ELP_DYNAMODB_ENDPOINT".into(),
            elp_tests::dynamodb_endpoint().into(),
        ),
        ("ELP_SES_ENDPOINT".into(), elp_tests::ses_endpoint().into()),
    ];
    let as_caller = |caller: &Caller, method: &str, path: &str, body: Option<Value>| {
        elp_tests::event(method, path, caller, body.as_ref(), &[]).to_string()
    };
    let get = |path: &str| as_caller(&admin, "GET", path, None);
    let scheduled = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../events/expire-banks/scheduled.json"),
    )
    .unwrap();
    // The operator puts the catalogue the seed put (the same write each time).
    let catalog: Value = serde_json::from_str(
        &std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../infra/local/catalog.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let put_catalog = as_caller(
        &Caller::Operator,
        "PUT",
        "/v1/operator/catalog",
        Some(catalog),
    );
    let quote = as_caller(
        &admin,
        "POST",
        &format!("/v1/licenses/{renewable}/renewals/quote"),
        Some(json!({ "months": 2 })),
    );
    let twice = |event: String| move |_: usize| vec![event.clone(), event.clone()];
    type Events = Box<dyn Fn(usize) -> Vec<String>>;
    let cases: Vec<(&str, Events)> = vec![
        ("elp-hello", Box::new(twice(get("/v1/me")))),
        ("elp-hello-item", Box::new(twice(get("/v1/me")))),
        ("banks", Box::new(twice(get("/v1/dashboard")))),
        ("licenses", Box::new(twice(get("/v1/licenses")))),
        ("renewals", Box::new(twice(quote))),
        ("users", Box::new(twice(get("/v1/users")))),
        ("versions", Box::new(twice(get("/v1/product-versions")))),
        ("workspace", Box::new(twice(get("/v1/me")))),
        ("exports", Box::new(twice(get("/v1/licenses.csv")))),
        ("operator", Box::new(twice(put_catalog))),
        ("outbox", Box::new(twice(scheduled.clone()))),
        ("expire-banks", Box::new(twice(scheduled.clone()))),
        ("expiry-warnings", Box::new(twice(scheduled))),
        (
            "returns",
            Box::new(move |round: usize| {
                returnable[2 * round..2 * round + 2]
                    .iter()
                    .map(|code| {
                        elp_tests::event(
                            "POST",
                            &format!("/v1/licenses/{code}/return"),
                            &Caller::User(ADMIN.into()),
                            None,
                            &[],
                        )
                        .to_string()
                    })
                    .collect()
            }),
        ),
    ];
    // `coldstart 39 users`: the two references and the binaries named.
    let cases: Vec<_> = cases
        .into_iter()
        .filter(|(name, _)| {
            only.is_empty() || name.starts_with("elp-hello") || only.iter().any(|o| o == name)
        })
        .collect();
    let (fresh, reused) = new_client_penalty(&t, rounds.max(11)).await;
    println!(
        "a GetItem from a new SDK client (new connection) {:.2} ms; from a warm one {:.2} ms",
        ms(fresh),
        ms(reused)
    );
    println!(
        "{:<16} {:>8} {:>6} {:>9} {:>8} {:>10} {:>6} {:>6} {:>7} {:>7}",
        "binary",
        "ready",
        "×hello",
        "first",
        "warm",
        "cold cost",
        "×hello",
        "×item",
        "status",
        "size"
    );
    // Rounds interleave the binaries, so a slow moment of the machine hits them all alike.
    let mut timings: Vec<Vec<Timing>> = cases.iter().map(|_| Vec::new()).collect();
    for round in 0..rounds {
        // Each round starts with another binary, so none always runs first after the pause.
        for i in 0..cases.len() {
            let i = (i + round) % cases.len();
            let (name, events) = &cases[i];
            timings[i].push(once(&release.join(name), &events(round), &env));
        }
        // The outbox's two runs then find the same (empty) outbox, like the other jobs: the mail
        // this round queued (its returns, last) is sent now, and the emulators settle before
        // the next round starts.
        t.drain().await;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let mut hello = (Duration::ZERO, Duration::ZERO);
    let mut item = Duration::ZERO;
    for ((name, _), timings) in cases.iter().zip(timings) {
        if let Some(failed) = timings
            .iter()
            .find(|t| t.statuses.iter().any(|s| *s >= 300))
        {
            panic!(
                "{name}: answered {:?}; it logged:\n{}",
                failed.statuses, failed.log
            );
        }
        let statuses = &timings[0].statuses;
        let ready = median(timings.iter().map(|t| t.ready).collect());
        let first = median(timings.iter().map(|t| t.first).collect());
        let warm = median(timings.iter().map(|t| t.warm).collect());
        let cost = median(
            timings
                .iter()
                .map(|t| t.first.saturating_sub(t.warm))
                .collect(),
        );
        if *name == "elp-hello" {
            hello = (ready, cost);
        }
        if *name == "elp-hello-item" {
            item = cost;
        }
        let size = std::fs::metadata(release.join(name))
            .map(|m| m.len())
            .unwrap_or(0) as f64
            / 1e6;
        let per_item = if item.is_zero() {
            "-".to_string()
        } else {
            format!("{:.2}", cost.as_secs_f64() / item.as_secs_f64())
        };
        println!(
            "{:<16} {:>6.2}ms {:>6.2} {:>7.2}ms {:>6.2}ms {:>8.2}ms {:>6.2} {:>6} {:>7} {:>5.1}MB",
            name,
            ms(ready),
            ready.as_secs_f64() / hello.0.as_secs_f64(),
            ms(first),
            ms(warm),
            ms(cost),
            cost.as_secs_f64() / hello.1.as_secs_f64(),
            per_item,
            statuses[0],
            size
        );
    }
}
