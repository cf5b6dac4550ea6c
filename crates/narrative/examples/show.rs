//! Print the facts of text files: `cargo run -p gongkai-narrative --example show -- FILE…`.

fn main() {
    for path in std::env::args().skip(1) {
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        println!("== {path}");
        for f in gongkai_narrative::facts(&text) {
            println!(
                "{:<32} {:<10} {}{}  「{}」",
                f.label(),
                f.value.to_string(),
                if f.negated { "(neg) " } else { "" },
                f.year.map(|y| format!("[{y}] ")).unwrap_or_default(),
                text.get(f.span.clone()).unwrap_or("?").replace('\n', "⏎")
            );
        }
    }
}
