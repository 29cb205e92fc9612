//! The webhook dispatcher: a Tokio task in every server process that fans new events out into deliveries
//! (`store::events::fan_out`), leases due deliveries, signs and sends them, and records each attempt.
//!
//! - At least once: a delivery is done only when its endpoint answered 2xx and that was recorded; a
//!   dispatcher that stops (or is killed) mid-send leaves its lease, which expires after
//!   [`DispatchConfig::lease`] (longer than a send may take, [`DispatchConfig::timeout`]), and any dispatcher
//!   takes the delivery again. Never two sends of one delivery at once: a lease is taken in one statement
//!   (`FOR UPDATE SKIP LOCKED` on PostgreSQL, the single writer on SQLite) and an outcome is recorded only
//!   while its claim still holds the lease.
//! - Receivers de-duplicate by `webhook-id` (the event id) and order by the resource version in the body.
//!   Deliveries are independent: a failing one never holds back later ones (up to `batch` sends are in
//!   flight; more are claimed whenever half of them are done, and outcomes are recorded as they finish).
//! - Retries ([`RETRY_SCHEDULE`]): after a failed attempt the delivery is due again 5 s, 5 min, 30 min, 2 h,
//!   5 h, 10 h and 10 h later (8 attempts over 27 h 35 min); a `Retry-After` answer (seconds or an HTTP date,
//!   at most 24 h) is honoured when later; after the last attempt it is dead-lettered (replayable). A 410
//!   answer disables the endpoint. Redirects are not followed (a 3xx is a failure).
//! - Time comes from the server's [`Clock`]; the HTTP client is a [`Transport`] (tests plug in their own).

use super::signing::{decode_secret, signature_header};
use super::ssrf::{check_url, AllowList, GuardedResolver};
use crate::clock::Clock;
use crate::store::events::{Job, Outcome, Verdict};
use crate::store::{Store, StoreResult};
use chrono::{DateTime, Utc};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{watch, Notify};
use tokio::task::{JoinHandle, JoinSet};

/// How long to wait after the n-th failed attempt before the next; after the last, the delivery is dead.
pub const RETRY_SCHEDULE: [Duration; 7] = [
    Duration::from_secs(5),
    Duration::from_secs(5 * 60),
    Duration::from_secs(30 * 60),
    Duration::from_secs(2 * 3600),
    Duration::from_secs(5 * 3600),
    Duration::from_secs(10 * 3600),
    Duration::from_secs(10 * 3600),
];

/// Bytes of an answer's body kept in the delivery log.
pub const EXCERPT_BYTES: usize = 512;

/// The dispatcher's settings.
#[derive(Clone, Debug)]
pub struct DispatchConfig {
    /// Waits after each failed attempt ([`RETRY_SCHEDULE`] in production).
    pub schedule: Vec<Duration>,
    /// A send (connect, request, answer) takes at most this long.
    pub timeout: Duration,
    /// A claimed delivery is this dispatcher's for this long (more than `timeout`).
    pub lease: Duration,
    /// Deliveries claimed (and sent concurrently) at once.
    pub batch: u32,
    /// With nothing due, look again after this long (or when woken).
    pub idle_poll: Duration,
    /// The longest `Retry-After` honoured.
    pub max_retry_after: Duration,
}

impl Default for DispatchConfig {
    fn default() -> Self {
        DispatchConfig {
            schedule: RETRY_SCHEDULE.to_vec(),
            timeout: Duration::from_secs(15),
            lease: Duration::from_secs(30),
            batch: 256,
            idle_poll: Duration::from_millis(500),
            max_retry_after: Duration::from_secs(24 * 3600),
        }
    }
}

/// A request to send.
#[derive(Clone, Debug)]
pub struct Request {
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

/// What an endpoint answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub retry_after: Option<String>,
    /// The first [`EXCERPT_BYTES`] of the body.
    pub excerpt: String,
}

/// A send's future: the answer, or why there was none (refused target, connection, timeout).
pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<Response, String>> + Send + 'a>>;

/// The HTTP client (pluggable: tests and benchmarks may bring their own).
pub trait Transport: Send + Sync + 'static {
    fn send(&self, req: Request) -> SendFuture<'_>;
}

/// The production client: `reqwest` with rustls, no redirects, bounded timeouts, the SSRF guard on the URL
/// and on every resolved address.
pub struct HttpTransport {
    client: reqwest::Client,
    allow: Arc<AllowList>,
}

