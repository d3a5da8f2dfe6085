//! Rules about the source tree itself, checked inside `cargo test` (as
//! rust-analyzer's tidy test does): the files of a folder do not import
//! each other in a circle; folders import only down the layers; the core
//! never touches files outside `io` nor names the window; the core crate's
//! dependencies hold no windowing crate; every folder is named in
//! ARCHITECTURE.md.
//!
//! # The import graph
//!
//! The core crate (`crates/core/src/`) and the app crate (`src/`) are read
//! as one module tree, as the app re-exports the core's modules under
//! their own names. Each `.rs` file is a node (`src/a/b.rs` and `src/a/b/mod.rs`
//! are the module `a::b`). Its code, up to its test module and without
//! comment lines, gives edges:
//!
//! - every path that starts with `crate::`, `super::` or `self::`, in a
//!   `use` or written out in the code (`crate::engine::memory_budget()`),
//!   with `{a, b::c}` groups expanded;
//! - a `use` of one of the file's own child modules (`use conflict::X`
//!   beside `mod conflict;`).
//!
//! A path is resolved to the deepest module file it names; the rest is an
//! item. A module file's `pub use` of its own children is its public front,
//! not a dependency: a path that ends at such a front (`super::Progress`)
//! is followed through the re-export to the file that defines the item.
//! An edge to the file itself is dropped. Paths written without those
//! prefixes in code (`conflict::check(..)` after `mod conflict;`) are not
//! seen.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Folders whose files must not import each other in a circle.
const ACYCLIC: [&str; 5] = ["analysis", "analysis/gmcr", "io", "model", "report"];

/// The layers, lowest first; a folder may import only folders of a lower
/// layer (and itself). Folders of one layer are siblings and may not
/// import each other.
const LAYERS: [&[&str]; 6] = [
    &["model"],
    &["engine"],
    &["session", "analysis"],
    &["report"],
    &["io"],
    &["cli", "ui"],
];

/// A source file: its module path and its code before the tests.
struct File {
    /// The crate's source folder (`crates/core/src` or `src`).
    root: String,
    /// Relative to its crate's source folder, with `/`.
    path: String,
    /// `["analysis", "gmcr", "stability"]`; empty for `lib.rs`.
    module: Vec<String>,
    /// The code above its test module, comment lines dropped.
    code: String,
    /// Its `mod x;` children.
    children: BTreeSet<String>,
}

/// Where the layers' source lives: the core crate, then the app crate.
const ROOTS: [&str; 2] = ["crates/core/src", "src"];

/// The layers in the core crate; the rest are the app's.
const CORE_LAYERS: [&str; 6] = ["model", "engine", "session", "analysis", "report", "io"];

/// The source files of both crates (not `main.rs`, the binary's own root,
/// nor the app's `lib.rs`, which only re-exports the core).
fn files() -> Vec<File> {
    let mut out = Vec::new();
    for root in ROOTS {
        collect(Path::new(root), Path::new(root), &mut out);
    }
    out.retain(|f| !(f.root == "src" && f.path == "lib.rs"));
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<File>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(root, &path, out);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel == "main.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let mut file = File::parse(&rel, &text);
        file.root = root.to_string_lossy().into_owned();
        out.push(file);
    }
}

impl File {
    /// A file at `rel` (relative to `src/`) with this text.
    fn parse(rel: &str, text: &str) -> File {
        let mut module: Vec<String> = rel
            .trim_end_matches(".rs")
            .split('/')
            .map(str::to_owned)
            .collect();
        if module.last().is_some_and(|m| m == "mod" || m == "lib") {
            module.pop();
        }
        let mut code = String::new();
        let mut children = BTreeSet::new();
        for line in text.lines() {
            let t = line.trim_start();
            if is_test_module(t) {
                break;
            }
            if t.starts_with("//") {
                continue;
            }
            if let Some(name) = child_module(t) {
                children.insert(name);
            }
            code.push_str(line);
            code.push('\n');
        }
        File {
            root: String::new(),
            path: rel.to_owned(),
            module,
            code,
            children,
        }
    }
}

