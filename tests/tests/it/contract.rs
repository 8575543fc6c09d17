//! One set of routes everywhere: the routes each function serves (`ROUTES`), the dev gateway's
//! table, the OpenAPI document and the SAM template must be the same set of (method, path).

use std::collections::BTreeSet;

use yaml_rust2::{Yaml, YamlLoader};

fn load(relative: &str) -> Yaml {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    YamlLoader::load_from_str(&text)
        .unwrap_or_else(|e| panic!("{relative}: {e}"))
        .remove(0)
}

fn served() -> BTreeSet<(String, String)> {
    elp_gateway::routes::functions()
        .into_iter()
        .flat_map(|(_, routes)| routes.iter().map(|(m, p)| (m.to_string(), p.to_string())))
        .collect()
}

#[test]
fn the_gateway_routes_what_the_functions_serve() {
    let gateway: BTreeSet<_> = elp_gateway::routes::all_routes()
        .into_iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(gateway, served());
    assert_eq!(gateway.len(), 86);
}

#[test]
fn the_openapi_document_describes_exactly_the_served_routes() {
    let doc = load("docs/openapi.yaml");
    assert_eq!(doc["openapi"].as_str(), Some("3.1.0"));
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_hash().expect("paths") {
        for (method, _) in item.as_hash().expect("a path item") {
            let method = method.as_str().unwrap().to_ascii_uppercase();
            if ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&method.as_str()) {
                documented.insert((method, path.as_str().unwrap().to_string()));
            }
        }
    }
    assert_eq!(documented, served());
}

#[test]
fn the_sam_template_routes_exactly_the_served_routes_to_their_functions() {
    let template = load("infra/template.yaml");
    let mut routed = BTreeSet::new();
    let mut scripts = BTreeSet::new();
    for (name, resource) in template["Resources"].as_hash().expect("Resources") {
        if resource["Type"].as_str() != Some("AWS::Serverless::Function") {
            continue;
        }
        let binary = resource["Metadata"]["BuildProperties"]["Binary"].as_str();
        let Some(events) = resource["Properties"]["Events"].as_hash() else {
            continue;
        };
        let mut own = BTreeSet::new();
        let mut own_scripts = Vec::new();
        for (_, event) in events {
            if event["Type"].as_str() != Some("HttpApi") {
                continue;
            }
            let api = event["Properties"]["ApiId"].as_str().unwrap_or_default();
            let method = event["Properties"]["Method"]
                .as_str()
                .unwrap()
                .to_ascii_uppercase();
            let path = event["Properties"]["Path"].as_str().unwrap().to_string();
            let function =
                elp_gateway::routes::route(&method, &path.replace('{', "x").replace('}', ""));
            assert!(
                function.is_some(),
                "{name:?} routes {method} {path}, which no function serves"
            );
            assert!(binary.is_some(), "{name:?} names its binary");
            match api {
                "Api" => {
                    own.insert((method.clone(), path.clone()));
                    routed.insert((method, path));
                }
                "ScriptsApi" => own_scripts.push((method, path)),
                other => panic!("{name:?} routes {method} {path} on an unknown API {other:?}"),
            }
        }
        // The scripts API routes each of its routes to the function the portal's API does.
        for route in own_scripts {
            assert!(
                own.contains(&route),
                "{name:?} routes {route:?} for scripts only"
            );
            scripts.insert(route);
        }
    }
    assert_eq!(routed, served());
    let allowed: BTreeSet<(String, String)> = elp_core::credential::SCRIPT_ROUTES
        .iter()
        .map(|(m, p, _)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(
        scripts, allowed,
        "the scripts API routes exactly SCRIPT_ROUTES"
    );
    assert!(allowed.is_subset(&served()));
}

/// The scripts API's authorizer is the credentials' function, called for every request without
/// caching (a revoked key is refused at once), with simple responses.
#[test]
fn the_scripts_api_admits_every_request_through_the_credentials_authorizer_uncached() {
    let template = load("infra/template.yaml");
    let resources = &template["Resources"];
    let auth = &resources["ScriptsApi"]["Properties"]["Auth"];
    assert_eq!(auth["DefaultAuthorizer"].as_str(), Some("KeyAuthorizer"));
    let key = &auth["Authorizers"]["KeyAuthorizer"];
    assert_eq!(key["Identity"]["ReauthorizeEvery"].as_i64(), Some(0));
    assert_eq!(key["EnableSimpleResponses"].as_bool(), Some(true));
    assert_eq!(key["AuthorizerPayloadFormatVersion"].as_str(), Some("2.0"));
    let function = &resources["AuthorizerFunction"];
    assert_eq!(
        function["Metadata"]["BuildProperties"]["Binary"].as_str(),
        Some("authorizer")
    );
    assert_eq!(
        key["FunctionArn"].as_str(),
        Some("AuthorizerFunction.Arn"),
        "{key:?}"
    );
}

/// The audit actions the core names (`AuditAction::as_str`) are exactly the OpenAPI enum's, so a
/// new action cannot reach a trail's answer undocumented.
#[test]
fn the_openapi_document_names_every_audit_action() {
    let doc = load("docs/openapi.yaml");
    let documented: BTreeSet<String> = doc["components"]["schemas"]["AuditAction"]["enum"]
        .as_vec()
        .expect("the AuditAction enum")
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let source = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/core/src/audit.rs"),
    )
    .unwrap();
    // The arms of `AuditAction::as_str`, each `AuditAction::X => "x",` on its line.
    let body = source
        .split_once("pub fn as_str(self)")
        .and_then(|(_, rest)| rest.split_once("\n    }\n"))
        .expect("AuditAction::as_str")
        .0;
    let named: BTreeSet<String> = body
        .lines()
        .filter_map(|line| line.trim().strip_prefix("AuditAction::"))
        .filter_map(|rest| {
            let (_, after) = rest.split_once(" => \"")?;
            let (name, _) = after.split_once('"')?;
            Some(name.to_string())
        })
        .collect();
    assert!(named.len() > 30, "the scan found {named:?}");
    assert_eq!(documented, named);
}

/// Every trail route documents exactly the filters the functions read
/// (`elp_adapters::http::AUDIT_FILTERS`), with the page parameters where it pages.
#[test]
fn the_openapi_document_names_every_audit_filter() {
    let doc = load("docs/openapi.yaml");
    let parameters = &doc["components"]["parameters"];
    for (path, paged) in [
        ("/v1/audit", true),
        ("/v1/audit.csv", false),
        ("/v1/operator/audit", true),
        ("/v1/operator/orgs/{org}/audit", true),
    ] {
        let listed = doc["paths"][path]["get"]["parameters"]
            .as_vec()
            .unwrap_or_else(|| panic!("{path}: parameters"));
        let query: BTreeSet<String> = listed
            .iter()
            .map(|p| {
                let name = p["$ref"]
                    .as_str()
                    .expect("a $ref")
                    .rsplit('/')
                    .next()
                    .unwrap();
                &parameters[name]
            })
            .filter(|p| p["in"].as_str() == Some("query"))
            .map(|p| p["name"].as_str().expect("a name").to_string())
            .collect();
        let mut wanted: BTreeSet<String> = elp_adapters::http::AUDIT_FILTERS
            .iter()
            .map(|s| s.to_string())
            .collect();
        if paged {
            wanted.extend(["cursor".to_string(), "limit".to_string()]);
        }
        assert_eq!(query, wanted, "{path}");
    }
}
