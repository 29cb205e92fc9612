//! Contract: stock on each store. One property: after random sales, refunds, voids, adjustments, transfers and
//! counts — pushes replayed, and two tills pushing at once — every on-hand equals the sum of its ledger and the
//! quantity a model of the rules expects (count snapshot rule included: a sale made before a count and synced
//! after it was posted moves nothing), and replays move nothing.

use super::{push, seeded, Seeded};
use crate::common::{at_minute, mutation, mutation_of, on_both_stores, refund_mutation, Backend};
use chrono::{DateTime, Utc};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config as RunnerConfig, TestRunner};
use server::auth::audit;
use server::store::auth::NewAudit;
use server::store::stock::{LevelQuery, BACK_ROOM, SHOP_FLOOR};
use shared::document::{Refund, RefundMethod, SaleDocument};
use shared::purchasing::{
    NewSupplier, OrderLine, OrderStatus, PurchaseOrderRequest, ReceiptRequest,
};
use shared::stock::{
    AdjustmentRequest, ReceiveRequest, StockLine, ThresholdRequest, TransferRequest,
};
use shared::sync::{Mutation, MutationBody};
use shared::Decimal;
use std::collections::HashMap;
use uuid::Uuid;

on_both_stores!(flavor = "multi_thread";
    random_stock_work_keeps_every_on_hand_equal_to_its_ledger,
    a_count_holds_sales_made_before_it_and_not_those_made_after_whenever_they_sync,
    pushed_documents_move_stock_once_at_the_selling_location,
    the_reorder_list_holds_items_at_or_below_their_threshold,
    receipts_move_stock_in_and_set_the_moving_average_cost,
);

/// Items the property works with (few, so movements collide).
const ITEMS: usize = 6;
/// Random cases per store, each on a fresh database.
const CASES: usize = 4;

#[derive(Clone, Debug)]
enum Op {
    Sale {
        till: usize,
        items: Vec<usize>,
        replay: bool,
    },
    Concurrent {
        items: Vec<usize>,
    },
    Refund {
        pick: usize,
    },
    Void {
        pick: usize,
    },
    Adjust {
        back_room: bool,
        item: usize,
        quantity: i64,
    },
    Transfer {
        to_back_room: bool,
        item: usize,
        quantity: i64,
        short: i64,
    },
    Count {
        item: usize,
        counted: i64,
        late: bool,
    },
    Receipt {
        back_room: bool,
        item: usize,
        first: i64,
        rest: i64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let items = || vec(0..ITEMS, 1..4);
    prop_oneof![
        4 => (0..2usize, items(), any::<bool>()).prop_map(|(till, items, replay)| Op::Sale { till, items, replay }),
        1 => items().prop_map(|items| Op::Concurrent { items }),
        2 => any::<usize>().prop_map(|pick| Op::Refund { pick }),
        1 => any::<usize>().prop_map(|pick| Op::Void { pick }),
        2 => (any::<bool>(), 0..ITEMS, prop_oneof![-4..0i64, 1..5i64])
            .prop_map(|(back_room, item, quantity)| Op::Adjust { back_room, item, quantity }),
        2 => (any::<bool>(), 0..ITEMS, 1..5i64, 0..2i64).prop_map(|(to_back_room, item, quantity, short)| {
            Op::Transfer { to_back_room, item, quantity, short }
        }),
        1 => (0..ITEMS, 0..12i64, any::<bool>()).prop_map(|(item, counted, late)| Op::Count { item, counted, late }),
        1 => (any::<bool>(), 0..ITEMS, 1..4i64, 0..3i64)
            .prop_map(|(back_room, item, first, rest)| Op::Receipt { back_room, item, first, rest }),
    ]
}

/// An item at a location.
type Key = (String, Uuid);

/// What the rules say on-hand must be: every movement, and the last posted count of an item.
#[derive(Default)]
struct Model {
    /// (item, location) → (quantity, when it happened).
    events: HashMap<Key, Vec<(Decimal, DateTime<Utc>)>>,
    /// (item, location) → (counted, snapshot).
    counts: HashMap<Key, (Decimal, DateTime<Utc>)>,
}

impl Model {
    fn moved(&mut self, item: &str, location: Uuid, quantity: Decimal, at: DateTime<Utc>) {
        self.events
            .entry((item.to_owned(), location))
            .or_default()
            .push((quantity, at));
    }

