//! The loyalty programme and its rules: points earned on a priced cart, their reversal by refunds, tiers,
//! rewards redeemed as a tender or a discount, manual adjustments, and the balance a till shows.
//!
//! Named rules:
//! - **points earned**: the eligible amount is the gross of the sale's lines whose category is not excluded;
//!   points = ⌊eligible × points per currency unit × the customer's tier multiplier⌋ (rounded toward zero:
//!   a customer never gets a fraction of a point, and never more than the programme promises).
//! - **points reversal**: a refund takes back a share of what its sale earned, proportional to the gross
//!   refunded, counted cumulatively: after refunds totalling R of a sale of total T that earned E, the points
//!   reversed so far are ⌊E × R / T⌋; each refund reverses the difference to the refunds before it, so a sale
//!   refunded in full gives back exactly what it earned, whatever the number of refunds.
//! - **tier**: the tier with the highest threshold at or below the customer's lifetime points (earned minus
//!   reversed); none below the lowest threshold (multiplier 1).
//! - **adjustment**: a manual adjustment names a reason and is never zero; a negative one may not take the
//!   balance below zero (only offline redemptions may, and they are flagged).
//! - **till balance**: the balance a till shows is the synced balance minus what this till spent from it in
//!   documents still in its outbox (the server has not counted them yet).

pub mod expiry;
pub mod gift_card;
pub mod wire;

use crate::discount::{DiscountValue, ManualDiscount};
use crate::tender::{Balances, Payment};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A chain's loyalty programme, set in the back office.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoyaltyProgramme {
    /// Points per currency unit spent (e.g. `1` point per euro); 0 turns earning off.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub points_per_unit: Decimal,
    /// Category ids whose lines earn nothing (e.g. tobacco, gift cards).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded_categories: Vec<String>,
    /// Rewards redeemable at checkout.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rewards: Vec<Reward>,
    /// Days after which earned points expire (oldest first); `None`: never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry_days: Option<u32>,
    /// Tiers by lifetime points, any order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<Tier>,
}

/// A tier: from `threshold` lifetime points, earning is multiplied by `multiplier`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tier {
    pub name: String,
    pub threshold: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
    pub multiplier: Decimal,
}

/// A reward bought with points (named `LoyaltyReward` in the OpenAPI document: a promotion's `Reward` is
/// another type).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = LoyaltyReward))]
pub struct Reward {
    pub id: String,
    pub name: String,
    /// Points it costs.
    pub points: u64,
    pub kind: RewardKind,
}

/// What a reward gives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RewardKind {
    /// Paid as a loyalty tender worth `value`.
    Tender {
        #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
        value: Decimal,
    },
    /// A discount on the whole sale of `percent` (0–100).
    Discount {
        #[cfg_attr(feature = "openapi", schema(value_type = crate::openapi::DecimalString))]
        percent: Decimal,
    },
}

/// Why a loyalty operation is refused; the words are shown as they are.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum LoyaltyError {
    #[error("{field}: {problem}")]
    Invalid { field: String, problem: String },
    #[error("an adjustment needs a reason")]
    MissingReason,
    #[error("an adjustment of 0 points changes nothing")]
    ZeroAdjustment,
    #[error("cannot take {wanted} points: the balance is {balance}")]
    BeyondBalance { wanted: i64, balance: i64 },
    #[error("{reward} costs {cost} points; the balance is {balance}")]
    NotEnoughPoints {
        reward: String,
        cost: u64,
        balance: i64,
    },
    #[error("no reward {0}")]
    UnknownReward(String),
}

fn invalid(field: impl Into<String>, problem: impl Into<String>) -> LoyaltyError {
    LoyaltyError::Invalid {
        field: field.into(),
        problem: problem.into(),
    }
}

impl LoyaltyProgramme {
    /// The programme's own checks; the first failure names the field as the JSON spells it.
    pub fn validate(&self) -> Result<(), LoyaltyError> {
        if self.points_per_unit < Decimal::ZERO {
            return Err(invalid("points_per_unit", "must not be negative"));
        }
        if self.expiry_days == Some(0) {
            return Err(invalid("expiry_days", "must be at least 1 (or left out)"));
        }
        for (i, t) in self.tiers.iter().enumerate() {
            if t.name.trim().is_empty() {
                return Err(invalid(format!("tiers[{i}].name"), "is empty"));
            }
            if t.threshold < 0 {
                return Err(invalid(
                    format!("tiers[{i}].threshold"),
                    "must not be negative",
                ));
            }
            if t.multiplier <= Decimal::ZERO {
                return Err(invalid(format!("tiers[{i}].multiplier"), "must be above 0"));
            }
        }
        for (i, r) in self.rewards.iter().enumerate() {
            if r.id.trim().is_empty() || self.rewards[..i].iter().any(|o| o.id == r.id) {
                return Err(invalid(
                    format!("rewards[{i}].id"),
                    "is empty or given twice",
                ));
            }
            if r.points == 0 {
                return Err(invalid(
                    format!("rewards[{i}].points"),
                    "must be at least 1",
                ));
            }
            let ok = match &r.kind {
                RewardKind::Tender { value } => *value > Decimal::ZERO,
                RewardKind::Discount { percent } => {
                    *percent > Decimal::ZERO && *percent <= Decimal::ONE_HUNDRED
                }
            };
            if !ok {
                return Err(invalid(
                    format!("rewards[{i}].kind"),
                    "a tender's value must be above 0, a discount's percent 0–100",
                ));
            }
        }
        Ok(())
    }

