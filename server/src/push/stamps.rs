//! Who did it and who approved it: the staff stamps of accepted documents, checked once for every store.
//!
//! The store hands the plan's new mutations to [`keys`], reads the staff and overrides they name ([`StaffKeys`]
//! → [`StaffHeld`]), and writes what [`review`] decides, in the push transaction: the overrides spent, the
//! flags, and one audit entry per refund, void, exchange and cash movement.
//!
//! Named rules:
//! - **approval check**: an approval counts when its `override_token` names a stored override issued to the
//!   pushing device, for the permission needed, asked for by the stamped cashier, approved by the stamped
//!   approver, unused, and the document made before the override expired plus [`DOCUMENT_GRACE_MINUTES`] (the
//!   approval is given when the refund or discount starts; the cashier may take a few minutes to finish it). A
//!   token that names a stored, unused
//!   override is spent whether or not the rest holds, so no live token stays in a stored document.
//! - **unapproved**: a refund (an exchange's return too) or void whose stamped cashier's role lacks `refund` /
//!   `void` (or whose cashier the server does not know) and that has no approval that counts is still accepted
//!   (documents are facts: it may have been done offline) and flagged `unapproved_refund` / `unapproved_void`;
//!   a sale whose approval does not count is flagged `unapproved_discount`; a return without a receipt whose
//!   cashier lacks `return_without_receipt`, `unapproved_return`. Documents without a cashier stamp
//!   (made before stamps existed) are not flagged; their audit entry names the device.
//! - **audit**: `sale.refund`, `sale.void`, `sale.exchange`, `sale.return_without_receipt` (with its reason)
//!   and `drawer.movement`, by the stamped cashier (else
//!   the device), from the pushing device, about the document, with its amount, cashier and approver.

use super::effects::{Flag, FlagKind};

/// How long after its override expired a document may still be made under an approval (the override itself
/// lasts `auth::signin::OVERRIDE_SECS` for requests).
pub const DOCUMENT_GRACE_MINUTES: i64 = 15;
use super::{Document, PreparedMutation};
use crate::auth::{audit, permissions, tokens};
use crate::store::auth::NewAudit;
use audit::AuditExt;
use chrono::{DateTime, Utc};
use serde_json::json;
use shared::auth::{ActorKind, AuditActor, Permission, Role};
use shared::document::{Approval, StaffStamp};
use std::collections::{BTreeSet, HashMap, HashSet};
use uuid::Uuid;

/// The staff and overrides a batch's stamps name, each once and sorted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StaffKeys {
    /// Stamped cashiers (whose role decides whether an approval is needed).
    pub staff: Vec<Uuid>,
    /// SHA-256 (hex) of the approvals' override tokens, as the overrides are stored.
    pub overrides: Vec<String>,
}

impl StaffKeys {
    pub fn is_empty(&self) -> bool {
        self.staff.is_empty() && self.overrides.is_empty()
    }
}

/// Whether any of the new mutations is audited or names staff (else the store has nothing to read or write).
pub fn concerns(new: &[&PreparedMutation]) -> bool {
    new.iter().any(|m| {
        let s = stamped(&m.document);
        s.action.is_some() || s.approval.is_some()
    })
}

/// A stored override, as the approval check needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeldOverride {
    pub permission: Permission,
    pub approver_id: Uuid,
    pub requested_by: Uuid,
    pub device_id: Uuid,
    pub expires_at: DateTime<Utc>,
    pub used: bool,
}

/// What the store holds for the keys (absent: no such staff member or override).
#[derive(Clone, Debug, Default)]
pub struct StaffHeld {
    pub roles: HashMap<Uuid, Role>,
    /// By token hash.
    pub overrides: HashMap<String, HeldOverride>,
}

/// What to write: overrides to mark used (token hashes), flags and audit entries, in batch order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reviewed {
    pub spend: Vec<String>,
    pub flags: Vec<Flag>,
    pub audits: Vec<NewAudit>,
}