    fn sale(&mut self, sale: &SaleDocument, sign: Decimal, at: DateTime<Utc>) {
        for l in &sale.priced.lines {
            self.moved(&l.product_id, SHOP_FLOOR, sign * l.quantity, at);
        }
    }

    fn expected(&self, item: &str, location: Uuid) -> Decimal {
        let key = (item.to_owned(), location);
        let events = self.events.get(&key).map(Vec::as_slice).unwrap_or(&[]);
        match self.counts.get(&key) {
            Some(&(counted, snapshot)) => {
                counted
                    + events
                        .iter()
                        .filter(|(_, at)| *at > snapshot)
                        .map(|(q, _)| *q)
                        .sum::<Decimal>()
            }
            None => events.iter().map(|(q, _)| *q).sum(),
        }
    }
}

/// A sale pushed, with its refunds so far.
struct Sold {
    sale: SaleDocument,
    refunds: Vec<Refund>,
    voided: bool,
}

struct Run {
    s: Seeded,
    tills: [Uuid; 2],
    seqs: HashMap<Uuid, u64>,
    sold: Vec<Sold>,
    model: Model,
    minute: i64,
    supplier: Uuid,
}

fn entry(action: &str) -> NewAudit {
    audit::entry(Utc::now(), audit::system(), action, audit::SUCCESS)
}

impl Run {
    fn item(&self, i: usize) -> String {
        self.s.catalog.products[i].id.clone()
    }

    fn tick(&mut self) -> DateTime<Utc> {
        self.minute += 1;
        at_minute(self.minute)
    }

    fn next_seq(&mut self, till: Uuid) -> u64 {
        let seq = self.seqs.entry(till).or_insert(0);
        *seq += 1;
        *seq
    }

    async fn push_ok(&self, till: Uuid, ms: Vec<Mutation>) {
        let last = ms.last().map(|m| m.seq).expect("a mutation");
        assert_eq!(
            push(&*self.s.store, till, ms).await.expect("push applied"),
            last
        );
    }

    async fn levels(&self) -> Vec<(String, Uuid, Decimal)> {
        let mut out = Vec::new();
        for location in [SHOP_FLOOR, BACK_ROOM] {
            let q = LevelQuery {
                location_id: location,
                ..LevelQuery::default()
            };
            let page = self.s.store.stock_levels(&q, 1000).await.expect("levels");
            out.extend(
                page.levels
                    .into_iter()
                    .map(|l| (l.product_id, location, l.on_hand)),
            );
        }
        out
    }

    fn sale_at(&self, till: Uuid, at_min: i64, items: &[usize]) -> SaleDocument {
        self.s.sale(till, at_min, items)
    }