/// Whether a line opens a test module (`mod tests {`, `mod game_tests {`).
fn is_test_module(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("mod ") else {
        return false;
    };
    let name: String = rest.chars().take_while(|c| is_ident(*c)).collect();
    name.ends_with("tests") && rest[name.len()..].trim_start().starts_with('{')
}

/// The child a line like `mod x;` or `pub(crate) mod x;` declares.
fn child_module(line: &str) -> Option<String> {
    let rest = strip_visibility(line).strip_prefix("mod ")?;
    let name: String = rest.chars().take_while(|c| is_ident(*c)).collect();
    (rest[name.len()..].trim_start().starts_with(';') && !name.is_empty()).then_some(name)
}

/// The line without a leading `pub`, `pub(crate)`, `pub(super)`.
fn strip_visibility(line: &str) -> &str {
    let Some(rest) = line.strip_prefix("pub") else {
        return line;
    };
    let rest = match rest.strip_prefix('(') {
        Some(inner) => inner.split_once(')').map_or(rest, |(_, after)| after),
        None => rest,
    };
    match rest.strip_prefix(' ') {
        Some(rest) => rest.trim_start(),
        None => line,
    }
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// A `use` statement: whether it is `pub` in any form, and its tree.
struct Use {
    public: bool,
    tree: String,
}

/// The `use` statements of some code, and the code without them.
fn split_uses(code: &str) -> (Vec<Use>, String) {
    let mut uses = Vec::new();
    let mut rest = String::new();
    let mut statement: Option<(bool, String)> = None;
    for line in code.lines() {
        if let Some((public, text)) = &mut statement {
            text.push(' ');
            text.push_str(line.trim());
            if text.ends_with(';') {
                let tree = text.trim_end_matches(';').to_owned();
                uses.push(Use {
                    public: *public,
                    tree,
                });
                statement = None;
            }
            continue;
        }
        let t = line.trim_start();
        let bare = strip_visibility(t);
        if let Some(tree) = bare.strip_prefix("use ") {
            let public = bare.len() != t.len();
            if tree.trim_end().ends_with(';') {
                uses.push(Use {
                    public,
                    tree: tree.trim_end().trim_end_matches(';').to_owned(),
                });
            } else {
                statement = Some((public, tree.trim().to_owned()));
            }
        } else {
            rest.push_str(line);
            rest.push('\n');
        }
    }
    (uses, rest)
}

/// The paths of a use tree, groups expanded: `a::{b, c::{d, e}}` gives
/// `a::b`, `a::c::d`, `a::c::e`. `self` in a group is the group's path;
/// `as` renames and `*` are dropped.
fn expand(tree: &str) -> Vec<Vec<String>> {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let prefix: Vec<String> = segments(&tree[..open]);
        let inner = tree[open + 1..].trim_end().trim_end_matches('}');
        let mut out = Vec::new();
        for part in split_top_level(inner) {
            for tail in expand(&part) {
                let mut path = prefix.clone();
                if tail != ["self"] {
                    path.extend(tail);
                }
                out.push(path);
            }
        }
        out
    } else {
        let path = segments(tree);
        if path.is_empty() {
            Vec::new()
        } else {
            vec![path]
        }
    }
}

/// `a::b as c` as `["a", "b"]`; `*` and empty segments dropped.
fn segments(text: &str) -> Vec<String> {
    let text = text.split(" as ").next().unwrap_or("");
    text.split("::")
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != "*")
        .map(str::to_owned)
        .collect()
}

/// `b, c::{d, e}` split at the commas outside braces.
fn split_top_level(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current);
    parts.into_iter().filter(|p| !p.trim().is_empty()).collect()
}

