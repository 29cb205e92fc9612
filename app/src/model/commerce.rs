//! The store data the engine prices with (policy, promotions, price lists, customers, coupons, gift cards), and
//! the glue between the order on screen and `shared`'s engine: pricing context, balances, and the words for
//! outcomes and payments. Pure: no storage, no signals.

use super::error::RuleError;
use super::order::Order;
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use shared::catalog::{CustomerRecord, GiftCardBalance, StoreSettings};
use shared::money::{format_amount, round, Currency};
use shared::policy::StorePolicy;
use shared::price_list::PriceList;
use shared::pricing::context::{Customer, PricingContext};
use shared::pricing::engine::price;
use shared::pricing::error::PricingError;
use shared::pricing::priced::{AdjustmentKind, PricedCart, PricedLine};
use shared::promotion::{normalize_code, CouponEntry, CouponOutcome, Promotion};
use shared::sync::Change;
use shared::tender::{Balances, Payment};

/// Everything pulled from the server besides the catalog that pricing and payment depend on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoreData {
    /// The pulled `Policy`; when none was pulled, the pulled `Settings` with no cash rounding.
    pub policy: StorePolicy,
    pub promotions: Vec<Promotion>,
    pub price_lists: Vec<PriceList>,
    pub customers: Vec<CustomerRecord>,
    pub coupons: Vec<CouponEntry>,
    pub gift_cards: Vec<GiftCardBalance>,
    /// The tills' settings (idle-lock delay, expiry of parked orders); the defaults until pulled.
    pub till: shared::held::TillSettings,
    /// Stock at the store's selling location, as last pulled.
    pub stock: super::stock::StockLevels,
    /// The store's quick keys, as last pulled.
    pub quick_keys: super::quick_keys::QuickKeyLayout,
    /// Gift card, store credit and loyalty payments of documents still in this till's outbox: the server has not
    /// counted them in the balances above yet (`shared::loyalty::till_balances`).
    pub outbox_spent: Vec<Payment>,
}

fn upsert<T>(list: &mut Vec<T>, item: T, same: impl Fn(&T, &T) -> bool) {
    match list.iter_mut().find(|x| same(x, &item)) {
        Some(existing) => *existing = item,
        None => list.push(item),
    }
}

impl StoreData {
    pub fn settings(&self) -> &StoreSettings {
        &self.policy.settings
    }

    /// Apply one pulled change; returns whether it touched this data (catalog changes do not).
    ///
    /// `Settings` replaces the policy's settings (keeping its cash rounding and promotion policy); `Policy`
    /// replaces the whole policy.
    pub fn apply(&mut self, change: &Change) -> bool {
        match change {
            Change::Settings(s) => self.policy.settings = s.clone(),
            Change::Policy(p) => self.policy = p.clone(),
            Change::Promotion(p) => upsert(&mut self.promotions, p.clone(), |a, b| a.id == b.id),
            Change::PromotionRemoved { id } => self.promotions.retain(|p| &p.id != id),
            Change::PriceList(l) => upsert(&mut self.price_lists, l.clone(), |a, b| a.id == b.id),
            Change::Customer(c) => upsert(&mut self.customers, c.clone(), |a, b| a.id == b.id),
            // Erased: the personal fields go; the id stays, so sales to them show "anonymised".
            Change::CustomerErased { id } => {
                for c in self.customers.iter_mut().filter(|c| &c.id == id) {
                    *c = c.anonymised();
                }
            }
            Change::Coupon(c) => upsert(&mut self.coupons, c.clone(), |a, b| {
                normalize_code(&a.code) == normalize_code(&b.code)
            }),
            Change::GiftCard(g) => upsert(&mut self.gift_cards, g.clone(), |a, b| {
                normalize_code(&a.code) == normalize_code(&b.code)
            }),
            Change::TillSettings(t) => self.till = *t,
            Change::StockLevel(l) => self.stock.apply(l),
            Change::QuickKeys(k) => self.quick_keys.apply(k),
            Change::TaxRate(_)
            | Change::Category(_)
            | Change::Product(_)
            | Change::ProductGroup(_)
            | Change::ModifierGroup(_) => return false,
        }
        true
    }

