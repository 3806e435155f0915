//! The core's folders form layers: a folder may use the ones below it, never one above. The
//! order is the one `lib.rs`'s crate documentation gives.

use std::path::{Path, PathBuf};

/// Bottom to top. Shared foundations (error, time, ids, table, rows) sit below every folder.
const LAYERS: [&str; 11] = [
    "curriculum",
    "tracing",
    "policy",
    "evidence",
    "roster",
    "mastery",
    "report",
    "next",
    "placement",
    "simulate",
    "interop",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable source folder") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_folder_uses_one_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    for (rank, layer) in LAYERS.iter().enumerate() {
        let mut files = Vec::new();
        rust_files(&src.join(layer), &mut files);
        assert!(!files.is_empty(), "folder `{layer}` has no sources");
        for file in files {
            let text = std::fs::read_to_string(&file).expect("readable source");
            for (line, l) in text.lines().enumerate() {
                let code = l.split("//").next().unwrap_or_default();
                for (used, _) in code.match_indices("crate::") {
                    let rest = &code[used + "crate::".len()..];
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if let Some(above) = LAYERS.iter().position(|&l| l == name)
                        && above > rank
                    {
                        wrong.push(format!(
                            "{}:{}: {layer} uses {name}",
                            file.display(),
                            line + 1
                        ));
                    }
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layering:\n{}",
        wrong.join("\n")
    );
}
