//! Builds the browser app into `target/site`: wasm32 release build, wasm-bindgen (as a library), wasm-opt when
//! asked for (`POS_WASM_OPT=1`), content-hashed file names, public/ and style/ copied, boot.js written, the
//! service worker stamped with a cache version, and every text file precompressed (brotli and gzip beside it).

use crate::setup::{ensure_wasm_target, run};
use crate::{compress, paths, wasm_opt, Result};
use sha2::{Digest, Sha256};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const WASM_PROFILE: &str = "wasm-release";

/// What a build produced, for reports such as BENCHMARKS.md.
pub struct SiteReport {
    pub wasm_raw: usize,
    pub wasm_brotli: usize,
    pub js_raw: usize,
    pub js_brotli: usize,
}

pub fn build() -> Result<SiteReport> {
    ensure_wasm_target()?;
    let root = paths::root();
    run(Command::new(env!("CARGO"))
        .args([
            "build",
            "-p",
            "app",
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            WASM_PROFILE,
        ])
        .current_dir(&root))?;
    let input = paths::target_dir()
        .join("wasm32-unknown-unknown")
        .join(WASM_PROFILE)
        .join("app.wasm");
    let input_bytes = fs::read(&input).map_err(|e| format!("reading {}: {e}", input.display()))?;
    let name = format!("app-{}", &short_hash(&[&input_bytes])[..12]);

    let site = paths::site_dir();
    // Per process, so two builds at once (an editor's and a test run's) cannot pull files from under each other.
    let staging = site.with_file_name(format!("site.new-{}", std::process::id()));
    remove_dir_if_exists(&staging)?;
    let pkg = staging.join("pkg");
    fs::create_dir_all(&pkg)?;
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&input)
        .out_name(&name)
        .web(true)
        .map_err(|e| format!("wasm-bindgen: {e:#}"))?
        .typescript(false)
        .remove_name_section(true)
        .remove_producers_section(true)
        .generate(&pkg)
        .map_err(|e| format!("wasm-bindgen: {e:#}"))?;
    if std::env::var_os(wasm_opt::OPT_IN).is_some() {
        wasm_opt::optimize(&pkg.join(format!("{name}_bg.wasm")))?;
    }

    copy_dir(&root.join("public"), &staging)?;
    copy_dir(&root.join("style"), &staging.join("style"))?;

    let js_name = format!("{name}.js");
    let wasm_name = format!("{name}_bg.wasm");
    let boot = fs::read_to_string(staging.join("boot.js"))?
        .replace("__APP_JS__", &format!("/pkg/{js_name}"))
        .replace("__APP_WASM__", &format!("/pkg/{wasm_name}"));
    fs::write(staging.join("boot.js"), boot)?;
    stamp_service_worker(&staging)?;
    compress::precompress(&list_files(&staging)?)?;

    remove_dir_if_exists(&site)?;
    fs::rename(&staging, &site)?;

    let wasm = fs::read(site.join("pkg").join(&wasm_name))?;
    let js = fs::read(site.join("pkg").join(&js_name))?;
    let report = SiteReport {
        wasm_raw: wasm.len(),
        wasm_brotli: compress::brotli(&wasm)?.len(),
        js_raw: js.len(),
        js_brotli: compress::brotli(&js)?.len(),
    };
    eprintln!(
        "xtask: built {} — wasm {} KB ({} KB brotli), js {} KB ({} KB brotli)",
        site.display(),
        report.wasm_raw / 1024,
        report.wasm_brotli / 1024,
        report.js_raw / 1024,
        report.js_brotli / 1024
    );
    Ok(report)
}

/// Replace `__CACHE_VERSION__` with a hash of every other file of the site, and `__PRECACHE__` with the list
/// of their URLs, so a new build installs a new cache and the old one is dropped on activation.
fn stamp_service_worker(site: &Path) -> Result {
    let sw_path = site.join("sw.js");
    let sw = fs::read_to_string(&sw_path).map_err(|e| format!("public/sw.js: {e}"))?;
    let mut files = list_files(site)?;
    files.retain(|p| p != &sw_path);
    files.sort();
    let mut hasher = Sha256::new();
    let mut urls = vec!["/".to_string()];
    for f in &files {
        let rel = f.strip_prefix(site)?.to_string_lossy().replace('\\', "/");
        hasher.update(rel.as_bytes());
        hasher.update(fs::read(f)?);
        if rel != "index.html" {
            urls.push(format!("/{rel}"));
        }
    }
    let version = hex::encode(hasher.finalize());
    let list = urls
        .iter()
        .map(|u| format!("'{u}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let stamped = sw
        .replace("__CACHE_VERSION__", &version[..16])
        .replace("'__PRECACHE__'", &list);
    fs::write(&sw_path, stamped)?;
    Ok(())
}

fn short_hash(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    hex::encode(h.finalize())
}

fn list_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            out.extend(list_files(&path)?);
        } else {
            out.push(path);
        }
    }
    Ok(out)
}

fn copy_dir(from: &Path, to: &Path) -> Result {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let path = entry?.path();
        let dest = to.join(path.file_name().ok_or("bad file name")?);
        if path.is_dir() {
            copy_dir(&path, &dest)?;
        } else {
            fs::copy(&path, &dest)?;
        }
    }
    Ok(())
}

fn remove_dir_if_exists(dir: &Path) -> Result {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}
