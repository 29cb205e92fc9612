//! Contract: sale queries on each store — newest first, by device, limited, by id, and the sales search
//! (receipt number, day, total, customer; keyset pages).

use super::{push, seeded};
use crate::common::{at_minute, mutation, on_both_stores, Backend, SaleSpec};
use server::seed::commerce::STAFF_CUSTOMER;
use server::store::SaleSearch;
use uuid::Uuid;

on_both_stores!(
    sales_are_listed_newest_first_by_device_and_found_by_id,
    sales_are_found_across_tills_and_days_one_keyset_page_at_a_time,
);

async fn sales_are_listed_newest_first_by_device_and_found_by_id(store: Backend) {
    let s = seeded(store).await;
    let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
    let a1 = s.sale(a, 1, &[1]);
    let b1 = s.sale(b, 2, &[2]);
    let a2 = s.sale(a, 3, &[3]);
    assert_eq!(
        push(&*s.store, a, vec![mutation(1, a1.clone())]).await.ok(),
        Some(1)
    );
    assert_eq!(
        push(&*s.store, b, vec![mutation(1, b1.clone())]).await.ok(),
        Some(1)
    );
    assert_eq!(
        push(&*s.store, a, vec![mutation(2, a2.clone())]).await.ok(),
        Some(2)
    );

    let all = s.store.list_sales(None, 100).await.expect("list");
    assert_eq!(all, vec![a2.clone(), b1.clone(), a1.clone()]);
    let of_a = s.store.list_sales(Some(a), 100).await.expect("list");
    assert_eq!(of_a, vec![a2.clone(), a1]);
    assert_eq!(s.store.list_sales(None, 1).await.expect("list"), vec![a2]);
    assert!(s
        .store
        .list_sales(Some(Uuid::now_v7()), 10)
        .await
        .expect("list")
        .is_empty());
    assert_eq!(s.store.sale(b1.id).await.expect("get"), Some(b1));
    assert_eq!(s.store.sale(Uuid::now_v7()).await.expect("get"), None);
}

async fn sales_are_found_across_tills_and_days_one_keyset_page_at_a_time(store: Backend) {
    let s = seeded(store).await;
    let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
    // Minutes 1 and 2 on a, 3 on b (for Erika), and a day later minute 1441 on b.
    let a1 = s.sale(a, 1, &[1]);
    let a2 = s.sale(a, 2, &[2]);
    let b3 = s.catalog.sale_with(SaleSpec {
        customer: Some(STAFF_CUSTOMER),
        ..SaleSpec::new(b, "R-3", at_minute(3), &[1])
    });
    let b4 = s.sale(b, 1441, &[4]);
    let pushed = push(
        &*s.store,
        a,
        vec![mutation(1, a1.clone()), mutation(2, a2.clone())],
    )
    .await;
    assert_eq!(pushed.ok(), Some(2));
    let pushed = push(
        &*s.store,
        b,
        vec![mutation(1, b3.clone()), mutation(2, b4.clone())],
    )
    .await;
    assert_eq!(pushed.ok(), Some(2));
    let find = |q: SaleSearch, limit: u32| {
        let store = s.store.clone();
        async move { store.search_sales(&q, limit).await.expect("search") }
    };

    // Everything, newest first, across both tills; paged two at a time after the last one seen.
    let (all, more) = find(SaleSearch::default(), 10).await;
    assert_eq!(all, vec![b4.clone(), b3.clone(), a2.clone(), a1.clone()]);
    assert!(!more);
    let (first, more) = find(SaleSearch::default(), 2).await;
    assert_eq!(first, vec![b4.clone(), b3.clone()]);
    assert!(more);
    let after = Some((b3.created_at, b3.id));
    let (second, more) = find(
        SaleSearch {
            after,
            ..SaleSearch::default()
        },
        2,
    )
    .await;
    assert_eq!(second, vec![a2.clone(), a1.clone()]);
    assert!(!more);

    // A receipt number in any case, another till's.
    let by_no = SaleSearch {
        receipt_no: Some(" r-3 ".into()),
        ..SaleSearch::default()
    };
    assert_eq!(find(by_no, 10).await.0, vec![b3.clone()]);
    // One day: [since, until).
    let day = SaleSearch {
        since: Some(at_minute(0)),
        until: Some(at_minute(1440)),
        ..SaleSearch::default()
    };
    assert_eq!(
        find(day, 10).await.0,
        vec![b3.clone(), a2.clone(), a1.clone()]
    );
    // The total at another scale; the sales of the same product have the same total.
    let mut total = a1.priced.total;
    total.rescale(4);
    let by_total = SaleSearch {
        total: Some(total),
        ..SaleSearch::default()
    };
    let found = find(by_total, 10).await.0;
    assert!(found.contains(&a1), "{found:?}");
    assert!(found.iter().all(|x| x.priced.total == a1.priced.total));
    // The customer by part of the name, any case, or by id.
    for c in ["muster", "ERIKA", STAFF_CUSTOMER] {
        let by_customer = SaleSearch {
            customer: Some(c.into()),
            ..SaleSearch::default()
        };
        assert_eq!(find(by_customer, 10).await.0, vec![b3.clone()], "{c}");
    }
    let nobody = SaleSearch {
        customer: Some("nobody%".into()),
        ..SaleSearch::default()
    };
    assert!(find(nobody, 10).await.0.is_empty());
}
