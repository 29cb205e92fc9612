//! `server import products` and `server export products` through the real binary on a SQLite data dir: a bad
//! row is listed with its row, column and reason and the exit code is 1 (nothing written); `--only-good-rows`
//! writes the rest and exits 3; a good file exits 0; the export is the CSV in the chosen locale.

mod common;

use common::{maintenance, text};
use server::catalog_csv::number::DecimalSeparator;
use server::catalog_csv::sample;
use server::seed::demo_catalog;
use server::store::sqlite::SqliteStore;
use server::store::Store;
use std::path::Path;

async fn product_count(data_dir: &Path) -> usize {
    let store = SqliteStore::open(&data_dir.join("pos.sqlite3"))
        .await
        .expect("opens");
    let n = store
        .products_page(None, 10_000)
        .await
        .expect("page")
        .products
        .len();
    store.close().await.expect("close");
    n
}

#[tokio::test]
async fn import_lists_bad_rows_and_exits_by_outcome_and_export_writes_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).expect("data dir");
    let store = SqliteStore::open(&data.join("pos.sqlite3"))
        .await
        .expect("opens");
    store.write_catalog(&demo_catalog()).await.expect("demo");
    store.close().await.expect("close");
    let demo = product_count(&data).await;

    let good =
        String::from_utf8(sample::csv(40, "CLI", DecimalSeparator::Comma, b';').expect("sample"))
            .expect("utf-8");
    let mut lines: Vec<String> = good.lines().map(str::to_owned).collect();
    let price = lines[0]
        .split(';')
        .position(|c| c == "price")
        .expect("price");
    let mut cells: Vec<String> = lines[6].split(';').map(str::to_owned).collect();
    cells[price] = "-1".into();
    lines[6] = cells.join(";");
    let bad_file = dir.path().join("bad.csv");
    std::fs::write(&bad_file, lines.join("\n")).expect("write");
    let bad = bad_file.to_str().expect("path");
    let format = ["--decimal-separator", ",", "--delimiter", ";"];

    let out = maintenance(
        &[&["import", "products", bad][..], &format[..]].concat(),
        &data,
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("nothing was written"), "{err}");
    assert!(
        err.contains("row 7, price: must not be negative (negative_amount)"),
        "{err}"
    );
    assert_eq!(product_count(&data).await, demo);

    let only_good = [
        &["import", "products", bad, "--only-good-rows"][..],
        &format[..],
    ]
    .concat();
    let out = maintenance(&only_good, &data);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("imported the 39 good rows"));
    assert_eq!(product_count(&data).await, demo + 39);

    let export = dir.path().join("out.csv");
    let out = maintenance(
        &[
            "export",
            "products",
            export.to_str().expect("path"),
            "--decimal-separator",
            ",",
        ],
        &data,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let exported = std::fs::read_to_string(&export).expect("exported");
    assert_eq!(exported.lines().count(), demo + 39 + 1);
    assert!(exported.starts_with(&sample::header(b',')));
    assert!(
        exported.contains(",\"19,90\","),
        "comma decimals are quoted"
    );

    let out = maintenance(&["export", "products"], &data);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout).lines().count(), demo + 39 + 1);

    let fresh = dir.path().join("fresh");
    let good_file = dir.path().join("good.csv");
    std::fs::write(&good_file, &good).expect("write");
    let store = SqliteStore::open(&{
        std::fs::create_dir_all(&fresh).expect("dir");
        fresh.join("pos.sqlite3")
    })
    .await
    .expect("opens");
    store.write_catalog(&demo_catalog()).await.expect("demo");
    store.close().await.expect("close");
    let good = good_file.to_str().expect("path");
    let out = maintenance(
        &[&["import", "products", good][..], &format[..]].concat(),
        &fresh,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("imported 40 of 40 rows"));
}
