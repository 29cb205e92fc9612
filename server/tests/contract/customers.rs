//! The store contract for customers: a customer saved at a till offline is applied once (a replayed push
//! saves nothing again) and the sale made to them links to them; offline edits apply at the version they
//! edited and a stale one is flagged, not applied; duplicates by normalised phone are merged with their
//! sales (no stored document changes); an erasure blanks the person, pulls as `CustomerErased`, keeps the
//! sales and refuses later edits; back office writes are versioned, checked and audited.

use crate::common::{at_minute, mutation, mutation_of, on_both_stores, Backend};
use crate::{push, seeded};
use chrono::Utc;
use server::auth::audit;
use server::store::auth::{ActionMatch, AuditFilter, NewAudit};
use server::store::{SaleSearch, Store, StoreError};
use shared::auth::{ActorKind, AuditActor};
use shared::customer::{CustomerEdit, SaveCustomer};
use shared::sync::{Change, Mutation, MutationBody};
use uuid::Uuid;

on_both_stores!(
    a_customer_made_offline_is_saved_once_and_their_sale_links_to_them,
    offline_edits_apply_at_their_version_and_stale_ones_are_flagged,
    duplicates_by_phone_are_merged_with_their_sales,
    an_erased_customer_is_pulled_as_erased_and_their_sales_stay,
    back_office_writes_are_checked_versioned_and_audited,
    a_loyalty_card_belongs_to_one_customer,
);

fn manager() -> AuditActor {
    AuditActor {
        kind: ActorKind::Staff,
        id: Some(Uuid::from_u128(77).to_string()),
        name: Some("Morgan".into()),
    }
}

fn entry(action: &str, id: &str) -> NewAudit {
    use server::auth::audit::AuditExt;
    audit::entry(Utc::now(), manager(), action, audit::SUCCESS).target(id)
}

fn erika(phone: &str) -> CustomerEdit {
    CustomerEdit {
        name: "Erika Muster".into(),
        phone: Some(phone.into()),
        email: Some("Erika@Example.com".into()),
        note: "likes rye bread".into(),
        ..CustomerEdit::default()
    }
}

fn save(device: Uuid, id: &str, base_version: u64, customer: CustomerEdit) -> MutationBody {
    MutationBody::SaveCustomer {
        save: SaveCustomer {
            id: id.into(),
            base_version,
            device_id: device,
            saved_at: at_minute(1),
            customer,
            cashier: None,
        },
    }
}

async fn pulled_customer(store: &dyn Store, id: &str) -> Option<Change> {
    let changes = store.pull(0, 5000).await.expect("pull").changes;
    changes.into_iter().rev().find(|c| match c {
        Change::Customer(x) => x.id == id,
        Change::CustomerErased { id: erased } => erased == id,
        _ => false,
    })
}

async fn flags_of(store: &dyn Store, id: &str) -> Vec<String> {
    let flags = store.flags(100).await.expect("flags");
    flags
        .into_iter()
        .filter(|f| f.subject == id)
        .map(|f| f.kind)
        .collect()
}

