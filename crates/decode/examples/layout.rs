//! Print the layout text the extractor would read for a file, or time decoding it.
//!
//! `cargo run --release -p gongkai-decode --example layout -- FILE [--bench N]`

use gongkai_decode::{Options, decode};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: layout FILE [--bench N]")?;
    let bytes = std::fs::read(&path)?;
    if args.next().as_deref() == Some("--bench") {
        let n: u32 = args.next().as_deref().unwrap_or("200").parse()?;
        let start = Instant::now();
        let mut total = 0;
        for _ in 0..n {
            total += decode(&bytes, &Options::default())?.layout().len();
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{n} decodes of {} bytes in {secs:.3} s: {:.0} pages/s ({total} layout bytes)",
            bytes.len(),
            f64::from(n) / secs
        );
        return Ok(());
    }
    let d = decode(&bytes, &Options::default())?;
    eprintln!(
        "format {:?}, encoding {}, lossy {}",
        d.format, d.encoding, d.lossy
    );
    print!("{}", d.layout());
    Ok(())
}