/// Every `crate::`, `super::` or `self::` path written in some code.
fn inline_paths(code: &str) -> Vec<Vec<String>> {
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(k) = code[from..].find(start) {
            let at = from + k;
            from = at + start.len();
            if at > 0 && (is_ident(bytes[at - 1] as char) || bytes[at - 1] == b':') {
                continue;
            }
            let path: String = code[at..]
                .chars()
                .take_while(|c| is_ident(*c) || *c == ':')
                .collect();
            if code[at + path.len()..].starts_with('{') {
                let mut depth = 0;
                let mut end = at + path.len();
                for (i, c) in code[at + path.len()..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    if depth == 0 {
                        end = at + path.len() + i + 1;
                        break;
                    }
                }
                out.extend(expand(&code[at..end]));
            } else {
                out.extend(expand(&path));
            }
        }
    }
    out
}

/// The import graph: for each file (by index), the files it imports.
struct Graph {
    files: Vec<File>,
    edges: Vec<BTreeSet<usize>>,
}

impl Graph {
    /// The graph of the crate's source files.
    fn build() -> Graph {
        Graph::of(files())
    }

    /// The graph of some files.
    fn of(files: Vec<File>) -> Graph {
        let by_module: BTreeMap<Vec<String>, usize> = files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.module.clone(), i))
            .collect();
        // A module file's re-exports of its own children: item -> path.
        let mut fronts: Vec<BTreeMap<String, Vec<String>>> = vec![BTreeMap::new(); files.len()];
        let mut paths: Vec<Vec<Vec<String>>> = vec![Vec::new(); files.len()];
        for (i, file) in files.iter().enumerate() {
            let (uses, rest) = split_uses(&file.code);
            for u in uses {
                for path in expand(&u.tree) {
                    let Some(first) = path.first() else { continue };
                    if file.children.contains(first) {
                        let mut full = file.module.clone();
                        full.extend(path.iter().cloned());
                        if u.public {
                            let name = path.last().cloned().unwrap_or_default();
                            fronts[i].insert(name, full);
                        } else {
                            paths[i]
                                .push(std::iter::once("crate".to_owned()).chain(full).collect());
                        }
                    } else {
                        paths[i].push(path);
                    }
                }
            }
            paths[i].extend(inline_paths(&rest));
        }
        let mut edges = vec![BTreeSet::new(); files.len()];
        for (i, file) in files.iter().enumerate() {
            for path in &paths[i] {
                if let Some(j) = resolve(&file.module, path, &by_module, &fronts, 0)
                    && j != i
                {
                    edges[i].insert(j);
                }
            }
        }
        Graph { files, edges }
    }

    /// The strongly connected components of more than one file among the
    /// files under `folder`, each as its files' paths, sorted (Tarjan's
    /// algorithm; O(files + edges)).
    fn cycles_in(&self, folder: &str) -> Vec<Vec<String>> {
        let prefix = format!("{folder}/");
        let mut tarjan = Tarjan {
            graph: self,
            inside: self
                .files
                .iter()
                .map(|f| f.path.starts_with(&prefix))
                .collect(),
            index: vec![usize::MAX; self.files.len()],
            low: vec![0; self.files.len()],
            on_stack: vec![false; self.files.len()],
            stack: Vec::new(),
            next: 0,
            found: Vec::new(),
        };
        for v in 0..self.files.len() {
            if tarjan.inside[v] && tarjan.index[v] == usize::MAX {
                tarjan.visit(v);
            }
        }
        let mut found = tarjan.found;
        found.sort();
        found
    }

    /// The edges from one file to another, as `from -> to` paths.
    fn edges(&self) -> impl Iterator<Item = (&str, &str)> {
        self.edges.iter().enumerate().flat_map(move |(i, to)| {
            to.iter()
                .map(move |&j| (self.files[i].path.as_str(), self.files[j].path.as_str()))
        })
    }
}