async fn a_customer_made_offline_is_saved_once_and_their_sale_links_to_them(backend: Backend) {
    let s = seeded(backend).await;
    let till = Uuid::now_v7();
    let id = Uuid::now_v7().to_string();
    let mut sale = s.sale(till, 2, &[0]);
    sale.customer_id = Some(id.clone());
    let batch: Vec<Mutation> = vec![
        mutation_of(1, save(till, &id, 0, erika("+49 30 1234567"))),
        mutation(2, sale.clone()),
    ];
    assert_eq!(push(&*s.store, till, batch.clone()).await.expect("push"), 2);
    // The till lost the answer and sends the same outbox again: nothing is saved twice.
    assert_eq!(push(&*s.store, till, batch).await.expect("replay"), 2);
    let stored = s.store.customer(&id).await.expect("read").expect("saved");
    assert_eq!(stored.version, 1);
    assert_eq!(stored.phone.as_deref(), Some("+49301234567"));
    assert_eq!(stored.email.as_deref(), Some("Erika@Example.com"));
    assert!(flags_of(&*s.store, &id).await.is_empty());
    let (found, _) = s
        .store
        .search_customers(
            &server::store::customers::CustomerSearch {
                q: Some("030 1234567".replace("030", "+4930")),
                ..Default::default()
            },
            10,
        )
        .await
        .expect("search");
    assert_eq!(
        found.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        [id.as_str()]
    );
    let Some(Change::Customer(pulled)) = pulled_customer(&*s.store, &id).await else {
        panic!("the customer is pulled");
    };
    assert_eq!(pulled.name, "Erika Muster");
    let summary = s
        .store
        .customer_summary(&id, Utc::now())
        .await
        .expect("summary");
    assert_eq!(summary.visits, 1);
    assert_eq!(summary.lifetime_spend, sale.total());
    assert_eq!(summary.last_purchases[0].sale_id, sale.id);
    assert_eq!(summary.favourite_items.len(), 1);
    // The save is audited (by the device: no cashier stamp), without personal fields.
    let filter = AuditFilter {
        actions: vec![ActionMatch::Exact("customer.save".into())],
        ..AuditFilter::default()
    };
    let saved = s.store.audit_page(&filter, None, 10).await.expect("audit");
    assert_eq!(saved.len(), 1);
    assert!(
        !saved[0].details.to_string().contains("Erika"),
        "{:?}",
        saved[0].details
    );
}

async fn offline_edits_apply_at_their_version_and_stale_ones_are_flagged(backend: Backend) {
    let s = seeded(backend).await;
    let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
    let id = Uuid::now_v7().to_string();
    let mut renamed = erika("+49 30 1234567");
    renamed.name = "Erika Mustermann".into();
    push(
        &*s.store,
        a,
        vec![
            mutation_of(1, save(a, &id, 0, erika("+49 30 1234567"))),
            mutation_of(2, save(a, &id, 1, renamed)),
        ],
    )
    .await
    .expect("till A");
    // Till B edited version 1 offline, before it pulled A's change: flagged, not applied.
    let mut other = erika("+49 30 7654321");
    other.name = "E. M.".into();
    push(&*s.store, b, vec![mutation_of(1, save(b, &id, 1, other))])
        .await
        .expect("till B is accepted");
    let stored = s.store.customer(&id).await.expect("read").expect("held");
    assert_eq!(
        (stored.name.as_str(), stored.version),
        ("Erika Mustermann", 2)
    );
    assert_eq!(flags_of(&*s.store, &id).await, ["stale_customer_edit"]);
    // A second "new customer" under a held id is flagged too, and changes nothing.
    push(
        &*s.store,
        b,
        vec![mutation_of(2, save(b, &id, 0, erika("+49 1")))],
    )
    .await
    .expect_err("a bad phone refuses the batch");
    push(
        &*s.store,
        b,
        vec![mutation_of(2, save(b, &id, 0, erika("+44 20 7946 0958")))],
    )
    .await
    .expect("accepted");
    let mut kinds = flags_of(&*s.store, &id).await;
    kinds.sort();
    assert_eq!(kinds, ["customer_exists", "stale_customer_edit"]);
    assert_eq!(
        s.store
            .customer(&id)
            .await
            .expect("read")
            .expect("held")
            .version,
        2
    );
}

