//! Where things are: the workspace root, the cargo target directory and the built site.

use std::path::PathBuf;

pub fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                root().join(dir)
            }
        }
        None => root().join("target"),
    }
}

/// The built app, served by the server (`--site-dir`).
pub fn site_dir() -> PathBuf {
    target_dir().join("site")
}

/// The native server binary built by `cargo build -p server`.
pub fn server_bin() -> PathBuf {
    target_dir().join("debug").join(if cfg!(windows) {
        "server.exe"
    } else {
        "server"
    })
}
