//! The core crate stays pure: its dependency tree holds no AWS, async runtime or Lambda crate.

#[test]
fn the_core_crate_depends_on_no_aws_tokio_or_lambda_crate() {
    let output = std::process::Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "-p",
            "elp-core",
            "-e",
            "normal",
            "--prefix",
            "none",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tree = String::from_utf8(output.stdout).unwrap();
    assert!(tree.contains("elp-core"), "{tree}");
    for line in tree.lines() {
        let name = line.split_whitespace().next().unwrap_or("");
        assert!(
            !(name.starts_with("aws")
                || name.starts_with("tokio")
                || name.starts_with("lambda")
                || name.starts_with("hyper")),
            "the core crate pulls in {name}:\n{tree}"
        );
    }
}
