//! The back office's store form as plain fields (name, time zone, tax mode, tax rounding, rounding rule, cash
//! rounding increment, receipt header and footer, active), and what it sends: the `StoreUpdate` for the store
//! read (its other settings and `version` kept), or the field it cannot read. The server checks every rule
//! (time zone, texts, the increment's decimals) and names the field in its 422 (`settings.time_zone`),
//! which [`form_field`] maps to the form's field.

use crate::model::product_form::FieldError;
use shared::cash_rounding::CashRounding;
use shared::catalog::{TaxMode, TaxRounding};
use shared::money::{parse_amount, RoundingMode};
use shared::stores::{Store, StoreUpdate};

/// The form's fields as typed; the choices as the values of their `<select>`s.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoreForm {
    pub name: String,
    pub time_zone: String,
    pub tax_mode: TaxMode,
    pub tax_rounding: TaxRounding,
    pub rounding: RoundingMode,
    /// The smallest coin cash is rounded to, e.g. "0.05"; empty: cash is paid to the cent.
    pub cash_increment: String,
    pub receipt_header: String,
    pub receipt_footer: String,
    pub active: bool,
}

/// The tax modes: the value, and the label.
pub const TAX_MODES: [(TaxMode, &str, &str); 2] = [
    (TaxMode::Inclusive, "inclusive", "Prices include tax"),
    (TaxMode::Exclusive, "exclusive", "Tax added on top"),
];

/// Where tax is rounded: the value, and the label.
pub const TAX_ROUNDINGS: [(TaxRounding, &str, &str); 2] = [
    (TaxRounding::PerLine, "per_line", "Per line"),
    (TaxRounding::PerDocument, "per_document", "Per receipt"),
];

/// The rounding rules: the value, and the label.
pub const ROUNDINGS: [(RoundingMode, &str, &str); 2] = [
    (RoundingMode::HalfUp, "half_up", "Half up (commercial)"),
    (
        RoundingMode::HalfEven,
        "half_even",
        "Half to even (banker's)",
    ),
];

/// The choice whose value is `value` (the first when none is; the type's default for no choices).
pub fn choice<T: Copy + Default>(choices: &[(T, &str, &str)], value: &str) -> T {
    choices
        .iter()
        .find(|(_, v, _)| *v == value)
        .or(choices.first())
        .map_or_else(T::default, |(t, _, _)| *t)
}

/// The value of `chosen` among `choices`.
pub fn value_of<T: Copy + PartialEq>(
    choices: &[(T, &'static str, &str)],
    chosen: T,
) -> &'static str {
    choices
        .iter()
        .find(|(t, _, _)| *t == chosen)
        .map_or("", |(_, v, _)| v)
}

/// The form's fields, as the form names them.
const FORM_FIELDS: [&str; 8] = [
    "name",
    "time_zone",
    "tax_mode",
    "tax_rounding",
    "rounding",
    "cash_increment",
    "receipt_header",
    "receipt_footer",
];

/// The form's name of a field the server named (`settings.time_zone` → `time_zone`,
/// `cash_rounding.increment` → `cash_increment`); one the form does not show is `""`.
pub fn form_field(server_field: &str) -> &'static str {
    let field = match server_field {
        f if f.starts_with("cash_rounding") => "cash_increment",
        f => f.strip_prefix("settings.").unwrap_or(f),
    };
    FORM_FIELDS
        .iter()
        .find(|f| **f == field)
        .copied()
        .unwrap_or_default()
}

impl StoreForm {
    /// The form filled with `s`'s settings.
    pub fn from_store(s: &Store) -> Self {
        let settings = &s.settings;
        StoreForm {
            name: settings.name.clone(),
            time_zone: settings.time_zone.clone(),
            tax_mode: settings.tax_mode,
            tax_rounding: settings.tax_rounding,
            rounding: settings.rounding,
            cash_increment: s
                .cash_rounding
                .as_ref()
                .map(|c| c.increment.to_string())
                .unwrap_or_default(),
            receipt_header: settings.receipt_header.clone(),
            receipt_footer: settings.receipt_footer.clone(),
            active: s.active,
        }
    }

