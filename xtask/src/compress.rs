//! Precompression of the built site: a `.br` (brotli, quality 11) and a `.gz` (gzip, level 9) beside every
//! compressible file, which the server picks by the browser's `Accept-Encoding` (tower-http `ServeDir`).

use crate::Result;
use flate2::write::GzEncoder;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// File names worth compressing; images and fonts are compressed already.
const COMPRESSIBLE: &[&str] = &[
    "js",
    "wasm",
    "html",
    "css",
    "webmanifest",
    "json",
    "svg",
    "txt",
];

/// Brotli at its best: quality 11, a 4 MiB window (larger than any file of the site).
pub fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        w.write_all(bytes)?;
    }
    Ok(out)
}

pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut w = GzEncoder::new(Vec::new(), flate2::Compression::best());
    w.write_all(bytes)?;
    Ok(w.finish()?)
}

/// Write `<file>.br` and `<file>.gz` beside each compressible file of `files` (one thread per file: brotli at
/// quality 11 takes seconds on the wasm). A variant that would not be smaller is not written, so the server
/// sends the file as it is.
pub fn precompress(files: &[PathBuf]) -> Result {
    let wanted: Vec<&PathBuf> = files.iter().filter(|f| is_compressible(f)).collect();
    std::thread::scope(|scope| {
        let jobs: Vec<_> = wanted
            .iter()
            .map(|file| scope.spawn(move || precompress_one(file).map_err(|e| e.to_string())))
            .collect();
        for job in jobs {
            job.join()
                .map_err(|_| "a compression thread panicked".to_string())??;
        }
        Ok(())
    })
}

fn precompress_one(file: &Path) -> Result {
    let bytes = fs::read(file)?;
    for (suffix, packed) in [("br", brotli(&bytes)?), ("gz", gzip(&bytes)?)] {
        if packed.len() < bytes.len() {
            let mut name = file.as_os_str().to_owned();
            name.push(".");
            name.push(suffix);
            fs::write(PathBuf::from(name), packed)?;
        }
    }
    Ok(())
}

fn is_compressible(file: &Path) -> bool {
    file.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| COMPRESSIBLE.contains(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_variants_decode_to_the_original() {
        let text = "fn main() { println!(\"hello\"); }\n".repeat(200);
        let br = brotli(text.as_bytes()).expect("brotli");
        let gz = gzip(text.as_bytes()).expect("gzip");
        assert!(br.len() < text.len() / 10 && gz.len() < text.len() / 10);
        let mut unbr = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut unbr).expect("brotli decodes");
        let mut ungz = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut ungz)
            .expect("gzip decodes");
        assert_eq!(unbr, text.as_bytes());
        assert_eq!(ungz, text);
    }

    #[test]
    fn only_text_and_code_are_compressed_and_only_when_smaller() {
        let dir = std::env::temp_dir().join(format!("xtask-compress-{}", std::process::id()));
        fs::create_dir_all(&dir).expect("dir");
        let big = dir.join("app.js");
        let tiny = dir.join("a.css");
        let png = dir.join("icon.png");
        fs::write(&big, "export const x = 1;\n".repeat(100)).expect("write");
        fs::write(&tiny, "a").expect("write");
        fs::write(&png, "not really a png but compressible ".repeat(100)).expect("write");
        precompress(&[big.clone(), tiny.clone(), png.clone()]).expect("precompress");
        assert!(dir.join("app.js.br").exists() && dir.join("app.js.gz").exists());
        assert!(!dir.join("a.css.br").exists() && !dir.join("a.css.gz").exists());
        assert!(!dir.join("icon.png.br").exists());
        fs::remove_dir_all(&dir).expect("cleanup");
    }
}
