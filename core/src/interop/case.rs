//! 1EdTech CASE 1.0/1.1 packages: a CFDocument with its CFItems and CFAssociations, read as a
//! curriculum and written from one.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::json::{Record, derived_uuid, is_uuid, parse};
use crate::curriculum::{Course, Curriculum, CurriculumDoc, Prerequisite, Skill, Unit};
use crate::error::{Error, IdKind, Result, Standard};
use crate::time::Timestamp;

/// Which CFItem field becomes a skill's (unit's, course's) id.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CaseIds {
    /// The item's `identifier` (a UUID); its `humanCodingScheme` becomes the external code.
    #[default]
    Identifier,
    /// The item's `humanCodingScheme` (such as `4.NBT.B.4`); groupings without one keep
    /// their identifier.
    HumanCodingScheme,
}

/// How a CASE package becomes a curriculum.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct CaseImportOptions {
    /// Which field becomes the ids.
    pub ids: CaseIds,
    /// The `CFItemType`s whose items are skills. Empty (the default): every item no other
    /// item is a child of.
    pub skill_types: Vec<String>,
    /// The depth of the items that become units (1: items directly under the document).
    /// None (the default): a skill's parent items.
    pub unit_depth: Option<u32>,
    /// The depth of the items that become courses. None (the default): 1, the top-level
    /// items above units.
    pub course_depth: Option<u32>,
}

impl CaseImportOptions {
    /// Options from a JSON value (null: the defaults); unknown fields are errors.
    pub fn from_value(value: Value) -> Result<CaseImportOptions> {
        super::json::options_from_value(value, "case options")
    }
}

impl CaseExportOptions {
    /// Options from a JSON value (null: the defaults); unknown fields are errors.
    pub fn from_value(value: Value) -> Result<CaseExportOptions> {
        super::json::options_from_value(value, "case options")
    }
}

/// What reading a CASE package found, beside the curriculum.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CaseSummary {
    /// CFItems read.
    pub items: usize,
    /// Items that became skills, units and courses.
    pub skills: usize,
    /// Units made.
    pub units: usize,
    /// Courses made.
    pub courses: usize,
    /// `precedes` associations that became prerequisites.
    pub prerequisites: usize,
    /// Associations not mapped, counted by type: the types a curriculum has no place for
    /// (`isPeerOf`, `exactMatchOf`, ...), and `precedes` between items that are not both
    /// skills (as `precedes (groupings)`).
    pub ignored_associations: BTreeMap<String, usize>,
}

/// A curriculum read from a CASE package, and what the reading found.
#[derive(Debug, Clone)]
pub struct CaseImport {
    /// The validated curriculum.
    pub curriculum: Curriculum,
    /// Counts of what was mapped and ignored.
    pub summary: CaseSummary,
}

/// How a curriculum is written as a CASE package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct CaseExportOptions {
    /// The base of every `uri` written (`{base}/CFItems/{identifier}`, ...).
    pub base_uri: String,
    /// The document's title; the curriculum's name (or "Curriculum") when none.
    pub title: Option<String>,
    /// The document's creator.
    pub creator: String,
    /// `lastChangeDateTime` of every record: fixed, so the same curriculum gives the same
    /// package (default: the Unix epoch).
    pub last_change: Timestamp,
}

impl Default for CaseExportOptions {
    fn default() -> Self {
        CaseExportOptions {
            base_uri: "https://example.org/ims/case/v1p0".into(),
            title: None,
            creator: "masterykit".into(),
            last_change: Timestamp::from_millis(0),
        }
    }
}

struct Item<'a> {
    identifier: &'a str,
    statement: &'a str,
    code: Option<&'a str>,
    item_type: Option<&'a str>,
    notes: Option<&'a str>,
    keywords: Vec<String>,
}

/// A child link: the child's index, its sequence number, the association's order.
type Link = (usize, Option<f64>, usize);

