//! The app's one context value: UI state as plain data in signals, plus the services' long-lived handles
//! (`services::context::Handles`, never in a signal).

use super::context::Handles;
use crate::api::Client;
use crate::db::Store;
use crate::model::added::Added;
use crate::model::catalog::Catalog;
use crate::model::commerce::{self, StoreData};
use crate::model::discount::DiscountTarget;
use crate::model::open_order::PendingExchange;
use crate::model::order::Order;
use crate::model::outbox::Pending;
use crate::model::toast::Toast;
use crate::model::undo::Undo;
use chrono::NaiveDateTime;
use leptos::html::Input;
use leptos::prelude::*;
use shared::auth::{Permission, Session};
use shared::catalog::{Product, StoreSettings, TaxRate};
use shared::discount::ManualDiscount;
use shared::document::{Approval, Refund, SaleDocument, Void};
use shared::pricing::error::PricingError;
use shared::pricing::priced::PricedCart;
use std::rc::Rc;
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Checkout,
    /// A receipt: the sale just completed (`from_list: false`) or one picked from today's sales.
    Receipt {
        from_list: bool,
    },
    Sales,
    /// The back office (audit log), for staff whose session holds `Permission::AuditView` (its own wasm).
    #[cfg(feature = "office")]
    Office,
}

/// Where the page opens: the checkout, or in the back office's wasm (`services::navigate`) the back office.
#[cfg(not(feature = "office"))]
const START_SCREEN: Screen = Screen::Checkout;
#[cfg(feature = "office")]
const START_SCREEN: Screen = Screen::Office;

/// What the product area shows while the search box is empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Browse {
    /// Every product: the first screen.
    All,
    Category(String),
}

/// A document on the receipt screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Document {
    Sale(SaleDocument),
    /// A refund, with the receipt number and the line units of the sale it refunds when this terminal knows
    /// it.
    Refund {
        refund: Refund,
        sale_receipt_no: Option<String>,
        sale_units: Vec<shared::basket::Unit>,
    },
    /// A void, with the sale it cancels: that sale's receipt, marked VOID.
    Void {
        void: Box<Void>,
        sale: Box<SaleDocument>,
    },
    /// Goods taken back without a receipt.
    Return(Box<shared::document::UnreceiptedReturn>),
}

/// The small dialogs over the checkout and the receipt (payment has its own flag).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dialog {
    Discount(DiscountTarget),
    Coupon,
    Customer,
    /// A weighed product waiting for its weight.
    /// (Boxed: a product is large beside the other dialogs.)
    Weight(Box<Product>),
    /// Refund lines of this sale.
    Refund(Box<SaleDocument>),
    /// Void this sale (of today, not refunded), with a reason.
    Void(Box<SaleDocument>),
    /// See prices without adding anything.
    PriceCheck,
    /// Sell an amount typed at the till (open price).
    CustomAmount,
    /// Take goods back without a receipt.
    ReturnNoReceipt,
    /// Confirm signing out (`switch`: switching cashier).
    SignOut {
        switch: bool,
    },
    /// Type a line's quantity (pieces) or weigh it again (kg) on a keypad.
    Quantity {
        product_id: String,
        name: String,
        unit: shared::basket::Unit,
    },
}

/// Where the terminal is: reading its storage, waiting to be enrolled, waiting for a PIN, or selling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Starting,
    Enroll,
    SignIn,
    SignedIn,
}

/// What a manager's approval unlocks; done as soon as it is given.
#[derive(Clone, Debug)]
pub enum AfterApproval {
    /// Complete what the open dialog has chosen (a refund's lines, a void, an exchange's return), stamped with
    /// the approval (`None`: the staff holds the permission). Chosen first, approved after.
    Confirm(Callback<Option<Approval>>),
    /// Apply this discount and close the discount dialog.
    Discount {
        target: DiscountTarget,
        discount: ManualDiscount,
    },
}

