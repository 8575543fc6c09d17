//! The adapters' layers point one way (`http`, `runtime` -> `service` -> `store`, `mail`, `bus`, `hooks`, `bucket` ->
//! the core, with `config`, `clock` and `sdk` beneath), as `shared/adapters/src/lib.rs` says:
//! no module imports one above it or beside it, the use cases know nothing of Lambda, and every
//! key attribute is named in `store/keys.rs` only.

use std::path::{Path, PathBuf};

fn adapters() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/adapters/src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().map(Result::unwrap) {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The crate's top-level module a file belongs to (`service/users.rs` -> `service`).
fn module_of(root: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(root).unwrap();
    let first = relative.components().next().unwrap().as_os_str();
    first.to_string_lossy().trim_end_matches(".rs").to_string()
}

/// What each module may name with `crate::`.
fn allowed(module: &str) -> &'static [&'static str] {
    match module {
        "http" | "runtime" => &[
            "service", "store", "mail", "bus", "hooks", "bucket", "config", "clock", "sdk",
        ],
        "service" => &[
            "store", "mail", "bus", "hooks", "bucket", "config", "clock", "sdk",
        ],
        "store" | "mail" | "bus" | "hooks" | "bucket" => &["config", "clock", "sdk"],
        "sdk" => &["config"],
        "config" | "clock" => &[],
        "lib" => &[
            "http", "runtime", "service", "store", "mail", "bus", "hooks", "bucket", "config",
            "clock", "sdk",
        ],
        other => panic!("{other}: a top-level module the layers in lib.rs do not place"),
    }
}

/// Every `crate::<module>` a file names, with its line.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let name: String = rest[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            found.push((n + 1, name));
            rest = &rest[at + "crate::".len()..];
        }
    }
    found
}

#[test]
fn no_adapter_module_imports_one_above_or_beside_it() {
    let root = adapters();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(files.len() > 30, "found the adapters' sources");
    let mut wrong = Vec::new();
    for file in &files {
        let module = module_of(&root, file);
        let text = std::fs::read_to_string(file).unwrap();
        for (line, target) in crate_paths(&text) {
            // A module's own items (`crate::service::...` inside service/) are fine; so are
            // the crate's re-exports of the aws and lambda crates.
            let ok = target == module
                || allowed(&module).contains(&target.as_str())
                || (module == "lib" && target.is_empty());
            if !ok {
                wrong.push(format!(
                    "{}:{line}: {module} names crate::{target}",
                    file.strip_prefix(&root).unwrap().display()
                ));
            }
        }
        let lambda = [
            "service", "store", "mail", "bucket", "config", "clock", "sdk",
        ];
        if lambda.contains(&module.as_str()) && text.contains("lambda_http") {
            wrong.push(format!(
                "{}: {module} uses lambda_http (use cases take parsed values, not requests)",
                file.strip_prefix(&root).unwrap().display()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_layer_rule_sees_a_violation() {
    // The checker itself: an import upwards is reported.
    let text = "use crate::http::Identity;\nlet x = crate::store::keys::PK; // crate::mail\n";
    let found = crate_paths(text);
    assert_eq!(
        found,
        vec![(1, "http".to_string()), (2, "store".to_string())]
    );
    assert!(!allowed("service").contains(&"http"));
    assert!(!allowed("store").contains(&"mail"));
    assert!(!allowed("mail").contains(&"service"));
    assert!(!allowed("mail").contains(&"store"));
    assert!(!allowed("bus").contains(&"store"));
}

#[test]
fn key_attributes_are_named_in_keys_rs_only() {
    let keys_rs = adapters().join("store/keys.rs");
    let keys = std::fs::read_to_string(&keys_rs).unwrap();
    // The values of the key-attribute constants (`pub const PK: &str = "pk";` ...).
    let names: Vec<String> = keys
        .lines()
        .filter(|l| l.starts_with("pub const") && l.contains("&str ="))
        .filter(|l| {
            let name = l["pub const ".len()..].split(':').next().unwrap_or("");
            name == "PK" || name == "SK" || name.ends_with("_PK") || name.ends_with("_SK")
        })
        .map(|l| l.split('"').nth(1).unwrap().to_string())
        .collect();
    assert!(
        names.iter().any(|n| n == "pk") && names.iter().any(|n| n == "due_sk"),
        "{names:?}"
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in [
        "shared/adapters/src",
        "functions",
        "infra/local/gateway/src",
        "tools",
    ] {
        rust_files(&root.join(dir), &mut files);
    }
    let mut wrong = Vec::new();
    for file in files.iter().filter(|f| **f != keys_rs) {
        let text = std::fs::read_to_string(file).unwrap();
        for name in &names {
            if text.contains(&format!("\"{name}\"")) {
                wrong.push(format!("{}: \"{name}\"", file.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "key attributes spelled out of keys.rs: {wrong:?}"
    );
}