/// Tarjan's strongly connected components, restricted to some files.
struct Tarjan<'a> {
    graph: &'a Graph,
    inside: Vec<bool>,
    index: Vec<usize>,
    low: Vec<usize>,
    on_stack: Vec<bool>,
    stack: Vec<usize>,
    next: usize,
    found: Vec<Vec<String>>,
}

impl Tarjan<'_> {
    fn visit(&mut self, v: usize) {
        self.index[v] = self.next;
        self.low[v] = self.next;
        self.next += 1;
        self.stack.push(v);
        self.on_stack[v] = true;
        let graph = self.graph;
        for &w in &graph.edges[v] {
            if !self.inside[w] {
                continue;
            }
            if self.index[w] == usize::MAX {
                self.visit(w);
                self.low[v] = self.low[v].min(self.low[w]);
            } else if self.on_stack[w] {
                self.low[v] = self.low[v].min(self.index[w]);
            }
        }
        if self.low[v] == self.index[v] {
            let mut component = Vec::new();
            while let Some(w) = self.stack.pop() {
                self.on_stack[w] = false;
                component.push(graph.files[w].path.clone());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                self.found.push(component);
            }
        }
    }
}

/// The file a path leads to from the module `from`: the deepest module
/// file it names, or, where it names an item a module's front re-exports,
/// the file behind the re-export. `None` for a path outside the crate.
fn resolve(
    from: &[String],
    path: &[String],
    by_module: &BTreeMap<Vec<String>, usize>,
    fronts: &[BTreeMap<String, Vec<String>>],
    depth: usize,
) -> Option<usize> {
    let mut module: Vec<String> = Vec::new();
    let mut rest = path;
    match path.first().map(String::as_str) {
        Some("crate") => rest = &path[1..],
        Some("super" | "self") => {
            module = from.to_vec();
            while let Some(first) = rest.first() {
                match first.as_str() {
                    "super" => {
                        module.pop();
                    }
                    "self" => {}
                    _ => break,
                }
                rest = &rest[1..];
            }
        }
        _ => return None,
    }
    while let Some(first) = rest.first() {
        let mut deeper = module.clone();
        deeper.push(first.clone());
        if !by_module.contains_key(&deeper) {
            break;
        }
        module = deeper;
        rest = &rest[1..];
    }
    let file = *by_module.get(&module)?;
    if let Some(item) = rest.first()
        && let Some(target) = fronts[file].get(item)
        && depth < 8
    {
        let absolute: Vec<String> = std::iter::once("crate".to_owned())
            .chain(target.iter().cloned())
            .collect();
        return resolve(&[], &absolute, by_module, fronts, depth + 1).or(Some(file));
    }
    Some(file)
}

/// The folder a file's layer is named by (its first folder), if it is in
/// a layer.
fn layer_of(path: &str) -> Option<(usize, &'static str)> {
    let folder = path.split('/').next()?;
    LAYERS.iter().enumerate().find_map(|(rank, names)| {
        names
            .iter()
            .find(|name| **name == folder)
            .map(|name| (rank, *name))
    })
}

#[test]
fn no_import_cycle_inside_the_folders_that_must_have_none() {
    let graph = Graph::build();
    let mut found = Vec::new();
    for folder in ACYCLIC {
        for cycle in graph.cycles_in(folder) {
            found.push(format!("{folder}: {}", cycle.join(" <-> ")));
        }
    }
    assert!(found.is_empty(), "import cycles: {found:#?}");
}