async fn duplicates_by_phone_are_merged_with_their_sales(backend: Backend) {
    let s = seeded(backend).await;
    let till = Uuid::now_v7();
    let (first, second) = (Uuid::now_v7().to_string(), Uuid::now_v7().to_string());
    // Two tills made the same person offline, with the phone written two ways.
    let mut sale = s.sale(till, 3, &[1]);
    sale.customer_id = Some(second.clone());
    push(
        &*s.store,
        till,
        vec![
            mutation_of(1, save(till, &first, 0, erika("+49 30 1234567"))),
            mutation_of(2, save(till, &second, 0, erika("0049 (30) 123-4567"))),
            mutation(3, sale.clone()),
        ],
    )
    .await
    .expect("push");
    let groups = s.store.duplicate_customers(100).await.expect("duplicates");
    let by_phone = groups
        .iter()
        .find(|g| g.by == "phone")
        .expect("a phone group");
    assert_eq!(by_phone.key, "+49301234567");
    assert_eq!(by_phone.customers.len(), 2);
    assert!(groups
        .iter()
        .any(|g| g.by == "email" && g.key == "erika@example.com"));

    let merged = s
        .store
        .merge_customers(
            &first,
            std::slice::from_ref(&second),
            &entry("customer.merge", &first),
        )
        .await
        .expect("merge");
    assert_eq!(merged.id, first);
    // The duplicate's sale counts for the customer merged into; the document itself is unchanged.
    let summary = s
        .store
        .customer_summary(&first, Utc::now())
        .await
        .expect("summary");
    assert_eq!((summary.visits, summary.lifetime_spend), (1, sale.total()));
    let stored = s.store.sale(sale.id).await.expect("read").expect("held");
    assert_eq!(stored, sale);
    let (found, _) = s
        .store
        .search_sales(
            &SaleSearch {
                customer: Some(first.clone()),
                ..SaleSearch::default()
            },
            10,
        )
        .await
        .expect("search");
    assert_eq!(found.iter().map(|x| x.id).collect::<Vec<_>>(), [sale.id]);
    let Some(Change::Customer(gone)) = pulled_customer(&*s.store, &second).await else {
        panic!("the duplicate is pulled");
    };
    assert_eq!(gone.merged_into.as_deref(), Some(first.as_str()));
    assert!(s
        .store
        .duplicate_customers(100)
        .await
        .expect("again")
        .is_empty());
    // A merged customer cannot be merged again or edited.
    let again = s
        .store
        .merge_customers(
            &first,
            std::slice::from_ref(&second),
            &entry("customer.merge", &first),
        )
        .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
}

async fn an_erased_customer_is_pulled_as_erased_and_their_sales_stay(backend: Backend) {
    let s = seeded(backend).await;
    let till = Uuid::now_v7();
    let id = Uuid::now_v7().to_string();
    let mut sale = s.sale(till, 2, &[0]);
    sale.customer_id = Some(id.clone());
    push(
        &*s.store,
        till,
        vec![
            mutation_of(1, save(till, &id, 0, erika("+49 30 1234567"))),
            mutation(2, sale.clone()),
        ],
    )
    .await
    .expect("push");
    let export = s
        .store
        .export_customer(&id, Utc::now())
        .await
        .expect("export")
        .expect("held");
    assert_eq!(export.customer.note, "likes rye bread");
    assert_eq!(export.sales, [sale.clone()]);

    let erased = s
        .store
        .erase_customer(&id, &entry("customer.erase", &id))
        .await
        .expect("erase");
    assert!(erased.erased);
    assert_eq!(erased.name, shared::customer::ERASED_NAME);
    assert_eq!(
        (erased.phone, erased.email, erased.note.as_str()),
        (None, None, "")
    );
    assert_eq!(
        pulled_customer(&*s.store, &id).await,
        Some(Change::CustomerErased { id: id.clone() })
    );
    // The sale is kept as it was; a search by the old name no longer finds the person.
    assert_eq!(s.store.sale(sale.id).await.expect("read"), Some(sale));
    let (found, _) = s
        .store
        .search_customers(
            &server::store::customers::CustomerSearch {
                q: Some("erika".into()),
                ..Default::default()
            },
            10,
        )
        .await
        .expect("search");
    assert!(found.iter().all(|c| c.id != id), "{found:?}");
    assert!(s
        .store
        .duplicate_customers(10)
        .await
        .expect("dups")
        .is_empty());
    // A till's offline edit arriving afterwards brings nothing back.
    push(
        &*s.store,
        till,
        vec![mutation_of(3, save(till, &id, 1, erika("+49 30 1234567")))],
    )
    .await
    .expect("accepted");
    assert_eq!(flags_of(&*s.store, &id).await, ["customer_ended"]);
    let still = s.store.customer(&id).await.expect("read").expect("held");
    assert_eq!(still.phone, None);
    // Erasing again changes nothing more; both erasures are audited.
    s.store
        .erase_customer(&id, &entry("customer.erase", &id))
        .await
        .expect("again");
    let filter = AuditFilter {
        actions: vec![ActionMatch::Exact("customer.erase".into())],
        ..AuditFilter::default()
    };
    assert_eq!(
        s.store
            .audit_page(&filter, None, 10)
            .await
            .expect("audit")
            .len(),
        2
    );
}

