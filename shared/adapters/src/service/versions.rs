//! Product-version policies, for admins: per product, every build (restriction off) or only the
//! selected versions (on). Members' download links follow it.

use elp_core::{decide, ProductId, Version};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::access::{admin_with_catalog, Caller};
use super::app::App;
use super::error::Error;
use super::reply::{reply, Reply, Status};

#[derive(Debug, Serialize)]
struct ProductPolicy<'a> {
    product: &'a ProductId,
    name: &'a str,
    restricted: bool,
    allowed: Vec<Version>,
    /// Every version the catalogue has.
    versions: Vec<Version>,
}

pub async fn list(app: &App, caller: &Caller) -> Result<Reply, Error> {
    let (me, catalog) = admin_with_catalog(app, caller).await?;
    let policies = app.store.list_policies(&me.org).await?;
    let products: Vec<_> = catalog
        .products
        .iter()
        .map(|p| {
            let policy = policies.iter().find(|x| x.product == p.id);
            ProductPolicy {
                product: &p.id,
                name: &p.name,
                restricted: policy.is_some_and(|x| x.restricted),
                allowed: policy
                    .filter(|x| x.restricted)
                    .map(|x| x.allowed.clone())
                    .unwrap_or_default(),
                versions: p.releases.iter().map(|r| r.version).collect(),
            }
        })
        .collect();
    reply(Status::Ok, json!({ "products": products }))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyInput {
    pub restricted: bool,
    /// The versions available when restricted (ignored otherwise).
    #[serde(default)]
    pub allowed: Vec<String>,
}

pub async fn set(
    app: &App,
    caller: &Caller,
    product: &str,
    input: PolicyInput,
) -> Result<Reply, Error> {
    let product = ProductId::parse(product).map_err(|_| Error::NotFound("product"))?;
    let (me, catalog) = admin_with_catalog(app, caller).await?;
    if catalog.product(&product).is_none() {
        return Err(Error::NotFound("product"));
    }
    let before = app.store.get_policy(&me.org, &product).await?;
    let allowed = match input.restricted {
        true => input
            .allowed
            .iter()
            .map(|raw| Version::parse("allowed", raw))
            .collect::<Result<Vec<_>, _>>()?,
        false => Vec::new(),
    };
    let (policy, audit) = decide::version_policy(
        &me,
        &catalog,
        &product,
        input.restricted,
        allowed,
        app.clock.now(),
    )?;
    app.store
        .put_policy(&me.org, before.as_ref(), &policy, &audit)
        .await?;
    reply(Status::Ok, &policy)
}