    /// The customer's tier by the rule **tier**.
    pub fn tier(&self, lifetime_points: i64) -> Option<&Tier> {
        self.tiers
            .iter()
            .filter(|t| t.threshold <= lifetime_points)
            .max_by_key(|t| t.threshold)
    }

    /// Points earned by a sale's lines (category id, gross), by the rule **points earned**.
    pub fn points_earned<'a>(
        &self,
        lines: impl IntoIterator<Item = (&'a str, Decimal)>,
        lifetime_points: i64,
    ) -> i64 {
        let eligible: Decimal = lines
            .into_iter()
            .filter(|(category, _)| !self.excluded_categories.iter().any(|c| c == category))
            .map(|(_, gross)| gross)
            .sum();
        let multiplier = self
            .tier(lifetime_points)
            .map_or(Decimal::ONE, |t| t.multiplier);
        let points = (eligible * self.points_per_unit * multiplier).trunc();
        points.max(Decimal::ZERO).to_i64().unwrap_or(i64::MAX)
    }

    /// A reward by id.
    pub fn reward(&self, id: &str) -> Result<&Reward, LoyaltyError> {
        self.rewards
            .iter()
            .find(|r| r.id == id)
            .ok_or_else(|| LoyaltyError::UnknownReward(id.to_owned()))
    }
}

/// Points reversed by one refund, by the rule **points reversal**: `earned` by a sale of `sale_total`,
/// `refunded_before` its refunds' gross before this one, `refunded` this refund's gross.
pub fn points_reversed(
    earned: i64,
    sale_total: Decimal,
    refunded_before: Decimal,
    refunded: Decimal,
) -> i64 {
    if earned <= 0 || sale_total <= Decimal::ZERO {
        return 0;
    }
    let share = |refunded_so_far: Decimal| -> i64 {
        let r = refunded_so_far.clamp(Decimal::ZERO, sale_total);
        (Decimal::from(earned) * r / sale_total)
            .trunc()
            .to_i64()
            .unwrap_or(earned)
            .min(earned)
    };
    share(refunded_before + refunded) - share(refunded_before)
}

/// A reward redeemed at checkout: a loyalty payment or a discount on the sale.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Redemption {
    Tender(Payment),
    Discount(ManualDiscount),
}

/// Redeem `reward` from `account` holding `balance` points (the till's balance, see [`till_points`]); a tender
/// is never worth more than `due`.
pub fn redeem(
    reward: &Reward,
    account: &str,
    balance: i64,
    due: Decimal,
) -> Result<Redemption, LoyaltyError> {
    if i128::from(balance) < i128::from(reward.points) {
        return Err(LoyaltyError::NotEnoughPoints {
            reward: reward.name.clone(),
            cost: reward.points,
            balance,
        });
    }
    Ok(match &reward.kind {
        RewardKind::Tender { value } => Redemption::Tender(Payment::Loyalty {
            amount: (*value).min(due.max(Decimal::ZERO)),
            points: reward.points,
            account: account.to_owned(),
        }),
        RewardKind::Discount { percent } => Redemption::Discount(ManualDiscount {
            value: DiscountValue::Percent(*percent),
            reason: format!("Reward: {}", reward.name),
        }),
    })
}

/// The points a till offers to redeem by default: as many as `balance` holds, worth at most `due` at `value` per
/// point (rounded down, so the loyalty payment never exceeds what is due); 0 without a point value.
pub fn points_for(due: Decimal, value: Option<Decimal>, balance: i64) -> u64 {
    let Some(value) = value.filter(|v| *v > Decimal::ZERO) else {
        return 0;
    };
    let affordable = (due.max(Decimal::ZERO) / value)
        .trunc()
        .to_u64()
        .unwrap_or(0);
    affordable.min(u64::try_from(balance).unwrap_or(0))
}

