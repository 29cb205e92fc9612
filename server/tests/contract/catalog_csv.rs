//! Contract: the products CSV import and export on each store. A file with a bad row writes nothing; a good
//! one is written in one transaction and pulled; only the good rows when asked; each kind of bad input named
//! by row, column and code; export → import gives the same file; both decimal separators.

use super::seeded;
use crate::common::{at_minute, on_both_stores, Backend, TestDb};
use server::auth::audit;
use server::catalog_csv::job::Job;
use server::catalog_csv::number::DecimalSeparator;
use server::catalog_csv::run::{run_once, Runner};
use server::catalog_csv::validate::ImportOptions;
use server::catalog_csv::{export, sample};
use server::clock::Clock;
use server::seed::{demo_categories, demo_tax_rates, DEMO_CHANGES};
use server::store::{CatalogWrite, Store};
use shared::catalog::Product;
use shared::import::{ImportState, RowProblem};
use shared::sync::Change;
use std::sync::Arc;

on_both_stores!(
    a_file_with_one_bad_row_writes_nothing,
    a_good_file_is_written_and_pulled,
    only_the_good_rows_when_asked,
    each_bad_input_is_named_by_row_column_and_code,
    an_export_imports_as_the_same_catalog,
    a_comma_file_reads_as_the_dot_file_and_not_the_other_way,
    update_existing_replaces_items_by_sku,
);

/// Rows of the bounded file CI imports (the benchmark takes 50,000).
const ROWS: usize = 2_000;

async fn import(store: &Arc<dyn Store>, bytes: Vec<u8>, options: ImportOptions) -> Arc<Job> {
    let runner = Runner {
        actor: audit::system(),
        device: None,
    };
    let clock = Clock::manual(at_minute(0));
    run_once(store.clone(), bytes, options, runner, clock).await
}

fn file(rows: usize) -> String {
    let bytes = sample::csv(rows, "IMP", DecimalSeparator::Dot, b',').expect("sample");
    String::from_utf8(bytes).expect("utf-8")
}

/// The file with `row`'s (1 = header) cell of `column` replaced.
fn with_cell(text: &str, row: usize, column: &str, value: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let at = lines[0]
        .split(',')
        .position(|c| c == column)
        .expect("column");
    let mut cells: Vec<String> = lines[row - 1].split(',').map(str::to_owned).collect();
    cells[at] = value.to_owned();
    lines[row - 1] = cells.join(",");
    lines.join("\n") + "\n"
}

/// A problem as (row, column, code).
type Found<'a> = (u64, Option<&'a str>, &'a str);

fn found(problems: &[RowProblem]) -> Vec<Found<'_>> {
    problems
        .iter()
        .map(|p| (p.row, p.column.as_deref(), p.code.as_str()))
        .collect()
}

async fn products(store: &dyn Store) -> Vec<Product> {
    store
        .pull(0, u32::MAX)
        .await
        .expect("pull")
        .changes
        .into_iter()
        .filter_map(|c| match c {
            Change::Product(p) => Some(p),
            _ => None,
        })
        .collect()
}

async fn a_file_with_one_bad_row_writes_nothing(backend: Backend) {
    let s = seeded(backend).await;
    let bad = with_cell(&file(20), 7, "price", "-1.00");
    let job = import(&s.store, bad.into_bytes(), ImportOptions::default()).await;
    let view = job.view(0, 100);
    assert_eq!(view.state, ImportState::Rejected);
    assert_eq!(
        found(&view.problems),
        vec![(7, Some("price"), "negative_amount")]
    );
    assert_eq!(
        (view.total_rows, view.rows_bad, view.rows_written),
        (20, 1, 0)
    );
    let after = s.store.pull(0, u32::MAX).await.expect("pull");
    assert_eq!(after.changes.len(), DEMO_CHANGES, "nothing was written");
}

