//! The licences function: `GET /v1/licenses`, `GET /v1/licenses/{code}`,
//! `POST /v1/licenses/quote`, `POST /v1/licenses`; in bulk, `POST /v1/licenses/bulk/quote`,
//! `POST /v1/licenses/bulk`, `POST /v1/licenses/bulk/renewals/quote`,
//! `POST /v1/licenses/bulk/renewals` and `POST /v1/licenses/bulk/assign`; a licence's machines,
//! `GET /v1/licenses/{code}/machines` and `POST /v1/licenses/{code}/machines/{seat}/release`.

use elp_adapters::http::{answer, caller, idempotency_key, json_body, page, query_param, segments};
use elp_adapters::lambda_http::http::Method;
use elp_adapters::lambda_http::{Body, Request, Response};
use elp_adapters::service::bulk;
use elp_adapters::service::licenses::{self, ListFilters};
use elp_adapters::service::machines::{self, Whose};
use elp_adapters::service::Reply;
use elp_adapters::{App, Error};

pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/v1/licenses"),
    ("GET", "/v1/licenses/{code}"),
    ("POST", "/v1/licenses/quote"),
    ("POST", "/v1/licenses"),
    ("POST", "/v1/licenses/bulk/quote"),
    ("POST", "/v1/licenses/bulk"),
    ("POST", "/v1/licenses/bulk/renewals/quote"),
    ("POST", "/v1/licenses/bulk/renewals"),
    ("POST", "/v1/licenses/bulk/assign"),
    ("GET", "/v1/licenses/{code}/machines"),
    ("POST", "/v1/licenses/{code}/machines/{seat}/release"),
];

pub async fn handle(app: &App, request: Request) -> Response<Body> {
    answer(app, request, route).await
}

async fn route(app: &App, request: Request) -> Result<Reply, Error> {
    let path = segments(&request)?;
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    if !matches!(
        path.as_slice(),
        ["licenses"]
            | ["licenses", _]
            | ["licenses", "bulk", "quote" | "renewals" | "assign"]
            | ["licenses", "bulk", "renewals", "quote"]
            | ["licenses", _, "machines"]
            | ["licenses", _, "machines", _, "release"]
    ) {
        return Err(Error::NotFound("route"));
    }
    let caller = caller(&request, &app.config)?;
    match (request.method().clone(), path.as_slice()) {
        (Method::GET, ["licenses"]) => {
            let filters = ListFilters::parse(
                query_param(&request, "bank"),
                query_param(&request, "status"),
                query_param(&request, "assignee"),
            )?
            .searching(
                query_param(&request, "q"),
                query_param(&request, "product"),
                query_param(&request, "sort"),
            )?;
            licenses::list(app, &caller, filters, page(&request)?).await
        }
        (Method::POST, ["licenses", "quote"]) => {
            licenses::quote(app, &caller, json_body(&request)?).await
        }
        (Method::POST, ["licenses", "bulk", "quote"]) => {
            bulk::generation_quote(app, &caller, json_body(&request)?).await
        }
        (Method::POST, ["licenses", "bulk"]) => {
            let input = json_body(&request)?;
            bulk::generate(app, &caller, input, idempotency_key(&request)?).await
        }
        (Method::POST, ["licenses", "bulk", "renewals", "quote"]) => {
            bulk::renewal_quote(app, &caller, json_body(&request)?).await
        }
        (Method::POST, ["licenses", "bulk", "renewals"]) => {
            let input = json_body(&request)?;
            bulk::renew(app, &caller, input, idempotency_key(&request)?).await
        }
        (Method::POST, ["licenses", "bulk", "assign"]) => {
            let input = json_body(&request)?;
            bulk::assign(app, &caller, input, idempotency_key(&request)?).await
        }
        (Method::GET, ["licenses", code, "machines"]) => {
            machines::list(app, &caller, code, Whose::Admin).await
        }
        (Method::POST, ["licenses", code, "machines", seat, "release"]) => {
            let machine = query_param(&request, "machine");
            let key = idempotency_key(&request)?;
            machines::release(
                app,
                &caller,
                code,
                seat,
                machine.as_deref(),
                Whose::Admin,
                key,
            )
            .await
        }
        (Method::GET, ["licenses", code]) => licenses::get(app, &caller, code).await,
        (Method::POST, ["licenses"]) => {
            let input = json_body(&request)?;
            licenses::generate(app, &caller, input, idempotency_key(&request)?).await
        }
        _ => Err(Error::MethodNotAllowed),
    }
}