    /// The gift card with this number (compared trimmed and case-insensitively).
    pub fn gift_card(&self, number: &str) -> Option<&GiftCardBalance> {
        let n = normalize_code(number);
        self.gift_cards
            .iter()
            .find(|g| normalize_code(&g.code) == n)
    }

    /// Customers found by name, company, email, group, phone or card (`model::customer_search`), by name;
    /// the UI keeps the index and calls it per keystroke, this builds it for one search (tests).
    #[cfg(test)]
    pub fn find_customers(&self, query: &str) -> Vec<CustomerRecord> {
        super::customer_search::CustomerIndex::build(&self.customers)
            .find(query, usize::MAX)
            .into_iter()
            .map(|i| self.customers[i].clone())
            .collect()
    }
}

/// The customer as pricing needs them.
pub fn pricing_customer(c: &CustomerRecord, policy: &StorePolicy) -> Customer {
    Customer {
        id: c.id.clone(),
        group: c.group.clone(),
        exemption: shared::customer::pricing_exemption(c, policy),
    }
}

/// The codes entered, each with the uses it has left as last pulled (unknown to this till: unlimited; the
/// engine then reports it unknown when no promotion has the code).
pub fn coupon_entries(order: &Order, data: &StoreData) -> Vec<CouponEntry> {
    order
        .coupons
        .iter()
        .map(|code| {
            data.coupons
                .iter()
                .find(|c| normalize_code(&c.code) == *code)
                .map(|c| CouponEntry {
                    code: code.clone(),
                    remaining_uses: c.remaining_uses,
                })
                .unwrap_or_else(|| CouponEntry {
                    code: code.clone(),
                    remaining_uses: None,
                })
        })
        .collect()
}

/// The owned parts of a pricing context, so a context can be borrowed from them.
pub struct ContextParts {
    pub customer: Option<Customer>,
    pub coupons: Vec<CouponEntry>,
    pub now: NaiveDateTime,
}

impl ContextParts {
    pub fn new(order: &Order, data: &StoreData, now: NaiveDateTime) -> Self {
        ContextParts {
            customer: order
                .customer
                .as_ref()
                .map(|c| pricing_customer(c, &data.policy)),
            coupons: coupon_entries(order, data),
            now,
        }
    }

    pub fn context<'a>(&'a self, data: &'a StoreData) -> PricingContext<'a> {
        let mut ctx = PricingContext::new(&data.policy, self.now)
            .with_promotions(&data.promotions)
            .with_price_lists(&data.price_lists)
            .with_coupons(&self.coupons);
        if let Some(c) = &self.customer {
            ctx = ctx.with_customer(c);
        }
        ctx
    }
}

/// Price the order with the engine, at store-local time `now`.
pub fn price_order(
    order: &Order,
    data: &StoreData,
    now: NaiveDateTime,
) -> Result<PricedCart, PricingError> {
    let parts = ContextParts::new(order, data, now);
    price(&parts.context(data), &order.basket())
}

/// Balances the till knows, for `settle` to refuse a payment the account cannot cover: every pulled gift card,
/// and the customer's store credit and loyalty points (account = customer id), each less what this till's
/// outbox spent from it (the rule **till balance**).
pub fn balances(data: &StoreData, customer: Option<&CustomerRecord>) -> Balances {
    // The order holds the customer as picked; the pulled record is newer.
    let customer = customer.map(|c| data.customers.iter().find(|x| x.id == c.id).unwrap_or(c));
    let synced = Balances {
        gift_cards: data
            .gift_cards
            .iter()
            .map(|g| (g.code.clone(), g.balance))
            .collect(),
        store_credit: customer
            .map(|c| vec![(c.id.clone(), c.store_credit)])
            .unwrap_or_default(),
        loyalty_points: customer
            .map(|c| vec![(c.id.clone(), c.loyalty_points)])
            .unwrap_or_default(),
    };
    shared::loyalty::till_balances(&synced, &data.outbox_spent)
}