/// Reads a CASE package (JSON: `CFDocument`, `CFItems`, `CFAssociations`, optionally inside
/// `CFPackage`) as a curriculum.
///
/// CFItems become skills (by default the items nothing is a child of), `isChildOf` groups
/// them into units and courses, and `precedes` (origin before destination) becomes a
/// prerequisite. A `precedes` cycle, an association naming an unknown item, or a duplicate
/// item are the curriculum's own errors naming CASE identifiers; malformed records are
/// [`Error::InvalidRecord`] naming the record and field.
pub fn curriculum_from_case(text: &str, options: &CaseImportOptions) -> Result<CaseImport> {
    let root = parse(text, "CASE package")?;
    let root = match root.get("CFPackage") {
        Some(inner) => inner,
        None => &root,
    };
    let pkg = Record::named(Standard::Case, "package");
    let top = pkg.object(root, "CFPackage")?;
    let doc_value = top
        .get("CFDocument")
        .ok_or_else(|| pkg.invalid("CFDocument", "required field is missing"))?;
    let doc = pkg.object(doc_value, "CFDocument")?;
    let doc_rec = Record::named(Standard::Case, "CFDocument");
    let doc_id = doc_rec.req_str(doc, "identifier")?;
    let title = doc_rec.opt_str(doc, "title")?;

    let items_value = array(top, "CFItems", &pkg)?;
    let mut items = Vec::with_capacity(items_value.len());
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(items_value.len());
    let mut problems = Vec::new();
    for (i, v) in items_value.iter().enumerate() {
        let place = format!("CFItems[{i}]");
        let at = Record::named(Standard::Case, &place);
        let obj = at.object(v, "")?;
        let identifier = at.req_str(obj, "identifier")?;
        let named = format!("CFItem `{identifier}`");
        let rec = Record::named(Standard::Case, &named);
        let statement = rec.req_str(obj, "fullStatement")?;
        let keywords = match obj.get("conceptKeywords") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(a)) => a
                .iter()
                .map(|k| {
                    k.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| rec.invalid("conceptKeywords", "expected strings"))
                })
                .collect::<Result<_>>()?,
            Some(_) => return Err(rec.invalid("conceptKeywords", "expected an array of strings")),
        };
        if index.insert(identifier, i).is_some() {
            problems.push(Error::DuplicateId {
                kind: IdKind::Skill,
                id: identifier.to_string(),
            });
        }
        items.push(Item {
            identifier,
            statement: statement.trim(),
            code: rec
                .opt_str(obj, "humanCodingScheme")?
                .filter(|c| !c.trim().is_empty()),
            item_type: rec.opt_str(obj, "CFItemType")?,
            notes: rec.opt_str(obj, "notes")?,
            keywords,
        });
    }

    let mut summary = CaseSummary {
        items: items.len(),
        ..CaseSummary::default()
    };
    let mut children: Vec<Vec<Link>> = vec![Vec::new(); items.len()];
    let mut parents: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    let mut precedes: Vec<(usize, usize)> = Vec::new();
    let assocs = match top.get("CFAssociations") {
        None | Some(Value::Null) => &[][..],
        Some(_) => array(top, "CFAssociations", &pkg)?,
    };
    for (order, v) in assocs.iter().enumerate() {
        let place = format!("CFAssociations[{order}]");
        let at = Record::named(Standard::Case, &place);
        let obj = at.object(v, "")?;
        let id = at.req_str(obj, "identifier")?;
        let named = format!("CFAssociation `{id}`");
        let rec = Record::named(Standard::Case, &named);
        let kind = rec.req_str(obj, "associationType")?;
        let origin = node(obj, "originNodeURI", &rec)?;
        let destination = node(obj, "destinationNodeURI", &rec)?;
        let mut lookup = |end: &str, allow_doc: bool| -> Option<Option<usize>> {
            if allow_doc && end == doc_id {
                return Some(None);
            }
            match index.get(end) {
                Some(&i) => Some(Some(i)),
                None => {
                    problems.push(Error::UnknownId {
                        kind: IdKind::Skill,
                        id: end.to_string(),
                        referenced_in: format!("{named} ({kind})"),
                    });
                    None
                }
            }
        };
        match kind {
            "isChildOf" => {
                let (Some(child), Some(parent)) =
                    (lookup(origin, false), lookup(destination, true))
                else {
                    continue;
                };
                let (Some(child), Some(parent)) = (child, parent) else {
                    continue; // a child of the document: top level
                };
                let seq = rec.opt_f64(obj, "sequenceNumber")?;
                children[parent].push((child, seq, order));
                parents[child].push(parent);
            }
            "precedes" => {
                let (Some(Some(from)), Some(Some(to))) =
                    (lookup(origin, false), lookup(destination, false))
                else {
                    continue;
                };
                precedes.push((from, to));
            }
            other => {
                *summary
                    .ignored_associations
                    .entry(other.to_string())
                    .or_default() += 1
            }
        }
    }
    if let Some(e) =
        Error::from_problems(problems, |problems| Error::InvalidCurriculum { problems })
    {
        return Err(e);
    }
    for c in &mut children {
        c.sort_by(|a, b| {
            let seq = |s: Option<f64>| s.unwrap_or(f64::INFINITY);
            seq(a.1).total_cmp(&seq(b.1)).then(a.2.cmp(&b.2))
        });
    }
    let depth = depths(&children, &parents, &items)?;
    let is_skill: Vec<bool> = (0..items.len())
        .map(|i| {
            if options.skill_types.is_empty() {
                children[i].is_empty()
            } else {
                items[i]
                    .item_type
                    .is_some_and(|t| options.skill_types.iter().any(|s| s == t))
            }
        })
        .collect();
    let id_of = |i: usize| -> String {
        match (options.ids, items[i].code) {
            (CaseIds::HumanCodingScheme, Some(code)) => code.trim().to_string(),
            _ => items[i].identifier.to_string(),
        }
    };
    if options.ids == CaseIds::HumanCodingScheme
        && let Some(i) = (0..items.len()).find(|&i| is_skill[i] && items[i].code.is_none())
    {
        let named = format!("CFItem `{}`", items[i].identifier);
        return Err(Record::named(Standard::Case, &named).invalid(
            "humanCodingScheme",
            "required when ids are human coding schemes",
        ));
    }

    let skill_list: Vec<usize> = (0..items.len()).filter(|&i| is_skill[i]).collect();
    let mut prereqs: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    for (from, to) in precedes {
        if is_skill[from] && is_skill[to] {
            if !prereqs[to].contains(&from) {
                prereqs[to].push(from);
                summary.prerequisites += 1;
            }
        } else {
            *summary
                .ignored_associations
                .entry("precedes (groupings)".into())
                .or_default() += 1;
        }
    }
    let skills: Vec<Skill> = skill_list
        .iter()
        .map(|&i| {
            let it = &items[i];
            Skill {
                id: id_of(i),
                name: it.statement.to_string(),
                description: it.notes.map(str::to_string),
                tags: it.keywords.clone(),
                external_code: match options.ids {
                    CaseIds::Identifier => it.code.map(|c| c.trim().to_string()),
                    CaseIds::HumanCodingScheme => None,
                },
                weight: 1.0,
                prerequisites: prereqs[i]
                    .iter()
                    .map(|&p| Prerequisite::new(id_of(p)))
                    .collect(),
            }
        })
        .collect();

    // Units: the groupings above skills; courses: the groupings above units.
    let groups = |members: &[usize], at_depth: Option<u32>, wanted: &dyn Fn(usize) -> bool| {
        let mut order: Vec<usize> = Vec::new();
        let mut seen = HashSet::new();
        for &m in members {
            for g in ancestors(m, at_depth, &parents, &depth) {
                if seen.insert(g) {
                    order.push(g);
                }
            }
        }
        // Groupings in the package's order; their members in sequence order.
        order.sort_unstable();
        order
            .into_iter()
            .map(|g| {
                let mut inside = Vec::new();
                match at_depth {
                    None => inside.extend(children[g].iter().map(|c| c.0).filter(|&c| wanted(c))),
                    Some(_) => descendants(g, &children, &mut inside, &wanted),
                }
                inside.dedup();
                (g, inside)
            })
            .filter(|(_, inside)| !inside.is_empty())
            .collect::<Vec<_>>()
    };
    let unit_groups = groups(&skill_list, options.unit_depth, &|c| is_skill[c]);
    let unit_items: Vec<usize> = unit_groups.iter().map(|u| u.0).collect();
    let is_unit = |c: usize| unit_items.contains(&c);
    let course_groups = groups(
        &unit_items,
        Some(options.course_depth.unwrap_or(1)),
        &is_unit,
    );
    let units: Vec<Unit> = unit_groups
        .iter()
        .map(|(g, inside)| {
            Unit::new(
                id_of(*g),
                items[*g].statement,
                inside.iter().map(|&s| id_of(s)),
            )
        })
        .collect();
    let courses: Vec<Course> = course_groups
        .iter()
        .map(|(g, inside)| {
            Course::new(
                id_of(*g),
                items[*g].statement,
                inside.iter().map(|&u| id_of(u)),
            )
        })
        .collect();
    summary.skills = skills.len();
    summary.units = units.len();
    summary.courses = courses.len();
    let curriculum = Curriculum::from_doc(CurriculumDoc {
        name: title.map(str::to_string),
        skills,
        units,
        courses,
        ..CurriculumDoc::default()
    })?;
    Ok(CaseImport {
        curriculum,
        summary,
    })
}