    async fn apply(&mut self, op: Op) {
        match op {
            Op::Sale {
                till,
                items,
                replay,
            } => {
                let till = self.tills[till];
                let now = self.tick();
                let sale = self.sale_at(till, self.minute, &items);
                let m = mutation(self.next_seq(till), sale.clone());
                self.push_ok(till, vec![m.clone()]).await;
                self.model.sale(&sale, Decimal::NEGATIVE_ONE, now);
                if replay {
                    let before = self.levels().await;
                    self.push_ok(till, vec![m]).await;
                    assert_eq!(self.levels().await, before, "a replay moved stock");
                }
                self.sold.push(Sold {
                    sale,
                    refunds: vec![],
                    voided: false,
                });
            }
            Op::Concurrent { items } => {
                let [a, b] = self.tills;
                let now = self.tick();
                let (sa, sb) = (
                    self.sale_at(a, self.minute, &items),
                    self.sale_at(b, self.minute, &items),
                );
                let (ma, mb) = (
                    mutation(self.next_seq(a), sa.clone()),
                    mutation(self.next_seq(b), sb.clone()),
                );
                let (store_a, store_b) = (self.s.store.clone(), self.s.store.clone());
                let (ra, rb) = tokio::join!(
                    tokio::spawn(async move {
                        push(&*store_a, a, vec![ma])
                            .await
                            .map_err(|e| e.to_string())
                    }),
                    tokio::spawn(async move {
                        push(&*store_b, b, vec![mb])
                            .await
                            .map_err(|e| e.to_string())
                    }),
                );
                assert!(ra.expect("task").is_ok() && rb.expect("task").is_ok());
                for sale in [sa, sb] {
                    self.model.sale(&sale, Decimal::NEGATIVE_ONE, now);
                    self.sold.push(Sold {
                        sale,
                        refunds: vec![],
                        voided: false,
                    });
                }
            }
            Op::Refund { pick } => {
                let open: Vec<usize> = (0..self.sold.len())
                    .filter(|&i| !self.sold[i].voided)
                    .collect();
                let Some(&i) = open.get(pick % open.len().max(1)) else {
                    return;
                };
                let sold = &self.sold[i];
                let refunded = |line: usize| -> Decimal {
                    sold.refunds
                        .iter()
                        .flat_map(|r| &r.lines)
                        .filter(|l| l.line == line)
                        .map(|l| l.quantity)
                        .sum()
                };
                let Some(line) = (0..sold.sale.priced.lines.len())
                    .find(|&l| sold.sale.priced.lines[l].quantity - refunded(l) >= Decimal::ONE)
                else {
                    return;
                };
                let till = self.tills[pick % 2];
                let refund = self.s.catalog.refund(
                    till,
                    &sold.sale,
                    &sold.refunds,
                    &[(line, 1)],
                    RefundMethod::OriginalTenders,
                );
                let m = refund_mutation(self.next_seq(till), refund.clone());
                self.push_ok(till, vec![m.clone()]).await;
                self.push_ok(till, vec![m]).await; // replayed
                self.model.moved(
                    &refund.lines[0].product_id,
                    SHOP_FLOOR,
                    Decimal::ONE,
                    refund.created_at,
                );
                self.sold[i].refunds.push(refund);
            }
            Op::Void { pick } => {
                let open: Vec<usize> = (0..self.sold.len())
                    .filter(|&i| !self.sold[i].voided && self.sold[i].refunds.is_empty())
                    .collect();
                let Some(&i) = open.get(pick % open.len().max(1)) else {
                    return;
                };
                let till = self.tills[pick % 2];
                let void = self.s.catalog.void(till, &self.sold[i].sale);
                let m = mutation_of(
                    self.next_seq(till),
                    MutationBody::Void { void: void.clone() },
                );
                self.push_ok(till, vec![m]).await;
                let sale = self.sold[i].sale.clone();
                self.model.sale(&sale, Decimal::ONE, void.created_at);
                self.sold[i].voided = true;
            }
            Op::Adjust {
                back_room,
                item,
                quantity,
            } => {
                let now = self.tick();
                let location = if back_room { BACK_ROOM } else { SHOP_FLOOR };
                let req = AdjustmentRequest {
                    id: Uuid::now_v7(),
                    location_id: location,
                    reason: "damaged".into(),
                    lines: vec![StockLine {
                        product_id: self.item(item),
                        quantity: Decimal::from(quantity),
                    }],
                };
                assert!(self
                    .s
                    .store
                    .adjust(&req, None, now, &entry("stock.adjust"))
                    .await
                    .expect("adjusted"));
                assert!(!self
                    .s
                    .store
                    .adjust(&req, None, now, &entry("stock.adjust"))
                    .await
                    .expect("again"));
                self.model
                    .moved(&self.item(item), location, Decimal::from(quantity), now);
            }
            Op::Transfer {
                to_back_room,
                item,
                quantity,
                short,
            } => {
                let (from, to) = if to_back_room {
                    (SHOP_FLOOR, BACK_ROOM)
                } else {
                    (BACK_ROOM, SHOP_FLOOR)
                };
                let sent_at = self.tick();
                let id = Uuid::now_v7();
                let line = StockLine {
                    product_id: self.item(item),
                    quantity: Decimal::from(quantity),
                };
                let req = TransferRequest {
                    id,
                    from_location: from,
                    to_location: to,
                    lines: vec![line.clone()],
                };
                self.s
                    .store
                    .send_transfer(&req, None, sent_at, &entry("stock.transfer.send"))
                    .await
                    .expect("sent");
                self.s
                    .store
                    .send_transfer(&req, None, sent_at, &entry("stock.transfer.send"))
                    .await
                    .expect("again");
                self.model
                    .moved(&line.product_id, from, -line.quantity, sent_at);
                let received_at = self.tick();
                let arrived = StockLine {
                    quantity: Decimal::from(quantity - short),
                    ..line.clone()
                };
                let req = ReceiveRequest {
                    lines: vec![arrived],
                };
                let store = &self.s.store;
                let t = store
                    .receive_transfer(id, &req, None, received_at, &entry("r"))
                    .await
                    .expect("ok")
                    .expect("known");
                assert_eq!(t.lines[0].discrepancy(), Some(Decimal::from(-short)));
                store
                    .receive_transfer(id, &req, None, received_at, &entry("r"))
                    .await
                    .expect("again");
                self.model.moved(
                    &line.product_id,
                    to,
                    Decimal::from(quantity - short),
                    received_at,
                );
            }
            Op::Receipt {
                back_room,
                item,
                first,
                rest,
            } => {
                let location = if back_room { BACK_ROOM } else { SHOP_FLOOR };
                let now = self.tick();
                let id = Uuid::now_v7();
                let line = OrderLine {
                    product_id: self.item(item),
                    quantity: Decimal::from(first + rest),
                    unit_cost: Decimal::ONE,
                };
                let req = PurchaseOrderRequest {
                    id,
                    supplier_id: self.supplier,
                    location_id: location,
                    lines: vec![line],
                };
                let store = self.s.store.clone();
                store
                    .create_order(&req, now, &entry("stock.order.create"))
                    .await
                    .map_err(|e| format!("{e:?}"))
                    .expect("ordered");
                for part in [first, rest].into_iter().filter(|q| *q > 0) {
                    let at = self.tick();
                    let receipt = ReceiptRequest {
                        id: Uuid::now_v7(),
                        lines: vec![StockLine {
                            product_id: self.item(item),
                            quantity: Decimal::from(part),
                        }],
                    };
                    for _ in 0..2 {
                        store
                            .receive_order(id, &receipt, None, at, &entry("stock.order.receive"))
                            .await
                            .expect("ok")
                            .expect("known");
                    }
                    self.model
                        .moved(&self.item(item), location, Decimal::from(part), at);
                }
                let order = store
                    .purchase_order(id)
                    .await
                    .expect("read")
                    .expect("known");
                assert_eq!(
                    order.lines[0].received,
                    Decimal::from(first + rest),
                    "a receipt booked twice"
                );
                assert_eq!(order.status, OrderStatus::Received);
            }
            Op::Count {
                item,
                counted,
                late,
            } => {
                let till = self.tills[0];
                // A sale made now but synced only after the count is posted.
                let made_min = self.minute + 1;
                let held_back = late.then(|| self.sale_at(till, made_min, &[item]));
                self.minute += 1;
                let snapshot = self.tick();
                let id = Uuid::now_v7();
                let store = self.s.store.clone();
                store
                    .start_count(id, SHOP_FLOOR, snapshot, &entry("stock.count.start"))
                    .await
                    .expect("started");
                let lines = [StockLine {
                    product_id: self.item(item),
                    quantity: Decimal::from(counted),
                }];
                store
                    .set_counted(id, &lines)
                    .await
                    .expect("counted")
                    .expect("open");
                // A sale made after the snapshot, synced before posting: it applies on top of the count.
                let after = self.tick();
                let sale = self.sale_at(till, self.minute, &[item]);
                let m = mutation(self.next_seq(till), sale.clone());
                self.push_ok(till, vec![m]).await;
                self.model.sale(&sale, Decimal::NEGATIVE_ONE, after);
                self.sold.push(Sold {
                    sale,
                    refunds: vec![],
                    voided: false,
                });
                let posted_at = self.tick();
                store
                    .post_count(id, None, posted_at, &entry("stock.count.post"))
                    .await
                    .expect("posted")
                    .expect("known");
                self.model.counts.insert(
                    (self.item(item), SHOP_FLOOR),
                    (Decimal::from(counted), snapshot),
                );
                if let Some(sale) = held_back {
                    let before = self.levels().await;
                    let m = mutation(self.next_seq(till), sale.clone());
                    self.push_ok(till, vec![m]).await;
                    self.model
                        .sale(&sale, Decimal::NEGATIVE_ONE, at_minute(made_min));
                    let moved: Vec<_> = self
                        .levels()
                        .await
                        .into_iter()
                        .zip(before)
                        .filter(|(a, b)| a != b)
                        .collect();
                    assert!(
                        moved.is_empty(),
                        "a sale made before the count moved stock after it: {moved:?}"
                    );
                    self.sold.push(Sold {
                        sale,
                        refunds: vec![],
                        voided: false,
                    });
                }
            }
        }
    }

