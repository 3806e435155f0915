//! Validation of a curriculum document: ids indexed, references resolved, the prerequisite
//! graph built and checked for cycles, every problem reported at once.

use std::collections::hash_map::Entry;

use super::graph::Dag;
use super::{Curriculum, CurriculumDoc, FORMAT_VERSION, IdMap};
use crate::error::{Error, IdKind, Result};

impl Curriculum {
    /// Validates a document, reporting every problem found.
    pub fn from_doc(doc: CurriculumDoc) -> Result<Curriculum> {
        if doc.format_version != FORMAT_VERSION {
            return Err(Error::UnsupportedFormatVersion {
                found: doc.format_version,
                supported: FORMAT_VERSION,
            });
        }
        let mut problems = Vec::new();
        let skill_index = index_ids(
            IdKind::Skill,
            doc.skills.iter().map(|s| s.id.as_str()),
            "skills",
            &mut problems,
        );
        let unit_index = index_ids(
            IdKind::Unit,
            doc.units.iter().map(|u| u.id.as_str()),
            "units",
            &mut problems,
        );
        let course_index = index_ids(
            IdKind::Course,
            doc.courses.iter().map(|c| c.id.as_str()),
            "courses",
            &mut problems,
        );

        let mut edges = Vec::new();
        // seen_by[p] == i: skill i already listed prerequisite p.
        let mut seen_by = vec![u32::MAX; doc.skills.len()];
        for (i, skill) in doc.skills.iter().enumerate() {
            if !skill.weight.is_finite() || skill.weight <= 0.0 {
                problems.push(Error::InvalidWeight {
                    location: format!("skill `{}`", skill.id),
                    weight: skill.weight,
                });
            }
            // Edges of a duplicate entry are checked but not added.
            let owner = skill_index
                .get(skill.id.as_str())
                .copied()
                .filter(|&o| o as usize == i);
            for pre in &skill.prerequisites {
                let place = || format!("prerequisites of `{}`", skill.id);
                let Some(p) = resolve(
                    &skill_index,
                    IdKind::Skill,
                    &pre.skill,
                    place,
                    &mut problems,
                ) else {
                    continue;
                };
                if pre.skill == skill.id {
                    problems.push(Error::SelfPrerequisite {
                        id: skill.id.clone(),
                    });
                    continue;
                }
                if !pre.weight.is_finite() || pre.weight <= 0.0 {
                    problems.push(Error::InvalidWeight {
                        location: format!("prerequisite `{}` of `{}`", pre.skill, skill.id),
                        weight: pre.weight,
                    });
                    continue;
                }
                if seen_by[p as usize] == i as u32 {
                    problems.push(Error::DuplicatePrerequisite {
                        skill: skill.id.clone(),
                        prerequisite: pre.skill.clone(),
                    });
                    continue;
                }
                seen_by[p as usize] = i as u32;
                if let Some(o) = owner {
                    edges.push((p, o, pre.weight));
                }
            }
        }
        for unit in &doc.units {
            for id in &unit.skills {
                let place = || format!("unit `{}`", unit.id);
                resolve(&skill_index, IdKind::Skill, id, place, &mut problems);
            }
        }
        for course in &doc.courses {
            for id in &course.units {
                let place = || format!("course `{}`", course.id);
                resolve(&unit_index, IdKind::Unit, id, place, &mut problems);
            }
        }

        let rank = course_rank(&doc, &skill_index, &unit_index);
        let dag = match Dag::build(doc.skills.len(), &edges, &rank) {
            Ok(dag) => dag,
            Err(cycles) => {
                problems.extend(cycles.into_iter().map(|c| {
                    Error::Cycle {
                        path: c
                            .iter()
                            .map(|&v| doc.skills[v as usize].id.clone())
                            .collect(),
                    }
                }));
                Dag::default()
            }
        };
        if let Some(e) =
            Error::from_problems(problems, |problems| Error::InvalidCurriculum { problems })
        {
            return Err(e);
        }
        Ok(Curriculum {
            doc,
            skill_index,
            unit_index,
            course_index,
            dag,
        })
    }
}

/// Maps ids to their first position, reporting empty and duplicate ids.
pub(crate) fn index_ids<'a>(
    kind: IdKind,
    ids: impl Iterator<Item = &'a str>,
    list: &str,
    problems: &mut Vec<Error>,
) -> IdMap {
    let (lower, _) = ids.size_hint();
    let mut index = IdMap::with_capacity_and_hasher(lower, Default::default());
    for (i, id) in ids.enumerate() {
        if id.trim().is_empty() {
            problems.push(Error::EmptyId {
                kind,
                location: format!("{list}[{i}]"),
            });
            continue;
        }
        match index.entry(id.to_string()) {
            Entry::Occupied(_) => problems.push(Error::DuplicateId {
                kind,
                id: id.to_string(),
            }),
            Entry::Vacant(slot) => {
                slot.insert(i as u32);
            }
        }
    }
    index
}

/// Looks an id up, reporting an empty or unknown one with where it was referenced.
fn resolve(
    index: &IdMap,
    kind: IdKind,
    id: &str,
    place: impl Fn() -> String,
    problems: &mut Vec<Error>,
) -> Option<u32> {
    if id.trim().is_empty() {
        problems.push(Error::EmptyId {
            kind,
            location: place(),
        });
        return None;
    }
    let found = index.get(id).copied();
    if found.is_none() {
        problems.push(Error::UnknownId {
            kind,
            id: id.to_string(),
            referenced_in: place(),
        });
    }
    found
}

/// Ranks skills by course order: courses, their units and the units' skills first; then
/// units in no course; then the remaining skills in document order. A permutation of `0..n`.
fn course_rank(doc: &CurriculumDoc, skill_index: &IdMap, unit_index: &IdMap) -> Vec<u32> {
    const UNSET: u32 = u32::MAX;
    let n = doc.skills.len();
    let mut rank = vec![UNSET; n];
    let mut next = 0u32;
    let mut unit_done = vec![false; doc.units.len()];
    let mut place_unit = |u: usize, rank: &mut Vec<u32>, next: &mut u32| {
        if unit_done[u] {
            return;
        }
        unit_done[u] = true;
        for id in &doc.units[u].skills {
            if let Some(&s) = skill_index.get(id.as_str())
                && rank[s as usize] == UNSET
            {
                rank[s as usize] = *next;
                *next += 1;
            }
        }
    };
    for course in &doc.courses {
        for id in &course.units {
            if let Some(&u) = unit_index.get(id.as_str()) {
                place_unit(u as usize, &mut rank, &mut next);
            }
        }
    }
    for u in 0..doc.units.len() {
        place_unit(u, &mut rank, &mut next);
    }
    for r in rank.iter_mut() {
        if *r == UNSET {
            *r = next;
            next += 1;
        }
    }
    rank
}
