//! Cold start: each function's release binary started under a minimal Lambda Runtime API
//! (written here for the benchmark), timed from process start to its first response, against a
//! hello-world lambda_http binary built with the same profile. Build them first:
//! `cargo build --release --workspace --bins`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Serves one invocation: `next` answers `event`; the response (or error) ends the wait.
fn runtime_api(listener: TcpListener, event: String, done: mpsc::Sender<Instant>) {
    for stream in listener.incoming().flatten() {
        let mut stream = stream;
        let mut reader = BufReader::new(stream.try_clone().expect("a socket"));
        let mut line = String::new();
        if reader.read_line(&mut line).is_err() {
            continue;
        }
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
        let _ = reader.read_exact(&mut body);
        if line.starts_with("GET /2018-06-01/runtime/invocation/next") {
            let deadline = (std::time::SystemTime::now() + Duration::from_secs(30))
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_millis();
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nlambda-runtime-aws-request-id: cold-1\r\nlambda-runtime-deadline-ms: {deadline}\r\nlambda-runtime-invoked-function-arn: arn:aws:lambda:eu-west-1:123456789012:function:bench\r\ncontent-length: {}\r\n\r\n",
                event.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(event.as_bytes());
        } else {
            let _ = stream.write_all(b"HTTP/1.1 202 Accepted\r\ncontent-length: 0\r\n\r\n");
            if line.contains("/response") || line.contains("/error") {
                let _ = done.send(Instant::now());
                return;
            }
        }
    }
}

fn once(binary: &Path, event: &str, env: &[(String, String)]) -> Duration {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let (sender, receiver) = mpsc::channel();
    let event = event.to_string();
    std::thread::spawn(move || runtime_api(listener, event, sender));
    let started = Instant::now();
    let mut child = Command::new(binary)
        .env_clear()
        .env("AWS_LAMBDA_RUNTIME_API", &address)
        .env("AWS_LAMBDA_FUNCTION_NAME", "bench")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "1")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")
        .env("AWS_REGION", "eu-west-1")
        .env("RUST_LOG", "warn")
        .envs(env.iter().cloned())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (build with cargo build --release --workspace --bins)",
                binary.display()
            )
        });
    let answered = receiver
        .recv_timeout(Duration::from_secs(30))
        .expect("a first response");
    let _ = child.kill();
    let _ = child.wait();
    let _ = TcpStream::connect(&address);
    answered - started
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

pub async fn run(rounds: usize) {
    // The binaries of the release build (another target directory with ELP_BENCH_BIN_DIR).
    let release = std::env::var_os("ELP_BENCH_BIN_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/release"));
    let t = elp_tests::TestApp::new().await;
    elp_gateway::seed::seed(&t.app).await.unwrap();
    let env: Vec<(String, String)> = vec![
        ("ELP_TABLE".into(), t.app.config.table.clone()),
        ("ELP_MAIL_FROM".into(), "licences@vendor.example".into()),
        ("ELP_PORTAL_URL".into(), "https://portal.example".into()),
        (
            "ELP_DYNAMODB_ENDPOINT".into(),
            elp_tests::dynamodb_endpoint().into(),
        ),
        ("ELP_SES_ENDPOINT".into(), elp_tests::ses_endpoint().into()),
    ];
    let http = |path: &str| {
        elp_tests::event(
            "GET",
            path,
            &elp_tests::Caller::User(elp_gateway::seed::ADMIN.into()),
            None,
            &[],
        )
        .to_string()
    };
    let scheduled = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../events/expire-banks/scheduled.json"),
    )
    .unwrap();
    let cases: Vec<(&str, String)> = vec![
        ("elp-hello", http("/v1/me")),
        ("banks", http("/v1/dashboard")),
        ("licenses", http("/v1/licenses")),
        ("renewals", http("/v1/licenses/X/renewals/quote")),
        ("returns", http("/v1/licenses/X/return")),
        ("users", http("/v1/users")),
        ("versions", http("/v1/product-versions")),
        ("workspace", http("/v1/me")),
        ("exports", http("/v1/licenses.csv")),
        ("operator", http("/v1/operator/catalog")),
        ("outbox", scheduled.clone()),
        ("expire-banks", scheduled.clone()),
        ("expiry-warnings", scheduled),
    ];
    let mut hello = Duration::ZERO;
    println!(
        "{:<16} {:>12} {:>10} {:>10}",
        "binary", "cold start", "vs hello", "size"
    );
    for (name, event) in cases {
        let binary = release.join(name);
        let times: Vec<Duration> = (0..rounds).map(|_| once(&binary, &event, &env)).collect();
        let m = median(times);
        if name == "elp-hello" {
            hello = m;
        }
        let size = std::fs::metadata(&binary).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
        println!(
            "{:<16} {:>10.1}ms {:>10.2} {:>8.1}MB",
            name,
            m.as_secs_f64() * 1000.0,
            m.as_secs_f64() / hello.as_secs_f64(),
            size
        );
    }
}
