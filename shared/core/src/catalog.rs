//! The product catalogue (products, their released versions and per-OS download links) and an
//! organisation's version policy, which filters the links its members see.

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::Invalid;
use crate::message::Message;
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
        let bad = || Invalid::new(field, Message::new("invalid-version"));
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

// The catalogue's types refuse fields they do not have, nested too: an operator's typo
// (`url` as `link`) is a 422 naming it, never a link silently dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Download {
    pub os: Os,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Release {
    pub version: Version,
    pub downloads: Vec<Download>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    pub id: ProductId,
    pub name: String,
    pub releases: Vec<Release>,
}

/// Everything the vendor sells and ships. Replaced whole by the operator.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub products: Vec<Product>,
}

impl Catalog {
    /// The most products a catalogue holds: a change checks, in its one transaction, that no
    /// bank uses any product it removes, and a transaction holds at most 100 items.
    pub const MAX_PRODUCTS: usize = 50;
    /// The most versions one product lists.
    pub const MAX_RELEASES: usize = 200;

    /// A catalogue is coherent: unique products, named, each with unique versions whose links
    /// are https URLs, one per OS. A refusal names the field by its JSON path
    /// (`products[0].releases[1].version`), as a malformed body's would be.
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.products.len() > Self::MAX_PRODUCTS {
            return Err(Invalid::new(
                "products",
                Message::new("invalid-catalog-products").number("max", Self::MAX_PRODUCTS),
            ));
        }
        let mut ids = BTreeSet::new();
        for (p, product) in self.products.iter().enumerate() {
            if !ids.insert(&product.id) {
                return Err(Invalid::new(
                    format!("products[{p}].id"),
                    Message::new("invalid-product-twice").text("product", product.id.as_str()),
                ));
            }
            let name = product.name.trim();
            if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
                return Err(Invalid::new(
                    format!("products[{p}].name"),
                    Message::new("invalid-product-name").text("product", product.id.as_str()),
                ));
            }
            if product.releases.len() > Self::MAX_RELEASES {
                return Err(Invalid::new(
                    format!("products[{p}].releases"),
                    Message::new("invalid-product-releases").number("max", Self::MAX_RELEASES),
                ));
            }
            let mut versions = BTreeSet::new();
            for (r, release) in product.releases.iter().enumerate() {
                if !versions.insert(release.version) {
                    return Err(Invalid::new(
                        format!("products[{p}].releases[{r}].version"),
                        Message::new("invalid-version-twice")
                            .text("product", product.id.as_str())
                            .text("version", release.version.to_string()),
                    ));
                }
                let mut systems = BTreeSet::new();
                for (d, download) in release.downloads.iter().enumerate() {
                    let at = format!("products[{p}].releases[{r}].downloads[{d}]");
                    if !systems.insert(download.os) {
                        return Err(Invalid::new(
                            format!("{at}.os"),
                            Message::new("invalid-one-link-per-os")
                                .text("product", product.id.as_str())
                                .text("version", release.version.to_string()),
                        ));
                    }
                    check_url(&download.url)
                        .map_err(|reason| Invalid::new(format!("{at}.url"), reason))?;
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
            .ok_or_else(|| Invalid::new("product", Message::new("invalid-not-in-catalog")))?;
        if !product.releases.iter().any(|r| r.version == version) {
            return Err(Invalid::new(
                "version",
                Message::new("invalid-no-such-version")
                    .text("product", product.name.as_str())
                    .text("version", version.to_string()),
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

fn check_url(url: &str) -> Result<(), Message> {
    let ok = url.len() <= 2048
        && url.starts_with("https://")
        && url.len() > "https://".len()
        && !url["https://".len()..].starts_with('/')
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>');
    if ok {
        Ok(())
    } else {
        Err(Message::new("invalid-url"))
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
            .ok_or_else(|| Invalid::new("product", Message::new("invalid-not-in-catalog")))?;
        for v in &self.allowed {
            if !product.releases.iter().any(|r| &r.version == v) {
                return Err(Invalid::new(
                    "allowed",
                    Message::new("invalid-version-not-in-catalog")
                        .text("version", v.to_string())
                        .text("product", product.id.as_str()),
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
    fn catalog_refuses_duplicates_and_bad_links_naming_the_field() {
        let field = |c: &Catalog| c.validate().unwrap_err().field.into_owned();
        let mut catalog = Catalog {
            products: vec![product(), product()],
        };
        assert_eq!(field(&catalog), "products[1].id");
        catalog.products.pop();
        assert!(catalog.validate().is_ok());
        let mut twice = catalog.clone();
        twice.products[0].releases[2].version = v("22");
        assert_eq!(field(&twice), "products[0].releases[2].version");
        let mut two_links = catalog.clone();
        let link = two_links.products[0].releases[1].downloads[0].clone();
        two_links.products[0].releases[1].downloads.push(link);
        assert_eq!(field(&two_links), "products[0].releases[1].downloads[1].os");
        for bad in [
            "javascript:alert(1)",
            "http://downloads.example/h.exe",
            "https://",
            "https:///path",
            "https://downloads.example/a b",
        ] {
            let mut c = catalog.clone();
            c.products[0].releases[1].downloads[0].url = bad.into();
            assert_eq!(
                field(&c),
                "products[0].releases[1].downloads[0].url",
                "{bad}"
            );
        }
        let mut unnamed = catalog.clone();
        unnamed.products[0].name = "  ".into();
        assert_eq!(field(&unnamed), "products[0].name");
        let mut many = Catalog::default();
        for i in 0..=Catalog::MAX_PRODUCTS {
            let mut p = product();
            p.id = ProductId::parse(&format!("p-{i}")).unwrap();
            many.products.push(p);
        }
        assert_eq!(field(&many), "products");
    }

    #[test]
    fn unknown_fields_are_refused_nested_too() {
        let with = |extra: serde_json::Value| {
            let mut c = serde_json::json!({ "products": [{ "id": "harmony-premium", "name": "H",
                "releases": [{ "version": "24", "downloads": [{ "os": "linux", "url": "https://d.example/x" }] }] }] });
            let (path, key, value) = (
                extra[0].as_str().unwrap(),
                extra[1].as_str().unwrap(),
                extra[2].clone(),
            );
            let target = c.pointer_mut(path).unwrap();
            target[key] = value;
            serde_json::from_value::<Catalog>(c)
        };
        assert!(with(serde_json::json!(["", "products", []])).is_ok());
        for (path, key) in [
            ("", "revision"),
            ("/products/0", "colour"),
            ("/products/0/releases/0", "notes"),
            ("/products/0/releases/0/downloads/0", "link"),
        ] {
            assert!(
                with(serde_json::json!([path, key, 1])).is_err(),
                "{path} {key}"
            );
        }
    }
}