    /// What the form sends for `base` (the store as read): its settings with the typed fields over them, at
    /// the version read. The increment is read with `parse_amount` ("0,05" and "0.05"), rounding half up
    /// unless the store had another rule; empty means no cash rounding.
    pub fn to_update(&self, base: &Store) -> Result<StoreUpdate, FieldError> {
        let cash_rounding = match self.cash_increment.trim() {
            "" => None,
            text => {
                let increment = parse_amount(text).ok_or_else(|| {
                    FieldError::new(
                        "cash_increment",
                        "The cash rounding must be an amount, e.g. 0.05, or empty.",
                    )
                })?;
                let mode = base
                    .cash_rounding
                    .as_ref()
                    .map_or(RoundingMode::HalfUp, |c| c.mode);
                Some(CashRounding { increment, mode })
            }
        };
        let mut settings = base.settings.clone();
        settings.name = self.name.trim().to_owned();
        settings.time_zone = self.time_zone.trim().to_owned();
        settings.tax_mode = self.tax_mode;
        settings.tax_rounding = self.tax_rounding;
        settings.rounding = self.rounding;
        settings.receipt_header = self.receipt_header.trim_end().to_owned();
        settings.receipt_footer = self.receipt_footer.trim_end().to_owned();
        Ok(StoreUpdate {
            settings,
            cash_rounding,
            active: self.active,
            version: base.version,
        })
    }
}

/// A store's line in the list: its tax mode in words.
pub fn tax_mode_words(mode: TaxMode) -> &'static str {
    TAX_MODES
        .iter()
        .find(|(m, _, _)| *m == mode)
        .map_or("", |(_, _, label)| label)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;
    use shared::catalog::StoreSettings;
    use shared::stores::DEFAULT_STORE_ID;

    fn store() -> Store {
        Store {
            id: DEFAULT_STORE_ID,
            settings: StoreSettings {
                time_zone: "Europe/Berlin".into(),
                address: vec!["1 Market Street".into()],
                ..StoreSettings::default()
            },
            cash_rounding: None,
            active: true,
            version: 3,
        }
    }

    #[test]
    fn the_form_sends_the_store_with_its_fields_at_the_version_read() {
        let base = store();
        let mut form = StoreForm::from_store(&base);
        assert_eq!(form.tax_mode, TaxMode::Inclusive);
        form.tax_mode = choice(&TAX_MODES, "exclusive");
        form.cash_increment = "0,05".into();
        form.receipt_header = "Welcome\n".into();
        let upd = form.to_update(&base).expect("readable");
        assert_eq!(upd.version, 3);
        assert_eq!(upd.settings.tax_mode, TaxMode::Exclusive);
        assert_eq!(upd.settings.address, base.settings.address);
        assert_eq!(upd.settings.receipt_header, "Welcome");
        assert_eq!(
            upd.cash_rounding,
            Some(CashRounding {
                increment: Decimal::new(5, 2),
                mode: RoundingMode::HalfUp
            })
        );
        form.cash_increment = "five cents".into();
        assert_eq!(
            form.to_update(&base).map_err(|e| e.field),
            Err("cash_increment".to_owned())
        );
    }

    #[test]
    fn server_fields_map_to_the_form() {
        assert_eq!(form_field("settings.time_zone"), "time_zone");
        assert_eq!(form_field("settings.name"), "name");
        assert_eq!(form_field("cash_rounding.increment"), "cash_increment");
        assert_eq!(form_field("settings.currency.code"), "");
        assert_eq!(
            value_of(&TAX_ROUNDINGS, TaxRounding::PerDocument),
            "per_document"
        );
        assert_eq!(choice(&ROUNDINGS, "nonsense"), RoundingMode::HalfUp);
        assert_eq!(tax_mode_words(TaxMode::Exclusive), "Tax added on top");
    }
}
