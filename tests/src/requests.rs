//! What the tests send: typed request bodies for the API, written from the client's side (the
//! fields of `docs/openapi.yaml`'s input schemas), each serialised to exactly the JSON a portal
//! would send. Only what a test sets is sent, so a body can still leave a field out on purpose.

use serde::Serialize;
use serde_json::Value;

use crate::TODAY;

/// The product every default bank is for.
pub const PRODUCT: &str = "harmony-premium";

/// The JSON of a request body, for the tests that send it raw (every route in a loop, say).
pub fn json_of(body: &impl Serialize) -> Value {
    serde_json::to_value(body).expect("a request body serialises")
}

/// `POST /v1/licenses/quote` and `POST /v1/licenses`: generating licences from a bank.
///
/// `Generate::node_lock(&bank, 3, 4).start("2026-04-01").to(&artist)`; the start is today
/// ([`TODAY`]) unless set, and `credits` (the confirmation of a quote) is sent only when set.
#[derive(Debug, Clone, Serialize)]
pub struct Generate {
    #[serde(skip_serializing_if = "String::is_empty")]
    bank: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    product: Option<String>,
    #[serde(rename = "type")]
    kind: &'static str,
    months: i64,
    quantity: i64,
    start: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    recipient: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credits: Option<i64>,
}

impl Generate {
    /// No bank named: `product`'s, and the quote proposes the bank that pays.
    pub fn of_product(mut self, product: &str) -> Generate {
        self.bank.clear();
        self.product = Some(product.into());
        self
    }

    /// The product too, beside the bank named (it must be the bank's).
    pub fn product(mut self, product: &str) -> Generate {
        self.product = Some(product.into());
        self
    }
    fn of(kind: &'static str, bank: &str, months: i64, quantity: i64) -> Generate {
        Generate {
            bank: bank.to_string(),
            product: None,
            kind,
            months,
            quantity,
            start: TODAY.to_string(),
            recipient: None,
            credits: None,
        }
    }

    /// `quantity` licences of one computer each.
    pub fn node_lock(bank: &str, months: i64, quantity: i64) -> Generate {
        Self::of("node_lock", bank, months, quantity)
    }

    /// One key for `computers` computers.
    pub fn multiseat(bank: &str, months: i64, computers: i64) -> Generate {
        Self::of("multiseat", bank, months, computers)
    }

    /// One server licence for `seats` concurrent seats.
    pub fn floating(bank: &str, months: i64, seats: i64) -> Generate {
        Self::of("floating", bank, months, seats)
    }

    pub fn start(mut self, day: &str) -> Generate {
        self.start = day.to_string();
        self
    }

    /// Who gets the licences.
    pub fn to(mut self, recipient: &str) -> Generate {
        self.recipient = Some(recipient.to_string());
        self
    }

    /// The credits the quote showed (required to confirm).
    pub fn credits(mut self, credits: impl Into<i64>) -> Generate {
        self.credits = Some(credits.into());
        self
    }
}

/// `POST /v1/licenses/{code}/renewals/quote` and `.../renewals`: by default the previous term's
/// months and computers (`{}`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Renew {
    #[serde(skip_serializing_if = "Option::is_none")]
    months: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    computers: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credits: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bank: Option<String>,
}

impl Renew {
    /// The bank that pays (another of the licence's product and version, or its own).
    pub fn from_bank(mut self, bank: &str) -> Renew {
        self.bank = Some(bank.into());
        self
    }

    /// The same months and computers as the previous term: `{}`.
    pub fn as_before() -> Renew {
        Renew::default()
    }

    pub fn months(mut self, months: i64) -> Renew {
        self.months = Some(months);
        self
    }

    pub fn computers(mut self, computers: i64) -> Renew {
        self.computers = Some(computers);
        self
    }

    /// The credits the renewal quote showed (required to confirm).
    pub fn credits(mut self, credits: impl Into<i64>) -> Renew {
        self.credits = Some(credits.into());
        self
    }
}