impl HttpTransport {
    pub fn new(allow: AllowList, timeout: Duration) -> Result<HttpTransport, reqwest::Error> {
        let allow = Arc::new(allow);
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .dns_resolver(Arc::new(GuardedResolver {
                allow: allow.clone(),
            }))
            .user_agent(concat!("pos-webhooks/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(HttpTransport { client, allow })
    }
}

impl Transport for HttpTransport {
    fn send(&self, req: Request) -> SendFuture<'_> {
        Box::pin(async move {
            check_url(&req.url, &self.allow).map_err(|e| e.to_string())?;
            let mut builder = self.client.post(&req.url).body(req.body);
            for (name, value) in req.headers {
                builder = builder.header(name, value);
            }
            let mut answer = builder.send().await.map_err(|e| error_text(&e))?;
            let status = answer.status().as_u16();
            let retry_after = answer
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let mut body = Vec::new();
            while body.len() < EXCERPT_BYTES {
                match answer.chunk().await {
                    Ok(Some(chunk)) => body.extend_from_slice(&chunk),
                    Ok(None) => break,
                    // The status is the answer; a body cut short only shortens the excerpt.
                    Err(_) => break,
                }
            }
            body.truncate(EXCERPT_BYTES);
            Ok(Response {
                status,
                retry_after,
                excerpt: String::from_utf8_lossy(&body).into_owned(),
            })
        })
    }
}

/// An error with its causes (reqwest's own text is only the outermost).
fn error_text(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

/// The signed request of `job` at `now`.
pub fn request(job: &Job, now: DateTime<Utc>) -> Request {
    let body = job.event.body();
    let id = job.event.id.to_string();
    let timestamp = now.timestamp();
    let keys: Vec<Vec<u8>> = job
        .secrets
        .iter()
        .filter_map(|s| decode_secret(s).ok())
        .collect();
    let signature = signature_header(&keys, &id, timestamp, &body);
    Request {
        url: job.url.clone(),
        headers: vec![
            ("content-type", "application/json".into()),
            ("webhook-id", id),
            ("webhook-timestamp", timestamp.to_string()),
            ("webhook-signature", signature),
        ],
        body,
    }
}

/// `Retry-After` as a wait from `now`: seconds, or an HTTP date.
pub fn retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = DateTime::parse_from_rfc2822(value).ok()?;
    (at.with_timezone(&Utc) - now).to_std().ok()
}

/// What to record for an attempt of a delivery that had `attempts` before it.
pub fn verdict(
    config: &DispatchConfig,
    attempts: i64,
    answer: &Result<Response, String>,
    now: DateTime<Utc>,
) -> Verdict {
    let wait = match answer {
        Ok(r) if (200..300).contains(&r.status) => return Verdict::Delivered,
        Ok(r) if r.status == 410 => return Verdict::Gone,
        Ok(r) => r
            .retry_after
            .as_deref()
            .and_then(|v| retry_after(v, now))
            .map(|w| w.min(config.max_retry_after)),
        Err(_) => None,
    };
    let failures = usize::try_from(attempts).unwrap_or(0) + 1;
    let Some(delay) = config.schedule.get(failures - 1) else {
        return Verdict::Dead;
    };
    let delay = wait.map_or(*delay, |w| w.max(*delay));
    let delay = chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::MAX);
    Verdict::Retry(
        now.checked_add_signed(delay)
            .unwrap_or(DateTime::<Utc>::MAX_UTC),
    )
}

/// One dispatcher (one per server process; several may share a database).
pub struct Dispatcher {
    store: Arc<dyn Store>,
    transport: Arc<dyn Transport>,
    clock: Clock,
    config: DispatchConfig,
    id: String,
    claims: AtomicU64,
    wake: Arc<Notify>,
}

/// A running dispatcher: stop it (the batch being sent finishes first) or drop it (it is aborted).
pub struct Running {
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl Running {
    /// Finish the batch in flight, then end.
    pub async fn stop(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            if let Err(e) = task.await {
                tracing::error!(error = %e, "the webhook dispatcher failed");
            }
        }
    }

