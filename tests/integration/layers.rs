//! The layer rules of ARCHITECTURE.md, checked on the source: the server never names the
//! server functions, the UI or the composition root; the pure and shared layers never name
//! the server.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
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
