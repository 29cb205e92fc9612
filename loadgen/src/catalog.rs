//! Enrolls the simulated terminals and pulls the catalog they sell from, exactly as a terminal does.

use crate::Options;
use shared::auth::{EnrollRequest, Enrollment, LoginRequest, Session};
use shared::catalog::{Product, TaxRate};
use shared::policy::StorePolicy;
use shared::sync::{Change, PullResponse};

pub struct Catalog {
    pub policy: StorePolicy,
    pub rates: Vec<TaxRate>,
    pub products: Vec<Product>,
}

/// Sign in as a manager and enroll `count` devices, as a manager does once per till.
pub async fn enroll(
    client: &reqwest::Client,
    o: &Options,
    count: u32,
) -> Result<Vec<Enrollment>, String> {
    let login = LoginRequest {
        email: o.email.clone(),
        password: o.password.clone(),
    };
    let session: Session = client
        .post(format!("{}/api/v1/auth/login", o.url))
        .json(&login)
        .send()
        .await
        .map_err(|e| e.to_string())?
        .error_for_status()
        .map_err(|e| format!("sign-in: {e}"))?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    let mut devices = Vec::new();
    for i in 0..count {
        let device: Enrollment = client
            .post(format!("{}/api/v1/devices", o.url))
            .bearer_auth(&session.token)
            .json(&EnrollRequest {
                name: format!("loadgen {}", i + 1),
                store_id: None,
            })
            .send()
            .await
            .map_err(|e| e.to_string())?
            .error_for_status()
            .map_err(|e| format!("enrolling: {e}"))?
            .json()
            .await
            .map_err(|e| e.to_string())?;
        devices.push(device);
    }
    Ok(devices)
}

pub async fn pull(
    client: &reqwest::Client,
    url: &str,
    device_token: &str,
) -> Result<Catalog, String> {
    let mut cursor = 0u64;
    let mut policy = None;
    let mut settings = None;
    let mut rates = Vec::new();
    let mut products = Vec::new();
    loop {
        let page: PullResponse = client
            .get(format!("{url}/api/v1/sync/pull?cursor={cursor}&limit=1000"))
            .header("X-Device-Token", device_token)
            .send()
            .await
            .map_err(|e| e.to_string())?
            .error_for_status()
            .map_err(|e| e.to_string())?
            .json()
            .await
            .map_err(|e| e.to_string())?;
        for change in page.changes {
            match change {
                Change::Policy(p) => policy = Some(p),
                Change::Settings(s) => settings = Some(s),
                Change::TaxRate(r) => rates.push(r),
                // Weighed goods need a scale: the simulated terminals sell pieces only.
                Change::Product(p) if p.active && p.unit == Default::default() => products.push(p),
                _ => {}
            }
        }
        cursor = page.cursor;
        if !page.has_more {
            break;
        }
    }
    let policy = policy
        .or_else(|| settings.map(StorePolicy::from))
        .ok_or("the server sent no store settings")?;
    if products.is_empty() {
        return Err("the server has no products to sell".into());
    }
    Ok(Catalog {
        policy,
        rates,
        products,
    })
}
