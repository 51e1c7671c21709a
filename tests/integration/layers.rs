//! The layer rules of ARCHITECTURE.md, checked on the source: the server never names the
//! server functions, the UI or the composition root; the pure and shared layers never name
//! the server; the UI kit and page state never name an area, and the UI modules import each
//! other without a circle.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    if dir.is_file() {
        out.push(dir.to_path_buf());
        return;
    }
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Lines of code (not comments) under `dir` that name any of `forbidden`.
fn offenders(dir: &str, forbidden: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join(dir), &mut files);
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if forbidden.iter().any(|x| code.contains(x)) {
                out.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
            }
        }
    }
    out
}

#[test]
fn the_server_never_names_api_ui_app_or_startup() {
    let bad = offenders(
        "src/server",
        &["crate::api", "crate::ui", "crate::app", "crate::startup"],
    );
    assert!(bad.is_empty(), "{bad:#?}");
}

/// The one line of the pure layers that may name sqlx: the id newtypes of `domain::model`
/// derive their column encoding (a transparent `i64`) in the server build only. A derive, no IO.
const ID_COLUMN_DERIVE: &str =
    r#"#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]"#;

#[test]
fn domain_wire_i18n_and_ui_never_name_the_server() {
    for dir in ["src/domain", "src/wire", "src/i18n", "src/ui"] {
        let mut bad = offenders(dir, &["crate::server", "crate::startup", "sqlx"]);
        bad.retain(|line| !line.ends_with(ID_COLUMN_DERIVE));
        assert!(bad.is_empty(), "{bad:#?}");
    }
    // The UI redirects through leptos_axum during server rendering; the pure layers never.
    let pure = ["crate::api", "crate::ui", "crate::wire", "tokio", "axum"];
    let bad = offenders("src/domain", &pure);
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn the_ui_kit_and_page_state_never_name_the_areas() {
    // Pages are built from `page` and `kit`; these never reach back into a page's area.
    let areas = [
        "crate::ui::inbox",
        "crate::ui::admin",
        "crate::ui::account",
        "crate::api",
    ];
    let mut bad = offenders("src/ui/kit", &areas);
    bad.extend(offenders("src/ui/page.rs", &areas));
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn the_ui_modules_import_each_other_without_a_circle() {
    // Each file under src/ui is a module (`inbox/list.rs` is `ui::inbox::list`, a `mod.rs` its
    // folder); an edge goes to every `crate::ui::…` module a file names.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let module_of = |f: &Path| {
        let rel = f.strip_prefix(&root).unwrap().with_extension("");
        let mut parts: Vec<String> = rel
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        if parts.last().is_some_and(|p| p == "mod") {
            parts.pop();
        }
        std::iter::once("ui".to_owned())
            .chain(parts)
            .collect::<Vec<_>>()
            .join("::")
    };
    let modules: Vec<String> = files.iter().map(|f| module_of(f)).collect();
    let mut edges: Vec<(String, String)> = Vec::new();
    for (f, from) in files.iter().zip(&modules) {
        let text = std::fs::read_to_string(f).unwrap();
        for line in text.lines() {
            let code = line.split("//").next().unwrap_or("");
            for (i, _) in code.match_indices("crate::ui::") {
                let path: String = code[i + "crate::".len()..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                // The longest module the path names (the rest is an item in it).
                let to = modules
                    .iter()
                    .filter(|m| path == **m || path.starts_with(&format!("{m}::")))
                    .max_by_key(|m| m.len());
                if let Some(to) = to.filter(|to| *to != from && to.as_str() != "ui") {
                    edges.push((from.clone(), to.clone()));
                }
            }
        }
    }
    assert!(edges.len() > 10, "the imports were found: {edges:?}");
    // Depth-first search for a back edge.
    fn visit<'a>(
        m: &'a str,
        edges: &'a [(String, String)],
        state: &mut std::collections::HashMap<&'a str, u8>,
        path: &mut Vec<&'a str>,
    ) {
        match state.get(m) {
            Some(1) => panic!("a circle of ui imports: {} -> {m}", path.join(" -> ")),
            Some(_) => return,
            None => {}
        }
        state.insert(m, 1);
        path.push(m);
        for (_, to) in edges.iter().filter(|(f, _)| f == m) {
            visit(to, edges, state, path);
        }
        path.pop();
        state.insert(m, 2);
    }
    let mut state = std::collections::HashMap::new();
    for m in &modules {
        visit(m, &edges, &mut state, &mut Vec::new());
    }
}
