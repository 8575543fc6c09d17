//! The product catalogue (products, their released versions and per-OS download links) and an
//! organisation's version policy, which filters the links its members see.

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::Invalid;
use crate::values::ProductId;

/// A product version such as `22`, `24` or `25.1`, ordered numerically (`25.1` > `24`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Version {
    major: u16,
    minor: u16,
}

impl Version {
    /// The first version whose licences can be returned and reassigned.
    pub const PORTABLE_SINCE: Version = Version {
        major: 25,
        minor: 1,
    };

    pub const fn new(major: u16, minor: u16) -> Self {
        Version { major, minor }
    }

    pub fn parse(field: &'static str, raw: &str) -> Result<Self, Invalid> {
        let bad = || Invalid::new(field, "must be a version like 24 or 25.1");
        let (major, minor) = match raw.split_once('.') {
            Some((a, b)) => (a, Some(b)),
            None => (raw, None),
        };
        let number = |s: &str| -> Result<u16, Invalid> {
            if s.is_empty() || s.len() > 4 || !s.chars().all(|c| c.is_ascii_digit()) {
                return Err(bad());
            }
            s.parse().map_err(|_| bad())
        };
        Ok(Version {
            major: number(major)?,
            minor: minor.map(number).transpose()?.unwrap_or(0),
        })
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.major, self.minor).cmp(&(other.major, other.minor))
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.minor == 0 {
            write!(f, "{}", self.major)
        } else {
            write!(f, "{}.{}", self.major, self.minor)
        }
    }
}

impl TryFrom<String> for Version {
    type Error = Invalid;
    fn try_from(s: String) -> Result<Self, Invalid> {
        Version::parse("version", &s)
    }
}

impl From<Version> for String {
    fn from(v: Version) -> String {
        v.to_string()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Os {
    Windows,
    Macos,
    Linux,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Download {
    pub os: Os,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    pub version: Version,
    pub downloads: Vec<Download>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub id: ProductId,
    pub name: String,
    pub releases: Vec<Release>,
}

/// Everything the vendor sells and ships. Replaced whole by the operator.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Catalog {
    pub products: Vec<Product>,
}

impl Catalog {
    /// A catalogue is coherent: unique products, named, each with unique versions whose links
    /// are https URLs, one per OS.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut ids = BTreeSet::new();
        for product in &self.products {
            if !ids.insert(&product.id) {
                return Err(Invalid::new(
                    "products",
                    format!("product {} appears twice", product.id),
                ));
            }
            let name = product.name.trim();
            if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
                return Err(Invalid::new(
                    "products.name",
                    format!(
                        "{}: the name must be 1 to 100 printable characters",
                        product.id
                    ),
                ));
            }
            let mut versions = BTreeSet::new();
            for release in &product.releases {
                if !versions.insert(release.version) {
                    return Err(Invalid::new(
                        "products.releases",
                        format!("{} version {} appears twice", product.id, release.version),
                    ));
                }
                let mut systems = BTreeSet::new();
                for download in &release.downloads {
                    if !systems.insert(download.os) {
                        return Err(Invalid::new(
                            "products.releases.downloads",
                            format!("{} {}: one link per OS", product.id, release.version),
                        ));
                    }
                    check_url(&download.url)?;
                }
            }
        }
        Ok(())
    }

    pub fn product(&self, id: &ProductId) -> Option<&Product> {
        self.products.iter().find(|p| &p.id == id)
    }

    /// The product's name, or its id when the catalogue no longer lists it.
    pub fn product_name(&self, id: &ProductId) -> String {
        self.product(id)
            .map_or_else(|| id.to_string(), |p| p.name.clone())
    }

    /// A bank can only be made for a version the catalogue has of a product it has.
    pub fn check_release(&self, id: &ProductId, version: Version) -> Result<(), Invalid> {
        let product = self
            .product(id)
            .ok_or_else(|| Invalid::new("product", "is not in the catalogue"))?;
        if !product.releases.iter().any(|r| r.version == version) {
            return Err(Invalid::new(
                "version",
                format!("{} has no version {version} in the catalogue", product.name),
            ));
        }
        Ok(())
    }

    /// The releases of a product that an organisation's members may download, under its
    /// policy for that product (none set: every release). Nothing for a product the catalogue
    /// no longer lists.
    pub fn releases_allowed<'a>(
        &'a self,
        id: &ProductId,
        policy: Option<&'a VersionPolicy>,
    ) -> Vec<&'a Release> {
        let Some(product) = self.product(id) else {
            return Vec::new();
        };
        match policy {
            Some(policy) => policy.visible(product).collect(),
            None => product.releases.iter().collect(),
        }
    }
}

fn check_url(url: &str) -> Result<(), Invalid> {
    let ok = url.len() <= 2048
        && url.starts_with("https://")
        && url.len() > "https://".len()
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>');
    if ok {
        Ok(())
    } else {
        Err(Invalid::new(
            "products.releases.downloads.url",
            "must be an https URL without spaces or quotes",
        ))
    }
}

