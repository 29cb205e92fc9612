//! Contract: sale queries on each store — newest first, by device, limited, and by id.

use super::{push, seeded};
use crate::common::{mutation, on_both_stores, Backend};
use uuid::Uuid;

on_both_stores!(sales_are_listed_newest_first_by_device_and_found_by_id);

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