/// The "Manager approval" dialog: the permission the signed-in staff lacks and what waits for it.
#[derive(Clone, Debug)]
pub struct ApprovalRequest {
    pub permission: Permission,
    /// What is being approved, for the dialog ("Refund from receipt ABCD-000001").
    pub what: String,
    pub then: AfterApproval,
}

/// Enrollment and sign-in (see `services::session`).
#[derive(Clone, Copy)]
pub struct AuthSignals {
    /// The stored identity and session have been read.
    pub loaded: RwSignal<bool>,
    /// The enrolled terminal's name; `None` until the terminal is enrolled.
    pub terminal_name: RwSignal<Option<String>>,
    /// Who is signed in.
    pub session: RwSignal<Option<Session>>,
    /// The server refused the device token: the enrollment was revoked.
    pub revoked: RwSignal<bool>,
    /// Someone asked to enroll the (revoked) terminal again.
    pub re_enroll: RwSignal<bool>,
    /// The open "Manager approval" dialog.
    pub approval: RwSignal<Option<ApprovalRequest>>,
    /// The approval of the action on screen (the approver is shown in the refund dialog and stamped on the
    /// refund), until the dialog closes.
    pub approved: RwSignal<Option<shared::document::Approval>>,
    /// The till is locked (`services::lock`): since when, in ms since the epoch.
    pub locked: RwSignal<Option<f64>>,
    pub phase: Memo<Phase>,
}

impl AuthSignals {
    fn new() -> Self {
        let loaded = RwSignal::new(false);
        let terminal_name = RwSignal::new(None::<String>);
        let session = RwSignal::new(None::<Session>);
        let re_enroll = RwSignal::new(false);
        AuthSignals {
            loaded,
            terminal_name,
            session,
            revoked: RwSignal::new(false),
            re_enroll,
            approval: RwSignal::new(None),
            approved: RwSignal::new(None),
            locked: RwSignal::new(None),
            phase: Memo::new(move |_| {
                if !loaded.get() {
                    Phase::Starting
                } else if terminal_name.with(Option::is_none) || re_enroll.get() {
                    Phase::Enroll
                } else if session.with(Option::is_none) {
                    Phase::SignIn
                } else {
                    Phase::SignedIn
                }
            }),
        }
    }

    /// The signed-in staff holds `permission` (from their session, so it works offline too).
    pub fn can(&self, permission: Permission) -> bool {
        self.session.with_untracked(|s| {
            s.as_ref()
                .is_some_and(|s| s.staff.permissions.contains(&permission))
        })
    }

    /// The signed-in staff member's name ("" when nobody is signed in).
    pub fn staff_name(&self) -> String {
        self.session
            .with(|s| s.as_ref().map(|s| s.staff.name.clone()))
            .unwrap_or_default()
    }

    pub fn signed_in_untracked(&self) -> bool {
        self.phase.get_untracked() == Phase::SignedIn
    }
}

/// The back office reached from a terminal that is not enrolled: a manager's password session, never the
/// terminal's (see `services::office`).
#[cfg(feature = "office")]
#[derive(Clone, Copy)]
pub struct OfficeSignals {
    /// The remote sign-in form is open (instead of enrollment).
    pub signing_in: RwSignal<bool>,
    /// The signed-in manager's session (also in sessionStorage, so a reload keeps it).
    pub remote: RwSignal<Option<Session>>,
}

/// The park dialogs (`ui::parked`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParkView {
    /// Name the order and park it.
    Park,
    /// The parked orders to resume.
    List,
}

/// Parked orders (`services::parked`).
#[derive(Clone, Copy)]
pub struct ParkedSignals {
    /// This till's records, as last read or written.
    pub records: RwSignal<Vec<crate::model::parked::ParkedOrder>>,
    /// The store's parked orders as the server last listed them.
    pub remote: RwSignal<Vec<shared::held::HeldOrder>>,
    pub view: RwSignal<Option<ParkView>>,
    /// A message in the open park dialog (a claim refused, nothing to park).
    pub message: RwSignal<Option<String>>,
}

