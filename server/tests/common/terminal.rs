//! The catalog as a terminal holds it after a pull, and the documents a terminal makes from it with the commerce
//! engine: sales (`SaleDocument::complete`), refunds (`Refund::create`), voids (`Void::create`) and returns
//! without a receipt (`UnreceiptedReturn::create`).

use chrono::{DateTime, Utc};
use shared::basket::{Basket, BasketLine};
use shared::catalog::{CustomerRecord, GiftCardBalance, Product, StoreSettings, TaxRate};
use shared::document::exchange::{ExchangeReturn, ExchangeSale};
use shared::document::{
    Exchange, Refund, RefundLineRequest, RefundMethod, RefundRequest, ReturnItem,
    ReturnPayoutMethod, SaleDocument, UnreceiptedReturn, UnreceiptedReturnRequest, Void,
};
use shared::ledger::{CashMovement, CashMovementKind};
use shared::policy::StorePolicy;
use shared::price_list::PriceList;
use shared::pricing::context::{Customer, PricingContext};
use shared::pricing::engine::price;
use shared::promotion::{CouponEntry, Promotion};
use shared::sale::SaleHeader;
use shared::sync::Change;
use shared::tender::Payment;
use shared::Decimal;
use std::sync::atomic::{AtomicU64, Ordering};
use uuid::Uuid;

pub struct Catalog {
    pub settings: StoreSettings,
    pub policy: StorePolicy,
    pub rates: Vec<TaxRate>,
    pub products: Vec<Product>,
    pub price_lists: Vec<PriceList>,
    pub promotions: Vec<Promotion>,
    pub customers: Vec<CustomerRecord>,
    pub coupons: Vec<CouponEntry>,
    pub gift_cards: Vec<GiftCardBalance>,
}

fn upsert<T>(list: &mut Vec<T>, item: T, same: impl Fn(&T, &T) -> bool) {
    match list.iter_mut().find(|x| same(x, &item)) {
        Some(x) => *x = item,
        None => list.push(item),
    }
}

/// What to ring up: products by index into the catalog (repeats raise the quantity), for whom, with which
/// coupons, paid how (`None`: cash, the total rounded up to a whole euro).
pub struct SaleSpec<'a> {
    pub device: Uuid,
    pub receipt_no: &'a str,
    pub created_at: DateTime<Utc>,
    pub indexes: &'a [usize],
    pub customer: Option<&'a str>,
    pub coupons: &'a [&'a str],
    pub payments: Option<Vec<Payment>>,
}

impl<'a> SaleSpec<'a> {
    pub fn new(
        device: Uuid,
        receipt_no: &'a str,
        created_at: DateTime<Utc>,
        indexes: &'a [usize],
    ) -> Self {
        SaleSpec {
            device,
            receipt_no,
            created_at,
            indexes,
            customer: None,
            coupons: &[],
            payments: None,
        }
    }
}

