//! No card numbers anywhere: after card sales (references like "AUTH 123456"), the database files, the server's
//! logs and the push payloads hold no Luhn-valid 13–19 digit sequence; a push that carries one is refused with
//! 422 `card_number_in_payload` and is neither stored nor logged.

mod common;

use common::{at_minute, expect_error, mutation, push_request, start, Catalog, SaleSpec};
use reqwest::header::CONTENT_TYPE;
use reqwest::StatusCode;
use shared::document::SaleDocument;
use shared::tender::Payment;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use uuid::Uuid;

/// Everything the server logs in this test binary, at every level.
fn captured_logs() -> Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let sink = buffer.clone();
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("trace"))
            .with_ansi(false)
            .with_writer(move || LogWriter(sink.clone()))
            .init();
        buffer
    })
    .clone()
}

struct LogWriter(Arc<Mutex<Vec<u8>>>);

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            let v = u32::from(d - b'0');
            match (i % 2, v * 2) {
                (1, twice) if twice > 9 => twice - 9,
                (1, twice) => twice,
                _ => v,
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Replace every UUID (`8-4-4-4-12` hex), every SHA-256 hex digest (64 hex digits: the stored body hashes) and
/// every known non-card number with `#`: ids, hashes and catalog barcodes are not card numbers, but a random
/// hex digest may hold a Luhn-valid digit run, and adjacent to other text they could join into a long one.
fn mask(bytes: &[u8], known: &[String]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let mut i = 0;
    while i + 64 <= out.len() {
        if out[i..i + 64]
            .iter()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        {
            out[i..i + 64].fill(b'#');
            i += 64;
        } else {
            i += 1;
        }
    }
    let is_uuid = |w: &[u8]| {
        w.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
    };
    let mut i = 0;
    while i + 36 <= out.len() {
        if is_uuid(&out[i..i + 36]) {
            out[i..i + 36].fill(b'#');
            i += 36;
        } else {
            i += 1;
        }
    }
    for k in known {
        let k = k.as_bytes();
        let mut i = 0;
        while i + k.len() <= out.len() {
            if &out[i..i + k.len()] == k {
                out[i..i + k.len()].fill(b'#');
                i += k.len();
            } else {
                i += 1;
            }
        }
    }
    out
}

/// Luhn-valid runs of 13–19 consecutive digits (as text).
fn card_numbers_in(bytes: &[u8], known: &[String]) -> Vec<String> {
    let masked = mask(bytes, known);
    masked
        .split(|b| !b.is_ascii_digit())
        .filter(|run| (13..=19).contains(&run.len()) && luhn(run))
        .map(|run| String::from_utf8_lossy(run).into_owned())
        .collect()
}

fn card_sale(catalog: &Catalog, device: Uuid, n: usize, reference: &str) -> SaleDocument {
    let indexes = [n, n + 7, n + 7];
    let receipt_no = format!("T1-{n:04}");
    let payments = vec![Payment::Card {
        amount: catalog.total(&indexes, at_minute(n as i64)),
        reference: reference.into(),
    }];
    catalog.sale_with(SaleSpec {
        payments: Some(payments),
        ..SaleSpec::new(device, &receipt_no, at_minute(n as i64), &indexes)
    })
}

async fn post_bytes(srv: &common::TestServer, device: Uuid, body: Vec<u8>) -> reqwest::Response {
    srv.client
        .post(srv.url("/api/v1/sync/push"))
        .header(common::auth::DEVICE_HEADER, srv.device_token(device).await)
        .header(CONTENT_TYPE, "application/json")
        .body(body)
        .send()
        .await
        .expect("push sent")
}

#[tokio::test]
async fn no_card_numbers_in_the_database_logs_or_payloads() {
    let logs = captured_logs();
    let mut srv = start().await;
    let catalog = srv.catalog().await;
    let barcodes: Vec<String> = catalog
        .products
        .iter()
        .filter_map(|p| p.barcode.clone())
        .collect();
    let device = Uuid::now_v7();

    // Card sales as a terminal sends them, one push each; the payload bytes are kept for the scan.
    let mut payloads = Vec::new();
    for n in 1..=12u64 {
        let reference = format!("AUTH {:06}", 123_456 + n * 7919);
        let sale = card_sale(&catalog, device, n as usize, &reference);
        let body =
            serde_json::to_vec(&push_request(device, vec![mutation(n, sale)])).expect("json");
        let res = post_bytes(&srv, device, body.clone()).await;
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "{}",
            res.text().await.unwrap_or_default()
        );
        payloads.extend_from_slice(&body);
    }
    assert_eq!(srv.sales_count().await, 12);

    // The defence: a card number in a reference or a free-text field is refused, without echoing it.
    let pans = ["4111 1111 1111 1111", "5555555555554444", "378282246310005"];
    let mut with_reference = card_sale(&catalog, device, 20, pans[0]);
    with_reference.receipt_no = "T1-0020".into();
    let mut with_name = card_sale(&catalog, device, 21, "AUTH 777777");
    with_name.priced.lines[0].name = format!("Gift card {}", pans[1]);
    let mut with_receipt = card_sale(&catalog, device, 22, "AUTH 888888");
    with_receipt.receipt_no = pans[2].into();
    for sale in [with_reference, with_name, with_receipt] {
        let res = srv
            .push(&push_request(device, vec![mutation(13, sale)]))
            .await;
        let body = expect_error(
            res,
            StatusCode::UNPROCESSABLE_ENTITY,
            "card_number_in_payload",
        )
        .await;
        assert!(
            card_numbers_in(body.message.as_bytes(), &[]).is_empty(),
            "{}",
            body.message
        );
        assert!(
            !body.message.contains("1111")
                && !body.message.contains("4444")
                && !body.message.contains("0005")
        );
    }
    assert_eq!(srv.sales_count().await, 12, "a refused sale was stored");
    // The device's sequence did not move: the next sale is still 13.
    let next = card_sale(&catalog, device, 30, "AUTH 999999");
    assert_eq!(
        srv.push_ok(&push_request(device, vec![mutation(13, next)]))
            .await,
        13
    );

    // Stop (checkpoints the WAL into the database file), then scan every file of the data directory.
    srv.stop().await;
    let mut scanned = 0;
    for entry in std::fs::read_dir(srv.dir.path().join("data")).expect("data dir") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("read data file");
        scanned += bytes.len();
        let found = card_numbers_in(&bytes, &barcodes);
        assert!(
            found.is_empty(),
            "card numbers {found:?} in {}",
            path.display()
        );
        for pan in pans {
            let digits: String = pan.chars().filter(char::is_ascii_digit).collect();
            assert!(
                !String::from_utf8_lossy(&bytes).contains(&digits),
                "{pan} stored in {}",
                path.display()
            );
        }
    }
    assert!(
        scanned > 50_000,
        "the database was not scanned ({scanned} bytes)"
    );

    let log_bytes = logs.lock().expect("logs").clone();
    assert!(
        String::from_utf8_lossy(&log_bytes).contains("/api/v1/sync/push"),
        "logs were not captured"
    );
    let found = card_numbers_in(&log_bytes, &barcodes);
    assert!(found.is_empty(), "card numbers {found:?} in the logs");
    for pan in pans {
        assert!(
            !String::from_utf8_lossy(&log_bytes).contains(pan),
            "{pan} logged"
        );
    }

    let found = card_numbers_in(&payloads, &barcodes);
    assert!(
        found.is_empty(),
        "card numbers {found:?} in the push payloads"
    );
    assert!(String::from_utf8_lossy(&payloads).contains("AUTH 1"));

    // The scan itself works: a card number planted in the same bytes is found.
    let mut planted = payloads.clone();
    planted.extend_from_slice(b"\"reference\":\"4012888888881881\"");
    assert_eq!(card_numbers_in(&planted, &barcodes), ["4012888888881881"]);
}