async fn back_office_writes_are_checked_versioned_and_audited(backend: Backend) {
    let s = seeded(backend).await;
    let id = Uuid::now_v7().to_string();
    let bad = CustomerEdit {
        name: "Max".into(),
        phone: Some("12345".into()),
        email: Some("max@".into()),
        ..CustomerEdit::default()
    };
    let Err(StoreError::Invalid(errors)) = s
        .store
        .create_customer(&id, &bad, &entry("customer.create", &id))
        .await
    else {
        panic!("refused");
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["phone", "email"]);

    let made = s
        .store
        .create_customer(
            &id,
            &erika("+49 30 1234567"),
            &entry("customer.create", &id),
        )
        .await
        .expect("created");
    assert_eq!(made.version, 1);
    let mut edit = made.edit();
    edit.company = Some("Muster GmbH".into());
    edit.tax_id = Some("DE123456789".into());
    edit.tags = vec!["wholesale".into()];
    let changed = s
        .store
        .change_customer(&id, 1, &edit, &entry("customer.update", &id))
        .await
        .expect("changed");
    assert_eq!(
        (changed.version, changed.company.as_deref()),
        (2, Some("Muster GmbH"))
    );
    let stale = s
        .store
        .change_customer(&id, 1, &edit, &entry("customer.update", &id))
        .await;
    assert!(
        matches!(
            stale,
            Err(StoreError::StaleVersion {
                current: 2,
                given: 1,
                ..
            })
        ),
        "{stale:?}"
    );
    let filter = AuditFilter {
        actions: vec![ActionMatch::Prefix("customer.".into())],
        ..AuditFilter::default()
    };
    let actions: Vec<String> = s
        .store
        .audit_page(&filter, None, 10)
        .await
        .expect("audit")
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["customer.update", "customer.create"]);
}

async fn a_loyalty_card_belongs_to_one_customer(backend: Backend) {
    let s = seeded(backend).await;
    let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
    let (first, second) = (Uuid::now_v7().to_string(), Uuid::now_v7().to_string());
    let carded = |phone: &str| CustomerEdit {
        loyalty_card: Some("2900000000017".into()),
        ..erika(phone)
    };
    push(
        &*s.store,
        a,
        vec![mutation_of(1, save(a, &first, 0, carded("+49 30 1234567")))],
    )
    .await
    .expect("till A");
    // Till B handed out the same card offline: B's customer is saved without it, and it is said.
    push(
        &*s.store,
        b,
        vec![mutation_of(
            1,
            save(b, &second, 0, carded("+49 30 7654321")),
        )],
    )
    .await
    .expect("till B is accepted");
    let held = s
        .store
        .customer(&second)
        .await
        .expect("read")
        .expect("saved");
    assert_eq!(held.loyalty_card, None);
    assert_eq!(flags_of(&*s.store, &second).await, ["loyalty_card_taken"]);
    // The back office is refused, naming the field.
    let Err(StoreError::Invalid(errors)) = s
        .store
        .change_customer(
            &second,
            1,
            &carded("+49 30 7654321"),
            &entry("customer.update", &second),
        )
        .await
    else {
        panic!("refused");
    };
    assert_eq!(errors[0].field, "loyalty_card");
}