impl Catalog {
    /// Apply pulled changes in order, as a terminal does.
    pub fn from_changes(changes: Vec<Change>) -> Catalog {
        let mut settings = None;
        let mut policy: Option<StorePolicy> = None;
        let mut c = Catalog {
            settings: StoreSettings::default(),
            policy: StorePolicy::default(),
            rates: vec![],
            products: vec![],
            price_lists: vec![],
            promotions: vec![],
            customers: vec![],
            coupons: vec![],
            gift_cards: vec![],
        };
        for change in changes {
            match change {
                Change::Settings(s) => {
                    if let Some(p) = policy.as_mut() {
                        p.settings = s.clone();
                    }
                    settings = Some(s);
                }
                Change::Policy(p) => policy = Some(p),
                Change::TaxRate(r) => upsert(&mut c.rates, r, |a, b| a.id == b.id),
                Change::Category(_)
                | Change::ProductGroup(_)
                | Change::ModifierGroup(_)
                | Change::TillSettings(_)
                | Change::StockLevel(_)
                | Change::QuickKeys(_) => {}
                Change::Product(p) => upsert(&mut c.products, p, |a, b| a.id == b.id),
                Change::Promotion(p) => upsert(&mut c.promotions, p, |a, b| a.id == b.id),
                Change::PromotionRemoved { id } => c.promotions.retain(|p| p.id != id),
                Change::PriceList(l) => upsert(&mut c.price_lists, l, |a, b| a.id == b.id),
                Change::Customer(x) => upsert(&mut c.customers, x, |a, b| a.id == b.id),
                Change::CustomerErased { id } => {
                    for x in c.customers.iter_mut().filter(|x| x.id == id) {
                        *x = x.anonymised();
                    }
                }
                Change::Coupon(x) => upsert(&mut c.coupons, x, |a, b| a.code == b.code),
                Change::GiftCard(x) => upsert(&mut c.gift_cards, x, |a, b| a.code == b.code),
            }
        }
        c.settings = settings.expect("settings pulled");
        c.policy = policy.unwrap_or_else(|| StorePolicy::from(c.settings.clone()));
        c
    }

    /// The products at `indexes`, repeats raising the quantity, in first-seen order.
    pub fn basket(&self, indexes: &[usize]) -> Basket {
        let mut lines: Vec<BasketLine> = Vec::new();
        for &i in indexes {
            let p = &self.products[i];
            if let Some(l) = lines.iter_mut().find(|l| l.product_id == p.id) {
                l.quantity += Decimal::ONE;
                continue;
            }
            let rate = self
                .rates
                .iter()
                .find(|r| r.id == p.tax_rate_id)
                .expect("product has a known rate");
            lines.push(BasketLine::with_rate(p, Decimal::ONE, p.unit, rate));
        }
        Basket {
            lines,
            order_discounts: vec![],
        }
    }

    /// Ring up the products at `indexes` (repeats raise the quantity) and pay cash, rounded up to a whole euro.
    pub fn sale(
        &self,
        device: Uuid,
        receipt_no: &str,
        created_at: DateTime<Utc>,
        indexes: &[usize],
    ) -> SaleDocument {
        self.sale_with(SaleSpec::new(device, receipt_no, created_at, indexes))
    }

    /// Ring up a sale as `spec` says, priced with the catalog's policy, promotions and price lists.
    pub fn sale_with(&self, spec: SaleSpec) -> SaleDocument {
        let customer = spec.customer.map(|id| {
            let c = self
                .customers
                .iter()
                .find(|c| c.id == id)
                .expect("known customer");
            Customer {
                id: c.id.clone(),
                group: c.group.clone(),
                exemption: c.exemption.clone(),
            }
        });
        let coupons: Vec<CouponEntry> = spec
            .coupons
            .iter()
            .map(|code| {
                self.coupons
                    .iter()
                    .find(|c| c.code == *code)
                    .cloned()
                    .unwrap_or(CouponEntry {
                        code: (*code).into(),
                        remaining_uses: None,
                    })
            })
            .collect();
        let mut ctx = PricingContext::new(&self.policy, spec.created_at.naive_utc())
            .with_promotions(&self.promotions)
            .with_price_lists(&self.price_lists)
            .with_coupons(&coupons);
        if let Some(c) = &customer {
            ctx = ctx.with_customer(c);
        }
        let basket = self.basket(spec.indexes);
        let payments = spec.payments.unwrap_or_else(|| {
            let total = price(&ctx, &basket).expect("priced").total;
            vec![Payment::Cash {
                amount: total.ceil().max(Decimal::ONE),
            }]
        });
        let header = SaleHeader {
            id: Uuid::now_v7(),
            device_id: spec.device,
            receipt_no: spec.receipt_no.into(),
            created_at: spec.created_at,
        };
        SaleDocument::complete(header, &ctx, &basket, payments, Decimal::ZERO, None)
            .expect("sale completes")
    }