/// Check a manual adjustment of `points` against `balance`, by the rule **adjustment**.
pub fn check_adjustment(balance: i64, points: i64, reason: &str) -> Result<(), LoyaltyError> {
    if reason.trim().is_empty() {
        return Err(LoyaltyError::MissingReason);
    }
    if points == 0 {
        return Err(LoyaltyError::ZeroAdjustment);
    }
    if points < 0 && balance.saturating_add(points) < 0 {
        return Err(LoyaltyError::BeyondBalance {
            wanted: points.saturating_neg(),
            balance,
        });
    }
    Ok(())
}

/// The balances a till shows, by the rule **till balance**: `synced` minus the payments of documents still in
/// this till's outbox. Accounts not in `synced` stay absent (nothing to check them against).
pub fn till_balances<'a>(
    synced: &Balances,
    pending: impl IntoIterator<Item = &'a Payment>,
) -> Balances {
    let mut out = synced.clone();
    for p in pending {
        match p {
            Payment::GiftCard { amount, card } => {
                if let Some((_, b)) = out.gift_cards.iter_mut().find(|(c, _)| c == card) {
                    *b -= *amount;
                }
            }
            Payment::StoreCredit { amount, account } => {
                if let Some((_, b)) = out.store_credit.iter_mut().find(|(a, _)| a == account) {
                    *b -= *amount;
                }
            }
            Payment::Loyalty {
                points, account, ..
            } => {
                if let Some((_, b)) = out.loyalty_points.iter_mut().find(|(a, _)| a == account) {
                    *b = b.saturating_sub(*points);
                }
            }
            Payment::Cash { .. } | Payment::Card { .. } | Payment::ExchangeCredit { .. } => {}
        }
    }
    out
}

