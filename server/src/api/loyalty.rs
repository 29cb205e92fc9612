//! Loyalty and gift cards for the back office (permission `loyalty`: managers): the programme settings
//! (`GET`/`PUT /api/v1/loyalty/settings`, versioned), a customer's account with its ledgers, manual point
//! adjustments with a reason (beyond the balance: 422 `points_beyond_balance` in words), the liability report,
//! the expiry run (`loyalty.expire`, at the server's clock),
//! and gift cards sold (a scanned number or a generated digital code), reloaded, cashed out where the store
//! allows it, and their ledgers. Every write is audited (`loyalty.settings`, `loyalty.adjust`,
//! `gift_card.sell`, `gift_card.reload`, `gift_card.cash_out`); balances reach tills by the pull.

use crate::auth::audit::{self, AuditExt};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::{Json, Path};
use crate::state::AppState;
use crate::store::loyalty::CardMove;
use axum::extract::State;
use serde_json::json;
use shared::api::ErrorBody;
use shared::loyalty::gift_card::digital_code;
use shared::loyalty::wire::{
    ExpiryRun, GiftCardCashOut, GiftCardIssue, GiftCardLedger, GiftCardReload, Liability,
    LoyaltyAccount, LoyaltySettings, PointsAdjustment,
};

fn entry(state: &AppState, caller: &Caller, action: &str) -> crate::store::auth::NewAudit {
    audit::entry(state.clock.now(), caller.actor(), action, audit::SUCCESS)
        .device(caller.device_id())
}

/// The chain's loyalty programme and each store's gift card cash-out limit (version 0 when never set).
#[utoipa::path(
    get,
    path = "/api/v1/loyalty/settings",
    tag = "loyalty",
    responses((status = 200, description = "The settings", body = LoyaltySettings))
)]
pub async fn settings(
    State(state): State<AppState>,
) -> Result<axum::Json<LoyaltySettings>, ApiError> {
    Ok(axum::Json(state.store.loyalty_settings().await?))
}

/// Replace the settings with the `version` read.
#[utoipa::path(
    put,
    path = "/api/v1/loyalty/settings",
    tag = "loyalty",
    request_body = LoyaltySettings,
    responses(
        (status = 200, description = "Stored (one version more)", body = LoyaltySettings),
        (status = 409, description = "`stale_version`: changed since it was read", body = ErrorBody),
        (status = 422, description = "`invalid_field`: a rule of the programme broken; `field` names it \
(`tiers[1].multiplier`)", body = ErrorBody),
    )
)]
pub async fn put_settings(
    State(state): State<AppState>,
    caller: Caller,
    Json(upd): Json<LoyaltySettings>,
) -> Result<axum::Json<LoyaltySettings>, ApiError> {
    let entry = entry(&state, &caller, "loyalty.settings").details(json!({
        "version": upd.version,
        "points_per_unit": upd.programme.points_per_unit,
        "tiers": upd.programme.tiers.len(),
        "rewards": upd.programme.rewards.len(),
    }));
    Ok(axum::Json(
        state.store.put_loyalty_settings(&upd, &entry).await?,
    ))
}

/// A customer's points, lifetime points, tier, store credit and the newest 200 lines of each ledger.
#[utoipa::path(
    get,
    path = "/api/v1/loyalty/customers/{id}",
    tag = "loyalty",
    params(("id" = String, Path, description = "The customer's id")),
    responses(
        (status = 200, description = "The account", body = LoyaltyAccount),
        (status = 404, description = "`not_found`: no such customer", body = ErrorBody),
    )
)]
pub async fn account(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<axum::Json<LoyaltyAccount>, ApiError> {
    match state.store.loyalty_account(&id).await? {
        Some(a) => Ok(axum::Json(a)),
        None => Err(ApiError::NotFound("no customer with this id".into())),
    }
}

/// Add or take points by hand, with a reason.
#[utoipa::path(
    post,
    path = "/api/v1/loyalty/customers/{id}/adjust",
    tag = "loyalty",
    params(("id" = String, Path, description = "The customer's id")),
    request_body = PointsAdjustment,
    responses(
        (status = 200, description = "Adjusted; the account after it", body = LoyaltyAccount),
        (status = 404, description = "`not_found`: no such customer", body = ErrorBody),
        (status = 422, description = "`points_beyond_balance`: more points taken than the customer holds; \
`invalid_adjustment`: no reason, or 0 points", body = ErrorBody),
    )
)]
pub async fn adjust(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(adj): Json<PointsAdjustment>,
) -> Result<axum::Json<LoyaltyAccount>, ApiError> {
    let entry = entry(&state, &caller, "loyalty.adjust")
        .target(&id)
        .details(json!({ "points": adj.points, "reason": adj.reason }));
    Ok(axum::Json(
        state.store.adjust_points(&id, &adj, &entry).await?,
    ))
}

