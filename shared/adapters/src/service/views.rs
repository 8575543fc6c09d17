//! What the API shows of the model: the core's entities plus what is derived on a given day
//! (status, remaining credits).

use elp_core::{Bank, BankId, Credits, Date, Lifecycle, ProductId, Version};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct BankView {
    pub id: BankId,
    pub product: ProductId,
    pub version: Version,
    pub portable: bool,
    pub purchased: Credits,
    pub granted: Credits,
    pub used: Credits,
    pub remaining: Credits,
    pub start: Date,
    pub expiry: Date,
    pub status: Lifecycle,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forfeited: Option<Credits>,
}

impl BankView {
    pub fn of(bank: &Bank, today: Date) -> Self {
        BankView {
            id: bank.id.clone(),
            product: bank.product.clone(),
            version: bank.version,
            portable: bank.is_portable(),
            purchased: bank.purchased,
            granted: bank.granted,
            used: bank.used,
            remaining: bank.remaining(),
            start: bank.start,
            expiry: bank.expiry,
            status: bank.status(today),
            forfeited: bank.forfeited,
        }
    }
}