/// What one document says about staff, and what it needs.
struct Stamped<'a> {
    cashier: Option<&'a StaffStamp>,
    approval: Option<&'a Approval>,
    /// The permission the cashier needs for it (an approval stands in), and the flag when neither holds.
    needs: Option<(Permission, FlagKind)>,
    /// The audit action, when the document is audited.
    action: Option<&'static str>,
    created_at: DateTime<Utc>,
}

fn stamped(document: &Document) -> Stamped<'_> {
    match document {
        Document::Sale(s) => Stamped {
            cashier: s.cashier.as_ref(),
            approval: s.approval.as_ref(),
            needs: s
                .approval
                .as_ref()
                .map(|a| (a.permission, FlagKind::UnapprovedDiscount)),
            action: None,
            created_at: s.created_at,
        },
        Document::Refund(r) => Stamped {
            cashier: r.cashier.as_ref(),
            approval: r.approval.as_ref(),
            needs: Some((Permission::Refund, FlagKind::UnapprovedRefund)),
            action: Some("sale.refund"),
            created_at: r.created_at,
        },
        Document::Void(v) => Stamped {
            cashier: v.cashier.as_ref(),
            approval: v.approval.as_ref(),
            needs: Some((Permission::Void, FlagKind::UnapprovedVoid)),
            action: Some("sale.void"),
            created_at: v.created_at,
        },
        Document::Exchange(x) => Stamped {
            cashier: x.returned.cashier.as_ref().or(x.sale.cashier.as_ref()),
            approval: x.returned.approval.as_ref(),
            needs: Some((Permission::Refund, FlagKind::UnapprovedRefund)),
            action: Some("sale.exchange"),
            created_at: x.returned.created_at,
        },
        Document::UnreceiptedReturn(r) => Stamped {
            cashier: r.cashier.as_ref(),
            approval: r.approval.as_ref(),
            needs: Some((Permission::ReturnWithoutReceipt, FlagKind::UnapprovedReturn)),
            action: Some("sale.return_without_receipt"),
            created_at: r.created_at,
        },
        Document::CashMovement(m) => Stamped {
            cashier: m.cashier.as_ref(),
            approval: None,
            needs: None,
            action: Some("drawer.movement"),
            created_at: m.created_at,
        },
        Document::Customer(c) => Stamped {
            cashier: c.cashier.as_ref(),
            approval: None,
            needs: None,
            action: Some("customer.save"),
            created_at: c.saved_at,
        },
    }
}

/// The staff and override tokens the new mutations' stamps name (cashiers only where a permission is needed).
pub fn keys(new: &[&PreparedMutation]) -> StaffKeys {
    let (mut staff, mut overrides) = (BTreeSet::new(), BTreeSet::new());
    for m in new {
        let s = stamped(&m.document);
        if let Some(c) = s.cashier.filter(|_| s.needs.is_some()) {
            staff.insert(c.id);
        }
        if let Some(token) = s.approval.and_then(|a| a.override_token.as_deref()) {
            overrides.insert(tokens::hash(token));
        }
    }
    StaffKeys {
        staff: staff.into_iter().collect(),
        overrides: overrides.into_iter().collect(),
    }
}

/// Check an approval for `permission` by the approval-check rule; spends the token it names when it can.
fn check_approval(
    approval: &Approval,
    permission: Permission,
    cashier: Option<&StaffStamp>,
    device: Uuid,
    at: DateTime<Utc>,
    held: &mut StaffHeld,
    spend: &mut Vec<String>,
) -> Result<(), String> {
    let token = approval
        .override_token
        .as_deref()
        .ok_or("the approval carries no override token")?;
    let hash = tokens::hash(token);
    let o = held
        .overrides
        .get_mut(&hash)
        .ok_or("the approval's override is unknown")?;
    if o.used {
        return Err("the approval's override was already used".into());
    }
    o.used = true;
    spend.push(hash);
    if o.device_id != device {
        return Err("the approval's override was issued to another device".into());
    }
    if o.permission != permission || approval.permission != permission {
        return Err(format!(
            "the approval's override is for {}, not {}",
            permission_name(o.permission),
            permission_name(permission)
        ));
    }
    if o.approver_id != approval.approver.id {
        return Err("the approval's override was given by someone else".into());
    }
    if cashier.is_some_and(|c| c.id != o.requested_by) {
        return Err("the approval's override was asked for by someone else".into());
    }
    if at > o.expires_at + chrono::Duration::minutes(DOCUMENT_GRACE_MINUTES) {
        return Err("the approval's override had expired when the document was made".into());
    }
    Ok(())
}

