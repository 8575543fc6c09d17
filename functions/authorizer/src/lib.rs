//! The authorizer function: API Gateway's HTTP API calls it (payload 2.0, simple responses,
//! no caching) before every request to the scripts API, with the request's `Authorization`
//! header. It reads the credential the key names and answers with a context the functions
//! read (`elp_adapters::http::identity`): the credential's id, organisation, name and role, or
//! why the key is refused. It always authorizes the call to proceed, so that the function
//! answers a refused key with the API's own 401 (a sentence in the caller's language, a
//! machine code) rather than API Gateway's bare 403; the function admits nothing without a
//! context naming a credential.

use elp_adapters::lambda_http::aws_lambda_events::apigw::{
    ApiGatewayV2CustomAuthorizerSimpleResponse, ApiGatewayV2CustomAuthorizerV2Request,
};
use elp_adapters::service::credentials;
use elp_adapters::App;
use serde_json::{json, Value};

/// The authorizer's answer to one request.
pub async fn authorize(
    app: &App,
    event: &ApiGatewayV2CustomAuthorizerV2Request,
) -> ApiGatewayV2CustomAuthorizerSimpleResponse<Value> {
    let header = event
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok());
    let context = match credentials::authorize(app, header).await {
        Ok(grant) => json!({
            "credential": grant.id.as_str(),
            "org": grant.org.as_str(),
            "name": grant.name.as_str(),
            "role": grant.role.as_str(),
        }),
        Err(why) => {
            tracing::info!(refused = why, "API key refused");
            json!({ "refused": why })
        }
    };
    let mut response = ApiGatewayV2CustomAuthorizerSimpleResponse::default();
    response.is_authorized = true;
    response.context = context;
    response
}
