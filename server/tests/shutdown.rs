//! Graceful shutdown over real HTTP: a push in flight when shutdown starts still gets its 200 and its sale is
//! in the database after a restart; new connections are refused meanwhile; a stuck request cannot hold the
//! server past the grace period.

mod common;

use common::{at_minute, mutation, push_request, test_config, Catalog};
use server::hooks::Hook;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, Semaphore};
use uuid::Uuid;

/// A hook that reports each push reaching it and then waits until the test releases it.
fn gate() -> (Hook, mpsc::UnboundedReceiver<()>, Arc<Semaphore>) {
    let (reached, on_reached) = mpsc::unbounded_channel();
    let release = Arc::new(Semaphore::new(0));
    let release_in_hook = release.clone();
    let hook: Hook = Arc::new(move || {
        let reached = reached.clone();
        let release = release_in_hook.clone();
        Box::pin(async move {
            let _ = reached.send(());
            if let Ok(permit) = release.acquire().await {
                permit.forget();
            }
        })
    });
    (hook, on_reached, release)
}

struct Running {
    base: String,
    /// Sends the token of the device the test pushes as.
    client: reqwest::Client,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

/// Serve `config`, with the device `device` registered (a terminal of the store).
async fn run(config: &server::Config, hook: Option<Hook>, device: Uuid) -> Running {
    let mut state = server::open_state(config).await.expect("state opens");
    let token = common::auth::register_device(state.store.as_ref(), device).await;
    let client = common::auth::device_client(&token);
    state.hooks.before_push_applied = hook;
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(server::serve(listener, state, async {
        let _ = stopped.await;
    }));
    Running {
        base,
        client,
        stop,
        task,
    }
}

async fn catalog(client: &reqwest::Client, base: &str) -> Catalog {
    let page: shared::sync::PullResponse = client
        .get(format!("{base}/api/v1/sync/pull?limit=5000"))
        .send()
        .await
        .expect("pull")
        .json()
        .await
        .expect("json");
    Catalog::from_changes(page.changes)
}

#[tokio::test]
async fn an_in_flight_push_completes_and_survives_a_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = test_config(dir.path());
    let (hook, mut reached, release) = gate();
    let device = Uuid::now_v7();
    let server = run(&config, Some(hook), device).await;
    let client = server.client.clone();
    let catalog = catalog(&client, &server.base).await;
    let sale = catalog.sale(device, "R-1", at_minute(1), &[3, 4]);
    let request = push_request(device, vec![mutation(1, sale.clone())]);

    let url = format!("{}/api/v1/sync/push", server.base);
    let in_flight = tokio::spawn({
        let client = client.clone();
        async move { client.post(url).json(&request).send().await }
    });
    tokio::time::timeout(Duration::from_secs(10), reached.recv())
        .await
        .expect("the push reached the hook")
        .expect("hook alive");

    server.stop.send(()).expect("server running");
    // Shutdown has begun: no new connections are taken.
    // Each try is a real request (answered, refused, or left unaccepted until its timeout), so the tries pace
    // themselves: no sleep between them, only a deadline.
    let fresh = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut refused = false;
    while !refused && Instant::now() < deadline {
        refused = fresh
            .get(format!("{}/healthz", server.base))
            .timeout(Duration::from_millis(500))
            .send()
            .await
            .is_err();
    }
    assert!(
        refused,
        "the server still accepts connections while shutting down"
    );
    assert!(
        !server.task.is_finished(),
        "the server stopped with a push in flight"
    );

    release.add_permits(1);
    let res = in_flight.await.expect("task").expect("push answered");
    assert_eq!(res.status(), reqwest::StatusCode::OK);
    let body: shared::sync::PushResponse = res.json().await.expect("json");
    assert_eq!(body.last_applied_seq, 1);
    tokio::time::timeout(Duration::from_secs(10), server.task)
        .await
        .expect("server stops after the push")
        .expect("task")
        .expect("served");

    // Restart on the same data directory: the sale is there.
    let again = run(&config, None, device).await;
    let stored: shared::document::SaleDocument = client
        .get(format!("{}/api/v1/sales/{}", again.base, sale.id))
        .send()
        .await
        .expect("get sale")
        .json()
        .await
        .expect("the sale was stored");
    assert_eq!(stored, sale);
    let _ = again.stop.send(());
    again.task.await.expect("task").expect("served");
}

#[tokio::test]
async fn a_stuck_request_cannot_hold_shutdown_past_the_grace_period() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = test_config(dir.path());
    config.shutdown_grace_secs = 1;
    let (hook, mut reached, _never_released) = gate();
    let device = Uuid::now_v7();
    let server = run(&config, Some(hook), device).await;
    let client = server.client.clone();
    let catalog = catalog(&client, &server.base).await;
    let request = push_request(
        device,
        vec![mutation(1, catalog.sale(device, "R-1", at_minute(1), &[1]))],
    );
    let url = format!("{}/api/v1/sync/push", server.base);
    let stuck = tokio::spawn(async move { client.post(url).json(&request).send().await });
    reached.recv().await.expect("push reached the hook");

    let started = Instant::now();
    server.stop.send(()).expect("running");
    tokio::time::timeout(Duration::from_secs(15), server.task)
        .await
        .expect("serve returned after the grace period")
        .expect("task")
        .expect("served");
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(900),
        "stopped before the grace period: {took:?}"
    );
    stuck.abort();
}