async fn a_good_file_is_written_and_pulled(backend: Backend) {
    let s = seeded(backend).await;
    let before = s.store.pull(0, u32::MAX).await.expect("pull").cursor;
    let job = import(&s.store, file(ROWS).into_bytes(), ImportOptions::default()).await;
    let view = job.view(0, 10);
    assert_eq!(view.state, ImportState::Done, "{:?}", view.problems);
    assert_eq!(
        (view.total_rows, view.rows_validated),
        (ROWS as u64, ROWS as u64)
    );
    assert_eq!(view.rows_written, ROWS as u64);
    // A terminal at the old cursor pulls every item (and each group), page by page.
    let mut cursor = before;
    let mut pulled = Vec::new();
    loop {
        let page = s.store.pull(cursor, 500).await.expect("pull");
        pulled.extend(page.changes);
        cursor = page.cursor;
        if !page.has_more {
            break;
        }
    }
    let items: Vec<&Product> = pulled
        .iter()
        .filter_map(|c| match c {
            Change::Product(p) => Some(p),
            _ => None,
        })
        .collect();
    assert_eq!(items.len(), ROWS);
    let (expected, groups) = sample::items(ROWS, "IMP");
    let first_variant = expected
        .iter()
        .find(|p| p.variant.is_some())
        .expect("a variant");
    let got = items
        .iter()
        .find(|p| p.sku == first_variant.sku)
        .expect("pulled");
    let mut want = first_variant.clone();
    want.id = got.id.clone();
    assert_eq!(**got, want);
    let pulled_groups = pulled
        .iter()
        .filter(|c| matches!(c, Change::ProductGroup(_)))
        .count();
    assert_eq!(pulled_groups, groups.len());
}

async fn only_the_good_rows_when_asked(backend: Backend) {
    let s = seeded(backend).await;
    let text = with_cell(&file(30), 4, "barcodes", "4006381333932");
    let text = with_cell(&text, 9, "category", "nope");
    let options = ImportOptions {
        only_good_rows: true,
        ..ImportOptions::default()
    };
    let job = import(&s.store, text.into_bytes(), options).await;
    let view = job.view(0, 100);
    assert_eq!(view.state, ImportState::Done);
    assert_eq!(
        found(&view.problems),
        vec![
            (4, Some("barcodes"), "invalid_gtin"),
            (9, Some("category"), "unknown_category")
        ]
    );
    assert_eq!((view.rows_bad, view.rows_written), (2, 28));
    let skus: Vec<String> = products(&*s.store)
        .await
        .into_iter()
        .map(|p| p.sku)
        .collect();
    let (items, _) = sample::items(30, "IMP");
    assert!(skus.contains(&items[0].sku));
    assert!(!skus.contains(&items[2].sku), "row 4 was skipped");
    assert!(!skus.contains(&items[7].sku), "row 9 was skipped");
}

async fn each_bad_input_is_named_by_row_column_and_code(backend: Backend) {
    let s = seeded(backend).await;
    let demo = &s.catalog.products;
    let demo_barcode = demo
        .iter()
        .find_map(|p| p.barcode.clone())
        .expect("a demo barcode");
    let good = file(12);
    let (items, _) = sample::items(12, "IMP");
    let cases: Vec<(String, Vec<Found>)> = vec![
        (
            good.replacen("sku,", "sku,colour,", 1),
            vec![(1, Some("colour"), "unknown_column")],
        ),
        (
            good.replacen(",price,", ",prize,", 1),
            vec![
                (1, Some("prize"), "unknown_column"),
                (1, Some("price"), "missing_column"),
            ],
        ),
        (
            with_cell(&good, 5, "sku", &items[0].sku),
            vec![(5, Some("sku"), "duplicate_sku")],
        ),
        (
            with_cell(
                &good,
                6,
                "barcodes",
                items[1].barcode.as_deref().unwrap_or(""),
            ),
            vec![(6, Some("barcodes"), "duplicate_barcode")],
        ),
        (
            with_cell(&good, 2, "sku", &demo[0].sku),
            vec![(2, Some("sku"), "sku_exists")],
        ),
        (
            with_cell(&good, 3, "barcodes", &demo_barcode),
            vec![(3, Some("barcodes"), "barcode_taken")],
        ),
        (
            with_cell(&good, 4, "barcodes", "4006381333932"),
            vec![(4, Some("barcodes"), "invalid_gtin")],
        ),
        (
            with_cell(&good, 5, "price", "-0.01"),
            vec![(5, Some("price"), "negative_amount")],
        ),
        (
            with_cell(&good, 6, "category", "nope"),
            vec![(6, Some("category"), "unknown_category")],
        ),
        (
            with_cell(&good, 7, "tax_rate", "zero"),
            vec![(7, Some("tax_rate"), "unknown_tax_rate")],
        ),
        (
            with_cell(&good, 8, "cost", "abc"),
            vec![(8, Some("cost"), "invalid_number")],
        ),
        (
            with_cell(&good, 9, "price", "1 000"),
            vec![(9, Some("price"), "ambiguous_number")],
        ),
        (
            with_cell(&good, 10, "price", "1.999"),
            vec![(10, Some("price"), "invalid_amount")],
        ),
        (
            with_cell(&good, 11, "unit", "pcs"),
            vec![(11, Some("unit"), "invalid_value")],
        ),
        (
            good.replacen('\n', "\nX-1,Tea\n", 1),
            vec![(2, None, "malformed_csv")],
        ),
    ];
    for (text, expected) in cases {
        let job = import(&s.store, text.into_bytes(), ImportOptions::default()).await;
        let view = job.view(0, 100);
        assert_eq!(view.state, ImportState::Rejected, "{expected:?}");
        assert_eq!(found(&view.problems), expected);
        assert!(view.problems.iter().all(|p| !p.message.is_empty()));
    }
    let after = s.store.pull(0, u32::MAX).await.expect("pull");
    assert_eq!(after.changes.len(), DEMO_CHANGES, "nothing half-written");
}