/// One account's points as a till shows them: [`till_balances`] for loyalty alone, never below 0.
pub fn till_points<'a>(
    synced: i64,
    account: &str,
    pending: impl IntoIterator<Item = &'a Payment>,
) -> i64 {
    let spent: u64 = pending
        .into_iter()
        .filter_map(|p| match p {
            Payment::Loyalty {
                points, account: a, ..
            } if a == account => Some(*points),
            _ => None,
        })
        .fold(0u64, u64::saturating_add);
    synced
        .saturating_sub(i64::try_from(spent).unwrap_or(i64::MAX))
        .max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    fn programme() -> LoyaltyProgramme {
        LoyaltyProgramme {
            points_per_unit: d("1"),
            excluded_categories: vec!["tobacco".into()],
            rewards: vec![
                Reward {
                    id: "five".into(),
                    name: "5 off".into(),
                    points: 100,
                    kind: RewardKind::Tender { value: d("5.00") },
                },
                Reward {
                    id: "tenpc".into(),
                    name: "10% off".into(),
                    points: 200,
                    kind: RewardKind::Discount { percent: d("10") },
                },
            ],
            expiry_days: Some(365),
            tiers: vec![
                Tier {
                    name: "Gold".into(),
                    threshold: 1000,
                    multiplier: d("2"),
                },
                Tier {
                    name: "Silver".into(),
                    threshold: 500,
                    multiplier: d("1.5"),
                },
            ],
        }
    }

    #[test]
    fn points_are_earned_on_eligible_gross_rounded_down_with_the_tier() {
        let p = programme();
        let lines = [
            ("food", d("12.99")),
            ("tobacco", d("8.00")),
            ("drink", d("3.50")),
        ];
        assert_eq!(
            p.points_earned(lines, 0),
            16,
            "16.49 eligible, rounded down"
        );
        assert_eq!(p.points_earned(lines, 500), 24, "Silver: 24.735");
        assert_eq!(p.points_earned(lines, 5000), 32, "Gold: 32.98");
        assert_eq!(p.tier(999).map(|t| t.name.as_str()), Some("Silver"));
        assert_eq!(p.tier(499), None);
        let off = LoyaltyProgramme::default();
        assert_eq!(off.points_earned(lines, 0), 0);
        assert_eq!(p.points_earned([("food", d("-5"))], 0), 0, "never negative");
    }

    #[test]
    fn refunds_reverse_proportionally_and_in_full_exactly() {
        // Earned 10 on 30.00; three refunds of 10.00 reverse 3, 3, 4.
        let steps: Vec<i64> = (0..3)
            .map(|i| points_reversed(10, d("30.00"), d("10.00") * Decimal::from(i), d("10.00")))
            .collect();
        assert_eq!(steps, vec![3, 3, 4]);
        assert_eq!(points_reversed(10, d("30.00"), d("0"), d("30.00")), 10);
        assert_eq!(points_reversed(0, d("30.00"), d("0"), d("30.00")), 0);
        assert_eq!(points_reversed(10, d("0"), d("0"), d("5")), 0);
        assert_eq!(
            points_reversed(10, d("30.00"), d("30.00"), d("5")),
            0,
            "capped"
        );
    }

    #[test]
    fn rewards_redeem_as_tender_or_discount_within_the_balance() {
        let p = programme();
        let five = p.reward("five").expect("reward");
        assert_eq!(
            redeem(five, "c-1", 150, d("20.00")),
            Ok(Redemption::Tender(Payment::Loyalty {
                amount: d("5.00"),
                points: 100,
                account: "c-1".into()
            }))
        );
        assert!(matches!(
            redeem(five, "c-1", 150, d("3.00")),
            Ok(Redemption::Tender(Payment::Loyalty { amount, .. })) if amount == d("3.00")
        ));
        assert!(matches!(
            redeem(p.reward("tenpc").expect("reward"), "c-1", 200, d("1")),
            Ok(Redemption::Discount(ManualDiscount { value: DiscountValue::Percent(pc), .. })) if pc == d("10")
        ));
        let refused = redeem(five, "c-1", 99, d("20.00")).expect_err("short");
        assert_eq!(
            refused.to_string(),
            "5 off costs 100 points; the balance is 99"
        );
        assert_eq!(
            p.reward("nope"),
            Err(LoyaltyError::UnknownReward("nope".into()))
        );
    }

    #[test]
    fn the_till_offers_the_points_that_fit_the_amount_due() {
        assert_eq!(points_for(d("7.35"), Some(d("0.05")), 1000), 147);
        assert_eq!(points_for(d("7.35"), Some(d("0.05")), 100), 100);
        assert_eq!(points_for(d("7.35"), None, 100), 0);
        assert_eq!(points_for(d("7.35"), Some(d("0.05")), -5), 0);
        assert_eq!(points_for(d("-1"), Some(d("0.05")), 50), 0);
    }

    #[test]
    fn adjustments_need_a_reason_and_stay_within_the_balance() {
        assert_eq!(check_adjustment(30, 50, "goodwill"), Ok(()));
        assert_eq!(check_adjustment(30, -30, "typo"), Ok(()));
        let refused = check_adjustment(30, -50, "typo").expect_err("beyond");
        assert_eq!(
            refused.to_string(),
            "cannot take 50 points: the balance is 30"
        );
        assert_eq!(
            check_adjustment(30, 5, " "),
            Err(LoyaltyError::MissingReason)
        );
        assert_eq!(
            check_adjustment(30, 0, "x"),
            Err(LoyaltyError::ZeroAdjustment)
        );
    }

    #[test]
    fn the_till_shows_synced_minus_its_outbox() {
        let synced = Balances {
            gift_cards: vec![("G".into(), d("50.00"))],
            store_credit: vec![("c-1".into(), d("20.00"))],
            loyalty_points: vec![("c-1".into(), 300)],
        };
        let pending = [
            Payment::Loyalty {
                amount: d("5"),
                points: 100,
                account: "c-1".into(),
            },
            Payment::GiftCard {
                amount: d("12.50"),
                card: "G".into(),
            },
            Payment::Loyalty {
                amount: d("5"),
                points: 100,
                account: "c-2".into(),
            },
            Payment::Cash { amount: d("3") },
        ];
        let shown = till_balances(&synced, &pending);
        assert_eq!(shown.loyalty_points, vec![("c-1".into(), 200)]);
        assert_eq!(shown.gift_cards, vec![("G".into(), d("37.50"))]);
        assert_eq!(shown.store_credit, synced.store_credit);
        assert_eq!(till_points(300, "c-1", &pending), 200);
        assert_eq!(till_points(50, "c-1", &pending), 0, "never shown below 0");
    }

    #[test]
    fn programme_checks_name_the_field() {
        assert_eq!(programme().validate(), Ok(()));
        let mut p = programme();
        p.tiers[1].multiplier = d("0");
        assert_eq!(
            p.validate().map_err(|e| e.to_string()),
            Err("tiers[1].multiplier: must be above 0".into())
        );
        let mut p = programme();
        p.rewards[1].id = "five".into();
        assert!(p.validate().is_err());
        let mut p = programme();
        p.expiry_days = Some(0);
        assert!(p.validate().is_err());
    }

    #[test]
    fn programme_json_leaves_out_what_is_empty() {
        let p = LoyaltyProgramme {
            points_per_unit: d("1"),
            ..LoyaltyProgramme::default()
        };
        let json = serde_json::to_string(&p).expect("json");
        assert_eq!(json, r#"{"points_per_unit":"1"}"#);
        let back: LoyaltyProgramme = serde_json::from_str(&json).expect("back");
        assert_eq!(back, p);
    }
}
