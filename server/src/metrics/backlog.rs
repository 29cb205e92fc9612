//! The sync backlog: when each device last pushed successfully and how many mutations were applied in the last
//! minute, exposed as gauges computed at each scrape (a [`Collector`]).

use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeGaugeValue, EncodeMetric};
use prometheus_client::metrics::gauge::ConstGauge;
use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};
use uuid::Uuid;

const MINUTE: Duration = Duration::from_secs(60);

#[derive(Debug, Default)]
struct State {
    last_push: HashMap<Uuid, Instant>,
    /// (when, how many mutations were applied), oldest first, at most one minute old.
    recent: VecDeque<(Instant, u64)>,
}

impl State {
    fn prune(&mut self, now: Instant) {
        while self
            .recent
            .front()
            .is_some_and(|(at, _)| now.duration_since(*at) > MINUTE)
        {
            self.recent.pop_front();
        }
    }
}

/// Successful pushes by device, and recent applied mutations.
#[derive(Debug, Default)]
pub struct Backlog(Mutex<State>);

impl Backlog {
    fn lock(&self) -> MutexGuard<'_, State> {
        // Plain bookkeeping: a panic elsewhere while holding the lock leaves it usable.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// `device` pushed successfully at `now`, and `applied` of its mutations were new.
    pub fn pushed(&self, device: Uuid, applied: u64, now: Instant) {
        let mut state = self.lock();
        state.last_push.insert(device, now);
        if applied > 0 {
            state.recent.push_back((now, applied));
        }
        state.prune(now);
    }

    /// (mutations applied in the last minute, devices that pushed, seconds since the stalest one pushed).
    fn snapshot(&self, now: Instant) -> (u64, usize, f64) {
        let mut state = self.lock();
        state.prune(now);
        let last_minute = state.recent.iter().map(|(_, n)| n).sum();
        let oldest = state
            .last_push
            .values()
            .map(|at| now.duration_since(*at).as_secs_f64())
            .fold(0.0, f64::max);
        (last_minute, state.last_push.len(), oldest)
    }
}

fn gauge(
    encoder: &mut DescriptorEncoder,
    name: &str,
    help: &str,
    value: impl EncodeGaugeValue,
) -> std::fmt::Result {
    let gauge = ConstGauge::new(value);
    gauge.encode(encoder.encode_descriptor(name, help, None, gauge.metric_type())?)
}

impl Collector for Backlog {
    fn encode(&self, mut encoder: DescriptorEncoder) -> std::fmt::Result {
        let (last_minute, devices, oldest) = self.snapshot(Instant::now());
        gauge(
            &mut encoder,
            "sync_mutations_last_minute",
            "Mutations applied in the last 60 seconds (incoming sync load).",
            last_minute,
        )?;
        gauge(
            &mut encoder,
            "sync_devices",
            "Devices that pushed successfully since the server started.",
            devices,
        )?;
        gauge(
            &mut encoder,
            "sync_device_push_age_max_seconds",
            "Seconds since the stalest of those devices last pushed successfully (a terminal that stops \
             syncing makes this grow).",
            oldest,
        )
    }
}