/// A customer's points and store credit as this till shows them (synced minus its outbox).
pub fn customer_balances(data: &StoreData, customer: &CustomerRecord) -> (u64, Decimal) {
    let b = balances(data, Some(customer));
    let points = b.loyalty_points.first().map_or(0, |(_, p)| *p);
    let credit = b.store_credit.first().map_or(Decimal::ZERO, |(_, c)| *c);
    (points, credit)
}

/// A coupon's outcome in words.
pub fn coupon_text(outcome: &CouponOutcome) -> String {
    match outcome {
        CouponOutcome::Applied { code, .. } => format!("Coupon {code} applied"),
        CouponOutcome::Unknown { code } => format!("Unknown coupon {code}"),
        CouponOutcome::Exhausted { code } => format!("Coupon {code} exhausted: no uses left"),
        CouponOutcome::NotApplicable { code } => {
            format!("Coupon {code} not applicable to this sale")
        }
    }
}

/// The outcome of an entered code in a priced cart.
pub fn coupon_outcome<'a>(priced: &'a PricedCart, code: &str) -> Option<&'a CouponOutcome> {
    let code = normalize_code(code);
    priced.coupons.iter().find(|o| match o {
        CouponOutcome::Applied { code: c, .. }
        | CouponOutcome::Unknown { code: c }
        | CouponOutcome::Exhausted { code: c }
        | CouponOutcome::NotApplicable { code: c } => *c == code,
    })
}

/// What a price list took off a line: the catalog price × quantity (rounded by the store's rule) minus the
/// line's base. Zero without a price list or when the list price is higher.
pub fn price_list_saving(line: &PricedLine, policy: &StorePolicy) -> Decimal {
    if line.price_list.is_none() {
        return policy.zero();
    }
    let list = round(
        line.list_unit_price * line.quantity,
        policy.scale(),
        policy.settings.rounding,
    );
    (list - line.base).max(policy.zero())
}

/// What the customer saves: every adjustment plus price list savings.
pub fn savings(priced: &PricedCart, policy: &StorePolicy) -> Decimal {
    priced.discount
        + priced
            .lines
            .iter()
            .map(|l| price_list_saving(l, policy))
            .fold(policy.zero(), |a, b| a + b)
}

/// A line-level adjustment (shown under its line) rather than an order-level one (shown with the totals).
pub fn is_line_level(kind: AdjustmentKind) -> bool {
    matches!(kind, AdjustmentKind::Promotion | AdjustmentKind::ManualLine)
}

/// An order-level reduction summed over the lines it was allocated to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderAdjustment {
    pub rule_id: String,
    pub name: String,
    pub reason: Option<String>,
    pub coupon: Option<String>,
    pub amount: Decimal,
}

/// Order-level promotions and order discounts, each summed over the lines, in order of first appearance.
pub fn order_adjustments(priced: &PricedCart) -> Vec<OrderAdjustment> {
    let mut out: Vec<OrderAdjustment> = Vec::new();
    for a in priced.lines.iter().flat_map(|l| &l.adjustments) {
        if is_line_level(a.kind) {
            continue;
        }
        match out.iter_mut().find(|o| o.rule_id == a.rule_id) {
            Some(o) => o.amount += a.amount,
            None => out.push(OrderAdjustment {
                rule_id: a.rule_id.clone(),
                name: a.name.clone(),
                reason: a.reason.clone(),
                coupon: a.coupon.clone(),
                amount: a.amount,
            }),
        }
    }
    out
}