/// A store with the demo's categories and tax rates and nothing else.
async fn bare(backend: Backend) -> (TestDb, Arc<dyn Store>) {
    let db = TestDb::create(backend).await;
    let store = db.open().await;
    let write = CatalogWrite {
        tax_rates: demo_tax_rates(),
        categories: demo_categories(),
        ..CatalogWrite::default()
    };
    store.write_catalog(&write).await.expect("write");
    (db, store)
}

async fn export_of(store: &dyn Store, sep: DecimalSeparator, delimiter: u8) -> String {
    let changes = store.pull(0, u32::MAX).await.expect("pull").changes;
    let (products, groups) = export::from_changes(changes);
    let mut out = Vec::new();
    export::write(&mut out, &products, &groups, sep, delimiter).expect("export");
    String::from_utf8(out).expect("utf-8")
}

async fn an_export_imports_as_the_same_catalog(backend: Backend) {
    let (_a_db, a) = bare(backend).await;
    let job = import(&a, file(300).into_bytes(), ImportOptions::default()).await;
    assert_eq!(job.state(), ImportState::Done);
    let exported = export_of(&*a, DecimalSeparator::Dot, b',').await;
    assert_eq!(exported.lines().count(), 301);
    let (_b_db, b) = bare(backend).await;
    let job = import(&b, exported.clone().into_bytes(), ImportOptions::default()).await;
    assert_eq!(job.state(), ImportState::Done, "{:?}", job.problems());
    assert_eq!(export_of(&*b, DecimalSeparator::Dot, b',').await, exported);
    assert_eq!(strip(products(&*a).await), strip(products(&*b).await));
}

async fn a_comma_file_reads_as_the_dot_file_and_not_the_other_way(backend: Backend) {
    let comma = sample::csv(50, "IMP", DecimalSeparator::Comma, b';').expect("sample");
    let (_db, store) = bare(backend).await;
    let wrong = ImportOptions {
        delimiter: b';',
        ..ImportOptions::default()
    };
    let job = import(&store, comma.clone(), wrong).await;
    let view = job.view(0, 1000);
    assert_eq!(view.state, ImportState::Rejected);
    assert!(
        view.problems.iter().all(|p| p.code == "ambiguous_number"),
        "{:?}",
        view.problems
    );
    let right = ImportOptions {
        decimal_separator: DecimalSeparator::Comma,
        delimiter: b';',
        ..ImportOptions::default()
    };
    let job = import(&store, comma, right).await;
    assert_eq!(job.state(), ImportState::Done, "{:?}", job.problems());
    let (expected, _) = sample::items(50, "IMP");
    assert_eq!(strip(products(&*store).await), strip(expected));
}

/// Items without their ids (given by the import), by SKU.
fn strip(mut items: Vec<Product>) -> Vec<Product> {
    items.iter_mut().for_each(|p| p.id.clear());
    items.sort_by(|x, y| x.sku.cmp(&y.sku));
    items
}

async fn update_existing_replaces_items_by_sku(backend: Backend) {
    let (_db, store) = bare(backend).await;
    let text = file(10);
    assert_eq!(
        import(&store, text.clone().into_bytes(), ImportOptions::default())
            .await
            .state(),
        ImportState::Done
    );
    let changed = with_cell(&text, 2, "price", "2.22");
    let job = import(
        &store,
        changed.clone().into_bytes(),
        ImportOptions::default(),
    )
    .await;
    assert_eq!(job.view(0, 100).rows_bad, 10, "every SKU exists");
    let update = ImportOptions {
        update_existing: true,
        ..ImportOptions::default()
    };
    let job = import(&store, changed.into_bytes(), update).await;
    assert_eq!(job.state(), ImportState::Done, "{:?}", job.problems());
    let (items, _) = sample::items(10, "IMP");
    let all = products(&*store).await;
    let first = all.iter().find(|p| p.sku == items[0].sku).expect("kept");
    assert_eq!(first.price.to_string(), "2.22");
    assert_eq!(first.version, 2);
    assert_eq!(all.len(), 10, "replaced, not added");
}
