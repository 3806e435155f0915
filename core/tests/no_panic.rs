//! Bad input gets an error, never a panic: every parser on arbitrary text, and on valid
//! documents with one character changed.

use masterykit::{
    BktModel, Curriculum, EvidenceTable, LearnerStore, Policy, ResponseData, Timestamp, parse_jsonl,
};
use proptest::prelude::*;

mod support;
use support::repo_file;

/// Runs every parser on `text`; only errors may come back.
fn parse_everything(text: &str) {
    let _ = Timestamp::parse(text);
    let _ = Curriculum::from_json(text);
    let _ = Curriculum::from_toml(text);
    let _ = Policy::from_json(text);
    let _ = Policy::from_toml(text);
    let _ = parse_jsonl(text);
    let _ = ResponseData::from_csv(text.as_bytes());
    let _ = BktModel::from_json(text);
    if let Ok(table) = EvidenceTable::from_csv(text.as_bytes()) {
        let course = Curriculum::from_json(r#"{"format_version": 1, "skills": [{"id": "a"}]}"#)
            .expect("valid");
        let mut store = LearnerStore::new(course, Policy::khan()).expect("store");
        let _ = store.replay_columns(&table.columns());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        parse_everything(&text);
    }

    #[test]
    fn mutated_documents_never_panic(pos in any::<prop::sample::Index>(), ch in any::<char>(), which in 0usize..5) {
        let doc = match which {
            0 => repo_file("examples/prealgebra.json"),
            1 => Policy::khan().to_json(),
            2 => repo_file("examples/events.jsonl").lines().take(3).collect::<Vec<_>>().join("\n"),
            3 => "order_id,user_id,skill_name,correct\n1,u,a~~b,1\n2,u,a,0\n".to_string(),
            _ => "learner,sitting,context,skill,correct,timestamp,event_id\n\
                  u,1,practice,a,1,2026-09-01,e1\nu,1,practice,a,0,2026-09-01,e1\n\
                  v,2,mastery_challenge,a,1,1788000000,\n"
                .to_string(),
        };
        let chars: Vec<char> = doc.chars().collect();
        let i = pos.index(chars.len());
        let mutated: String = chars[..i].iter().chain(std::iter::once(&ch)).chain(&chars[i + 1..]).collect();
        parse_everything(&mutated);
        // A mutated event log against the sample course: apply what parses, never panic.
        if which == 2 {
            let mut store = LearnerStore::new(
                Curriculum::from_json(&repo_file("examples/prealgebra.json")).expect("valid"),
                Policy::khan(),
            ).expect("store");
            let _ = store.replay_jsonl(&mutated);
        }
    }
}