/// A reduction for people: the rule's name, the cashier's reason when there is one.
pub fn adjustment_label(name: &str, reason: Option<&str>) -> String {
    match reason.map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) if r != name => format!("{name} ({r})"),
        _ => name.to_string(),
    }
}

/// "****1234": only the last four characters of a gift card number are ever shown.
pub fn mask_card(number: &str) -> String {
    let chars: Vec<char> = number.trim().chars().collect();
    let tail: String = chars[chars.len().saturating_sub(4)..].iter().collect();
    format!("****{tail}")
}

/// A payment for the receipt and the payment list: "Cash 20.00 EUR", "Card ref A1B2 5.00 EUR",
/// "Gift card ****0001 10.00 EUR", "Store credit 5.00 EUR".
pub fn payment_text(currency: &Currency, payment: &Payment) -> String {
    let money = currency.format(payment.amount());
    match payment {
        Payment::Cash { .. } => format!("Cash {money}"),
        Payment::Card { reference, .. } => format!("Card ref {reference} {money}"),
        Payment::GiftCard { card, .. } => format!("Gift card {} {money}", mask_card(card)),
        Payment::StoreCredit { .. } => format!("Store credit {money}"),
        Payment::Loyalty { points, .. } => format!("Loyalty {points} points {money}"),
        Payment::ExchangeCredit { .. } => format!("Exchange credit {money}"),
    }
}

/// A line's quantity: "2" pieces, "0.750 kg" or "0.500 l".
pub fn quantity_text(line_unit: shared::basket::Unit, quantity: Decimal) -> String {
    match line_unit.symbol() {
        None => super::quantity(quantity),
        Some(symbol) => format!("{} {symbol}", format_amount(quantity, 3)),
    }
}

/// "0.750 kg × 2.99/kg" for weighed lines, "2 × 1.99" for several pieces, `None` for one piece.
pub fn unit_text(
    unit: shared::basket::Unit,
    quantity: Decimal,
    unit_price: Decimal,
    scale: u32,
) -> Option<String> {
    match unit {
        shared::basket::Unit::Kilogram | shared::basket::Unit::Litre => Some(format!(
            "{} \u{d7} {}/{}",
            quantity_text(unit, quantity),
            format_amount(unit_price, scale),
            unit.symbol().unwrap_or_default()
        )),
        shared::basket::Unit::Each if quantity != Decimal::ONE => Some(format!(
            "{} \u{d7} {}",
            super::quantity(quantity),
            format_amount(unit_price, scale)
        )),
        shared::basket::Unit::Each => None,
    }
}

