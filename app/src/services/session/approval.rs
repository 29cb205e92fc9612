//! Manager approval: a permission the signed-in staff lacks needs an approver's PIN at this till
//! (`/auth/override`, online only); staff holding the permission themselves need nothing, offline too. The
//! override becomes the `Approval` stamped on the refund, exchange return or sale it unlocked.

use super::sign_in::failed;
use crate::error::Ask;
use crate::model::discount::{approval_at_payment, over_limit, DiscountTarget};
use crate::services::actions;
use crate::services::state::{AfterApproval, AppState, ApprovalRequest};
use crate::services::sync::note_reachability;
use leptos::prelude::*;
use shared::auth::{Override, OverrideRequest, Permission};
use shared::discount::ManualDiscount;
use shared::document::{Approval, StaffStamp};

/// Do `then` when the signed-in staff holds `permission`; otherwise ask for a manager's approval first.
pub fn require(state: AppState, permission: Permission, what: String, then: AfterApproval) {
    if state.auth.can(permission) {
        proceed(state, then, None);
    } else {
        state.auth.approval.set(Some(ApprovalRequest {
            permission,
            what,
            then,
        }));
    }
}

/// Complete what a dialog has chosen (refund lines, a void, an exchange's return): at once when the signed-in
/// staff holds `permission` (`then` gets `None`) or the dialog's action was approved already (a retry after a
/// failed store reuses that approval), else after a manager's approval of exactly what was chosen.
pub fn confirm(
    state: AppState,
    permission: Permission,
    what: String,
    then: leptos::prelude::Callback<Option<Approval>>,
) {
    if state.auth.can(permission) {
        then.run(None);
        return;
    }
    let approved = state
        .auth
        .approved
        .get_untracked()
        .filter(|a| a.permission == permission);
    if let Some(approval) = approved {
        then.run(Some(approval));
        return;
    }
    state.auth.approval.set(Some(ApprovalRequest {
        permission,
        what,
        then: AfterApproval::Confirm(then),
    }));
}

/// Do what was waiting for approval; `approval` is the override the server gave (none when no approval was
/// needed). It is stamped on the document the action makes: the refund, void or exchange return chosen in
/// the open dialog, or the sale the approved discount is part of.
pub fn proceed(state: AppState, then: AfterApproval, approval: Option<Override>) {
    state.auth.approval.set(None);
    let approval = approval.map(|o| stamp_of(&o));
    match then {
        AfterApproval::Confirm(then) => {
            state.auth.approved.set(approval.clone());
            then.run(approval);
        }
        AfterApproval::Discount { target, discount } => {
            actions::apply_discount(state, &target, discount);
            if let Some(approval) = approval {
                state.notice.set(Some(format!(
                    "Discount approved by {}.",
                    approval.approver.name
                )));
                let me = staff_id(state);
                state.cart.update(|o| {
                    o.approval = Some(approval);
                    o.approved_for = me;
                });
            }
        }
    }
}

/// The signed-in staff member's id.
fn staff_id(state: AppState) -> Option<uuid::Uuid> {
    state
        .auth
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.staff.id))
}

/// Open payment (the Pay button, its keys). A discount over the limit approved for another cashier (after
/// switching cashier) or not at all (a resumed parked order) is approved again first, for the cashier paying.
pub fn pay(state: AppState) {
    let me = staff_id(state);
    let can = state.auth.can(Permission::DiscountOverLimit);
    let ask = state
        .cart
        .with_untracked(|o| approval_at_payment(o, me, can));
    if !ask || state.modal_open_untracked() {
        actions::open_payment(state);
        return;
    }
    let then = leptos::prelude::Callback::new(move |approval: Option<Approval>| {
        state.auth.approved.set(None);
        if let Some(approval) = approval {
            state.cart.update(|o| {
                o.approval = Some(approval);
                o.approved_for = me;
            });
        }
        actions::open_payment(state);
    });
    state.auth.approval.set(Some(ApprovalRequest {
        permission: Permission::DiscountOverLimit,
        what: "This order's discount was approved for another cashier (or before it was parked): approve it \
               again for this sale."
            .into(),
        then: AfterApproval::Confirm(then),
    }));
}

/// The approval to stamp on a document, from the override the server issued.
pub fn stamp_of(o: &Override) -> Approval {
    Approval {
        approver: StaffStamp {
            id: o.approver.id,
            name: o.approver.name.clone(),
        },
        permission: o.permission,
        override_token: Some(o.override_token.clone()),
    }
}

/// Ask the server to approve `permission` for the signed-in staff with an approver's PIN.
pub async fn approve(
    state: AppState,
    pin: String,
    permission: Permission,
) -> Result<Override, String> {
    let pin = pin.trim().to_string();
    if pin.is_empty() {
        return Err("Enter the manager's PIN.".into());
    }
    let Some(token) = state
        .auth
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
    else {
        return Err("Nobody is signed in at this till.".into());
    };
    let approval = state
        .api()
        .approve(&token, &OverrideRequest { pin, permission })
        .await
        .map_err(|e| failed(state, &e, Ask::Override))?;
    note_reachability(state, true);
    Ok(approval)
}

/// The discount takes more than the limit off what it applies to in the order being rung up.
pub fn discount_over_limit(
    state: AppState,
    target: &DiscountTarget,
    discount: &ManualDiscount,
) -> bool {
    state
        .cart
        .with_untracked(|c| over_limit(c, target, discount))
}
