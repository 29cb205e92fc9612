//! The back office's loyalty form: the programme's points per currency unit, expiry in days, excluded
//! categories and the point value tills redeem at, as typed text, read into the `LoyaltySettings` sent with the version read (tiers, rewards and
//! cash-out limits kept as they were). A field the server refuses maps back to the form's field.

use super::product_form::FieldError;
use rust_decimal::Decimal;
use shared::loyalty::wire::{GiftCardEntry, GiftCardKind, LoyaltySettings};

/// What the form's fields hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoyaltyForm {
    pub points_per_unit: String,
    /// Empty: points never expire.
    pub expiry_days: String,
    /// Category ids, separated by commas.
    pub excluded: String,
    /// What a point is worth at the tills; empty: tills do not redeem points.
    pub point_value: String,
}

impl LoyaltyForm {
    /// The form for the settings as read.
    pub fn of(s: &LoyaltySettings) -> Self {
        LoyaltyForm {
            points_per_unit: s.programme.points_per_unit.normalize().to_string(),
            expiry_days: s
                .programme
                .expiry_days
                .map(|d| d.to_string())
                .unwrap_or_default(),
            excluded: s.programme.excluded_categories.join(", "),
            point_value: s
                .point_value
                .map(|v| v.normalize().to_string())
                .unwrap_or_default(),
        }
    }

    /// The settings to send: `base` (as read, with its version) with the form's fields.
    pub fn to_settings(&self, base: &LoyaltySettings) -> Result<LoyaltySettings, FieldError> {
        let rate: Decimal = self.points_per_unit.trim().parse().map_err(|_| {
            FieldError::new(
                "points_per_unit",
                "Enter the points per currency unit, e.g. 1 or 0.5.",
            )
        })?;
        if rate < Decimal::ZERO {
            return Err(FieldError::new(
                "points_per_unit",
                "Points per unit cannot be negative.",
            ));
        }
        let days = self.expiry_days.trim();
        let expiry_days = if days.is_empty() {
            None
        } else {
            match days.parse::<u32>() {
                Ok(d) if d > 0 => Some(d),
                _ => {
                    return Err(FieldError::new(
                        "expiry_days",
                        "Enter whole days (1 or more), or leave empty so points never expire.",
                    ))
                }
            }
        };
        let value = self.point_value.trim();
        let point_value = if value.is_empty() {
            None
        } else {
            match value.parse::<Decimal>() {
                Ok(v) if v > Decimal::ZERO => Some(v),
                _ => {
                    return Err(FieldError::new(
                        "point_value",
                        "Enter what one point is worth, e.g. 0.01, or leave empty.",
                    ))
                }
            }
        };
        let mut out = base.clone();
        out.point_value = point_value;
        out.programme.points_per_unit = rate;
        out.programme.expiry_days = expiry_days;
        out.programme.excluded_categories = self
            .excluded
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect();
        Ok(out)
    }
}

/// The form's field for a field the server names (`programme.expiry_days`); `""` for the whole form.
pub fn form_field(server: &str) -> &'static str {
    match server {
        "programme.points_per_unit" => "points_per_unit",
        "programme.expiry_days" => "expiry_days",
        "programme.excluded_categories" => "excluded",
        "point_value" => "point_value",
        _ => "",
    }
}

/// A gift card ledger line's kind in words.
pub fn kind_words(e: &GiftCardEntry) -> &'static str {
    match e.kind {
        GiftCardKind::Sold => "Sold",
        GiftCardKind::Reloaded => "Reloaded",
        GiftCardKind::Redeemed => "Paid with",
        GiftCardKind::Refunded => "Refunded to the card",
        GiftCardKind::CashedOut => "Cashed out",
        GiftCardKind::Adjusted => "Adjusted",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::loyalty::LoyaltyProgramme;

    #[test]
    fn the_form_reads_back_into_the_settings_keeping_the_rest() {
        let base = LoyaltySettings {
            programme: LoyaltyProgramme {
                points_per_unit: Decimal::new(100, 2),
                expiry_days: Some(365),
                excluded_categories: vec!["tobacco".into()],
                ..LoyaltyProgramme::default()
            },
            version: 3,
            ..LoyaltySettings::default()
        };
        let form = LoyaltyForm::of(&base);
        assert_eq!(
            form,
            LoyaltyForm {
                points_per_unit: "1".into(),
                expiry_days: "365".into(),
                excluded: "tobacco".into(),
                point_value: String::new(),
            }
        );
        assert_eq!(form.to_settings(&base), Ok(base.clone()));
        let changed = LoyaltyForm {
            points_per_unit: " 2.5 ".into(),
            expiry_days: "".into(),
            excluded: "tobacco, , gift-cards".into(),
            point_value: "0.01".into(),
        };
        let out = changed.to_settings(&base).expect("valid");
        assert_eq!(out.programme.points_per_unit, Decimal::new(25, 1));
        assert_eq!(out.programme.expiry_days, None);
        assert_eq!(out.programme.excluded_categories, ["tobacco", "gift-cards"]);
        assert_eq!(out.point_value, Some(Decimal::new(1, 2)));
        assert_eq!(out.version, 3, "sent with the version read");
    }

    #[test]
    fn bad_fields_are_named() {
        let base = LoyaltySettings::default();
        let bad = |f: LoyaltyForm| f.to_settings(&base).map_err(|e| e.field);
        let form = |rate: &str, days: &str| LoyaltyForm {
            points_per_unit: rate.into(),
            expiry_days: days.into(),
            excluded: String::new(),
            point_value: String::new(),
        };
        assert_eq!(bad(form("many", "")), Err("points_per_unit".into()));
        let zero_value = LoyaltyForm {
            point_value: "0".into(),
            ..form("1", "")
        };
        assert_eq!(bad(zero_value), Err("point_value".into()));
        assert_eq!(bad(form("-1", "")), Err("points_per_unit".into()));
        assert_eq!(bad(form("1", "0")), Err("expiry_days".into()));
        assert_eq!(bad(form("1", "soon")), Err("expiry_days".into()));
        assert_eq!(form_field("programme.expiry_days"), "expiry_days");
        assert_eq!(form_field("programme.tiers[0].multiplier"), "");
    }
}
