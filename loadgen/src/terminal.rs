//! One simulated terminal: completes a sale every interval and pushes it, recording latency and errors.

use crate::catalog::Catalog;
use rust_decimal::Decimal;
use shared::auth::Enrollment;
use shared::basket::{Basket, BasketLine, Unit};
use shared::document::SaleDocument;
use shared::pricing::context::PricingContext;
use shared::sale::SaleHeader;
use shared::sync::{Mutation, MutationBody, PushRequest, PushResponse};
use shared::tender::Payment;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;
use uuid::Uuid;

pub struct Terminal {
    client: reqwest::Client,
    url: String,
    catalog: Arc<Catalog>,
    device_id: Uuid,
    device_token: String,
    prefix: String,
    seq: u64,
    rng: u64,
}

#[derive(Default)]
pub struct Report {
    pub latencies: Vec<Duration>,
    pub errors: Vec<String>,
}

impl Terminal {
    pub fn new(
        client: reqwest::Client,
        url: String,
        catalog: Arc<Catalog>,
        device: Enrollment,
    ) -> Self {
        Terminal {
            client,
            url,
            catalog,
            prefix: device.receipt_prefix,
            device_id: device.device_id,
            device_token: device.device_token,
            seq: 0,
            rng: device.device_id.as_u128() as u64 | 1,
        }
    }

    fn next_random(&mut self) -> u64 {
        // xorshift64: enough to vary the carts.
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        self.rng
    }

    fn sale(&mut self) -> Result<SaleDocument, String> {
        let mut lines = Vec::new();
        let count = 1 + self.next_random() % 5;
        let catalog = self.catalog.clone();
        for _ in 0..count {
            let i = (self.next_random() % catalog.products.len() as u64) as usize;
            let product = &catalog.products[i];
            let rate = catalog
                .rates
                .iter()
                .find(|r| r.id == product.tax_rate_id)
                .ok_or_else(|| format!("product {} has an unknown tax rate", product.id))?;
            let qty = Decimal::from(1 + self.next_random() % 3);
            lines.push(BasketLine::with_rate(product, qty, Unit::Each, rate));
        }
        let basket = Basket {
            lines,
            order_discounts: vec![],
        };
        let now = chrono::Utc::now();
        let ctx = PricingContext::new(&self.catalog.policy, now.naive_local());
        let header = SaleHeader {
            id: Uuid::now_v7(),
            device_id: self.device_id,
            receipt_no: format!("{}-{:06}", self.prefix, self.seq + 1),
            created_at: now,
        };
        let total = shared::pricing::engine::price(&ctx, &basket)
            .map_err(|e| e.to_string())?
            .total;
        SaleDocument::complete(
            header,
            &ctx,
            &basket,
            vec![Payment::Cash { amount: total }],
            Decimal::ZERO,
            None,
        )
        .map_err(|e| e.to_string())
    }

    pub async fn run(mut self, offset: Duration, interval: Duration, deadline: Instant) -> Report {
        let mut report = Report::default();
        let mut next = Instant::now() + offset;
        while next < deadline {
            tokio::time::sleep_until(next).await;
            next += interval;
            let sale = match self.sale() {
                Ok(s) => s,
                Err(e) => {
                    report.errors.push(format!("building a sale: {e}"));
                    continue;
                }
            };
            let mutation = Mutation {
                id: Uuid::now_v7(),
                seq: self.seq + 1,
                body: MutationBody::CompleteSale { sale },
            };
            let request = PushRequest {
                device_id: self.device_id,
                mutations: vec![mutation],
            };
            let started = Instant::now();
            let result = self
                .client
                .post(format!("{}/api/v1/sync/push", self.url))
                .header("X-Device-Token", &self.device_token)
                .json(&request)
                .send()
                .await;
            let elapsed = started.elapsed();
            match result {
                Ok(resp) if resp.status().is_success() => match resp.json::<PushResponse>().await {
                    Ok(r) if r.last_applied_seq == self.seq + 1 => {
                        self.seq += 1;
                        report.latencies.push(elapsed);
                    }
                    Ok(r) => report.errors.push(format!(
                        "expected seq {}, server says {}",
                        self.seq + 1,
                        r.last_applied_seq
                    )),
                    Err(e) => report.errors.push(format!("bad push answer: {e}")),
                },
                Ok(resp) => {
                    let status = resp.status();
                    let body = resp.text().await.unwrap_or_default();
                    report
                        .errors
                        .push(format!("push answered {status}: {body}"));
                }
                Err(e) => report.errors.push(format!("push failed: {e}")),
            }
        }
        report
    }
}
