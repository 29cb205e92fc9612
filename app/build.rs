//! Build script of the browser app: the wasm32 link keeps its relocations (`--emit-relocs`), which the
//! wasm-split step of `cargo xtask build` reads to cut the lazily loaded screens (`ui::lazy`) out of the
//! checkout's module.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bins=--emit-relocs");
    }
}
