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
    // Tests and Playwright read this exact line from stdout to learn the address.
    let mut out = std::io::stdout();
    writeln!(out, "POS server listening on http://{addr}")?;
    if state.seeded_staff {
        // Printed once: only at the start that created them.
        write!(out, "{}", server::seed::staff::credentials_text())?;
    }
    out.flush()?;
    server::serve(listener, state, shutdown_signal()).await?;
    tracing::info!("server stopped");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