#[test]
fn the_cycle_finder_sees_the_files_it_checks() {
    let graph = Graph::build();
    // The edges the gmcr folder is built from, seen through `use` lines,
    // groups and module fronts: if parsing broke, these would be missing
    // and the cycle test above could not fail.
    let edges: BTreeSet<(&str, &str)> = graph.edges().collect();
    for (from, to) in [
        ("analysis/gmcr/stability.rs", "analysis/gmcr/conflict.rs"),
        ("analysis/gmcr/conflict.rs", "analysis/gmcr/option_moves.rs"),
        ("analysis/gmcr/options.rs", "analysis/gmcr/error.rs"),
        ("analysis/gmcr/options.rs", "analysis/progress.rs"),
        ("analysis/sensitivity.rs", "analysis/gmcr/stability.rs"),
        ("io/open.rs", "io/efg/mod.rs"),
        ("io/render.rs", "report/document.rs"),
        ("report/debrief.rs", "report/leads_to.rs"),
        ("model/condition/parser.rs", "model/condition/lexer.rs"),
    ] {
        assert!(edges.contains(&(from, to)), "{from} -> {to} not seen");
    }
}

#[test]
fn a_circle_is_found_and_a_front_is_not_one() {
    let graph = Graph::of(vec![
        File::parse(
            "x/mod.rs",
            "mod a;\nmod b;\nmod c;\npub use a::A;\npub use b::{B, self};\n",
        ),
        File::parse(
            "x/a.rs",
            "use super::b::B;\n/// crate::x::c is only named here\npub struct A;\n",
        ),
        File::parse(
            "x/b.rs",
            "pub struct B;\nfn f() { crate::x::c::g(super::A) }\n",
        ),
        File::parse(
            "x/c.rs",
            "use super::{A, d::{self}};\npub fn g() {}\n#[cfg(test)]\nmod tests {\n    use super::super::b::B;\n}\n",
        ),
    ]);
    // a -> b -> a (through the front's re-export of `A`), b -> c -> a;
    // the front x/mod.rs is not part of it, and the comment and the test
    // module are not read.
    assert_eq!(
        graph.cycles_in("x"),
        vec![vec![
            "x/a.rs".to_owned(),
            "x/b.rs".to_owned(),
            "x/c.rs".to_owned()
        ]]
    );
    let edges: BTreeSet<(&str, &str)> = graph.edges().collect();
    assert!(!edges.contains(&("x/a.rs", "x/c.rs")));
    assert!(!edges.contains(&("x/c.rs", "x/b.rs")));
    assert!(!edges.iter().any(|(from, _)| *from == "x/mod.rs"));
}

#[test]
fn folders_import_only_down_the_layers() {
    let graph = Graph::build();
    let mut offences = Vec::new();
    for (from, to) in graph.edges() {
        let (Some((a, folder_a)), Some((b, folder_b))) = (layer_of(from), layer_of(to)) else {
            continue;
        };
        if folder_a != folder_b && b >= a {
            offences.push(format!("{from} imports {to}"));
        }
    }
    assert!(
        offences.is_empty(),
        "imports up or across the layers: {offences:#?}"
    );
}

/// The crate a layer's folder lives in.
fn root_of(folder: &str) -> &'static str {
    let top = folder.split('/').next().unwrap_or(folder);
    if CORE_LAYERS.contains(&top) {
        ROOTS[0]
    } else {
        ROOTS[1]
    }
}

#[test]
fn every_layer_folder_exists_in_its_crate() {
    for names in LAYERS {
        for name in names {
            let dir = Path::new(root_of(name)).join(name);
            assert!(dir.is_dir(), "{}", dir.display());
        }
    }
    for folder in ACYCLIC {
        let dir = Path::new(root_of(folder)).join(folder);
        assert!(dir.is_dir(), "{}", dir.display());
    }
    for name in CORE_LAYERS {
        assert!(
            !Path::new("src").join(name).exists(),
            "src/{name} is the core's"
        );
    }
}

/// Every `.rs` file under `dir`, with its text.
fn sources(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            ));
        }
    }
    out
}

