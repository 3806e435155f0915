//! The knowledge structure of a curriculum (knowledge space theory): its states, the
//! prerequisite-closed skill sets, and its learning paths, the orders in which a learner can
//! take the skills one at a time, each prefix a state.

use super::states::{Graph, States};
use crate::curriculum::Curriculum;
use crate::error::{Error, Result};

/// Every knowledge state of `curriculum` (each prerequisite-closed skill set, the empty one
/// and the whole curriculum among them), each in learnable order; an `invalid_option`
/// error when there are more than `max`.
///
/// ```
/// let c = masterykit::Curriculum::from_json(r#"{"format_version": 1, "skills": [
///     {"id": "a"}, {"id": "b", "prerequisites": ["a"]}, {"id": "c"}]}"#)?;
/// let states = masterykit::knowledge_states(&c, 100)?;
/// assert_eq!(states.len(), 6);      // {}, a, c, ab, ac, abc
/// assert!(states.contains(&vec!["a".to_string(), "c".to_string()]));
/// assert_eq!(masterykit::knowledge_states(&c, 5).unwrap_err().code(), "invalid_option");
/// # Ok::<(), masterykit::Error>(())
/// ```
pub fn knowledge_states(curriculum: &Curriculum, max: usize) -> Result<Vec<Vec<String>>> {
    let graph = Graph::of(curriculum);
    let too_many = || Error::InvalidOption {
        option: "max".into(),
        reason: format!("the curriculum has more than {max} knowledge states"),
    };
    let states = States::enumerate(&graph, max, u64::MAX).ok_or_else(too_many)?;
    let ids: Vec<&str> = curriculum.skill_ids().collect();
    Ok((0..states.len())
        .map(|k| {
            graph
                .order
                .iter()
                .filter(|&&s| states.contains(k, s as usize))
                .map(|&s| ids[s as usize].to_string())
                .collect()
        })
        .collect())
}

/// Every learning path of `curriculum`: each order of all its skills in which every skill
/// comes after its prerequisites (so each prefix is a knowledge state); an
/// `invalid_option` error when there are more than `max`.
///
/// ```
/// let c = masterykit::Curriculum::from_json(r#"{"format_version": 1, "skills": [
///     {"id": "a"}, {"id": "b", "prerequisites": ["a"]}, {"id": "c"}]}"#)?;
/// let paths = masterykit::learning_paths(&c, 10)?;
/// assert_eq!(paths, [["a", "b", "c"], ["a", "c", "b"], ["c", "a", "b"]]);
/// # Ok::<(), masterykit::Error>(())
/// ```
pub fn learning_paths(curriculum: &Curriculum, max: usize) -> Result<Vec<Vec<String>>> {
    let graph = Graph::of(curriculum);
    let ids: Vec<&str> = curriculum.skill_ids().collect();
    let n = graph.len();
    let mut paths = Vec::new();
    let mut path: Vec<u32> = Vec::with_capacity(n);
    let mut missing: Vec<usize> = graph.prereqs.iter().map(Vec::len).collect();
    let mut taken = vec![false; n];
    // Depth first; at each depth the next skill is tried in learnable order. `choice[d]` is
    // the position in the order tried last at depth d.
    let mut choice: Vec<usize> = vec![0];
    while let Some(&from) = choice.last() {
        let depth = choice.len() - 1;
        if depth == n {
            if paths.len() == max {
                return Err(Error::InvalidOption {
                    option: "max".into(),
                    reason: format!("the curriculum has more than {max} learning paths"),
                });
            }
            paths.push(path.iter().map(|&s| ids[s as usize].to_string()).collect());
        }
        // Undo this depth's last skill before trying another (or backing up).
        if depth < path.len() {
            let s = path.pop().map_or(0, |s| s as usize);
            taken[s] = false;
            graph.dependents[s]
                .iter()
                .for_each(|&d| missing[d as usize] += 1);
        }
        let next = (from..n).find(|&i| {
            let s = graph.order[i] as usize;
            !taken[s] && missing[s] == 0
        });
        match next {
            Some(i) if depth < n => {
                let s = graph.order[i] as usize;
                taken[s] = true;
                graph.dependents[s]
                    .iter()
                    .for_each(|&d| missing[d as usize] -= 1);
                path.push(s as u32);
                if let Some(c) = choice.last_mut() {
                    *c = i + 1;
                }
                choice.push(0);
            }
            _ => {
                choice.pop();
            }
        }
    }
    Ok(paths)
}
