//! Changing the catalogue: the catalogue as stored (its revision, when and by whom it was last
//! changed), what a proposed catalogue changes compared with it, said as sentences for the
//! operator and the vendor's audit trail, what those changes do to the people who use the
//! catalogue (banks bought for a product or version, organisations whose version policy selects
//! a version), and what members would see with it.
//!
//! Nothing here reads a table: what is in use comes in as a [`CatalogUsage`], counted by the
//! store as banks are created and policies set.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, Os, Product, Release, Version, VersionPolicy};
use crate::values::ProductId;

/// The catalogue as stored: its content and its revision, a number that grows by one with
/// each change (0 before the first), which an operator's `If-Match` names.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CatalogState {
    pub catalog: Catalog,
    pub revision: u64,
    pub updated_at: Option<DateTime<Utc>>,
    /// The actor of the last change (`operator:<subject>`), unknown for a catalogue written
    /// before revisions were kept.
    pub updated_by: Option<String>,
}

/// How much of the catalogue is in use, as the store counts it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CatalogUsage {
    /// Banks ever created for each product (banks are never deleted).
    pub banks: BTreeMap<ProductId, u64>,
    /// Banks ever created for each version of a product.
    pub bank_versions: BTreeMap<(ProductId, Version), u64>,
    /// Restricted version policies (one per organisation and product) that select each
    /// version of a product.
    pub policies: BTreeMap<(ProductId, Version), u64>,
}

impl CatalogUsage {
    pub fn banks_of(&self, product: &ProductId) -> u64 {
        self.banks.get(product).copied().unwrap_or(0)
    }

    fn of(map: &BTreeMap<(ProductId, Version), u64>, product: &ProductId, v: Version) -> u64 {
        map.get(&(product.clone(), v)).copied().unwrap_or(0)
    }
}

/// One difference between two catalogues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    ProductAdded {
        product: ProductId,
        name: String,
        versions: Vec<Version>,
    },
    ProductRemoved {
        product: ProductId,
        name: String,
    },
    ProductRenamed {
        product: ProductId,
        from: String,
        to: String,
    },
    VersionAdded {
        product: ProductId,
        version: Version,
        systems: Vec<Os>,
    },
    VersionRemoved {
        product: ProductId,
        version: Version,
    },
    LinkAdded {
        product: ProductId,
        version: Version,
        os: Os,
    },
    LinkRemoved {
        product: ProductId,
        version: Version,
        os: Os,
    },
    LinkChanged {
        product: ProductId,
        version: Version,
        os: Os,
    },
    /// The same links of a version, listed in another order.
    LinksReordered {
        product: ProductId,
        version: Version,
    },
    /// The same versions of a product, listed in another order.
    VersionsReordered {
        product: ProductId,
    },
    /// The same products, listed in another order.
    ProductsReordered,
}

fn os_name(os: Os) -> &'static str {
    match os {
        Os::Windows => "windows",
        Os::Macos => "macos",
        Os::Linux => "linux",
    }
}

fn list<T: fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(T::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::ProductAdded {
                product,
                name,
                versions,
            } if versions.is_empty() => {
                write!(
                    f,
                    "{product}: added the product \"{name}\", with no version"
                )
            }
            Change::ProductAdded {
                product,
                name,
                versions,
            } => write!(
                f,
                "{product}: added the product \"{name}\" with version{} {}",
                if versions.len() == 1 { "" } else { "s" },
                list(versions)
            ),
            Change::ProductRemoved { product, name } => {
                write!(f, "{product}: removed the product \"{name}\"")
            }
            Change::ProductRenamed { product, from, to } => {
                write!(f, "{product}: renamed \"{from}\" to \"{to}\"")
            }
            Change::VersionAdded {
                product,
                version,
                systems,
            } if systems.is_empty() => {
                write!(f, "{product}: added version {version} (no download link)")
            }
            Change::VersionAdded {
                product,
                version,
                systems,
            } => {
                let names: Vec<&str> = systems.iter().copied().map(os_name).collect();
                write!(
                    f,
                    "{product}: added version {version} ({})",
                    names.join(", ")
                )
            }
            Change::VersionRemoved { product, version } => {
                write!(f, "{product}: removed version {version}")
            }
            Change::LinkAdded {
                product,
                version,
                os,
            } => write!(f, "{product}: added the {} link of {version}", os_name(*os)),
            Change::LinkRemoved {
                product,
                version,
                os,
            } => write!(
                f,
                "{product}: removed the {} link of {version}",
                os_name(*os)
            ),
            Change::LinkChanged {
                product,
                version,
                os,
            } => write!(
                f,
                "{product}: changed the {} link of {version}",
                os_name(*os)
            ),
            Change::LinksReordered { product, version } => {
                write!(f, "{product}: reordered the links of {version}")
            }
            Change::VersionsReordered { product } => {
                write!(f, "{product}: reordered the versions")
            }
            Change::ProductsReordered => f.write_str("reordered the products"),
        }
    }
}

