//! Builds the browser app into `target/site`: two wasm32 release builds (the checkout, and the back office
//! with feature `office`), each split at its `#[lazy]` screens (`split.rs`), wasm-bindgen (as a library),
//! wasm-opt when asked for (`POS_WASM_OPT=1`),
//! content-hashed file names, public/ and style/ copied, boot.js written, the
//! service worker stamped with a cache version, and every text file precompressed (brotli and gzip beside it).

use crate::setup::{ensure_wasm_target, run};
use crate::{compress, paths, split, wasm_opt, Result};
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
    /// The checkout's lazily loaded modules (not part of its first load), raw and brotli.
    pub lazy_raw: usize,
    pub lazy_brotli: usize,
}

/// One of the site's two wasm bundles: the checkout's (the `app` crate's default features) and the back
/// office's (feature `office`, loaded by boot.js for `/?office` only, so the checkout's first load skips it).
struct Bundle {
    /// The crate features it is built with.
    features: &'static str,
    /// The prefix of its content-hashed file names in `pkg/`.
    prefix: &'static str,
    /// boot.js's placeholders for its js and wasm paths.
    js_marker: &'static str,
    wasm_marker: &'static str,
}

const BUNDLES: [Bundle; 2] = [
    Bundle {
        features: "",
        prefix: "app",
        js_marker: "__APP_JS__",
        wasm_marker: "__APP_WASM__",
    },
    Bundle {
        features: "office",
        prefix: "office",
        js_marker: "__OFFICE_JS__",
        wasm_marker: "__OFFICE_WASM__",
    },
];

pub fn build() -> Result<SiteReport> {
    ensure_wasm_target()?;
    let root = paths::root();
    let site = paths::site_dir();
    // Per process, so two builds at once (an editor's and a test run's) cannot pull files from under each other.
    let staging = site.with_file_name(format!("site.new-{}", std::process::id()));
    remove_dir_if_exists(&staging)?;
    let pkg = staging.join("pkg");
    fs::create_dir_all(&pkg)?;
    copy_dir(&root.join("public"), &staging)?;
    copy_dir(&root.join("style"), &staging.join("style"))?;

    let mut boot = fs::read_to_string(staging.join("boot.js"))?;
    let mut names = Vec::new();
    let mut lazy = Vec::new();
    for bundle in &BUNDLES {
        let (name, modules) = build_bundle(bundle, &pkg)?;
        lazy.push(modules);
        boot = boot
            .replace(bundle.js_marker, &format!("/pkg/{name}.js"))
            .replace(bundle.wasm_marker, &format!("/pkg/{name}_bg.wasm"));
        names.push(name);
    }
    fs::write(staging.join("boot.js"), boot)?;
    stamp_service_worker(&staging)?;
    compress::precompress(&list_files(&staging)?)?;

    remove_dir_if_exists(&site)?;
    fs::rename(&staging, &site)?;

    let wasm = fs::read(site.join("pkg").join(format!("{}_bg.wasm", names[0])))?;
    let js = fs::read(site.join("pkg").join(format!("{}.js", names[0])))?;
    let office = fs::read(site.join("pkg").join(format!("{}_bg.wasm", names[1])))?;
    let (mut lazy_raw, mut lazy_brotli) = (0, 0);
    for module in &lazy[0] {
        let bytes = fs::read(site.join("pkg").join(module))?;
        lazy_raw += bytes.len();
        lazy_brotli += compress::brotli(&bytes)?.len();
    }
    let report = SiteReport {
        wasm_raw: wasm.len(),
        wasm_brotli: compress::brotli(&wasm)?.len(),
        js_raw: js.len(),
        js_brotli: compress::brotli(&js)?.len(),
        lazy_raw,
        lazy_brotli,
    };
    eprintln!(
        "xtask: built {} — checkout wasm {} KB ({} KB brotli), js {} KB ({} KB brotli), {} lazy modules {} KB \
         ({} KB brotli); back office wasm {} KB ({} KB brotli)",
        site.display(),
        report.wasm_raw / 1024,
        report.wasm_brotli / 1024,
        report.js_raw / 1024,
        report.js_brotli / 1024,
        lazy[0].len(),
        report.lazy_raw / 1024,
        report.lazy_brotli / 1024,
        office.len() / 1024,
        compress::brotli(&office)?.len() / 1024,
    );
    Ok(report)
}

/// Compile the `app` crate for wasm32 with the bundle's features, split it, and write its js + wasm pair
/// into `pkg` and its lazily loaded modules into `pkg/<name>/`; returns the content-hashed name of the pair
/// and the modules' paths relative to `pkg`.
fn build_bundle(bundle: &Bundle, pkg: &Path) -> Result<(String, Vec<PathBuf>)> {
    let mut cargo = Command::new(env!("CARGO"));
    cargo
        .args([
            "build",
            "-p",
            "app",
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            WASM_PROFILE,
        ])
        .current_dir(paths::root());
    if !bundle.features.is_empty() {
        cargo.args(["--features", bundle.features]);
    }
    run(&mut cargo)?;
    // Both bundles are the same crate, so cargo writes each to the same path: read it before the next build.
    let input = paths::target_dir()
        .join("wasm32-unknown-unknown")
        .join(WASM_PROFILE)
        .join("app.wasm");
    let input_bytes = fs::read(&input).map_err(|e| format!("reading {}: {e}", input.display()))?;
    let name = format!("{}-{}", bundle.prefix, &short_hash(&[&input_bytes])[..12]);
    let split = split::split(&input_bytes, &name, pkg)?;
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&split.main)
        // The split modules import the main module's functions, table and memory by these exports.
        .keep_lld_exports(true)
        .out_name(&name)
        .web(true)
        .map_err(|e| format!("wasm-bindgen: {e:#}"))?
        .typescript(false)
        .remove_name_section(true)
        .remove_producers_section(true)
        .generate(pkg)
        .map_err(|e| format!("wasm-bindgen: {e:#}"))?;
    if std::env::var_os(wasm_opt::OPT_IN).is_some() {
        wasm_opt::optimize(&pkg.join(format!("{name}_bg.wasm")))?;
    }
    let modules = split
        .modules
        .iter()
        .map(|m| m.strip_prefix(pkg).map(Path::to_path_buf))
        .collect::<std::result::Result<_, _>>()?;
    Ok((name, modules))
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
