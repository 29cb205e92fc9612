//! Guard: binary floating point never appears in shared's source, so it can never touch money.
//! Any occurrence of the tokens `f32` or `f64` under `shared/src` (code or comment) fails the build's tests.

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("readable source dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_f32_or_f64_in_shared_src() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(
        files.len() > 10,
        "found the sources ({} files)",
        files.len()
    );
    let mut hits = Vec::new();
    for f in &files {
        let text = fs::read_to_string(f).expect("utf-8 source");
        for (n, line) in text.lines().enumerate() {
            if line.contains(concat!("f", "32")) || line.contains(concat!("f", "64")) {
                hits.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        hits.is_empty(),
        "floating point in shared/src:\n{}",
        hits.join("\n")
    );
}