impl Change {
    /// The product a change is about (none for the products' order).
    pub fn product(&self) -> Option<&ProductId> {
        match self {
            Change::ProductAdded { product, .. }
            | Change::ProductRemoved { product, .. }
            | Change::ProductRenamed { product, .. }
            | Change::VersionAdded { product, .. }
            | Change::VersionRemoved { product, .. }
            | Change::LinkAdded { product, .. }
            | Change::LinkRemoved { product, .. }
            | Change::LinkChanged { product, .. }
            | Change::LinksReordered { product, .. }
            | Change::VersionsReordered { product } => Some(product),
            Change::ProductsReordered => None,
        }
    }
}

/// The order in which `items` of `before` that are still in `after` appear, in each.
fn same_order<'a, K: PartialEq + 'a>(
    before: impl Iterator<Item = &'a K>,
    after: impl Iterator<Item = &'a K> + Clone,
) -> bool {
    let kept_before: Vec<&K> = before.filter(|k| after.clone().any(|a| a == *k)).collect();
    let kept_after: Vec<&K> = after
        .filter(|k| kept_before.iter().any(|b| b == k))
        .collect();
    kept_before == kept_after
}

fn release_changes(product: &ProductId, before: &Release, after: &Release, out: &mut Vec<Change>) {
    let version = after.version;
    for old in &before.downloads {
        match after.downloads.iter().find(|d| d.os == old.os) {
            None => out.push(Change::LinkRemoved {
                product: product.clone(),
                version,
                os: old.os,
            }),
            Some(new) if new.url != old.url => out.push(Change::LinkChanged {
                product: product.clone(),
                version,
                os: old.os,
            }),
            Some(_) => {}
        }
    }
    for new in &after.downloads {
        if !before.downloads.iter().any(|d| d.os == new.os) {
            out.push(Change::LinkAdded {
                product: product.clone(),
                version,
                os: new.os,
            });
        }
    }
    let systems = |r: &'_ Release| r.downloads.iter().map(|d| d.os).collect::<Vec<_>>();
    if !same_order(systems(before).iter(), systems(after).iter()) {
        out.push(Change::LinksReordered {
            product: product.clone(),
            version,
        });
    }
}

fn product_changes(before: &Product, after: &Product, out: &mut Vec<Change>) {
    let id = &after.id;
    if before.name != after.name {
        out.push(Change::ProductRenamed {
            product: id.clone(),
            from: before.name.clone(),
            to: after.name.clone(),
        });
    }
    for old in &before.releases {
        if !after.releases.iter().any(|r| r.version == old.version) {
            out.push(Change::VersionRemoved {
                product: id.clone(),
                version: old.version,
            });
        }
    }
    for new in &after.releases {
        match before.releases.iter().find(|r| r.version == new.version) {
            None => out.push(Change::VersionAdded {
                product: id.clone(),
                version: new.version,
                systems: new.downloads.iter().map(|d| d.os).collect(),
            }),
            Some(old) => release_changes(id, old, new, out),
        }
    }
    let versions = |p: &'_ Product| p.releases.iter().map(|r| r.version).collect::<Vec<_>>();
    if !same_order(versions(before).iter(), versions(after).iter()) {
        out.push(Change::VersionsReordered {
            product: id.clone(),
        });
    }
}

