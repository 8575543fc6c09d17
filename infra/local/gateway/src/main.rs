//! `elp-dev`: the local API and portal on one port, over the services `infra/local/stack.sh`
//! started (`ELP_DYNAMODB_ENDPOINT`, `ELP_SES_ENDPOINT`, and the OpenID provider whose tokens it
//! accepts, `ELP_OIDC_ISSUER`, for the client `ELP_OIDC_CLIENT_ID`, default `elp-portal`). With
//! moto (`ELP_MOTO_ENDPOINT`, or `ELP_EVENTBRIDGE_ENDPOINT`), the table's stream is polled and
//! its domain events put on the local bus `elp-events` there, as the events function does in AWS,
//! then handed to the webhook deliveries (the bus's rule in AWS), whose retries run every minute.
//!
//!   elp-dev [--port 8080] [--portal portal/] [--node-modules node_modules/]

use std::path::PathBuf;
use std::sync::Arc;

use elp_adapters::clock::SystemClock;
use elp_adapters::config::{Config, LicenceKey};
use elp_adapters::App;
use elp_gateway::auth::Authorizer;
use elp_gateway::server::{serve, Gateway};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    elp_adapters::runtime::init_tracing();
    let args: Vec<String> = std::env::args().collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let port: u16 = flag("--port")
        .or_else(|| std::env::var("ELP_DEV_PORT").ok())
        .unwrap_or_else(|| "8080".into())
        .parse()?;
    let portal = PathBuf::from(flag("--portal").unwrap_or_else(|| "portal".into()));
    let node_modules =
        PathBuf::from(flag("--node-modules").unwrap_or_else(|| "node_modules".into()));
    let authorizer = Authorizer::from_env()?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let port = listener.local_addr()?.port();
    let base = format!("http://127.0.0.1:{port}");
    let config = Config::from_lookup(|name| {
        std::env::var(name).ok().or_else(|| match name {
            "ELP_TABLE" => Some("elp-local".into()),
            "ELP_MAIL_FROM" => Some("licences@vendor.example".into()),
            "ELP_PORTAL_URL" => Some(base.clone()),
            // The operator the local sign-in page offers reads the vendor's mail in the inbox.
            "ELP_VENDOR_MAIL" => Some("ops@vendor.example".into()),
            // Locally, webhook receivers on this machine (127.0.0.1) may be registered.
            "ELP_WEBHOOKS_ALLOW_LOOPBACK" => Some("true".into()),
            // Exports too large to attach go to moto's S3 when the stack runs it (decision 184).
            "ELP_S3_ENDPOINT" => std::env::var("ELP_MOTO_ENDPOINT").ok(),
            "ELP_EXPORTS_BUCKET" => std::env::var("ELP_MOTO_ENDPOINT")
                .ok()
                .map(|_| "elp-exports-local".into()),
            _ => None,
        })
    })?;
    let (Some(_), Some(ses)) = (&config.dynamodb_endpoint, config.ses_endpoint.clone()) else {
        return Err("set ELP_DYNAMODB_ENDPOINT and ELP_SES_ENDPOINT (infra/local/stack.sh start; . .local/stack.env)".into());
    };
    let mut app = App::connect(config, Arc::new(SystemClock)).await;
    // Licence files: the key in ELP_LICENCE_SIGNING_KID / _SEED, else the published test key
    // (decision 119; never a real key locally).
    let licence_key = LicenceKey::from_env()?.unwrap_or_else(LicenceKey::published_test);
    let licence_public = format!("{}={}", licence_key.kid, licence_key.public_text());
    app.licence_key = Some(Arc::new(licence_key));
    match app.store.create_table().await {
        Ok(()) => println!("created table {}", app.store.table()),
        Err(e)
            if e.to_string().contains("ResourceInUse")
                || e.to_string().contains("already exists") => {}
        Err(e) => return Err(e.into()),
    }
    let events = app
        .config
        .eventbridge_endpoint
        .clone()
        .or_else(|| std::env::var("ELP_MOTO_ENDPOINT").ok());
    if let Some(endpoint) = &events {
        let mut config = app.config.clone();
        config.eventbridge_endpoint = Some(endpoint.clone());
        // The webhook deliveries, as the bus's rule and the schedule run them in AWS.
        let webhooks = Arc::new(App::connect(app.config.clone(), Arc::new(SystemClock)).await);
        tokio::spawn(elp_gateway::stream::retry_webhooks_forever(
            webhooks.clone(),
        ));
        tokio::spawn(elp_gateway::stream::publish_forever(config, Some(webhooks)));
    }
    if let Some(bucket) = &app.exports_bucket {
        let made = bucket
            .client()
            .create_bucket()
            .bucket(bucket.name())
            .send()
            .await;
        if let Err(e) = made {
            let e = elp_adapters::aws_sdk_s3::error::DisplayErrorContext(e).to_string();
            if !e.contains("BucketAlreadyOwnedByYou") && !e.contains("BucketAlreadyExists") {
                return Err(format!("creating the exports bucket: {e}").into());
            }
        }
    }
    if elp_gateway::seed::seed(&app).await? {
        println!("seeded the demo organisation Studio Nord");
    }
    println!();
    println!("Portal        {base}/");
    println!(
        "Sign in       at the local OpenID provider {} (admin: {}, members: {}, operator: ops@vendor.example)",
        authorizer.issuer(),
        elp_gateway::seed::ADMIN,
        elp_gateway::seed::MEMBERS.join(", ")
    );
    println!("API           {base}/v1/");
    println!("Mail inbox    {ses}/");
    match &events {
        Some(endpoint) => println!(
            "Events        on the bus {} at {endpoint} (docs/events.md)",
            elp_gateway::stream::LOCAL_BUS
        ),
        None => println!("Events        not published (no ELP_MOTO_ENDPOINT)"),
    }
    println!("Licence key   {licence_public} (the public key licence files verify with)");
    let gateway = Arc::new(
        Gateway::new(app, authorizer, portal, ses)
            .with_node_modules(node_modules)
            .listening_on(port),
    );
    serve(gateway, listener).await?;
    Ok(())
}