/// An organisation's choice for one product: restriction off means every release is available;
/// on means only the listed versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionPolicy {
    pub product: ProductId,
    pub restricted: bool,
    pub allowed: Vec<Version>,
}

impl VersionPolicy {
    pub fn unrestricted(product: ProductId) -> Self {
        VersionPolicy {
            product,
            restricted: false,
            allowed: Vec::new(),
        }
    }

    /// A policy is only accepted for versions the catalogue has; restricting to nothing is
    /// allowed (it hides every download) but must be said explicitly.
    pub fn validate(&self, catalog: &Catalog) -> Result<(), Invalid> {
        let product = catalog
            .product(&self.product)
            .ok_or_else(|| Invalid::new("product", "is not in the catalogue"))?;
        for v in &self.allowed {
            if !product.releases.iter().any(|r| &r.version == v) {
                return Err(Invalid::new(
                    "allowed",
                    format!("version {v} of {} is not in the catalogue", product.id),
                ));
            }
        }
        Ok(())
    }

    pub fn allows(&self, version: Version) -> bool {
        !self.restricted || self.allowed.contains(&version)
    }

    /// The releases of `product` that members of the organisation may download.
    pub fn visible<'a>(&'a self, product: &'a Product) -> impl Iterator<Item = &'a Release> + 'a {
        product.releases.iter().filter(|r| self.allows(r.version))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse("version", s).unwrap()
    }

    fn product() -> Product {
        let release = |ver: &str| Release {
            version: v(ver),
            downloads: vec![Download {
                os: Os::Windows,
                url: format!("https://downloads.example/{ver}.exe"),
            }],
        };
        Product {
            id: ProductId::parse("harmony-premium").unwrap(),
            name: "Harmony Premium".into(),
            releases: vec![release("22"), release("24"), release("25.1")],
        }
    }

    #[test]
    fn versions_order_numerically() {
        assert!(v("25.1") > v("24"));
        assert!(v("25.1") > v("25"));
        assert!(v("9") < v("10"));
        assert_eq!(v("25.0"), v("25"));
        assert_eq!(v("25.1").to_string(), "25.1");
        assert_eq!(v("22").to_string(), "22");
    }

    #[test]
    fn versions_reject_garbage() {
        for bad in ["", "x", "25.", ".1", "25.1.2", "-1", "99999", "2 5"] {
            assert!(Version::parse("version", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn restriction_off_shows_every_build() {
        let p = product();
        let policy = VersionPolicy::unrestricted(p.id.clone());
        assert_eq!(policy.visible(&p).count(), 3);
    }

    #[test]
    fn restriction_on_shows_only_selected() {
        let p = product();
        let policy = VersionPolicy {
            product: p.id.clone(),
            restricted: true,
            allowed: vec![v("25.1")],
        };
        let shown: Vec<_> = policy.visible(&p).map(|r| r.version).collect();
        assert_eq!(shown, vec![v("25.1")]);
    }

    #[test]
    fn no_policy_means_every_release_and_unknown_products_have_none() {
        let catalog = Catalog {
            products: vec![product()],
        };
        let id = product().id;
        assert_eq!(catalog.releases_allowed(&id, None).len(), 3);
        let policy = VersionPolicy {
            product: id.clone(),
            restricted: true,
            allowed: vec![v("24")],
        };
        let shown: Vec<_> = catalog
            .releases_allowed(&id, Some(&policy))
            .iter()
            .map(|r| r.version)
            .collect();
        assert_eq!(shown, vec![v("24")]);
        let gone = ProductId::parse("retired").unwrap();
        assert!(catalog.releases_allowed(&gone, None).is_empty());
        assert_eq!(catalog.product_name(&gone), "retired");
        assert_eq!(catalog.product_name(&id), "Harmony Premium");
    }

    #[test]
    fn banks_are_for_versions_the_catalogue_has() {
        let catalog = Catalog {
            products: vec![product()],
        };
        let id = product().id;
        assert!(catalog.check_release(&id, v("25.1")).is_ok());
        assert_eq!(
            catalog.check_release(&id, v("23")).unwrap_err().field,
            "version"
        );
        let gone = ProductId::parse("retired").unwrap();
        assert_eq!(
            catalog.check_release(&gone, v("25.1")).unwrap_err().field,
            "product"
        );
    }

    #[test]
    fn policy_refuses_unknown_versions() {
        let catalog = Catalog {
            products: vec![product()],
        };
        let policy = VersionPolicy {
            product: product().id,
            restricted: true,
            allowed: vec![v("23")],
        };
        assert_eq!(policy.validate(&catalog).unwrap_err().field, "allowed");
    }

    #[test]
    fn catalog_refuses_duplicates_and_bad_links() {
        let mut catalog = Catalog {
            products: vec![product(), product()],
        };
        assert_eq!(catalog.validate().unwrap_err().field, "products");
        catalog.products.pop();
        assert!(catalog.validate().is_ok());
        catalog.products[0].releases[0].downloads[0].url = "javascript:alert(1)".into();
        assert!(catalog.validate().is_err());
    }
}
