//! The cold-start benchmark's reference: a hello-world lambda_http function, built with the same
//! profile as the real ones.

use elp_adapters::lambda_http::{run, service_fn, Body, Error, Request, Response};

#[tokio::main]
async fn main() -> Result<(), Error> {
    run(service_fn(|_: Request| async {
        Ok::<_, Error>(Response::new(Body::from("hello")))
    }))
    .await
}