    /// End at once, mid-send if it is sending (as a crash would): its leases expire and others take over.
    pub fn abort(mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

impl Dispatcher {
    pub fn new(
        store: Arc<dyn Store>,
        transport: Arc<dyn Transport>,
        clock: Clock,
        config: DispatchConfig,
    ) -> Dispatcher {
        Dispatcher {
            store,
            transport,
            clock,
            config,
            id: uuid::Uuid::now_v7().to_string(),
            claims: AtomicU64::new(0),
            wake: Arc::new(Notify::new()),
        }
    }

    /// Wakes the dispatcher when it waits for work.
    pub fn waker(&self) -> Arc<Notify> {
        self.wake.clone()
    }

    /// Wake on `wake` (the server state's) instead of its own.
    pub fn with_waker(mut self, wake: Arc<Notify>) -> Dispatcher {
        self.wake = wake;
        self
    }

    /// Lease up to `room` due deliveries under a new claim and start sending each; answers how many.
    async fn claim_and_send(&self, room: u32, sends: &mut JoinSet<Sent>) -> StoreResult<usize> {
        // New events' deliveries first (several rounds when many events came in at once).
        while self.store.fan_out_events(FAN_OUT).await? == FAN_OUT as usize {}
        let now = self.clock.now();
        let lease = chrono::Duration::from_std(self.config.lease).unwrap_or(chrono::Duration::MAX);
        let claim = self.claims.fetch_add(1, Ordering::Relaxed);
        let owner: Arc<str> = format!("{}/{claim}", self.id).into();
        let jobs = self
            .store
            .claim_deliveries(&owner, now, now + lease, room)
            .await?;
        let claimed = jobs.len();
        for job in jobs {
            let transport = self.transport.clone();
            let clock = self.clock.clone();
            let timeout = self.config.timeout;
            let owner = owner.clone();
            sends.spawn(async move {
                let req = request(&job, clock.now());
                let started = Instant::now();
                let answer = match tokio::time::timeout(timeout, transport.send(req)).await {
                    Ok(answer) => answer,
                    Err(_) => Err(format!("no answer within {} ms", timeout.as_millis())),
                };
                let latency_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
                Sent {
                    owner,
                    job,
                    answer,
                    latency_ms,
                }
            });
        }
        Ok(claimed)
    }

    /// The outcome to record for a finished send.
    fn outcome(&self, sent: Sent) -> (Arc<str>, Outcome) {
        let at = self.clock.now();
        let verdict = verdict(&self.config, sent.job.attempts, &sent.answer, at);
        let (status, error, excerpt) = match sent.answer {
            Ok(r) => (Some(i64::from(r.status)), None, Some(r.excerpt)),
            Err(e) => (None, Some(e), None),
        };
        let outcome = Outcome {
            delivery_id: sent.job.delivery_id,
            endpoint_id: sent.job.endpoint_id,
            verdict,
            status,
            latency_ms: sent.latency_ms,
            error,
            excerpt,
            at,
        };
        (sent.owner, outcome)
    }

    /// Record finished sends, one transaction per claim they belong to.
    async fn record(&self, done: &mut Vec<(Arc<str>, Outcome)>) -> StoreResult<()> {
        done.sort_by(|a, b| a.0.cmp(&b.0));
        for group in done.chunk_by(|a, b| a.0 == b.0) {
            let outcomes: Vec<Outcome> = group.iter().map(|(_, o)| o.clone()).collect();
            self.store.finish_deliveries(&group[0].0, &outcomes).await?;
        }
        done.clear();
        Ok(())
    }

    /// Run until `stopping`: keep up to `batch` sends in flight, claiming more whenever half of them are done,
    /// and record outcomes in groups as they finish (when at most half are in flight, 64 are waiting, or
    /// [`RECORD_EVERY`] passed without a send finishing), so a slow or failing endpoint never holds back the
    /// others. Stopping lets the sends in flight finish and records them.
    async fn run(self, mut stopping: watch::Receiver<bool>) {
        let mut sends: JoinSet<Sent> = JoinSet::new();
        let mut done: Vec<(Arc<str>, Outcome)> = Vec::new();
        let batch = self.config.batch.max(1);
        let mut due = true;
        loop {
            let stop = *stopping.borrow();
            let in_flight = u32::try_from(sends.len()).unwrap_or(u32::MAX);
            if !stop && due && in_flight <= batch / 2 {
                match self.claim_and_send(batch - in_flight, &mut sends).await {
                    Ok(n) => due = n > 0,
                    Err(e) => {
                        tracing::warn!(error = %e, "claiming webhook deliveries failed; trying again");
                        due = false;
                    }
                }
            }
            if sends.is_empty() {
                if let Err(e) = self.record(&mut done).await {
                    tracing::warn!(error = %e, "recording webhook deliveries failed");
                }
                if stop {
                    break;
                }
                tokio::select! {
                    _ = tokio::time::sleep(self.config.idle_poll) => {}
                    _ = self.wake.notified() => {}
                    _ = stopping.changed() => {}
                }
                due = true;
                continue;
            }
            let mut tick = false;
            tokio::select! {
                finished = sends.join_next() => {
                    if let Some(Ok(sent)) = finished {
                        done.push(self.outcome(sent));
                    }
                    // A send that panicked is not recorded: its lease expires and it is sent again.
                }
                _ = tokio::time::sleep(RECORD_EVERY) => {
                    tick = true;
                    due = true;
                }
            }
            while let Some(finished) = sends.try_join_next() {
                if let Ok(sent) = finished {
                    done.push(self.outcome(sent));
                }
            }
            let half = sends.len() <= (batch as usize) / 2;
            if !done.is_empty() && (tick || half || done.len() >= 64) {
                if let Err(e) = self.record(&mut done).await {
                    tracing::warn!(error = %e, "recording webhook deliveries failed; their leases expire");
                    done.clear();
                }
            }
        }
    }

    /// Run as a task until stopped.
    pub fn spawn(self) -> Running {
        let (stop, stopping) = watch::channel(false);
        let task = tokio::spawn(self.run(stopping));
        Running {
            stop,
            task: Some(task),
        }
    }
}

/// A send that finished, with the claim it belongs to.
struct Sent {
    owner: Arc<str>,
    job: Job,
    answer: Result<Response, String>,
    latency_ms: i64,
}

/// Events fanned out into deliveries per transaction.
pub const FAN_OUT: u32 = 1000;

/// Outcomes waiting to be recorded are recorded at least this often while sends are in flight.
pub const RECORD_EVERY: Duration = Duration::from_millis(50);

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    fn answer(status: u16, retry_after: Option<&str>) -> Result<Response, String> {
        Ok(Response {
            status,
            retry_after: retry_after.map(str::to_owned),
            excerpt: String::new(),
        })
    }

    #[test]
    fn the_schedule_covers_more_than_a_day_then_dead_letters() {
        let total: Duration = RETRY_SCHEDULE.iter().sum();
        assert!(total >= Duration::from_secs(24 * 3600), "{total:?}");
        let config = DispatchConfig::default();
        let now = at("2026-12-07T10:00:00Z");
        assert_eq!(
            verdict(&config, 0, &answer(500, None), now),
            Verdict::Retry(at("2026-12-07T10:00:05Z"))
        );
        assert_eq!(
            verdict(&config, 1, &Err("reset".into()), now),
            Verdict::Retry(at("2026-12-07T10:05:00Z"))
        );
        assert_eq!(verdict(&config, 7, &answer(503, None), now), Verdict::Dead);
        assert_eq!(
            verdict(&config, 3, &answer(204, None), now),
            Verdict::Delivered
        );
        assert_eq!(verdict(&config, 0, &answer(410, None), now), Verdict::Gone);
        assert_eq!(
            verdict(&config, 0, &answer(301, None), now),
            Verdict::Retry(at("2026-12-07T10:00:05Z")),
            "a redirect is not followed: it is a failure"
        );
    }

    #[test]
    fn retry_after_is_honoured_when_later_and_capped() {
        let config = DispatchConfig::default();
        let now = at("2026-12-07T10:00:00Z");
        assert_eq!(
            verdict(&config, 0, &answer(429, Some("120")), now),
            Verdict::Retry(at("2026-12-07T10:02:00Z"))
        );
        assert_eq!(
            verdict(
                &config,
                0,
                &answer(503, Some("Mon, 07 Dec 2026 11:00:00 GMT")),
                now
            ),
            Verdict::Retry(at("2026-12-07T11:00:00Z"))
        );
        assert_eq!(
            verdict(&config, 0, &answer(503, Some("999999999")), now),
            Verdict::Retry(at("2026-12-08T10:00:00Z"))
        );
        assert_eq!(
            verdict(&config, 1, &answer(503, Some("1")), now),
            Verdict::Retry(at("2026-12-07T10:05:00Z")),
            "an earlier Retry-After does not shorten the schedule"
        );
    }
}