#[test]
fn only_io_touches_files_and_only_ui_names_egui() {
    let mut offences = Vec::new();
    for layer in ["model", "engine", "session", "analysis", "report"] {
        for (file, text) in sources(&Path::new(ROOTS[0]).join(layer)) {
            for (n, line) in text.lines().enumerate() {
                // Tests may use temporary files; the code above them may not.
                if line.trim_start().starts_with("mod tests") {
                    break;
                }
                for word in ["std::fs", "File::open", "File::create", "egui", "eframe"] {
                    if line.contains(word) && !line.trim_start().starts_with("//") {
                        offences.push(format!("{file}:{}: {word}", n + 1));
                    }
                }
            }
        }
    }
    assert!(offences.is_empty(), "{offences:#?}");
    assert!(!sources(&Path::new(ROOTS[0]).join("model")).is_empty());
}

/// The packages `package` depends on, directly or not, as `Cargo.lock`
/// records them (normal, build and dev dependencies alike, so the answer
/// errs on the side of more).
fn locked_dependencies(package: &str) -> BTreeSet<String> {
    let lock = std::fs::read_to_string("Cargo.lock").unwrap();
    let mut deps: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for block in lock.split("[[package]]").skip(1) {
        let name = block
            .lines()
            .find_map(|l| l.strip_prefix("name = "))
            .unwrap()
            .trim_matches('"')
            .to_owned();
        let mut list = Vec::new();
        if let Some(start) = block.find("dependencies = [") {
            let rest = &block[start + "dependencies = [".len()..];
            let end = rest.find(']').unwrap();
            for item in rest[..end].split(',') {
                let item = item.trim().trim_matches('"');
                if let Some(dep) = item.split_whitespace().next() {
                    list.push(dep.to_owned());
                }
            }
        }
        deps.entry(name).or_default().extend(list);
    }
    let mut seen = BTreeSet::new();
    let mut stack = vec![package.to_owned()];
    while let Some(p) = stack.pop() {
        for d in deps.get(&p).into_iter().flatten() {
            if seen.insert(d.clone()) {
                stack.push(d.clone());
            }
        }
    }
    seen
}

#[test]
fn the_core_depends_on_no_windowing_crate() {
    let core = locked_dependencies("demarche-core");
    assert!(core.contains("petgraph"), "{core:?}");
    let windowing: Vec<&String> = core
        .iter()
        .filter(|d| {
            [
                "egui", "eframe", "winit", "glow", "wayland", "x11", "glutin",
            ]
            .iter()
            .any(|w| d.contains(w))
        })
        .collect();
    assert!(windowing.is_empty(), "{windowing:?}");
    // The check can fail: the app's own dependencies include them.
    assert!(locked_dependencies("demarche").contains("egui"));
}

/// Every folder of source, tests and benches under `dir` (relative, `/`).
fn folders(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            let name = path.to_string_lossy().replace('\\', "/");
            if !name.contains("/data") && !name.ends_with("/target") {
                out.push(name);
                folders(&path, out);
            }
        }
    }
}

#[test]
fn every_folder_is_named_in_the_architecture() {
    let architecture = std::fs::read_to_string("ARCHITECTURE.md").unwrap();
    let mut all = Vec::new();
    for dir in ["src", "tests", "crates"] {
        folders(Path::new(dir), &mut all);
    }
    let missing: Vec<&String> = all
        .iter()
        .filter(|f| !architecture.contains(&format!("`{f}/`")))
        .collect();
    assert!(
        missing.is_empty(),
        "folders ARCHITECTURE.md does not name (as `path/`): {missing:#?}"
    );
}

#[test]
fn only_the_app_changes_the_app_state() {
    // Panels, the shell and the tasks read the state and push actions or
    // report events; `DemarcheApp::apply` (in src/ui/app/) is the one
    // place it changes, so nothing outside that folder may hold it
    // mutably.
    let mut offences = Vec::new();
    for file in files() {
        if file.path.starts_with("ui/app/") {
            continue;
        }
        if file.code.contains("&mut AppState") {
            offences.push(file.path);
        }
    }
    assert!(offences.is_empty(), "{offences:#?}");
}
