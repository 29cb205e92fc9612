//! The wasm-split step of a bundle (`wasm_split_cli_support`, the tool behind Leptos's `#[lazy]`, run as a
//! library): cuts the code that only the app's `#[lazy]` functions reach (`app/src/ui/lazy.rs`) out of the
//! linked wasm into modules of their own, loaded by the browser the first time one is called.
//!
//! Layout, for a bundle named `app-<hash>`: the main module goes on to wasm-bindgen (`pkg/app-<hash>.js` and
//! `_bg.wasm`); the split modules and their loader (`split.js`) go to `pkg/app-<hash>/`, so every file of one
//! build has a name of its own and a tab still running an older build finds that build's modules in the
//! service worker's older cache. The main module imports the loader as `./app-<hash>/split.js` (relative to
//! its js) and the loader imports the js as `../app-<hash>.js`.

use crate::{paths, Result};
use std::fs;
use std::path::{Path, PathBuf};

/// What the split produced.
pub struct Split {
    /// The main module, to hand to wasm-bindgen.
    pub main: PathBuf,
    /// The split modules, in `pkg/<name>/`.
    pub modules: Vec<PathBuf>,
}

/// Split `input` (linked with `--emit-relocs`, see `app/build.rs`) for the bundle `name`, writing the split
/// modules and their loader into `pkg/<name>/`.
pub fn split(input: &[u8], name: &str, pkg: &Path) -> Result<Split> {
    let scratch = paths::target_dir().join("wasm-split").join(name);
    match fs::remove_dir_all(&scratch) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
        _ => {}
    }
    // The loader is written at `output_dir` + `link_name`, so its folder must exist.
    fs::create_dir_all(scratch.join(name))?;
    let main = scratch.join("main.wasm");
    let link_name = format!("./{name}/split.js");
    let main_module = format!("../{name}.js");
    let split = wasm_split_cli_support::transform({
        let mut options = wasm_split_cli_support::Options::new(input);
        options.output_dir = &scratch;
        options.main_out_path = &main;
        options.link_name = &link_name;
        options.main_module = &main_module;
        options
    })
    .map_err(|e| format!("wasm-split: {e:#}"))?;

    let dest = pkg.join(name);
    fs::create_dir_all(&dest)?;
    fs::rename(scratch.join(name).join("split.js"), dest.join("split.js"))?;
    let mut modules = Vec::new();
    for module in split.split_modules {
        let file = module
            .file_name()
            .ok_or("wasm-split: a module without a name")?;
        let to = dest.join(file);
        fs::rename(&module, &to)?;
        modules.push(to);
    }
    modules.sort();
    Ok(Split { main, modules })
}
