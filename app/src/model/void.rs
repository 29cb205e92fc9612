//! The void form's rules: whether a sale may be voided here and now (made today, not voided yet, no refund of
//! it on this terminal or on the server), the reason it needs, and whether the signed-in staff needs a
//! supervisor's approval (`Permission::Void`). The void itself is `shared::document::Void::create`.
//!
//! Plain data: the dialog (`ui::void`) asks a `VoidForm` on every keystroke.

use super::error::RuleError;
use chrono::{DateTime, Utc};
use shared::auth::Permission;
use shared::document::{DocumentError, Refund, SaleDocument, Void};
use shared::sale::SaleHeader;
use uuid::Uuid;

/// A void being entered for `sale`.
pub struct VoidForm<'a> {
    pub sale: &'a SaleDocument,
    /// The refunds of the sale known so far (this terminal's and the server's); `None` while they are read.
    pub refunds: Option<&'a [Refund]>,
    /// A void of the sale is stored on this terminal.
    pub voided: bool,
    /// The start of the store-local day: only sales made since may be voided (later ones are refunded).
    pub start_of_today: DateTime<Utc>,
    /// The reason as typed.
    pub reason: &'a str,
}

impl VoidForm<'_> {
    /// Why the sale cannot be voided at all (whatever the reason says), if it cannot.
    pub fn blocked(&self) -> Option<RuleError> {
        if self.voided {
            return Some(RuleError::AlreadyVoided);
        }
        if self.sale.created_at < self.start_of_today {
            return Some(RuleError::VoidNotToday);
        }
        match self.refunds {
            None => Some(RuleError::ReadingEarlierRefunds),
            Some(list) if list.iter().any(|r| r.sale_id == self.sale.id) => {
                Some(RuleError::VoidRefunded)
            }
            Some(_) => None,
        }
    }

    /// The void as `Void::create` would make it now (a stand-in header; the real one comes from the storing
    /// transaction), or why it cannot be made.
    pub fn preview(&self) -> Result<Void, RuleError> {
        if let Some(e) = self.blocked() {
            return Err(e);
        }
        let header = SaleHeader {
            id: Uuid::nil(),
            device_id: Uuid::nil(),
            receipt_no: String::new(),
            created_at: DateTime::default(),
        };
        Void::create(
            header,
            self.sale,
            self.refunds.unwrap_or_default(),
            self.reason.trim(),
        )
        .map_err(|e| match e {
            DocumentError::MissingReason => RuleError::VoidReason,
            DocumentError::AlreadyRefunded => RuleError::VoidRefunded,
            other => RuleError::VoidRefused(other),
        })
    }
}

/// The permission a manager must approve before `permissions`' holder may void, if they lack it.
pub fn approval_needed(permissions: &[Permission]) -> Option<Permission> {
    (!permissions.contains(&Permission::Void)).then_some(Permission::Void)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::order::tests::dec;
    use crate::model::refund::tests::sale;
    use crate::model::refund::{RefundEntry, RefundForm, RefundTo};
    use chrono::TimeZone;
    use shared::policy::StorePolicy;

    fn day(d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, d, 0, 0, 0).unwrap()
    }

    /// The test sale, made at noon on the 7th.
    fn todays_sale() -> SaleDocument {
        let mut s = sale(None);
        s.created_at = Utc.with_ymd_and_hms(2026, 12, 7, 12, 0, 0).unwrap();
        s
    }

    fn form<'a>(
        sale: &'a SaleDocument,
        refunds: Option<&'a [Refund]>,
        reason: &'a str,
    ) -> VoidForm<'a> {
        VoidForm {
            sale,
            refunds,
            voided: false,
            start_of_today: day(7),
            reason,
        }
    }

    fn a_refund(sale: &SaleDocument) -> Refund {
        let policy = StorePolicy::default();
        let entry = RefundEntry {
            quantities: vec!["1".into(), String::new()],
            to: RefundTo::Original,
            reason: "broken".into(),
        };
        let form = RefundForm {
            sale,
            previous: Some(&[]),
            policy: &policy,
            entry: &entry,
            voided: false,
        };
        form.preview().unwrap().1
    }

    #[test]
    fn a_sale_of_today_without_refunds_is_voided_whole_with_its_reason() {
        let s = todays_sale();
        let v = form(&s, Some(&[]), "  customer changed mind ")
            .preview()
            .unwrap();
        assert_eq!(v.sale_id, s.id);
        assert_eq!(v.reason, "customer changed mind");
        assert_eq!(s.priced.total, dec("8.22"));
    }

    #[test]
    fn a_void_needs_a_reason() {
        let s = todays_sale();
        assert_eq!(
            form(&s, Some(&[]), "   ").preview(),
            Err(RuleError::VoidReason)
        );
        assert_eq!(form(&s, Some(&[]), "").blocked(), None);
    }

    #[test]
    fn refunded_voided_or_earlier_sales_cannot_be_voided() {
        let s = todays_sale();
        let refunds = vec![a_refund(&s)];
        assert_eq!(
            form(&s, Some(&refunds), "wrong").preview(),
            Err(RuleError::VoidRefunded)
        );
        // A refund of another sale does not count.
        let mut other = refunds[0].clone();
        other.sale_id = Uuid::from_u128(42);
        assert!(form(&s, Some(std::slice::from_ref(&other)), "wrong")
            .preview()
            .is_ok());
        assert_eq!(
            form(&s, None, "wrong").preview(),
            Err(RuleError::ReadingEarlierRefunds)
        );
        let voided = VoidForm {
            voided: true,
            ..form(&s, Some(&[]), "wrong")
        };
        assert_eq!(voided.preview(), Err(RuleError::AlreadyVoided));
        let tomorrow = VoidForm {
            start_of_today: day(8),
            ..form(&s, Some(&[]), "wrong")
        };
        assert_eq!(tomorrow.preview(), Err(RuleError::VoidNotToday));
    }

    #[test]
    fn only_staff_without_the_void_permission_need_an_approval() {
        assert_eq!(approval_needed(&[Permission::Sell]), Some(Permission::Void));
        assert_eq!(approval_needed(&[Permission::Sell, Permission::Void]), None);
    }
}