/// What the chain owes its customers: outstanding points (and their value), gift card and store credit
/// balances. Sale journals already book loyalty, gift card and store credit payments against their liability
/// accounts; this report holds the balances themselves.
#[utoipa::path(
    get,
    path = "/api/v1/loyalty/liability",
    tag = "loyalty",
    responses((status = 200, description = "The liability", body = Liability))
)]
pub async fn liability(State(state): State<AppState>) -> Result<axum::Json<Liability>, ApiError> {
    Ok(axum::Json(state.store.liability().await?))
}

/// Expire points older than the programme's expiry, at the server's clock (run it daily, e.g. from cron).
#[utoipa::path(
    post,
    path = "/api/v1/loyalty/expire",
    tag = "loyalty",
    responses((status = 200, description = "What expired", body = ExpiryRun))
)]
pub async fn expire(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<axum::Json<ExpiryRun>, ApiError> {
    let entry = entry(&state, &caller, "loyalty.expire");
    Ok(axum::Json(state.store.expire_points(&entry).await?))
}

/// Sell a gift card: a physical card's scanned number, or (without `code`) a generated digital code.
#[utoipa::path(
    post,
    path = "/api/v1/gift-cards",
    tag = "loyalty",
    request_body = GiftCardIssue,
    responses(
        (status = 200, description = "Sold; the card and its ledger", body = GiftCardLedger),
        (status = 409, description = "`conflict`: a card with this number exists", body = ErrorBody),
        (status = 422, description = "`invalid_gift_card`: a malformed number or an amount not above 0", body = ErrorBody),
    )
)]
pub async fn sell(
    State(state): State<AppState>,
    caller: Caller,
    Json(req): Json<GiftCardIssue>,
) -> Result<axum::Json<GiftCardLedger>, ApiError> {
    let code = match req.code {
        Some(code) => code,
        None => {
            let mut random = [0u8; 16];
            getrandom::fill(&mut random).map_err(|e| {
                ApiError::Store(crate::store::StoreError::Corrupt(format!(
                    "no randomness: {e}"
                )))
            })?;
            digital_code(random)
        }
    };
    let entry = entry(&state, &caller, "gift_card.sell")
        .target(code.trim())
        .details(json!({ "amount": req.amount }));
    Ok(axum::Json(
        state
            .store
            .move_gift_card(&code, CardMove::Sell(req.amount), &entry)
            .await?,
    ))
}

/// Put more on a card.
#[utoipa::path(
    post,
    path = "/api/v1/gift-cards/{code}/reload",
    tag = "loyalty",
    params(("code" = String, Path, description = "The card's number")),
    request_body = GiftCardReload,
    responses(
        (status = 200, description = "Reloaded; the card and its ledger", body = GiftCardLedger),
        (status = 404, description = "`not_found`: no such card", body = ErrorBody),
        (status = 422, description = "`invalid_gift_card`: an amount not above 0", body = ErrorBody),
    )
)]
pub async fn reload(
    State(state): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
    Json(req): Json<GiftCardReload>,
) -> Result<axum::Json<GiftCardLedger>, ApiError> {
    let entry = entry(&state, &caller, "gift_card.reload")
        .target(&code)
        .details(json!({ "amount": req.amount }));
    Ok(axum::Json(
        state
            .store
            .move_gift_card(&code, CardMove::Reload(req.amount), &entry)
            .await?,
    ))
}

/// Pay out a card's small remaining balance in cash, where the store's cash-out limit allows it.
#[utoipa::path(
    post,
    path = "/api/v1/gift-cards/{code}/cash-out",
    tag = "loyalty",
    params(("code" = String, Path, description = "The card's number")),
    request_body = GiftCardCashOut,
    responses(
        (status = 200, description = "Cashed out; the card (balance 0) and its ledger", body = GiftCardLedger),
        (status = 404, description = "`not_found`: no such card", body = ErrorBody),
        (status = 422, description = "`cash_out_refused`: the store does not cash out, the balance is above \
its limit, or nothing is left", body = ErrorBody),
    )
)]
pub async fn cash_out(
    State(state): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
    Json(req): Json<GiftCardCashOut>,
) -> Result<axum::Json<GiftCardLedger>, ApiError> {
    crate::auth::stores::require_allowed(&state, &caller, req.store_id).await?;
    let entry = entry(&state, &caller, "gift_card.cash_out")
        .target(&code)
        .details(json!({ "store_id": req.store_id }));
    Ok(axum::Json(
        state
            .store
            .move_gift_card(&code, CardMove::CashOut(req.store_id), &entry)
            .await?,
    ))
}

/// A card's balance and the newest 200 lines of its ledger (sold, reloaded, redeemed, refunded, cashed out).
#[utoipa::path(
    get,
    path = "/api/v1/gift-cards/{code}/ledger",
    tag = "loyalty",
    params(("code" = String, Path, description = "The card's number")),
    responses(
        (status = 200, description = "The card and its ledger", body = GiftCardLedger),
        (status = 404, description = "`not_found`: no such card", body = ErrorBody),
    )
)]
pub async fn ledger(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<axum::Json<GiftCardLedger>, ApiError> {
    let code = code.trim().to_uppercase();
    match state.store.gift_card_ledger(&code).await? {
        Some(l) => Ok(axum::Json(l)),
        None => Err(ApiError::NotFound("no gift card with this code".into())),
    }
}