/// A sale stored by an earlier version of this app (`shared::sale::Sale`, before the commerce engine) as a
/// `SaleDocument` with its stored figures (`SaleDocument::from_legacy`, the conversion the server uses for old
/// sale bodies too), refused when it does not verify (the server would refuse to take it).
pub fn upgrade_legacy_sale(
    sale: &shared::sale::Sale,
) -> Result<shared::document::SaleDocument, RuleError> {
    let doc = shared::document::SaleDocument::from_legacy(sale);
    doc.verify().map_err(|error| RuleError::LegacySale {
        receipt_no: sale.receipt_no.clone(),
        error,
    })?;
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::basket::Unit;
    use shared::catalog::Product;
    use shared::price_list::PriceListEntry;
    use shared::promotion::{PromotionKind, Reward, Target};

    use crate::model::order::tests::{dec, rates};

    /// `order::tests::product` at `price` in category `cat`.
    fn product(id: &str, price: &str, cat: &str, unit: Unit) -> Product {
        Product {
            price: dec(price),
            category_id: cat.into(),
            ..crate::model::order::tests::product(id, unit)
        }
    }

    /// An order of `count` pieces of `product`.
    fn order_of(product: &Product, count: usize) -> Order {
        let mut o = Order::default();
        for _ in 0..count {
            o.add(product, Decimal::ONE, &rates()).unwrap();
        }
        o
    }

    fn data() -> StoreData {
        let mut d = StoreData::default();
        d.apply(&Change::Promotion(Promotion::new(
            "bogo",
            "Buy 2 get 1 free",
            PromotionKind::BuyXGetY {
                buy: Target::Products(vec!["p2".into()]),
                buy_quantity: 2,
                get: Target::Products(vec!["p2".into()]),
                get_quantity: 1,
                reward: Reward::Free,
            },
        )));
        let mut save10 = Promotion::new(
            "save10",
            "10% off",
            PromotionKind::SpendThreshold {
                target: Target::All,
                threshold: Decimal::ZERO,
                value: shared::discount::DiscountValue::Percent(dec("10")),
            },
        );
        save10.coupon = Some("SAVE10".into());
        d.apply(&Change::Promotion(save10));
        d.apply(&Change::Coupon(CouponEntry {
            code: "save10".into(),
            remaining_uses: None,
        }));
        d.apply(&Change::PriceList(PriceList {
            id: "staff".into(),
            name: "Staff prices".into(),
            customer_groups: vec!["staff".into()],
            window: None,
            priority: 0,
            prices: vec![PriceListEntry {
                product_id: "bread".into(),
                unit_price: dec("3.14"),
            }],
        }));
        d.apply(&Change::Customer(CustomerRecord {
            id: "c1".into(),
            name: "Erika Mustermann".into(),
            group: Some("staff".into()),
            exemption: Default::default(),
            store_credit: dec("20.00"),
            loyalty_points: 0,
            ..Default::default()
        }));
        d
    }

    #[test]
    fn bogo_shows_under_its_line() {
        let d = data();
        let o = order_of(&product("p2", "1.99", "x", Unit::Each), 3);
        let p = price_order(&o, &d, NaiveDateTime::default()).unwrap();
        assert_eq!(p.total, dec("3.98"));
        let a = &p.lines[0].adjustments[0];
        assert_eq!(
            (a.name.as_str(), a.amount),
            ("Buy 2 get 1 free", dec("1.99"))
        );
        assert!(is_line_level(a.kind));
        assert_eq!(savings(&p, &d.policy), dec("1.99"));
    }

    #[test]
    fn coupons_customers_and_price_lists() {
        let d = data();
        let mut o = order_of(&product("bread", "3.49", "bakery", Unit::Each), 1);
        o.add_coupon("save10");
        o.add_coupon("nope");
        let p = price_order(&o, &d, NaiveDateTime::default()).unwrap();
        assert_eq!(p.total, dec("3.14"));
        assert_eq!(
            coupon_outcome(&p, "SAVE10").map(coupon_text).as_deref(),
            Some("Coupon SAVE10 applied")
        );
        assert_eq!(
            coupon_outcome(&p, "nope").map(coupon_text).as_deref(),
            Some("Unknown coupon NOPE")
        );
        let order_level = order_adjustments(&p);
        assert_eq!(order_level.len(), 1);
        assert_eq!(order_level[0].amount, dec("0.35"));

        o.customer = d.find_customers("erika").into_iter().next();
        let p = price_order(&o, &d, NaiveDateTime::default()).unwrap();
        // Staff price 3.14, then 10% off: 2.83.
        assert_eq!(p.total, dec("2.83"));
        assert_eq!(price_list_saving(&p.lines[0], &d.policy), dec("0.35"));
        assert_eq!(savings(&p, &d.policy), dec("0.66"));
        let b = balances(&d, o.customer.as_ref());
        assert_eq!(b.store_credit, vec![("c1".to_string(), dec("20.00"))]);
    }

    #[test]
    fn an_erased_customer_keeps_only_their_id_on_this_till() {
        let mut d = data();
        let id = d.find_customers("erika")[0].id.clone();
        assert!(d.apply(&Change::CustomerErased { id: id.clone() }));
        let held = d.customers.iter().find(|c| c.id == id).expect("kept by id");
        assert_eq!(held.name, shared::customer::ERASED_NAME);
        assert!(held.erased);
        assert!(d.find_customers("erika").is_empty());
        assert!(d.find_customers("anonymised").is_empty());
    }

    #[test]
    fn exhausted_and_not_applicable_coupons_say_so() {
        let mut d = data();
        d.apply(&Change::Coupon(CouponEntry {
            code: "SAVE10".into(),
            remaining_uses: Some(0),
        }));
        let mut o = order_of(&product("bread", "3.49", "bakery", Unit::Each), 1);
        o.add_coupon("SAVE10");
        let p = price_order(&o, &d, NaiveDateTime::default()).unwrap();
        assert_eq!(p.total, dec("3.49"));
        assert_eq!(
            coupon_outcome(&p, "save10").map(coupon_text).as_deref(),
            Some("Coupon SAVE10 exhausted: no uses left")
        );
        assert!(d.gift_card(" gc-1 ").is_none());
        d.apply(&Change::GiftCard(GiftCardBalance {
            code: "GC-1".into(),
            balance: dec("5"),
        }));
        assert_eq!(d.gift_card(" gc-1 ").map(|g| g.code.as_str()), Some("GC-1"));
    }

    #[test]
    fn settings_then_policy() {
        let mut d = StoreData::default();
        let s = StoreSettings {
            name: "Corner Shop".into(),
            ..Default::default()
        };
        d.apply(&Change::Settings(s.clone()));
        assert_eq!(d.settings().name, "Corner Shop");
        let mut p = StorePolicy::from(s);
        p.cash_rounding = Some(shared::cash_rounding::CashRounding::swiss());
        d.apply(&Change::Policy(p.clone()));
        assert_eq!(d.policy, p);
        d.apply(&Change::PromotionRemoved { id: "x".into() });
        assert!(d.promotions.is_empty());
    }

    #[test]
    fn legacy_sales_become_documents() {
        use shared::cart::Cart;
        use shared::sale::{Sale, SaleHeader, Tender};
        let mut cart = Cart::default();
        let p = product("a", "1.99", "x", Unit::Each);
        cart.add(&p, &rates()).unwrap();
        cart.add(&p, &rates()).unwrap();
        let settings = StoreSettings::default();
        let header = SaleHeader {
            id: uuid::Uuid::from_u128(7),
            device_id: uuid::Uuid::from_u128(1),
            receipt_no: "ABCD-000001".into(),
            created_at: chrono::DateTime::default(),
        };
        let sale = Sale::complete(
            header,
            &cart,
            &settings,
            vec![Tender::Cash { amount: dec("5") }],
        )
        .unwrap();
        let doc = upgrade_legacy_sale(&sale).unwrap();
        assert_eq!(doc.id, sale.id);
        assert_eq!(doc.receipt_no, sale.receipt_no);
        assert_eq!(doc.priced.total, sale.total);
        assert_eq!(doc.settlement.change, sale.change);
        assert_eq!(doc.verify(), Ok(()));
    }

    #[test]
    fn texts() {
        let eur = Currency::eur();
        assert_eq!(mask_card("GC-1000-0001"), "****0001");
        assert_eq!(mask_card("12"), "****12");
        assert_eq!(
            payment_text(
                &eur,
                &Payment::GiftCard {
                    amount: dec("10"),
                    card: "GC-1000-0001".into()
                }
            ),
            "Gift card ****0001 10.00 EUR"
        );
        assert_eq!(
            unit_text(Unit::Kilogram, dec("0.75"), dec("2.99"), 2).as_deref(),
            Some("0.750 kg \u{d7} 2.99/kg")
        );
        assert_eq!(unit_text(Unit::Each, Decimal::ONE, dec("2.99"), 2), None);
        assert_eq!(
            adjustment_label("Order discount", Some("damaged")),
            "Order discount (damaged)"
        );
    }
}
