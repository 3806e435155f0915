//! Reading tables of responses (the evidence tables `replay` and `report` take): the fast
//! reader (plain rows, parsed in parallel chunks, ids interned per chunk) beside the general
//! CSV reader it falls back to, in MB/s of text, on 2,000,000 rows.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use masterykit::EvidenceTable;

/// Practice and quizzes of 50,000 learners on 100 skills, five rows a sitting, Unix-second
/// timestamps, items and event ids: the shape of a product's export.
fn table() -> String {
    let mut text = String::from("learner,sitting,context,skill,correct,timestamp,item,event_id\n");
    for i in 0..2_000_000u64 {
        let sitting = i / 5;
        text.push_str(&format!(
            "learner-{},{sitting},{},s{:03},{},{},i{},ev-{sitting}\n",
            (sitting * 7919) % 50_000,
            if sitting % 5 == 4 { "quiz" } else { "practice" },
            (sitting * 13 + i % 5) % 100,
            u8::from(i % 10 < 8),
            1_788_000_000 + sitting,
            i % 5,
        ));
    }
    text
}

fn bench(c: &mut Criterion) {
    let text = table();
    let mut group = c.benchmark_group("evidence_table_2m_rows");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("fast_reader", |b| {
        b.iter(|| black_box(EvidenceTable::from_csv(text.as_bytes()).expect("reads")).len())
    });
    group.bench_function("general_reader", |b| {
        b.iter(|| black_box(EvidenceTable::from_csv_general(text.as_bytes()).expect("reads")).len())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