/// `PATCH /v1/users/{email}`: a new role, a new status, or both. Strings, so a test can send
/// one the API refuses.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ChangeUser {
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<String>,
}

impl ChangeUser {
    pub fn role(role: &str) -> ChangeUser {
        ChangeUser {
            role: Some(role.to_string()),
            status: None,
        }
    }

    pub fn status(status: &str) -> ChangeUser {
        ChangeUser {
            role: None,
            status: Some(status.to_string()),
        }
    }

    pub fn both(role: &str, status: &str) -> ChangeUser {
        ChangeUser {
            role: Some(role.to_string()),
            status: Some(status.to_string()),
        }
    }
}

/// `PUT /v1/product-versions/{product}`: the organisation's version policy for a product.
#[derive(Debug, Clone, Serialize)]
pub struct Policy {
    restricted: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    allowed: Option<Vec<String>>,
}

impl Policy {
    /// Every release available: `{"restricted": false}`.
    pub fn unrestricted() -> Policy {
        Policy {
            restricted: false,
            allowed: None,
        }
    }

    /// Only these versions: `{"restricted": true, "allowed": [...]}`.
    pub fn only(versions: &[&str]) -> Policy {
        Policy {
            restricted: true,
            allowed: Some(versions.iter().map(|v| v.to_string()).collect()),
        }
    }
}

/// `POST /v1/operator/orgs/{org}/banks`: a bank of credits. The common case is
/// [`BankSpec::portable`]: Harmony Premium 25.1, portable, valid through 2026.
#[derive(Debug, Clone, Serialize)]
pub struct BankSpec {
    product: String,
    version: String,
    portable: bool,
    purchased: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    granted: Option<i64>,
    start: String,
    expiry: String,
}

impl BankSpec {
    /// Harmony Premium 25.1, portable (its licences can be returned and reassigned), with
    /// `credits` purchased, from 2026-01-01 to 2027-01-01.
    pub fn portable(credits: i64) -> BankSpec {
        BankSpec {
            product: PRODUCT.into(),
            version: "25.1".into(),
            portable: true,
            purchased: credits,
            granted: None,
            start: "2026-01-01".into(),
            expiry: "2027-01-01".into(),
        }
    }

    /// Harmony Premium 24, not portable, otherwise as [`BankSpec::portable`].
    pub fn older(credits: i64) -> BankSpec {
        BankSpec {
            version: "24".into(),
            portable: false,
            ..Self::portable(credits)
        }
    }

    pub fn product(mut self, product: &str) -> BankSpec {
        self.product = product.into();
        self
    }

    pub fn version(mut self, version: &str) -> BankSpec {
        self.version = version.into();
        self
    }

    /// Portable or not, whatever the version (portability also needs 25.1 or later).
    pub fn with_portable(mut self, portable: bool) -> BankSpec {
        self.portable = portable;
        self
    }

    /// Credits purchased (and, unless [`BankSpec::granted`] says otherwise, granted).
    pub fn credits(mut self, purchased: i64) -> BankSpec {
        self.purchased = purchased;
        self
    }

    pub fn granted(mut self, granted: i64) -> BankSpec {
        self.granted = Some(granted);
        self
    }

    pub fn start(mut self, day: &str) -> BankSpec {
        self.start = day.into();
        self
    }

    /// The expiry date (unused credits are forfeited on it).
    pub fn until(mut self, day: &str) -> BankSpec {
        self.expiry = day.into();
        self
    }
}

/// `POST /v1/credit-requests`: `Ask::credits(40)` asks for 40 credits of [`PRODUCT`], for a new
/// bank, from no particular day; `.on_bank(&id)` tops one up.
#[derive(Debug, Clone, Serialize)]
pub struct Ask {
    product: String,
    credits: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bank: Option<String>,
}

impl Ask {
    pub fn credits(credits: i64) -> Ask {
        Ask {
            product: PRODUCT.into(),
            credits,
            start: None,
            note: None,
            bank: None,
        }
    }