fn array<'v>(obj: &'v Map<String, Value>, field: &str, rec: &Record<'_>) -> Result<&'v [Value]> {
    match obj.get(field) {
        Some(Value::Array(a)) => Ok(a),
        None => Err(rec.invalid(field, "required field is missing")),
        Some(other) => Err(rec.invalid(
            field,
            format!("expected an array, found {}", super::json::kind(other)),
        )),
    }
}

/// The identifier of an association's end (`{title, identifier, uri}`).
fn node<'v>(obj: &'v Map<String, Value>, field: &str, rec: &Record<'_>) -> Result<&'v str> {
    let link = rec
        .opt_object(obj, field)?
        .ok_or_else(|| rec.invalid(field, "required field is missing"))?;
    rec.req_str(link, "identifier")
        .map_err(|_| rec.invalid(&format!("{field}.identifier"), "required string is missing"))
}

/// Each item's depth below the document (1: top level), by breadth-first search from the
/// items without parents. An item left unreached sits on an `isChildOf` cycle.
fn depths(children: &[Vec<Link>], parents: &[Vec<usize>], items: &[Item<'_>]) -> Result<Vec<u32>> {
    let mut depth = vec![0u32; children.len()];
    let mut queue: std::collections::VecDeque<usize> = (0..children.len())
        .filter(|&i| parents[i].is_empty())
        .collect();
    for &i in &queue {
        depth[i] = 1;
    }
    while let Some(i) = queue.pop_front() {
        for &(c, _, _) in &children[i] {
            if depth[c] == 0 {
                depth[c] = depth[i] + 1;
                queue.push_back(c);
            }
        }
    }
    if let Some(i) = depth.iter().position(|&d| d == 0) {
        let named = format!("CFItem `{}`", items[i].identifier);
        return Err(Record::named(Standard::Case, &named).invalid(
            "isChildOf",
            "the item is its own ancestor (an isChildOf cycle)",
        ));
    }
    Ok(depth)
}

/// The groupings of `item`: its parents, or its ancestors at `at_depth`.
fn ancestors(
    item: usize,
    at_depth: Option<u32>,
    parents: &[Vec<usize>],
    depth: &[u32],
) -> Vec<usize> {
    let Some(d) = at_depth else {
        return parents[item].clone();
    };
    let mut out = Vec::new();
    let mut stack = parents[item].clone();
    let mut seen = HashSet::new();
    while let Some(p) = stack.pop() {
        if !seen.insert(p) {
            continue;
        }
        if depth[p] == d {
            out.push(p);
        } else if depth[p] > d {
            stack.extend(parents[p].iter().copied());
        }
    }
    out.sort_unstable();
    out
}

/// The items below `g` that `wanted` keeps, depth first in sequence order.
fn descendants(
    g: usize,
    children: &[Vec<Link>],
    out: &mut Vec<usize>,
    wanted: &dyn Fn(usize) -> bool,
) {
    for &(c, _, _) in &children[g] {
        if wanted(c) && !out.contains(&c) {
            out.push(c);
        }
        descendants(c, children, out, wanted);
    }
}

/// Writes a curriculum as a CASE 1.1 package (pretty JSON).
///
/// Skills, units and courses become CFItems (`CFItemType` `Skill`, `Unit`, `Course`), linked
/// by `isChildOf` in teaching order (`sequenceNumber`); each prerequisite becomes a
/// `precedes`. An id that is a UUID is kept as the identifier; any other id gets a UUID
/// derived from it and is written as the `humanCodingScheme` (unless an external code takes
/// that place), so reading the package back with [`CaseIds::HumanCodingScheme`] restores it.
/// Prerequisite and skill weights have no place in CASE and are not written.
pub fn curriculum_to_case(curriculum: &Curriculum, options: &CaseExportOptions) -> String {
    let base = options.base_uri.trim_end_matches('/');
    let when = options.last_change.to_rfc3339();
    let title = options
        .title
        .clone()
        .or_else(|| curriculum.as_doc().name.clone())
        .unwrap_or_else(|| "Curriculum".into());
    let doc_id = derived_uuid(&["CFDocument", &title]);
    let doc_uri = format!("{base}/CFDocuments/{doc_id}");
    let doc_link = json!({"title": title, "identifier": doc_id, "uri": doc_uri});
    // An id that is a UUID stays the identifier, unless another item took it already.
    let mut used: HashSet<String> = HashSet::new();
    let mut ident = |kind: &str, id: &str| {
        let mut identifier = if is_uuid(id) {
            id.to_string()
        } else {
            derived_uuid(&[kind, id])
        };
        if !used.insert(identifier.clone()) {
            identifier = derived_uuid(&[kind, id]);
            used.insert(identifier.clone());
        }
        identifier
    };
    let mut items = Vec::new();
    let mut links: HashMap<(&str, &str), Value> = HashMap::new();
    let mut add = |kind: &'static str,
                   id: &str,
                   name: &str,
                   code: Option<&str>,
                   extra: Map<String, Value>| {
        let identifier = ident(kind, id);
        let uri = format!("{base}/CFItems/{identifier}");
        let mut obj = Map::new();
        obj.insert("identifier".into(), json!(identifier));
        obj.insert("uri".into(), json!(uri));
        obj.insert("CFDocumentURI".into(), doc_link.clone());
        obj.insert(
            "fullStatement".into(),
            json!(if name.is_empty() { id } else { name }),
        );
        let code = code.or((!is_uuid(id)).then_some(id));
        if let Some(code) = code {
            obj.insert("humanCodingScheme".into(), json!(code));
        }
        obj.insert("CFItemType".into(), json!(kind));
        obj.extend(extra);
        obj.insert("lastChangeDateTime".into(), json!(when));
        items.push(Value::Object(obj));
        json!({"title": if name.is_empty() { id } else { name }, "identifier": identifier, "uri": uri})
    };
    for s in curriculum.skills() {
        let mut extra = Map::new();
        if let Some(d) = &s.description {
            extra.insert("notes".into(), json!(d));
        }
        if !s.tags.is_empty() {
            extra.insert("conceptKeywords".into(), json!(s.tags));
        }
        let link = add("Skill", &s.id, &s.name, s.external_code.as_deref(), extra);
        links.insert(("Skill", s.id.as_str()), link);
    }
    for u in curriculum.units() {
        let link = add("Unit", &u.id, &u.name, None, Map::new());
        links.insert(("Unit", u.id.as_str()), link);
    }
    for c in curriculum.courses() {
        let link = add("Course", &c.id, &c.name, None, Map::new());
        links.insert(("Course", c.id.as_str()), link);
    }
    let mut assocs = Vec::new();
    let mut assoc = |kind: &str, origin: &Value, destination: &Value, seq: Option<usize>| {
        let o = origin["identifier"].as_str().unwrap_or_default();
        let d = destination["identifier"].as_str().unwrap_or_default();
        let identifier = derived_uuid(&["CFAssociation", kind, o, d]);
        let mut obj = Map::new();
        obj.insert("identifier".into(), json!(identifier));
        obj.insert(
            "uri".into(),
            json!(format!("{base}/CFAssociations/{identifier}")),
        );
        obj.insert("CFDocumentURI".into(), doc_link.clone());
        obj.insert("associationType".into(), json!(kind));
        if let Some(seq) = seq {
            obj.insert("sequenceNumber".into(), json!(seq));
        }
        obj.insert("originNodeURI".into(), origin.clone());
        obj.insert("destinationNodeURI".into(), destination.clone());
        obj.insert("lastChangeDateTime".into(), json!(when));
        assocs.push(Value::Object(obj));
    };
    let mut placed_skills = HashSet::new();
    let mut placed_units = HashSet::new();
    for c in curriculum.courses() {
        let course = &links[&("Course", c.id.as_str())];
        assoc("isChildOf", course, &doc_link, None);
        for (n, u) in c.units.iter().enumerate() {
            placed_units.insert(u.as_str());
            assoc(
                "isChildOf",
                &links[&("Unit", u.as_str())],
                course,
                Some(n + 1),
            );
        }
    }
    for u in curriculum.units() {
        let unit = &links[&("Unit", u.id.as_str())];
        if !placed_units.contains(u.id.as_str()) {
            assoc("isChildOf", unit, &doc_link, None);
        }
        for (n, s) in u.skills.iter().enumerate() {
            placed_skills.insert(s.as_str());
            assoc(
                "isChildOf",
                &links[&("Skill", s.as_str())],
                unit,
                Some(n + 1),
            );
        }
    }
    for s in curriculum.skills() {
        let skill = &links[&("Skill", s.id.as_str())];
        if !placed_skills.contains(s.id.as_str()) {
            assoc("isChildOf", skill, &doc_link, None);
        }
        for p in &s.prerequisites {
            assoc(
                "precedes",
                &links[&("Skill", p.skill.as_str())],
                skill,
                None,
            );
        }
    }
    let package = json!({
        "CFDocument": {
            "identifier": doc_id,
            "uri": doc_uri,
            "creator": options.creator,
            "title": title,
            "lastChangeDateTime": when,
            "CFPackageURI": {"title": title, "identifier": doc_id, "uri": format!("{base}/CFPackages/{doc_id}")},
        },
        "CFItems": items,
        "CFAssociations": assocs,
    });
    serde_json::to_string_pretty(&package).unwrap_or_default()
}