/// Everything `after` changes compared with `before`, product by product in `after`'s order
/// (removed products first). Empty exactly when the two catalogues are equal.
pub fn diff(before: &Catalog, after: &Catalog) -> Vec<Change> {
    let mut out = Vec::new();
    for old in &before.products {
        if after.product(&old.id).is_none() {
            out.push(Change::ProductRemoved {
                product: old.id.clone(),
                name: old.name.clone(),
            });
        }
    }
    for new in &after.products {
        match before.product(&new.id) {
            None => out.push(Change::ProductAdded {
                product: new.id.clone(),
                name: new.name.clone(),
                versions: new.releases.iter().map(|r| r.version).collect(),
            }),
            Some(old) => product_changes(old, new, &mut out),
        }
    }
    let ids = |c: &'_ Catalog| c.products.iter().map(|p| p.id.clone()).collect::<Vec<_>>();
    if !same_order(ids(before).iter(), ids(after).iter()) {
        out.push(Change::ProductsReordered);
    }
    out
}

/// The longest audit detail a catalogue change writes; past it, the rest is counted.
pub const MAX_DETAIL_CHARS: usize = 4000;

/// The changes as one line for the audit trail: sentences joined by `; `, at most
/// [`MAX_DETAIL_CHARS`] characters ("... and 12 more changes").
pub fn summary(changes: &[Change]) -> String {
    let mut out = String::new();
    for (i, change) in changes.iter().enumerate() {
        let sentence = change.to_string();
        let rest = changes.len() - i;
        // Room is kept for the count of what does not fit.
        if out.chars().count() + sentence.chars().count() + 40 > MAX_DETAIL_CHARS {
            out.push_str(&format!(
                "; and {rest} more change{}",
                if rest == 1 { "" } else { "s" }
            ));
            break;
        }
        if i > 0 {
            out.push_str("; ");
        }
        out.push_str(&sentence);
    }
    out
}

/// An organisation, for a preview of what its members would see: its name and every version
/// policy it set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgPolicies {
    pub name: String,
    pub policies: Vec<VersionPolicy>,
}

impl OrgPolicies {
    fn policy(&self, product: &ProductId) -> Option<&VersionPolicy> {
        self.policies.iter().find(|p| &p.product == product)
    }
}

/// What the operator should know before saving a catalogue: who uses what it removes, and
/// what a given organisation's members would stop (or not yet) see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// Banks were bought for a product the catalogue removes: saving is refused.
    ProductInUse { product: ProductId, banks: u64 },
    /// Banks were bought for a version the catalogue removes.
    VersionBought {
        product: ProductId,
        version: Version,
        banks: u64,
    },
    /// Organisations' version policies select a version the catalogue removes.
    VersionSelected {
        product: ProductId,
        version: Version,
        organisations: u64,
    },
    /// A version with no download link: members see nothing to download for it.
    NoLinks {
        product: ProductId,
        version: Version,
    },
    /// The organisation's policy selects only versions the catalogue removes.
    OrgLosesEverything { org: String, product: String },
    /// The organisation's policy selects versions the catalogue removes (and others it keeps).
    OrgLosesSome {
        org: String,
        product: String,
        versions: Vec<Version>,
    },
    /// The organisation restricts a product to which the catalogue adds versions: its
    /// members see them only once an admin selects them.
    OrgHidesNew {
        org: String,
        product: String,
        versions: Vec<Version>,
    },
}

fn versions_phrase(versions: &[Version]) -> String {
    match versions {
        [one] => format!("version {one}"),
        _ => format!("versions {}", list(versions)),
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::ProductInUse { product, banks } => write!(
                f,
                "{product}: {} bought for this product; it cannot be removed while they \
                 exist, so saving this catalogue will be refused",
                crate::quote::count(*banks, "bank was", "banks were")
            ),
            Warning::VersionBought {
                product,
                version,
                banks,
            } => write!(
                f,
                "{product}: {} bought for version {version}; their licences keep working, but \
                 {version} will no longer be offered for download or for new banks",
                crate::quote::count(*banks, "bank was", "banks were")
            ),
            Warning::VersionSelected {
                product,
                version,
                organisations,
            } => write!(
                f,
                "{product}: the version policy of {} selects version {version}; their members \
                 will no longer see its downloads",
                crate::quote::count(*organisations, "organisation", "organisations")
            ),
            Warning::NoLinks { product, version } => write!(
                f,
                "{product}: version {version} has no download link; members will see nothing \
                 to download for it"
            ),
            Warning::OrgLosesEverything { org, product } => write!(
                f,
                "{org}'s version policy for {product} selects only versions this catalogue \
                 removes: its members will see no {product} download"
            ),
            Warning::OrgLosesSome {
                org,
                product,
                versions,
            } => write!(
                f,
                "{org}'s version policy for {product} selects {}, which this catalogue removes",
                versions_phrase(versions)
            ),
            Warning::OrgHidesNew {
                org,
                product,
                versions,
            } => write!(
                f,
                "{org} restricts {product} to selected versions: its members will not see \
                 {} until an admin selects it",
                versions_phrase(versions)
            ),
        }
    }
}

