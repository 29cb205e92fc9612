//! Binaryen's `wasm-opt -Oz` over wasm-bindgen's output, when `POS_WASM_OPT` is set. The tool comes from npm
//! (`xtask/tools`, pinned in its lock file): Debian's older wasm-opt produces a module the browser rejects.
//!
//! Off by default: measured on the checkout's wasm it makes the raw file 7 % smaller but the brotli file no
//! smaller (BENCHMARKS.md), and it takes minutes on two cores. It runs on the main module only, after the
//! wasm-split step; not yet checked against the split modules, which import the main module's table and
//! functions by their exports.

use crate::paths;
use crate::setup::{ensure_npm_packages, run};
use crate::Result;
use std::path::Path;
use std::process::Command;

/// The environment variable that turns the step on.
pub const OPT_IN: &str = "POS_WASM_OPT";

/// The WebAssembly features rustc's wasm32-unknown-unknown target emits (and every browser the app supports
/// runs); wasm-opt must neither reject them nor introduce others.
const FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-bulk-memory-opt",
    "--enable-call-indirect-overlong",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-reference-types",
    "--enable-sign-ext",
    "--enable-multivalue",
];

/// Optimize `wasm` in place for size.
pub fn optimize(wasm: &Path) -> Result {
    let tools = paths::root().join("xtask").join("tools");
    ensure_npm_packages(&tools)?;
    let bin = tools
        .join("node_modules")
        .join("binaryen")
        .join("bin")
        .join("wasm-opt");
    let out = wasm.with_extension("opt.wasm");
    run(Command::new("node")
        .arg(&bin)
        .arg("-Oz")
        .args(FEATURES)
        .arg(wasm)
        .arg("-o")
        .arg(&out))?;
    std::fs::rename(&out, wasm)?;
    Ok(())
}