    /// The total `indexes` would cost (no customer, no coupons).
    pub fn total(&self, indexes: &[usize], at: DateTime<Utc>) -> Decimal {
        let ctx = PricingContext::new(&self.policy, at.naive_utc())
            .with_promotions(&self.promotions)
            .with_price_lists(&self.price_lists);
        price(&ctx, &self.basket(indexes)).expect("priced").total
    }

    /// Refund `lines` ((line index, quantity)) of `sale` by `method`, after `previous`, from `device`.
    pub fn refund(
        &self,
        device: Uuid,
        sale: &SaleDocument,
        previous: &[Refund],
        lines: &[(usize, i64)],
        method: RefundMethod,
    ) -> Refund {
        let request = RefundRequest {
            lines: lines
                .iter()
                .map(|&(line, q)| RefundLineRequest {
                    line,
                    quantity: Decimal::from(q),
                })
                .collect(),
            method,
            reason: "returned".into(),
        };
        Refund::create(header(device, "RF"), sale, previous, &request, &self.policy)
            .expect("refund created")
    }

    /// Exchange: return `lines` of `sale` (after `previous`) and take the products at `indexes` instead, paying
    /// what the return does not cover with `payments`.
    pub fn exchange(
        &self,
        device: Uuid,
        sale: &SaleDocument,
        previous: &[Refund],
        lines: &[(usize, i64)],
        indexes: &[usize],
        payments: Vec<Payment>,
    ) -> Exchange {
        let basket = self.basket(indexes);
        let now = Utc::now();
        let ctx = PricingContext::new(&self.policy, now.naive_utc())
            .with_promotions(&self.promotions)
            .with_price_lists(&self.price_lists);
        let back = ExchangeReturn {
            header: header(device, "XR"),
            original: sale,
            previous_refunds: previous,
            lines: lines
                .iter()
                .map(|&(line, q)| RefundLineRequest {
                    line,
                    quantity: Decimal::from(q),
                })
                .collect(),
            reason: "wrong size".into(),
            method: RefundMethod::OriginalTenders,
        };
        let new = ExchangeSale {
            header: header(device, "XS"),
            basket: &basket,
            payments,
            tip: Decimal::ZERO,
            balances: None,
        };
        Exchange::create(Uuid::now_v7(), back, new, &ctx).expect("exchange created")
    }

    /// Cash paid into the drawer from `device`.
    pub fn paid_in(&self, device: Uuid, amount: Decimal) -> CashMovement {
        CashMovement {
            id: Uuid::now_v7(),
            device_id: device,
            created_at: Utc::now(),
            kind: CashMovementKind::PaidIn,
            amount,
            reason: "float top-up".into(),
            account: None,
            cashier: None,
        }
    }

    /// Take back the products at `indexes` (repeats raise the quantity) without a receipt from `device`, each at
    /// `price` (`None`: its current price), paid out by `payout`.
    pub fn unreceipted_return(
        &self,
        device: Uuid,
        indexes: &[usize],
        price: Option<Decimal>,
        payout: ReturnPayoutMethod,
    ) -> UnreceiptedReturn {
        let items = self
            .basket(indexes)
            .lines
            .into_iter()
            .map(|line| ReturnItem { line, price })
            .collect();
        let request = UnreceiptedReturnRequest {
            items,
            payout,
            reason: "no receipt, unopened box".into(),
        };
        UnreceiptedReturn::create(header(device, "U"), &request, &self.policy)
            .expect("return created")
    }

    /// Void `sale` from `device` (no refunds known).
    pub fn void(&self, device: Uuid, sale: &SaleDocument) -> Void {
        Void::create(header(device, "V"), sale, &[], "rung up by mistake").expect("void created")
    }
}

fn header(device: Uuid, prefix: &str) -> SaleHeader {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    SaleHeader {
        id: Uuid::now_v7(),
        device_id: device,
        receipt_no: format!("{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed)),
        created_at: Utc::now(),
    }
}
