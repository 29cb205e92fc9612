//! Import circles between the files of one crate: the module graph read from `crate::` paths and `use crate::`
//! / `use super::` groups (a trailing `#[cfg(test)] mod … {` is left out), and its strongly connected
//! components of more than one module. The same reading as `shared/tools/import-circles.py`.

use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use walkdir::WalkDir;

/// A module as its path from the crate root: `["db", "sales"]`; the root is `[]`.
type Module = Vec<String>;

static TEST_MODULE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)#\[cfg\(test\)\]\s*mod\s+\w+\s*\{.*").expect("pattern"));
static CRATE_PATH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bcrate::([A-Za-z_][\w:]*)").expect("pattern"));
static USE_CRATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)\buse\s+crate::(.*?);").expect("pattern"));
static USE_SUPER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)\buse\s+super::(.*?);").expect("pattern"));
static GROUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)^(.*?)::\{(.*)\}$").expect("pattern"));

/// The circles of the crate in `crate_dir` (its `src/`), each as sorted module names ("db/sales", "(root)").
pub fn circles(crate_dir: &Path) -> std::io::Result<Vec<Vec<String>>> {
    let mods = modules(&crate_dir.join("src"))?;
    let mut graph = BTreeMap::new();
    for (module, path) in &mods {
        let text = std::fs::read_to_string(path)?;
        graph.insert(module.clone(), refs(&text, module, &mods));
    }
    Ok(strongly_connected(&graph)
        .into_iter()
        .map(|component| {
            let mut names: Vec<String> = component.iter().map(name).collect();
            names.sort();
            names
        })
        .collect())
}

fn name(module: &Module) -> String {
    if module.is_empty() {
        "(root)".into()
    } else {
        module.join("/")
    }
}

/// Every `.rs` file under `src` as its module (`mod.rs`, `lib.rs` and `main.rs` name their directory).
fn modules(src: &Path) -> std::io::Result<BTreeMap<Module, PathBuf>> {
    let mut out = BTreeMap::new();
    for entry in WalkDir::new(src) {
        let entry = entry.map_err(std::io::Error::other)?;
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(src).map_err(std::io::Error::other)?;
        let mut module: Module = rel
            .with_extension("")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let last = module.last().map(String::as_str);
        if last == Some("mod") || module == ["lib"] || module == ["main"] {
            module.pop();
        }
        out.insert(module, path.to_path_buf());
    }
    Ok(out)
}

/// `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e`.
fn expand(group: &str) -> Vec<String> {
    let group = group.trim();
    let Some(caps) = GROUP.captures(group) else {
        return vec![group.to_string()];
    };
    let (prefix, inner) = (&caps[1], &caps[2]);
    let mut parts = Vec::new();
    let (mut depth, mut current) = (0i32, String::new());
    for ch in inner.chars() {
        if ch == ',' && depth == 0 {
            parts.push(std::mem::take(&mut current));
            continue;
        }
        depth += i32::from(ch == '{') - i32::from(ch == '}');
        current.push(ch);
    }
    parts.push(current);
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .flat_map(|p| expand(&format!("{prefix}::{p}")))
        .collect()
}

/// The modules of `mods` that `text` (the file of `me`) refers to, other than `me`.
fn refs(text: &str, me: &Module, mods: &BTreeMap<Module, PathBuf>) -> BTreeSet<Module> {
    let text = TEST_MODULE.replace(text, "");
    let mut paths: Vec<Vec<String>> = Vec::new();
    let split = |p: &str| -> Vec<String> {
        p.split("::")
            .map(|x| x.split_whitespace().collect::<String>())
            .filter(|x| !x.is_empty() && x != "self")
            .collect()
    };
    for caps in CRATE_PATH.captures_iter(&text) {
        paths.push(split(&caps[1]));
    }
    for caps in USE_CRATE.captures_iter(&text) {
        paths.extend(expand(&caps[1]).iter().map(|p| split(p)));
    }
    let parent = &me[..me.len().saturating_sub(1)];
    for caps in USE_SUPER.captures_iter(&text) {
        for p in expand(&caps[1]) {
            let mut path = parent.to_vec();
            path.extend(split(&p));
            paths.push(path);
        }
    }
    let mut out = BTreeSet::new();
    for path in paths {
        if let Some(n) = (1..=path.len())
            .rev()
            .find(|n| mods.contains_key(&path[..*n]))
        {
            if path[..n] != me[..] {
                out.insert(path[..n].to_vec());
            }
        }
    }
    out
}

