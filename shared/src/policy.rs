//! A store's configuration for the commerce engine: the legacy `StoreSettings` (currency, tax mode, tax
//! rounding, rounding rule) plus cash rounding, the promotion stacking policy and the loyalty point value.
//!
//! Kept apart from `StoreSettings` so that type keeps its shape on the wire and in storage; every new field
//! here has a serde default, so a policy stored before a field existed still loads.

use crate::cash_rounding::CashRounding;
use crate::catalog::StoreSettings;
use crate::promotion::PromotionPolicy;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StorePolicy {
    pub settings: StoreSettings,
    /// Rounding of the amount due in cash (e.g. CHF 0.05); `None`: cash is paid to the minor unit.
    #[serde(default)]
    pub cash_rounding: Option<CashRounding>,
    #[serde(default)]
    pub promotion_policy: PromotionPolicy,
    /// What one loyalty point is worth when redeemed; `None`: loyalty tenders are not checked against points.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::openapi::DecimalString>))]
    pub loyalty_point_value: Option<Decimal>,
    /// Whether a business customer's tax exemption (asked for, with a tax id) is honoured by pricing here
    /// (`customer::pricing_exemption`); left out of the JSON when false, so policies keep their bytes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub tax_exempt_customers: bool,
}

impl From<StoreSettings> for StorePolicy {
    fn from(settings: StoreSettings) -> Self {
        StorePolicy {
            settings,
            ..StorePolicy::default()
        }
    }
}

impl StorePolicy {
    /// Decimals of the store's currency.
    pub fn scale(&self) -> u32 {
        self.settings.currency.scale
    }

    /// Round to the currency's minor unit with the store's named rule.
    pub fn round(&self, amount: Decimal) -> Decimal {
        crate::money::round(amount, self.scale(), self.settings.rounding)
    }

    /// Zero, carrying the currency's scale.
    pub fn zero(&self) -> Decimal {
        self.round(Decimal::ZERO)
    }
}