    /// Every level equals the model and the sum of its ledger.
    async fn check(&self) {
        for (item, location, on_hand) in self.levels().await {
            assert_eq!(
                on_hand,
                self.model.expected(&item, location),
                "{item} at {location}"
            );
            let mut sum = Decimal::ZERO;
            let mut before = None;
            loop {
                let page = self
                    .s
                    .store
                    .ledger(&item, location, before, 1000)
                    .await
                    .expect("ledger");
                sum += page.movements.iter().map(|m| m.quantity).sum::<Decimal>();
                match page.next_before {
                    Some(b) => before = Some(b),
                    None => break,
                }
            }
            assert_eq!(
                on_hand, sum,
                "{item} at {location}: on-hand is not the sum of its ledger"
            );
        }
    }
}

async fn random_stock_work_keeps_every_on_hand_equal_to_its_ledger(backend: Backend) {
    let mut runner = TestRunner::new(RunnerConfig::default());
    for case in 0..CASES {
        let ops = vec(op(), 25..45)
            .new_tree(&mut runner)
            .expect("ops")
            .current();
        let s = seeded(backend).await;
        s.store
            .seed_locations(at_minute(0))
            .await
            .expect("locations");
        let mut run = Run {
            s,
            tills: [Uuid::now_v7(), Uuid::now_v7()],
            seqs: HashMap::new(),
            sold: Vec::new(),
            model: Model::default(),
            minute: 0,
            supplier: Uuid::nil(),
        };
        let supplier = NewSupplier {
            name: "Dairy Co".into(),
            lead_time_days: 2,
            order_multiple: Decimal::ONE,
        };
        run.supplier = run
            .s
            .store
            .create_supplier(Uuid::now_v7(), &supplier, at_minute(0), &entry("s"))
            .await
            .expect("supplier")
            .id;
        for op in ops.clone() {
            run.apply(op).await;
        }
        run.check().await;
        let moved = run.levels().await.iter().filter(|l| !l.2.is_zero()).count();
        assert!(moved > 0, "case {case} moved nothing: {ops:?}");
    }
}

pub(super) async fn on_hand(s: &Seeded, item: &str, location: Uuid) -> Decimal {
    let q = LevelQuery {
        location_id: location,
        text: None,
        low_only: false,
        after: None,
    };
    let page = s.store.stock_levels(&q, 1000).await.expect("levels");
    page.levels
        .into_iter()
        .find(|l| l.product_id == item)
        .map(|l| l.on_hand)
        .expect("listed")
}

async fn a_count_holds_sales_made_before_it_and_not_those_made_after_whenever_they_sync(
    backend: Backend,
) {
    let s = seeded(backend).await;
    s.store
        .seed_locations(at_minute(0))
        .await
        .expect("locations");
    let till = Uuid::now_v7();
    let item = s.catalog.products[3].id.clone();
    let one = |n: i64| s.sale(till, n, &[3]);
    // 10 on hand, then one sale synced before the count.
    let req = AdjustmentRequest {
        id: Uuid::now_v7(),
        location_id: SHOP_FLOOR,
        reason: "delivery".into(),
        lines: vec![StockLine {
            product_id: item.clone(),
            quantity: Decimal::from(10),
        }],
    };
    assert!(s
        .store
        .adjust(&req, None, at_minute(1), &entry("stock.adjust"))
        .await
        .expect("adjusted"));
    push(&*s.store, till, vec![mutation(1, one(2))])
        .await
        .expect("pushed");
    // Made at minute 3 (before the count's snapshot at 5), still offline; made at 7 (after it), also offline.
    let (before, after) = (one(3), one(7));
    let count = Uuid::now_v7();
    s.store
        .start_count(count, SHOP_FLOOR, at_minute(5), &entry("stock.count.start"))
        .await
        .expect("started");
    // The shelf holds 8 at the snapshot (the sale at 3 already left it): counted 8.
    let counted = [StockLine {
        product_id: item.clone(),
        quantity: Decimal::from(8),
    }];
    s.store
        .set_counted(count, &counted)
        .await
        .expect("set")
        .expect("open");
    // The sale made after the snapshot syncs before the count is posted: it applies on top of the count.
    push(&*s.store, till, vec![mutation(2, after)])
        .await
        .expect("pushed");
    s.store
        .post_count(count, None, at_minute(9), &entry("stock.count.post"))
        .await
        .expect("posted")
        .expect("known");
    assert_eq!(on_hand(&s, &item, SHOP_FLOOR).await, Decimal::from(7));
    // The sale made before the snapshot syncs after posting: the count already holds it.
    push(&*s.store, till, vec![mutation(3, before)])
        .await
        .expect("pushed");
    assert_eq!(on_hand(&s, &item, SHOP_FLOOR).await, Decimal::from(7));
    // Posting again changes nothing.
    s.store
        .post_count(count, None, at_minute(10), &entry("stock.count.post"))
        .await
        .expect("posted")
        .expect("known");
    assert_eq!(on_hand(&s, &item, SHOP_FLOOR).await, Decimal::from(7));
    let ledger = s
        .store
        .ledger(&item, SHOP_FLOOR, None, 100)
        .await
        .expect("ledger");
    let sum: Decimal = ledger.movements.iter().map(|m| m.quantity).sum();
    assert_eq!(sum, Decimal::from(7));
}

async fn pushed_documents_move_stock_once_at_the_selling_location(backend: Backend) {
    // No demo locations: the first sale gives the store its shop floor.
    let s = seeded(backend).await;
    let till = Uuid::now_v7();
    let sale = s.sale(till, 1, &[5, 5, 6]);
    let m = mutation(1, sale.clone());
    for _ in 0..3 {
        push(&*s.store, till, vec![m.clone()])
            .await
            .expect("pushed");
    }
    let (a, b) = (
        s.catalog.products[5].id.clone(),
        s.catalog.products[6].id.clone(),
    );
    assert_eq!(on_hand(&s, &a, SHOP_FLOOR).await, Decimal::from(-2));
    assert_eq!(on_hand(&s, &b, SHOP_FLOOR).await, Decimal::from(-1));
    let refund = s
        .catalog
        .refund(till, &sale, &[], &[(0, 1)], RefundMethod::OriginalTenders);
    push(&*s.store, till, vec![refund_mutation(2, refund)])
        .await
        .expect("pushed");
    assert_eq!(on_hand(&s, &a, SHOP_FLOOR).await, Decimal::from(-1));
    let ledger = s
        .store
        .ledger(&a, SHOP_FLOOR, None, 100)
        .await
        .expect("ledger");
    let kinds: Vec<_> = ledger
        .movements
        .iter()
        .map(|m| (m.kind, m.quantity))
        .collect();
    use shared::stock::MovementKind::{Refund as Back, Sale as Sold};
    assert_eq!(kinds, vec![(Back, Decimal::ONE), (Sold, Decimal::from(-2))]);
    assert_eq!(ledger.movements[1].source_id, sale.id);
    // The till pulls the level at its store's selling location.
    let pulled = s.store.pull(0, 5000).await.expect("pull");
    let levels: Vec<_> = pulled
        .changes
        .iter()
        .filter_map(|c| match c {
            shared::sync::Change::StockLevel(l) => Some((l.product_id.clone(), l.on_hand)),
            _ => None,
        })
        .collect();
    assert!(levels.contains(&(a, Decimal::from(-1))), "{levels:?}");
    assert!(levels.contains(&(b, Decimal::from(-1))), "{levels:?}");
}

async fn the_reorder_list_holds_items_at_or_below_their_threshold(backend: Backend) {
    let s = seeded(backend).await;
    s.store
        .seed_locations(at_minute(0))
        .await
        .expect("locations");
    let till = Uuid::now_v7();
    // Items 1 and 2 sold twice each: -2; item 2's threshold is 1 decimal place below: not low after +3.
    push(
        &*s.store,
        till,
        vec![mutation(1, s.sale(till, 1, &[1, 1, 2, 2]))],
    )
    .await
    .expect("pushed");
    let (low, fine, none) = (
        s.catalog.products[1].id.clone(),
        s.catalog.products[2].id.clone(),
        s.catalog.products[9].id.clone(),
    );
    let req = AdjustmentRequest {
        id: Uuid::now_v7(),
        location_id: SHOP_FLOOR,
        reason: "delivery".into(),
        lines: vec![StockLine {
            product_id: fine.clone(),
            quantity: Decimal::from(3),
        }],
    };
    s.store
        .adjust(&req, None, at_minute(2), &entry("stock.adjust"))
        .await
        .expect("adjusted");
    for (item, t) in [
        (&low, Decimal::ZERO),
        (&fine, Decimal::new(9, 1)),
        (&none, Decimal::from(5)),
    ] {
        let req = ThresholdRequest {
            location_id: SHOP_FLOOR,
            product_id: item.clone(),
            low_threshold: Some(t),
        };
        s.store
            .set_threshold(&req, at_minute(3), &entry("stock.threshold"))
            .await
            .expect("set");
    }
    let q = LevelQuery {
        location_id: SHOP_FLOOR,
        text: None,
        low_only: true,
        after: None,
    };
    let page = s.store.stock_levels(&q, 100).await.expect("levels");
    let mut listed: Vec<(String, Decimal)> = page
        .levels
        .into_iter()
        .map(|l| (l.product_id, l.on_hand))
        .collect();
    listed.sort();
    let mut want = vec![(low, Decimal::from(-2)), (none, Decimal::ZERO)];
    want.sort();
    assert_eq!(listed, want);
    // A threshold at a location that does not exist is refused.
    let req = ThresholdRequest {
        location_id: Uuid::now_v7(),
        product_id: fine,
        low_threshold: None,
    };
    assert!(s
        .store
        .set_threshold(&req, at_minute(4), &entry("stock.threshold"))
        .await
        .is_err());
}

async fn cost_of(s: &Seeded, item: &str) -> Option<Decimal> {
    let pulled = s.store.pull(0, 5000).await.expect("pull");
    pulled.changes.iter().rev().find_map(|c| match c {
        shared::sync::Change::Product(p) if p.id == item => Some(p.cost),
        _ => None,
    })?
}

async fn receipts_move_stock_in_and_set_the_moving_average_cost(backend: Backend) {
    let s = seeded(backend).await;
    s.store
        .seed_locations(at_minute(0))
        .await
        .expect("locations");
    let item = s.catalog.products[4].id.clone();
    let supplier = NewSupplier {
        name: "Bakery supplies".into(),
        lead_time_days: 3,
        order_multiple: Decimal::from(6),
    };
    let supplier = s
        .store
        .create_supplier(Uuid::now_v7(), &supplier, at_minute(0), &entry("s"))
        .await
        .expect("supplier");
    let line = |q: i64, cost: i64| OrderLine {
        product_id: item.clone(),
        quantity: Decimal::from(q),
        unit_cost: Decimal::new(cost, 2),
    };
    // Not a multiple of 6: refused.
    let bad = PurchaseOrderRequest {
        id: Uuid::now_v7(),
        supplier_id: supplier.id,
        location_id: BACK_ROOM,
        lines: vec![line(10, 200)],
    };
    assert!(s
        .store
        .create_order(&bad, at_minute(1), &entry("o"))
        .await
        .is_err());
    let id = Uuid::now_v7();
    let req = PurchaseOrderRequest {
        id,
        supplier_id: supplier.id,
        location_id: BACK_ROOM,
        lines: vec![line(12, 200)],
    };
    let order = s
        .store
        .create_order(&req, at_minute(1), &entry("o"))
        .await
        .map_err(|e| format!("{e:?}"))
        .expect("ordered");
    assert_eq!(order.expected_at, at_minute(1) + chrono::Duration::days(3));
    // 6 arrive: partly received, 6 on hand at the back room, the cost is theirs (nothing was held).
    let got = |q: i64| ReceiptRequest {
        id: Uuid::now_v7(),
        lines: vec![StockLine {
            product_id: item.clone(),
            quantity: Decimal::from(q),
        }],
    };
    let first = s
        .store
        .receive_order(id, &got(6), None, at_minute(2), &entry("r"))
        .await
        .expect("ok")
        .expect("known");
    assert_eq!(first.status, OrderStatus::PartlyReceived);
    assert_eq!(on_hand(&s, &item, BACK_ROOM).await, Decimal::from(6));
    assert_eq!(cost_of(&s, &item).await, Some(Decimal::new(200, 2)));
    // A second order at 3.00 for the rest of the shelf: (6 × 2 + 6 × 3) / 12 = 2.5.
    let other = Uuid::now_v7();
    let req = PurchaseOrderRequest {
        id: other,
        supplier_id: supplier.id,
        location_id: SHOP_FLOOR,
        lines: vec![line(6, 300)],
    };
    s.store
        .create_order(&req, at_minute(3), &entry("o"))
        .await
        .map_err(|e| format!("{e:?}"))
        .expect("ordered");
    s.store
        .receive_order(other, &got(6), None, at_minute(4), &entry("r"))
        .await
        .expect("ok")
        .expect("known");
    assert_eq!(cost_of(&s, &item).await, Some(Decimal::new(25000, 4)));
    assert_eq!(on_hand(&s, &item, SHOP_FLOOR).await, Decimal::from(6));
    // The list: the back room's order still to arrive (the shop floor's arrived in full), with its item.
    let outstanding = s
        .store
        .purchase_orders(Some(BACK_ROOM), true, 50)
        .await
        .expect("orders");
    assert_eq!(
        outstanding.orders.iter().map(|o| o.id).collect::<Vec<_>>(),
        [id]
    );
    assert_eq!(
        outstanding
            .products
            .iter()
            .map(|p| &p.id)
            .collect::<Vec<_>>(),
        [&item]
    );
    let all = s
        .store
        .purchase_orders(None, false, 50)
        .await
        .expect("orders");
    assert_eq!(
        all.orders.iter().map(|o| o.id).collect::<Vec<_>>(),
        [other, id],
        "newest first"
    );
    assert_eq!(
        s.store
            .purchase_orders(None, false, 1)
            .await
            .expect("orders")
            .orders
            .len(),
        1
    );
    // The rest of the first order: received in full.
    let last = s
        .store
        .receive_order(id, &got(6), None, at_minute(5), &entry("r"))
        .await
        .expect("ok")
        .expect("known");
    assert_eq!(last.status, OrderStatus::Received);
    assert_eq!(on_hand(&s, &item, BACK_ROOM).await, Decimal::from(12));
    let none = s
        .store
        .purchase_orders(None, true, 50)
        .await
        .expect("orders");
    assert!(none.orders.is_empty() && none.products.is_empty());
}