#[derive(Clone, Copy)]
pub struct SyncSignals {
    /// `navigator.onLine`, kept up to date by the `online` / `offline` events.
    pub browser_online: RwSignal<bool>,
    /// The last request to the server got an answer.
    pub reachable: RwSignal<bool>,
    /// Outbox size and the age of its oldest sale.
    pub pending: RwSignal<Pending>,
}

impl SyncSignals {
    pub fn online(&self) -> bool {
        self.browser_online.get() && self.reachable.get()
    }
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub device_id: RwSignal<Option<Uuid>>,
    /// Policy, promotions, price lists, customers, coupons and gift cards, as last pulled.
    pub data: RwSignal<StoreData>,
    /// The store settings of `data`'s policy.
    pub settings: Memo<StoreSettings>,
    pub tax_rates: RwSignal<Vec<TaxRate>>,
    pub catalog: RwSignal<Catalog>,
    /// The order being rung up (kept in IndexedDB on every change, restored at start: `services::open_order`).
    pub cart: RwSignal<Order>,
    /// What the last Remove, − at one or Clear cart took off the order, while it can be put back.
    pub undo: RwSignal<Option<Undo>>,
    /// An exchange whose return pays (part of) the order being rung up.
    pub exchange: RwSignal<Option<PendingExchange>>,
    /// Store-local wall-clock time to the minute, for promotion and price list windows.
    pub now: Memo<NaiveDateTime>,
    /// The order priced by the engine, on every change of the order, the store data or the minute.
    pub priced: Memo<Result<PricedCart, PricingError>>,
    pub screen: RwSignal<Screen>,
    pub browse: RwSignal<Browse>,
    /// Text of the search box, as last typed (Enter reads the input itself, not this).
    pub query: RwSignal<String>,
    /// A quantity multiplier typed alone ("3×"): the next piece product added comes this many times.
    pub multiplier: RwSignal<Option<u32>>,
    /// What "Find a sale" found, kept while a found sale's receipt is open.
    pub found_sales: RwSignal<crate::model::sale_search::FoundSales>,
    pub payment_open: RwSignal<bool>,
    /// The open dialog other than payment.
    pub dialog: RwSignal<Option<Dialog>>,
    /// The receipt on screen.
    pub receipt: RwSignal<Option<Document>>,
    /// A short message about the last scan or cart action ("No product with barcode …").
    pub notice: RwSignal<Option<String>>,
    /// A transient message over the screen (an unknown barcode), gone by itself (`model::toast`).
    pub toast: RwSignal<Option<Toast>>,
    /// The cart line just added: scrolled to and flashed.
    pub added: RwSignal<Option<Added>>,
    /// A storage problem, until dismissed.
    pub error: RwSignal<Option<String>>,
    /// A sync problem other than being offline, until the next successful exchange or dismissal.
    pub sync_error: RwSignal<Option<String>>,
    pub sync: SyncSignals,
    pub auth: AuthSignals,
    pub parked: ParkedSignals,
    #[cfg(feature = "office")]
    pub office: OfficeSignals,
    /// The clock for relative times, ticking every few seconds.
    pub now_ms: RwSignal<f64>,
    /// Bumped whenever stored sales change, so lists reload.
    pub sales_rev: RwSignal<u64>,
    pub search_input: NodeRef<Input>,
    /// The services' handles (store, API client, loop states).
    handles: StoredValue<Rc<Handles>, LocalStorage>,
}