/// What the change from `before` to `after` does to those who use the catalogue, by what
/// `usage` counts; and, for `org`, to that organisation's members exactly.
pub fn warnings(
    before: &Catalog,
    after: &Catalog,
    usage: &CatalogUsage,
    org: Option<&OrgPolicies>,
) -> Vec<Warning> {
    let mut out = Vec::new();
    for old in &before.products {
        let Some(new) = after.product(&old.id) else {
            let banks = usage.banks_of(&old.id);
            if banks > 0 {
                out.push(Warning::ProductInUse {
                    product: old.id.clone(),
                    banks,
                });
            }
            continue;
        };
        for release in &old.releases {
            if new.releases.iter().any(|r| r.version == release.version) {
                continue;
            }
            let banks = CatalogUsage::of(&usage.bank_versions, &old.id, release.version);
            if banks > 0 {
                out.push(Warning::VersionBought {
                    product: old.id.clone(),
                    version: release.version,
                    banks,
                });
            }
            let organisations = CatalogUsage::of(&usage.policies, &old.id, release.version);
            if organisations > 0 {
                out.push(Warning::VersionSelected {
                    product: old.id.clone(),
                    version: release.version,
                    organisations,
                });
            }
        }
    }
    for product in &after.products {
        for release in &product.releases {
            if release.downloads.is_empty() {
                out.push(Warning::NoLinks {
                    product: product.id.clone(),
                    version: release.version,
                });
            }
        }
    }
    if let Some(org) = org {
        out.extend(org_warnings(before, after, org));
    }
    out
}

fn org_warnings<'a>(
    before: &'a Catalog,
    after: &'a Catalog,
    org: &'a OrgPolicies,
) -> impl Iterator<Item = Warning> + 'a {
    after.products.iter().filter_map(move |product| {
        let policy = org.policy(&product.id).filter(|p| p.restricted)?;
        let had: BTreeSet<Version> = before
            .product(&product.id)
            .map(|p| p.releases.iter().map(|r| r.version).collect())
            .unwrap_or_default();
        let has: BTreeSet<Version> = product.releases.iter().map(|r| r.version).collect();
        let selected: Vec<Version> = policy
            .allowed
            .iter()
            .copied()
            .filter(|v| had.contains(v))
            .collect();
        let lost: Vec<Version> = selected
            .iter()
            .copied()
            .filter(|v| !has.contains(v))
            .collect();
        let name = product.name.clone();
        if !lost.is_empty() {
            return Some(if lost.len() == selected.len() {
                Warning::OrgLosesEverything {
                    org: org.name.clone(),
                    product: name,
                }
            } else {
                Warning::OrgLosesSome {
                    org: org.name.clone(),
                    product: name,
                    versions: lost,
                }
            });
        }
        let new: Vec<Version> = product
            .releases
            .iter()
            .map(|r| r.version)
            .filter(|v| !had.contains(v) && !policy.allows(*v))
            .collect();
        (!new.is_empty()).then(|| Warning::OrgHidesNew {
            org: org.name.clone(),
            product: name,
            versions: new,
        })
    })
}

/// A product as members would see it: the versions they may download, with their links.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberProduct<'a> {
    pub id: &'a ProductId,
    pub name: &'a str,
    pub versions: Vec<&'a Release>,
}

