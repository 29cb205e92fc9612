//! The server binary: load the configuration, set up logging, open the state, listen, and stop cleanly on a
//! signal.

use server::config::{Config, ConfigError};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    if let Some(code) = server::cli::run_maintenance().await {
        return code; // `server backup …` / `server restore …`
    }
    let config = match Config::load() {
        Ok(config) => config,
        // --help and --version print and exit 0; bad flags print usage and exit 2.
        Err(ConfigError::Args(e)) => e.exit(),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if config.print_config {
        print!("{}", config.to_toml());
        return ExitCode::SUCCESS;
    }
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    match run(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(config: Config) -> Result<(), Box<dyn std::error::Error>> {
    let state = server::open_state(&config).await?;
    let listener = TcpListener::bind(&config.bind)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.bind))?;
    let addr = listener.local_addr()?;
    let shutdown = shutdown_signal()?;
    // Tests and Playwright read this exact line from stdout to learn the address.
    let mut out = std::io::stdout();
    writeln!(out, "POS server listening on http://{addr}")?;
    if state.seeded_staff {
        // Printed once: only at the start that created them.
        write!(out, "{}", server::seed::staff::credentials_text())?;
    }
    out.flush()?;
    server::serve(listener, state, shutdown).await?;
    tracing::info!("server stopped");
    Ok(())
}

/// Install the Ctrl-C and SIGTERM handlers now (before the listening line is printed, so a signal sent right
/// after it is never lost to the default action), and return a future that resolves on either.
#[cfg(unix)]
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {},
            _ = terminate.recv() => {},
        }
        tracing::info!("shutting down");
    })
}

#[cfg(not(unix))]
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
        tracing::info!("shutting down");
    })
}
