//! The page's few long-lived handles, held explicitly in ONE value (`Handles`, carried by `AppState` so every
//! service reaches it): the IndexedDB store, the API client with the device token, and the small state of the
//! push and pull loops, the open-order keeper, the inactivity lock and the session keep-alive. None of it is
//! in a signal: the UI sees only what the services write into `AppState`.

use crate::api::Client;
use crate::db::Store;
use leptos::prelude::TimeoutHandle;
use shared::lock::PinVerifier;
use std::cell::{Cell, RefCell};
use uuid::Uuid;

pub struct Handles {
    pub store: Store,
    pub api: Client,
    pub push: RefCell<PushState>,
    pub pull: RefCell<PullState>,
    /// Sync's listeners and timer are installed (once per page).
    pub sync_started: Cell<bool>,
    pub keeper: RefCell<Keeper>,
    /// The parked orders' sync round (`services::parked`).
    pub parked: RefCell<ParkedSync>,
    pub lock: RefCell<LockState>,
    /// When the signed-in session was last noted as used on the server (ms since the epoch).
    pub last_touch_ms: Cell<f64>,
}

impl Handles {
    pub fn new(now_ms: f64) -> Self {
        Handles {
            store: Store::default(),
            api: Client::default(),
            push: RefCell::default(),
            pull: RefCell::default(),
            sync_started: Cell::new(false),
            keeper: RefCell::default(),
            parked: RefCell::default(),
            lock: RefCell::new(LockState {
                last_input_ms: now_ms,
                verifier: None,
            }),
            last_touch_ms: Cell::new(0.0),
        }
    }
}

/// The push loop (`services::sync::push`): one push at a time, a request while one runs makes it go again.
#[derive(Default)]
pub struct PushState {
    pub running: bool,
    pub again: bool,
    pub failures: usize,
    pub timer: Option<TimeoutHandle>,
}

/// The pull loop (`services::sync::pull`): the cursor reached and whether a pull runs.
#[derive(Default)]
pub struct PullState {
    pub cursor: u64,
    pub running: bool,
}

/// The parked orders' sync (`services::parked::request_sync`): one round at a time, a request during one
/// makes it go round again.
#[derive(Default)]
pub struct ParkedSync {
    pub running: bool,
    pub again: bool,
}

/// The open-order keeper (`services::open_order`).
#[derive(Default)]
pub struct Keeper {
    /// Set once the stored order has been restored; nothing is written before.
    pub restored: bool,
    pub dirty: bool,
    /// A write or its cool-down is under way.
    pub busy: bool,
    /// Completions under way.
    pub completing: u32,
    /// A record is stored, as far as this page knows (a blank order then needs a delete).
    pub stored: bool,
}

/// The inactivity lock (`services::lock`).
pub struct LockState {
    /// The last input at the till (ms since the epoch).
    pub last_input_ms: f64,
    /// The signed-in staff member and the verifier of the PIN they signed in with (memory only).
    pub verifier: Option<(Uuid, PinVerifier)>,
}