/// Tarjan's strongly connected components of more than one node.
fn strongly_connected(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    struct Walk<'a> {
        graph: &'a BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<&'a Module, usize>,
        low: BTreeMap<&'a Module, usize>,
        stack: Vec<&'a Module>,
        on_stack: BTreeSet<&'a Module>,
        found: Vec<Vec<Module>>,
    }
    impl<'a> Walk<'a> {
        fn visit(&mut self, v: &'a Module) {
            let i = self.index.len();
            self.index.insert(v, i);
            self.low.insert(v, i);
            self.stack.push(v);
            self.on_stack.insert(v);
            let graph = self.graph;
            for w in graph.get(v).into_iter().flatten() {
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w]);
                    self.low.insert(v, low);
                } else if self.on_stack.contains(w) {
                    let low = self.low[v].min(self.index[w]);
                    self.low.insert(v, low);
                }
            }
            if self.low[v] == self.index[v] {
                let mut component = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(w);
                    component.push(w.clone());
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    self.found.push(component);
                }
            }
        }
    }
    let mut walk = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !walk.index.contains_key(v) {
            walk.visit(v);
        }
    }
    walk.found
}

/// Fail when the crate in `crate_dir` has an import circle, naming each.
pub fn check(crate_dir: &Path) -> crate::Result {
    let found = circles(crate_dir)?;
    if found.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = found
        .iter()
        .map(|c| format!("circle: {}", c.join(", ")))
        .collect();
    Err(format!(
        "import circles in {}:\n{}",
        crate_dir.display(),
        list.join("\n")
    )
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(path: &str) -> Module {
        path.split('/')
            .filter(|p| !p.is_empty())
            .map(String::from)
            .collect()
    }

    fn mods(names: &[&str]) -> BTreeMap<Module, PathBuf> {
        names.iter().map(|n| (m(n), PathBuf::new())).collect()
    }

    #[test]
    fn groups_expand_with_their_prefix() {
        assert_eq!(expand("a::b"), vec!["a::b"]);
        assert_eq!(
            expand("a::{b, c::{d, e},\n self}"),
            vec!["a::b", "a::c::d", "a::c::e", "a::self"]
        );
    }

    #[test]
    fn references_come_from_crate_paths_and_use_groups() {
        let all = mods(&["", "db", "db/sales", "model", "model/order", "ui"]);
        let text = "use super::sales::next;\nuse crate::model::{order::Order, self};\n\
                    fn f() { crate::ui::App; }\n#[cfg(test)]\nmod tests {\n use crate::db; }\n";
        let found = refs(text, &m("db/refunds"), &all);
        let expect: BTreeSet<Module> = [m("db/sales"), m("model/order"), m("model"), m("ui")]
            .into_iter()
            .collect();
        assert_eq!(found, expect);
        // As in the Python tool, a group right after `super::` names the parent module only.
        let found = refs("use super::{codec, sales::next};", &m("db/refunds"), &all);
        assert_eq!(found, [m("db")].into_iter().collect());
        // A module's own path is no reference.
        assert!(refs("use crate::ui::x;", &m("ui"), &all).is_empty());
    }

    #[test]
    fn circles_are_components_of_more_than_one_module() {
        let g = |edges: &[(&str, &str)]| {
            let mut graph: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
            for (a, b) in edges {
                graph.entry(m(a)).or_default().insert(m(b));
                graph.entry(m(b)).or_default();
            }
            graph
        };
        assert!(strongly_connected(&g(&[("ui", "services"), ("services", "db")])).is_empty());
        let found = strongly_connected(&g(&[
            ("ui", "services"),
            ("services", "db"),
            ("db", "services"),
            ("db", "model"),
        ]));
        assert_eq!(found.len(), 1);
        let mut names: Vec<String> = found[0].iter().map(name).collect();
        names.sort();
        assert_eq!(names, vec!["db", "services"]);
    }

    #[test]
    fn a_crate_on_disk_is_read_from_its_files() {
        let dir = std::env::temp_dir().join(format!("circles-{}", std::process::id()));
        let src = dir.join("src");
        std::fs::create_dir_all(src.join("db")).unwrap();
        std::fs::write(src.join("main.rs"), "mod db;\nmod ui;\n").unwrap();
        std::fs::write(src.join("db/mod.rs"), "pub mod sales;\n").unwrap();
        std::fs::write(src.join("db/sales.rs"), "use crate::ui::Cart;\n").unwrap();
        std::fs::write(src.join("ui.rs"), "use crate::db::sales;\n").unwrap();
        assert_eq!(circles(&dir).unwrap(), vec![vec!["db/sales", "ui"]]);
        assert!(check(&dir).is_err());
        std::fs::write(src.join("db/sales.rs"), "use super::x;\n").unwrap();
        assert!(circles(&dir).unwrap().is_empty());
        assert!(check(&dir).is_ok());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_app_has_no_circles() {
        let app = Path::new(env!("CARGO_MANIFEST_DIR")).join("../app");
        assert_eq!(circles(&app).unwrap(), Vec::<Vec<String>>::new());
    }
}