    pub fn product(mut self, product: &str) -> Ask {
        self.product = product.into();
        self
    }

    pub fn on_bank(mut self, bank: &str) -> Ask {
        self.bank = Some(bank.into());
        self
    }

    /// The wished start.
    pub fn start(mut self, day: &str) -> Ask {
        self.start = Some(day.into());
        self
    }

    pub fn note(mut self, note: &str) -> Ask {
        self.note = Some(note.into());
        self
    }
}

/// `POST /v1/operator/credit-requests/{id}/grant`: `Grant::as_asked()` (`{}`: the credits
/// asked for, to the bank the request names), or to a bank, or to a new bank.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Grant {
    #[serde(skip_serializing_if = "Option::is_none")]
    credits: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bank: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    new_bank: Option<Value>,
}

impl Grant {
    pub fn as_asked() -> Grant {
        Grant::default()
    }

    pub fn credits(mut self, credits: i64) -> Grant {
        self.credits = Some(credits);
        self
    }

    pub fn to_bank(mut self, bank: &str) -> Grant {
        self.bank = Some(bank.into());
        self
    }

    /// A new bank of `version`, portable or not, until `expiry` (its start: the wished one).
    pub fn new_bank(mut self, version: &str, portable: bool, expiry: &str) -> Grant {
        self.new_bank = Some(serde_json::json!({
            "version": version,
            "portable": portable,
            "expiry": expiry,
        }));
        self
    }

    /// A new bank as exactly this JSON (a start, a field the API refuses...).
    pub fn new_bank_as(mut self, new_bank: Value) -> Grant {
        self.new_bank = Some(new_bank);
        self
    }
}

/// `POST /v1/licenses/bulk/quote` and `POST /v1/licenses/bulk`: one generation request for many
/// recipients (`BulkGenerate::node_lock(&bank, 12, 1).to_all(&crew)`).
#[derive(Debug, Clone, Serialize)]
pub struct BulkGenerate {
    bank: String,
    #[serde(rename = "type")]
    kind: &'static str,
    months: i64,
    quantity: i64,
    start: String,
    recipients: Vec<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credits: Option<i64>,
}

impl BulkGenerate {
    /// `quantity` node-lock licences for each recipient.
    pub fn node_lock(bank: &str, months: i64, quantity: i64) -> BulkGenerate {
        BulkGenerate {
            bank: bank.to_string(),
            kind: "node_lock",
            months,
            quantity,
            start: TODAY.to_string(),
            recipients: Vec::new(),
            credits: None,
        }
    }

    /// One multiseat licence for `computers` computers for each recipient.
    pub fn multiseat(bank: &str, months: i64, computers: i64) -> BulkGenerate {
        BulkGenerate {
            kind: "multiseat",
            ..Self::node_lock(bank, months, computers)
        }
    }

    pub fn to_all(mut self, emails: &[String]) -> BulkGenerate {
        self.recipients = emails
            .iter()
            .map(|e| serde_json::json!({ "email": e }))
            .collect();
        self
    }

    /// The total the quote showed (required to confirm).
    pub fn credits(mut self, credits: impl Into<i64>) -> BulkGenerate {
        self.credits = Some(credits.into());
        self
    }
}

/// `POST /v1/licenses/bulk/renewals/quote` and `.../renewals`: each licence as before.
#[derive(Debug, Clone, Serialize)]
pub struct BulkRenew {
    licenses: Vec<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credits: Option<i64>,
}

impl BulkRenew {
    pub fn as_before(codes: &[String]) -> BulkRenew {
        BulkRenew {
            licenses: codes
                .iter()
                .map(|c| serde_json::json!({ "code": c }))
                .collect(),
            credits: None,
        }
    }

    pub fn credits(mut self, credits: impl Into<i64>) -> BulkRenew {
        self.credits = Some(credits.into());
        self
    }
}
