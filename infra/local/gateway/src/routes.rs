//! The route table: every function's `ROUTES`, matched as API Gateway matches them (exact
//! segments win over `{param}` segments).

use elp_adapters::lambda_http::{Body, Request, Response};
use elp_adapters::App;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    Operator,
    Console,
    Banks,
    Licenses,
    Renewals,
    Returns,
    Users,
    Versions,
    Workspace,
    Exports,
    CreditRequests,
    Activation,
    Webhooks,
}

/// Each HTTP function with the routes it serves.
pub fn functions() -> Vec<(Function, &'static [(&'static str, &'static str)])> {
    vec![
        (Function::Operator, elp_operator::ROUTES),
        (Function::Console, elp_console::ROUTES),
        (Function::Banks, elp_banks::ROUTES),
        (Function::Licenses, elp_licenses::ROUTES),
        (Function::Renewals, elp_renewals::ROUTES),
        (Function::Returns, elp_returns::ROUTES),
        (Function::Users, elp_users::ROUTES),
        (Function::Versions, elp_versions::ROUTES),
        (Function::Workspace, elp_workspace::ROUTES),
        (Function::Exports, elp_exports::ROUTES),
        (Function::CreditRequests, elp_credit_requests::ROUTES),
        (Function::Activation, elp_activation::ROUTES),
        (Function::Webhooks, elp_webhooks::ROUTES),
    ]
}

/// Every (method, path template) the API serves.
pub fn all_routes() -> Vec<(&'static str, &'static str)> {
    functions()
        .into_iter()
        .flat_map(|(_, r)| r.iter().copied())
        .collect()
}

/// Does `path` fit the template (`/v1/licenses/{code}/return`)?
fn fits(template: &str, path: &str) -> bool {
    let (t, p): (Vec<_>, Vec<_>) = (template.split('/').collect(), path.split('/').collect());
    t.len() == p.len()
        && t.iter()
            .zip(&p)
            .all(|(t, p)| (t.starts_with('{') && !p.is_empty()) || t == p)
}

/// The function API Gateway would invoke for `method path` (no query string).
pub fn route(method: &str, path: &str) -> Option<Function> {
    matched(method, path).map(|(f, _)| f)
}

/// The route `method path` matches: its function and its path template.
pub fn matched(method: &str, path: &str) -> Option<(Function, &'static str)> {
    let mut candidates: Vec<(usize, Function, &'static str)> = functions()
        .into_iter()
        .flat_map(|(f, routes)| routes.iter().map(move |r| (f, r)))
        .filter(|(_, (m, t))| *m == method && fits(t, path))
        .map(|(f, (_, t))| (t.matches('{').count(), f, *t))
        .collect();
    candidates.sort_by_key(|(params, _, _)| *params);
    candidates.first().map(|(_, f, t)| (*f, *t))
}

/// The routes API Gateway serves without the JWT authorizer (what authorises them is in the
/// request itself): the functions' `PUBLIC_ROUTES`.
pub fn public_routes() -> &'static [(&'static str, &'static str)] {
    static PUBLIC: std::sync::OnceLock<Vec<(&'static str, &'static str)>> =
        std::sync::OnceLock::new();
    PUBLIC.get_or_init(|| [elp_users::PUBLIC_ROUTES, elp_activation::PUBLIC_ROUTES].concat())
}

/// Runs the function's real handler.
pub async fn invoke(function: Function, app: &App, request: Request) -> Response<Body> {
    match function {
        Function::Operator => elp_operator::handle(app, request).await,
        Function::Console => elp_console::handle(app, request).await,
        Function::Banks => elp_banks::handle(app, request).await,
        Function::Licenses => elp_licenses::handle(app, request).await,
        Function::Renewals => elp_renewals::handle(app, request).await,
        Function::Returns => elp_returns::handle(app, request).await,
        Function::Users => elp_users::handle(app, request).await,
        Function::Versions => elp_versions::handle(app, request).await,
        Function::Workspace => elp_workspace::handle(app, request).await,
        Function::Exports => elp_exports::handle(app, request).await,
        Function::CreditRequests => elp_credit_requests::handle(app, request).await,
        Function::Activation => elp_activation::handle(app, request).await,
        Function::Webhooks => elp_webhooks::handle(app, request).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_routes_win_over_templates() {
        assert_eq!(
            route("POST", "/v1/licenses/quote"),
            Some(Function::Licenses)
        );
        assert_eq!(route("GET", "/v1/licenses/7KQM"), Some(Function::Licenses));
        assert_eq!(
            route("POST", "/v1/licenses/X/renewals/quote"),
            Some(Function::Renewals)
        );
        assert_eq!(route("GET", "/v1/licenses.csv"), Some(Function::Exports));
        assert_eq!(route("DELETE", "/v1/licenses"), None);
        assert_eq!(route("GET", "/v1/users/"), None);
        assert_eq!(
            route("GET", "/v1/operator/credit-requests"),
            Some(Function::CreditRequests)
        );
        assert_eq!(
            route("POST", "/v1/credit-requests/r_1/withdraw"),
            Some(Function::CreditRequests)
        );
        assert_eq!(
            matched("GET", "/v1/licenses/7KQM"),
            Some((Function::Licenses, "/v1/licenses/{code}"))
        );
    }
}
