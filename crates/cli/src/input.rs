//! Command-line arguments → the list of inputs: files, folders (recursive), glob patterns,
//! `-` for standard input. Order is stable: arguments in order, folder contents sorted.

use std::path::PathBuf;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Stdin,
    /// An argument that names nothing readable; reported as a failed input.
    Missing(String, String),
}

impl Input {
    pub fn name(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin => "-".to_owned(),
            Input::Missing(n, _) => n.clone(),
        }
    }
}

/// Expand arguments. Hidden files inside folders are skipped (`.git`, editor backups).
pub fn expand(args: &[String]) -> Vec<Input> {
    let mut out = Vec::new();
    for a in args {
        if a == "-" {
            out.push(Input::Stdin);
            continue;
        }
        let p = PathBuf::from(a);
        if p.is_dir() {
            let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&p)
                .follow_links(true)
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                })
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(walkdir::DirEntry::into_path)
                .collect();
            files.sort();
            out.extend(files.into_iter().map(Input::File));
        } else if p.exists() {
            out.push(Input::File(p));
        } else if a.contains(['*', '?', '[']) {
            match glob::glob(a) {
                Ok(paths) => {
                    let mut files: Vec<PathBuf> = paths
                        .filter_map(Result::ok)
                        .filter(|p| p.is_file())
                        .collect();
                    files.sort();
                    if files.is_empty() {
                        out.push(Input::Missing(
                            a.clone(),
                            "没有匹配的文件 (no file matches the pattern)".into(),
                        ));
                    }
                    out.extend(files.into_iter().map(Input::File));
                }
                Err(e) => out.push(Input::Missing(
                    a.clone(),
                    format!("无效的通配模式 (bad pattern): {e}"),
                )),
            }
        } else {
            out.push(Input::Missing(
                a.clone(),
                "文件不存在 (no such file or directory)".into(),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_files_are_kept_as_failures_in_order() {
        let v = expand(&["-".into(), "/no/such/file.txt".into()]);
        assert_eq!(v[0], Input::Stdin);
        assert!(matches!(&v[1], Input::Missing(n, _) if n == "/no/such/file.txt"));
    }
}
