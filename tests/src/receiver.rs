//! A real HTTP receiver for webhook deliveries: a server on a free loopback port (a thread
//! with a `TcpListener`), answering each request with the status the test queued (200 by
//! default) and keeping every request it received, whose signature a test checks with the
//! endpoint's secret, computed here with `hmac` and `sha2` independently of the service.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use hmac::{Hmac, KeyInit, Mac};

/// One request the receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub path: String,
    /// Names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The `t` of its `Elp-Signature`.
    pub fn timestamp(&self) -> Option<i64> {
        self.header("elp-signature")?
            .split(',')
            .find_map(|p| p.strip_prefix("t="))?
            .parse()
            .ok()
    }

    /// Whether its `Elp-Signature` is `secret`'s HMAC-SHA256 of `"<t>.<body>"`, as a receiver
    /// checks it (docs/webhooks.md).
    pub fn verifies(&self, secret: &str) -> bool {
        let Some(header) = self.header("elp-signature") else {
            return false;
        };
        let mut t = None;
        let mut signatures = Vec::new();
        for part in header.split(',') {
            match part.split_once('=') {
                Some(("t", v)) => t = Some(v.to_string()),
                Some(("v1", v)) => signatures.push(v.to_string()),
                _ => {}
            }
        }
        let Some(t) = t else { return false };
        let mut mac = Hmac::<sha2_11::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(format!("{t}.{}", self.body).as_bytes());
        let expected: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        signatures.contains(&expected)
    }
}

#[derive(Default)]
struct State {
    answers: VecDeque<u16>,
    otherwise: Option<u16>,
    received: Vec<Received>,
}

/// The receiver; it serves until the test process ends.
#[derive(Clone)]
pub struct Receiver {
    /// Where it listens: `http://127.0.0.1:<port>/hooks/elp`.
    pub url: String,
    state: Arc<Mutex<State>>,
}

impl Receiver {
    pub fn start() -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = shared.clone();
                std::thread::spawn(move || serve(stream, &state));
            }
        });
        Receiver {
            url: format!("http://127.0.0.1:{port}/hooks/elp"),
            state,
        }
    }

    /// The next requests are answered with these statuses, in order (then the default).
    pub fn answer(&self, statuses: &[u16]) {
        self.state.lock().unwrap().answers.extend(statuses);
    }

    /// Every request from now on is answered with `status`.
    pub fn always(&self, status: u16) {
        self.state.lock().unwrap().otherwise = Some(status);
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.lock().unwrap().received.clone()
    }
}

fn serve(stream: TcpStream, state: &Mutex<State>) {
    let mut reader = BufReader::new(stream.try_clone().expect("a stream"));
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).is_err() {
            return;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let status = {
        let mut state = state.lock().unwrap();
        state.received.push(Received {
            method,
            path,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        });
        let otherwise = state.otherwise.unwrap_or(200);
        state.answers.pop_front().unwrap_or(otherwise)
    };
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status} Status\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    let _ = stream.flush();
}
