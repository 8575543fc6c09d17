//! The console function, the vendor's read side: `GET /v1/operator/orgs` (by name, a word of a
//! name, an address or `@domain`), `GET /v1/operator/orgs/{org}` (with its banks), its
//! `licenses`, `users` and `audit`, a bank's ledger
//! (`GET /v1/operator/orgs/{org}/banks/{id}/ledger`), `GET /v1/operator/licenses/{code}` and
//! `GET /v1/operator/users/{email}` across organisations, `GET /v1/operator/audit` (the vendor's
//! trail) and `GET /v1/operator/mail/dead`. Operators only; it reads and changes nothing.
//! Routes, parses, calls one use case; nothing else.

use elp_adapters::http::{answer, audit_filter, operator, page, query_param, segments};
use elp_adapters::lambda_http::http::Method;
use elp_adapters::lambda_http::{Body, Request, Response};
use elp_adapters::service::access::admit_operator;
use elp_adapters::service::console::{self, OrgSearch};
use elp_adapters::service::licenses::ListFilters;
use elp_adapters::service::operator as ops;
use elp_adapters::service::{ledger, Reply};
use elp_adapters::{App, Error};

/// The routes this function serves, as in the SAM template and the OpenAPI document.
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/v1/operator/orgs"),
    ("GET", "/v1/operator/orgs/{org}"),
    ("GET", "/v1/operator/orgs/{org}/licenses"),
    ("GET", "/v1/operator/orgs/{org}/users"),
    ("GET", "/v1/operator/orgs/{org}/audit"),
    ("GET", "/v1/operator/orgs/{org}/banks/{id}/ledger"),
    ("GET", "/v1/operator/licenses/{code}"),
    ("GET", "/v1/operator/users/{email}"),
    ("GET", "/v1/operator/audit"),
    ("GET", "/v1/operator/mail/dead"),
];

pub async fn handle(app: &App, request: Request) -> Response<Body> {
    answer(app, request, route).await
}

async fn route(app: &App, request: Request) -> Result<Reply, Error> {
    let path = segments(&request)?;
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    let known = matches!(
        path.as_slice(),
        ["operator", "orgs"]
            | ["operator", "orgs", _]
            | ["operator", "orgs", _, "licenses" | "users" | "audit"]
            | ["operator", "orgs", _, "banks", _, "ledger"]
            | ["operator", "licenses", _]
            | ["operator", "users", _]
            | ["operator", "audit"]
            | ["operator", "mail", "dead"]
    );
    if !known {
        return Err(Error::NotFound("route"));
    }
    let operator = operator(&request, &app.config)?;
    admit_operator(app, &operator).await?;
    if request.method() != Method::GET {
        return Err(Error::MethodNotAllowed);
    }
    match path.as_slice() {
        ["operator", "orgs"] => {
            let search = OrgSearch::parse(query_param(&request, "q").as_deref())?;
            console::list_orgs(app, search, page(&request)?).await
        }
        ["operator", "orgs", org] => console::org(app, org).await,
        ["operator", "orgs", org, "licenses"] => {
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
            console::org_licenses(app, org, filters, page(&request)?, operator.lang).await
        }
        ["operator", "orgs", org, "users"] => console::org_users(app, org, page(&request)?).await,
        ["operator", "orgs", org, "audit"] => {
            let filter = audit_filter(&request)?;
            console::org_audit(app, org, filter, page(&request)?, operator.lang).await
        }
        ["operator", "orgs", org, "banks", id, "ledger"] => {
            ledger::operator_page(app, org, id, page(&request)?, operator.lang).await
        }
        ["operator", "licenses", code] => console::license(app, code, operator.lang).await,
        ["operator", "users", email] => console::person(app, email, operator.lang).await,
        ["operator", "audit"] => {
            let filter = audit_filter(&request)?;
            console::vendor_audit(app, filter, page(&request)?, operator.lang).await
        }
        ["operator", "mail", "dead"] => ops::dead_mail(app, page(&request)?).await,
        _ => Err(Error::NotFound("route")),
    }
}