impl AppState {
    pub fn new() -> Self {
        let cart = RwSignal::new(Order::default());
        let data = RwSignal::new(StoreData::default());
        let now_ms = RwSignal::new(crate::ids::now_ms());
        let now = Memo::new(move |_| crate::ids::local_minute(now_ms.get()));
        let online = web_sys::window()
            .map(|w| w.navigator().on_line())
            .unwrap_or(true);
        AppState {
            device_id: RwSignal::new(None),
            data,
            settings: Memo::new(move |_| data.with(|d| d.settings().clone())),
            tax_rates: RwSignal::new(Vec::new()),
            catalog: RwSignal::new(Catalog::default()),
            cart,
            undo: RwSignal::new(None),
            exchange: RwSignal::new(None),
            now,
            priced: Memo::new(move |_| {
                let now = now.get();
                cart.with(|o| data.with(|d| commerce::price_order(o, d, now)))
            }),
            screen: RwSignal::new(START_SCREEN),
            browse: RwSignal::new(Browse::All),
            query: RwSignal::new(String::new()),
            multiplier: RwSignal::new(None),
            found_sales: RwSignal::new(Default::default()),
            payment_open: RwSignal::new(false),
            dialog: RwSignal::new(None),
            receipt: RwSignal::new(None),
            notice: RwSignal::new(None),
            toast: RwSignal::new(None),
            added: RwSignal::new(None),
            error: RwSignal::new(None),
            sync_error: RwSignal::new(None),
            sync: SyncSignals {
                browser_online: RwSignal::new(online),
                reachable: RwSignal::new(online),
                pending: RwSignal::new(Pending::default()),
            },
            auth: AuthSignals::new(),
            parked: ParkedSignals {
                records: RwSignal::new(Vec::new()),
                remote: RwSignal::new(Vec::new()),
                view: RwSignal::new(None),
                message: RwSignal::new(None),
            },
            // The back office's wasm opens on its screen: the audit log at the till, else the remote sign-in.
            #[cfg(feature = "office")]
            office: OfficeSignals {
                signing_in: RwSignal::new(true),
                remote: RwSignal::new(None),
            },
            now_ms,
            sales_rev: RwSignal::new(0),
            search_input: NodeRef::new(),
            handles: StoredValue::new_local(Rc::new(Handles::new(crate::ids::now_ms()))),
        }
    }

    /// The services' handles.
    pub fn handles(&self) -> Rc<Handles> {
        self.handles.get_value()
    }

    /// The IndexedDB store.
    pub fn store(&self) -> Store {
        self.handles().store.clone()
    }

    /// The API client.
    pub fn api(&self) -> Client {
        self.handles().api.clone()
    }

    /// A dialog (payment or another) is open: everything behind it is inert.
    pub fn modal_open(&self) -> bool {
        self.payment_open.get()
            || self.dialog.with(Option::is_some)
            || self.parked.view.with(Option::is_some)
            || self.auth.approval.with(Option::is_some)
    }

    /// Same as `modal_open`, without subscribing.
    pub fn modal_open_untracked(&self) -> bool {
        self.payment_open.get_untracked()
            || self.dialog.with_untracked(Option::is_some)
            || self.parked.view.with_untracked(Option::is_some)
            || self.auth.approval.with_untracked(Option::is_some)
    }

    /// Put the caret back in the search box (after an add, a dialog, a new sale).
    pub fn focus_search(&self) {
        if let Some(input) = self.search_input.get_untracked() {
            let _ = input.focus();
        }
    }

    /// Focus the search box once the current render is done (after a dialog closes and the page is no
    /// longer inert).
    pub fn focus_search_soon(&self) {
        let state = *self;
        set_timeout(move || state.focus_search(), std::time::Duration::ZERO);
    }

    /// Raise a toast, now.
    pub fn show_toast(&self, text: String) {
        self.toast.set(Some(Toast::new(text, crate::ids::now_ms())));
    }

    /// Clear the search box and its text.
    pub fn clear_search(&self) {
        if let Some(input) = self.search_input.get_untracked() {
            input.set_value("");
        }
        self.query.set(String::new());
    }
}

pub fn use_state() -> AppState {
    expect_context::<AppState>()
}
