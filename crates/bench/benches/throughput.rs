//! Parse + check throughput per corpus document (bytes/s reported by criterion).
//! Run: `cargo bench -p gongkai-bench --features criterion`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;

fn corpus(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/corpus/docs");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.sort();
    let mut g = c.benchmark_group("parse_and_check");
    for f in files {
        let Ok(bytes) = std::fs::read(&f) else {
            continue;
        };
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| gongkai_bench::parse_and_check(black_box(&bytes)))
        });
    }
    g.finish();
}

criterion_group!(benches, corpus);
criterion_main!(benches);