/// What members would see with `catalog`: every product, with the releases `org`'s version
/// policies allow (exactly as the workspace filters its downloads), or every release.
pub fn member_view<'a>(
    catalog: &'a Catalog,
    org: Option<&'a OrgPolicies>,
) -> Vec<MemberProduct<'a>> {
    catalog
        .products
        .iter()
        .map(|p| MemberProduct {
            id: &p.id,
            name: &p.name,
            versions: catalog.releases_allowed(&p.id, org.and_then(|o| o.policy(&p.id))),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Download;

    fn v(s: &str) -> Version {
        Version::parse("version", s).unwrap()
    }

    fn id(s: &str) -> ProductId {
        ProductId::parse(s).unwrap()
    }

    fn release(version: &str, systems: &[Os]) -> Release {
        Release {
            version: v(version),
            downloads: systems
                .iter()
                .map(|os| Download {
                    os: *os,
                    url: format!("https://d.example/{version}/{}", os_name(*os)),
                })
                .collect(),
        }
    }

    const ALL: &[Os] = &[Os::Windows, Os::Macos, Os::Linux];

    fn catalog() -> Catalog {
        Catalog {
            products: vec![
                Product {
                    id: id("harmony-premium"),
                    name: "Harmony Premium".into(),
                    releases: vec![release("24", ALL), release("25.1", ALL)],
                },
                Product {
                    id: id("storyboard-pro"),
                    name: "Storyboard Pro".into(),
                    releases: vec![release("22", ALL), release("24.1", ALL)],
                },
            ],
        }
    }

    fn sentences(before: &Catalog, after: &Catalog) -> Vec<String> {
        diff(before, after).iter().map(Change::to_string).collect()
    }

    #[test]
    fn the_same_catalogue_changes_nothing() {
        assert!(diff(&catalog(), &catalog()).is_empty());
        assert!(diff(&Catalog::default(), &Catalog::default()).is_empty());
    }

    #[test]
    fn an_added_version_and_a_removed_link_are_said_in_words() {
        let mut after = catalog();
        after.products[0].releases.push(release("25.2", ALL));
        after.products[1].releases[1].downloads.pop();
        assert_eq!(
            sentences(&catalog(), &after),
            [
                "harmony-premium: added version 25.2 (windows, macos, linux)",
                "storyboard-pro: removed the linux link of 24.1",
            ]
        );
        assert_eq!(
            summary(&diff(&catalog(), &after)),
            "harmony-premium: added version 25.2 (windows, macos, linux); \
             storyboard-pro: removed the linux link of 24.1"
        );
    }

    #[test]
    fn products_added_removed_and_renamed() {
        let mut after = catalog();
        let storyboard = after.products.remove(1);
        after.products[0].name = "Harmony Premium 25".into();
        after.products.push(Product {
            id: id("harmony-next"),
            name: "Harmony Next".into(),
            releases: vec![release("1", &[Os::Linux])],
        });
        assert_eq!(
            sentences(&catalog(), &after),
            [
                "storyboard-pro: removed the product \"Storyboard Pro\"",
                "harmony-premium: renamed \"Harmony Premium\" to \"Harmony Premium 25\"",
                "harmony-next: added the product \"Harmony Next\" with version 1",
            ]
        );
        // Added back, with no version: said too.
        after.products.push(Product {
            releases: vec![],
            ..storyboard
        });
        let said = sentences(&catalog(), &after);
        assert!(said.contains(&"storyboard-pro: removed version 22".to_string()));
        assert!(said.contains(&"storyboard-pro: removed version 24.1".to_string()));
    }

    #[test]
    fn links_added_changed_and_versions_removed() {
        let mut after = catalog();
        after.products[0].releases.remove(0);
        after.products[1].releases[0].downloads.truncate(1);
        after.products[1].releases[0].downloads[0].url = "https://mirror.example/sb-22.exe".into();
        let mut before = catalog();
        before.products[1].releases[1].downloads.truncate(2);
        assert_eq!(
            sentences(&before, &after),
            [
                "harmony-premium: removed version 24",
                "storyboard-pro: changed the windows link of 22",
                "storyboard-pro: removed the macos link of 22",
                "storyboard-pro: removed the linux link of 22",
                "storyboard-pro: added the linux link of 24.1",
            ]
        );
    }

    #[test]
    fn a_new_order_is_a_change_too() {
        let mut after = catalog();
        after.products.reverse();
        assert_eq!(sentences(&catalog(), &after), ["reordered the products"]);
        let mut after = catalog();
        after.products[0].releases.reverse();
        after.products[1].releases[0].downloads.reverse();
        assert_eq!(
            sentences(&catalog(), &after),
            [
                "harmony-premium: reordered the versions",
                "storyboard-pro: reordered the links of 22",
            ]
        );
        // A removal alone is not a new order of what is left.
        let mut after = catalog();
        after.products[0].releases.remove(0);
        assert_eq!(
            sentences(&catalog(), &after),
            ["harmony-premium: removed version 24"]
        );
    }

    #[test]
    fn a_long_summary_counts_what_does_not_fit() {
        let before = Catalog::default();
        let mut after = Catalog::default();
        for i in 0..Catalog::MAX_PRODUCTS {
            after.products.push(Product {
                id: id(&format!("product-with-a-long-name-{i}")),
                name: "A product whose name is long enough to fill a line of the trail".into(),
                releases: (1..30).map(|n| release(&n.to_string(), ALL)).collect(),
            });
        }
        let changes = diff(&before, &after);
        let detail = summary(&changes);
        assert!(
            detail.chars().count() <= MAX_DETAIL_CHARS,
            "{}",
            detail.len()
        );
        assert!(detail.ends_with("more changes"), "{detail}");
    }

    #[test]
    fn removing_what_banks_and_policies_use_is_warned() {
        let mut usage = CatalogUsage::default();
        usage.banks.insert(id("storyboard-pro"), 2);
        usage
            .bank_versions
            .insert((id("harmony-premium"), v("24")), 1);
        usage.policies.insert((id("harmony-premium"), v("24")), 3);
        usage.banks.insert(id("harmony-premium"), 1);
        let mut after = catalog();
        after.products.remove(1);
        after.products[0].releases.remove(0);
        after.products[0].releases.push(release("26", &[]));
        let said: Vec<String> = warnings(&catalog(), &after, &usage, None)
            .iter()
            .map(Warning::to_string)
            .collect();
        assert_eq!(
            said,
            [
                "harmony-premium: 1 bank was bought for version 24; their licences keep \
                 working, but 24 will no longer be offered for download or for new banks",
                "harmony-premium: the version policy of 3 organisations selects version 24; \
                 their members will no longer see its downloads",
                "storyboard-pro: 2 banks were bought for this product; it cannot be removed \
                 while they exist, so saving this catalogue will be refused",
                "harmony-premium: version 26 has no download link; members will see nothing \
                 to download for it",
            ]
        );
        // Nothing used, nothing to say.
        assert!(warnings(&catalog(), &after, &CatalogUsage::default(), None)
            .iter()
            .all(|w| matches!(w, Warning::NoLinks { .. })));
    }

    fn studio(restricted_to: &[&str]) -> OrgPolicies {
        OrgPolicies {
            name: "Studio Nord".into(),
            policies: vec![VersionPolicy {
                product: id("harmony-premium"),
                restricted: true,
                allowed: restricted_to.iter().map(|s| v(s)).collect(),
            }],
        }
    }

    #[test]
    fn an_organisation_is_told_what_its_members_lose_or_do_not_get() {
        let usage = CatalogUsage::default();
        let mut after = catalog();
        after.products[0].releases.remove(0);
        let only_24 = studio(&["24"]);
        assert_eq!(
            warnings(&catalog(), &after, &usage, Some(&only_24)),
            [Warning::OrgLosesEverything {
                org: "Studio Nord".into(),
                product: "Harmony Premium".into()
            }]
        );
        let both = studio(&["24", "25.1"]);
        assert_eq!(
            warnings(&catalog(), &after, &usage, Some(&both))[0].to_string(),
            "Studio Nord's version policy for Harmony Premium selects version 24, which this \
             catalogue removes"
        );
        let mut added = catalog();
        added.products[0].releases.push(release("25.2", ALL));
        assert_eq!(
            warnings(&catalog(), &added, &usage, Some(&both))[0].to_string(),
            "Studio Nord restricts Harmony Premium to selected versions: its members will not \
             see version 25.2 until an admin selects it"
        );
        // Unrestricted, it sees everything new and says nothing.
        let open = OrgPolicies {
            name: "Studio Nord".into(),
            policies: vec![VersionPolicy::unrestricted(id("harmony-premium"))],
        };
        assert!(warnings(&catalog(), &added, &usage, Some(&open)).is_empty());
    }

    #[test]
    fn members_see_what_their_policy_allows() {
        let org = studio(&["25.1"]);
        let catalog = catalog();
        let view = member_view(&catalog, Some(&org));
        let shown: Vec<Vec<Version>> = view
            .iter()
            .map(|p| p.versions.iter().map(|r| r.version).collect())
            .collect();
        assert_eq!(shown, [vec![v("25.1")], vec![v("22"), v("24.1")]]);
        let all = member_view(&catalog, None);
        assert_eq!(all[0].versions.len(), 2);
        assert_eq!(
            serde_json::to_value(&all[0]).unwrap()["versions"][0]["downloads"][0]["os"],
            "windows"
        );
    }
}