fn permission_name(p: Permission) -> String {
    serde_json::to_value(p)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn stamp_json(s: Option<&StaffStamp>) -> serde_json::Value {
    s.map_or(
        serde_json::Value::Null,
        |s| json!({ "id": s.id, "name": s.name }),
    )
}

/// What a document is worth, for the audit entry.
fn details(document: &Document) -> serde_json::Value {
    match document {
        Document::Sale(s) => json!({ "document_id": s.id, "amount": s.total() }),
        Document::Refund(r) => json!({
            "document_id": r.id, "sale_id": r.sale_id, "receipt_no": r.receipt_no, "amount": r.total,
            "reason": r.reason,
        }),
        Document::Void(v) => json!({
            "document_id": v.id, "sale_id": v.sale_id, "receipt_no": v.receipt_no, "reason": v.reason,
        }),
        Document::Exchange(x) => json!({
            "document_id": x.id, "sale_id": x.returned.sale_id, "refund_id": x.returned.id,
            "new_sale_id": x.sale.id, "amount": x.returned.total, "new_sale_amount": x.sale.total(),
            "reason": x.returned.reason,
        }),
        Document::UnreceiptedReturn(r) => json!({
            "document_id": r.id, "receipt_no": r.receipt_no, "amount": r.total, "reason": r.reason,
            "lines": r.lines.len(),
        }),
        Document::CashMovement(m) => json!({
            "document_id": m.id, "kind": m.kind, "amount": m.amount, "reason": m.reason,
        }),
        // Who, not what: the audit log holds no personal fields (an erasure could not remove them).
        Document::Customer(c) => json!({ "customer_id": c.id, "base_version": c.base_version }),
    }
}

/// Decide the new mutations' stamps against what is held, by the rules above, at `now` from `device`.
pub fn review(
    device: Uuid,
    new: &[&PreparedMutation],
    mut held: StaffHeld,
    now: DateTime<Utc>,
) -> Reviewed {
    let mut out = Reviewed::default();
    let mut flagged: HashSet<Uuid> = HashSet::new();
    for m in new {
        let s = stamped(&m.document);
        let checked = s.approval.map(|a| {
            let permission = s.needs.map_or(a.permission, |(p, _)| p);
            check_approval(
                a,
                permission,
                s.cashier,
                device,
                s.created_at,
                &mut held,
                &mut out.spend,
            )
        });
        let mut flag = None;
        if let (Some(cashier), Some((permission, kind))) = (s.cashier, s.needs) {
            let holds = held
                .roles
                .get(&cashier.id)
                .is_some_and(|role| permissions::allows(*role, permission));
            let sale_approval = matches!(m.document, Document::Sale(_));
            let problem = match &checked {
                Some(Ok(())) => None,
                Some(Err(why)) if sale_approval || !holds => Some(why.clone()),
                Some(Err(_)) => None,
                None if holds => None,
                None => Some(format!(
                    "{} may not {} and no approval was given",
                    cashier.name,
                    permission_name(permission).replace('_', " ")
                )),
            };
            if let Some(detail) = problem {
                tracing::warn!(mutation_id = %m.id, kind = kind.as_str(), %detail, "push flagged");
                flagged.insert(m.id);
                flag = Some(kind.as_str());
                out.flags.push(Flag {
                    mutation_id: m.id,
                    kind,
                    subject: cashier.id.to_string(),
                    detail,
                });
            }
        }
        let Some(action) = s.action else { continue };
        let actor = match s.cashier {
            Some(c) => AuditActor {
                kind: ActorKind::Staff,
                id: Some(c.id.to_string()),
                name: Some(c.name.clone()),
            },
            None => AuditActor {
                kind: ActorKind::Device,
                id: Some(device.to_string()),
                name: None,
            },
        };
        let mut d = details(&m.document);
        if let Some(obj) = d.as_object_mut() {
            obj.insert("mutation_id".into(), json!(m.id));
            obj.insert("created_at".into(), json!(s.created_at));
            obj.insert("cashier".into(), stamp_json(s.cashier));
            obj.insert(
                "approver".into(),
                stamp_json(s.approval.map(|a| &a.approver)),
            );
            obj.insert(
                "approval_checked".into(),
                json!(checked.as_ref().map(Result::is_ok)),
            );
            obj.insert("flag".into(), json!(flag));
        }
        let target = m.document.ids().first().map(|(id, _)| *id).unwrap_or(m.id);
        out.audits.push(
            audit::entry(now, actor, action, audit::SUCCESS)
                .device(Some(device))
                .target(target)
                .details(d),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::push::test_support::{prepared, prepared_body, refund, sale};
    use chrono::Duration;
    use shared::sync::MutationBody;

    const DEVICE: Uuid = Uuid::from_u128(1);
    const CHRIS: Uuid = Uuid::from_u128(0xc1);
    const SAM: Uuid = Uuid::from_u128(0x5a);

    fn chris() -> StaffStamp {
        StaffStamp {
            id: CHRIS,
            name: "Chris Cashier".into(),
        }
    }

    fn approval(permission: Permission, token: Option<&str>) -> Approval {
        Approval {
            approver: StaffStamp {
                id: SAM,
                name: "Sam Supervisor".into(),
            },
            permission,
            override_token: token.map(str::to_owned),
        }
    }

    fn refund_by(approval: Option<Approval>) -> PreparedMutation {
        let s = sale(DEVICE, 100);
        let mut r = refund(&s, 200, &[]);
        r.cashier = Some(chris());
        r.approval = approval;
        prepared_body(20, 2, DEVICE, MutationBody::Refund { refund: r })
    }

    /// Chris is a cashier; the override `tok` was issued to Chris on DEVICE for `permission`, by Sam.
    fn held(permission: Permission, expires_in: i64) -> StaffHeld {
        let mut h = StaffHeld::default();
        h.roles.insert(CHRIS, Role::Cashier);
        h.roles.insert(SAM, Role::Supervisor);
        let made = sale(DEVICE, 100).created_at;
        h.overrides.insert(
            tokens::hash("tok"),
            HeldOverride {
                permission,
                approver_id: SAM,
                requested_by: CHRIS,
                device_id: DEVICE,
                expires_at: made + Duration::seconds(expires_in),
                used: false,
            },
        );
        h
    }

    fn kinds(r: &Reviewed) -> Vec<&'static str> {
        r.flags.iter().map(|f| f.kind.as_str()).collect()
    }

    #[test]
    fn a_refund_approved_by_a_valid_override_is_audited_and_spends_it() {
        let m = refund_by(Some(approval(Permission::Refund, Some("tok"))));
        assert_eq!(
            keys(&[&m]),
            StaffKeys {
                staff: vec![CHRIS],
                overrides: vec![tokens::hash("tok")]
            }
        );
        let r = review(DEVICE, &[&m], held(Permission::Refund, 60), Utc::now());
        assert_eq!(kinds(&r), Vec::<&str>::new());
        assert_eq!(r.spend, vec![tokens::hash("tok")]);
        let a = &r.audits[0];
        assert_eq!(
            (a.action.as_str(), a.actor.kind),
            ("sale.refund", ActorKind::Staff)
        );
        assert_eq!(a.actor.id, Some(CHRIS.to_string()));
        assert_eq!(a.device_id, Some(DEVICE));
        assert_eq!(a.details["approver"]["id"], json!(SAM));
        assert_eq!(a.details["approval_checked"], json!(true));
        assert_eq!(a.details["amount"], json!("1.99"));
    }

    #[test]
    fn a_refund_finished_within_the_grace_after_the_override_expired_is_approved() {
        let m = refund_by(Some(approval(Permission::Refund, Some("tok"))));
        let r = review(
            DEVICE,
            &[&m],
            held(Permission::Refund, -DOCUMENT_GRACE_MINUTES * 60 + 1),
            Utc::now(),
        );
        assert!(kinds(&r).is_empty(), "{:?}", kinds(&r));
    }

    #[test]
    fn a_cashiers_refund_without_a_valid_approval_is_flagged_not_refused() {
        let none = refund_by(None);
        let r = review(DEVICE, &[&none], held(Permission::Refund, 60), Utc::now());
        assert_eq!(kinds(&r), vec!["unapproved_refund"]);
        assert_eq!(r.audits[0].details["flag"], json!("unapproved_refund"));
        for (why, held, token) in [
            (
                "expired beyond the grace",
                held(Permission::Refund, -DOCUMENT_GRACE_MINUTES * 60 - 1),
                "tok",
            ),
            (
                "another permission",
                held(Permission::DiscountOverLimit, 60),
                "tok",
            ),
            ("unknown token", held(Permission::Refund, 60), "other"),
        ] {
            let m = refund_by(Some(approval(Permission::Refund, Some(token))));
            let r = review(DEVICE, &[&m], held, Utc::now());
            assert_eq!(kinds(&r), vec!["unapproved_refund"], "{why}");
        }
        // Another device's override, or a used one.
        let mut h = held(Permission::Refund, 60);
        if let Some(o) = h.overrides.get_mut(&tokens::hash("tok")) {
            o.device_id = Uuid::from_u128(9);
        }
        let m = refund_by(Some(approval(Permission::Refund, Some("tok"))));
        assert_eq!(
            kinds(&review(DEVICE, &[&m], h, Utc::now())),
            vec!["unapproved_refund"]
        );
    }

    #[test]
    fn one_override_approves_one_document() {
        let a = refund_by(Some(approval(Permission::Refund, Some("tok"))));
        let s = sale(DEVICE, 100);
        let mut second = refund(&s, 201, &[]);
        second.cashier = Some(chris());
        second.approval = Some(approval(Permission::Refund, Some("tok")));
        let b = prepared_body(21, 3, DEVICE, MutationBody::Refund { refund: second });
        let r = review(DEVICE, &[&a, &b], held(Permission::Refund, 60), Utc::now());
        assert_eq!(kinds(&r), vec!["unapproved_refund"]);
        assert_eq!(r.flags[0].mutation_id, b.id);
        assert!(r.flags[0].detail.contains("already used"), "{:?}", r.flags);
        assert_eq!(r.spend.len(), 1);
    }

    #[test]
    fn staff_holding_the_permission_need_no_approval_and_unstamped_documents_are_not_flagged() {
        let m = refund_by(None);
        let mut h = held(Permission::Refund, 60);
        h.roles.insert(CHRIS, Role::Supervisor);
        let r = review(DEVICE, &[&m], h, Utc::now());
        assert!(r.flags.is_empty(), "{:?}", r.flags);
        let s = sale(DEVICE, 100);
        let old = prepared_body(
            22,
            2,
            DEVICE,
            MutationBody::Refund {
                refund: refund(&s, 202, &[]),
            },
        );
        let r = review(DEVICE, &[&old], StaffHeld::default(), Utc::now());
        assert!(r.flags.is_empty());
        assert_eq!(r.audits[0].actor.kind, ActorKind::Device);
        assert_eq!(r.audits[0].actor.id, Some(DEVICE.to_string()));
    }

    #[test]
    fn sales_are_not_audited_but_a_bad_discount_approval_is_flagged() {
        let mut s = sale(DEVICE, 100);
        s.cashier = Some(chris());
        let plain = prepared(10, 1, s.clone());
        s.approval = Some(approval(Permission::DiscountOverLimit, Some("nope")));
        let approved = prepared(11, 2, s);
        let r = review(
            DEVICE,
            &[&plain, &approved],
            held(Permission::DiscountOverLimit, 60),
            Utc::now(),
        );
        assert!(r.audits.is_empty());
        assert_eq!(kinds(&r), vec!["unapproved_discount"]);
        assert_eq!(r.flags[0].mutation_id, approved.id);
    }
}
