//! xAPI 1.0.3 statements in (as evidence) and out (level changes for an LRS).

use std::borrow::Cow;
use std::collections::HashSet;

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value, json};

use super::json::{Record, derived_uuid};
use super::mapping::{
    CONTEXT_EXTENSION, EvidenceImport, EvidenceMapping, EvidenceSummary, Observed, Unplaced,
    VerbRole, duration_seconds, finish,
};
use crate::error::{Error, Result, Standard};
use crate::evidence::Response;
use crate::mastery::{LearnerStore, Transition};
use crate::time::Timestamp;

/// The ADL verb vocabulary's prefix.
pub const ADL_VERBS: &str = "http://adlnet.gov/expapi/verbs/";

const VOIDED: &str = "http://adlnet.gov/expapi/verbs/voided";

/// Roles of the ADL verbs by their last segment.
const ADL_ROLES: &[(&str, VerbRole)] = &[
    ("answered", VerbRole::Answered),
    ("passed", VerbRole::Passed),
    ("failed", VerbRole::Failed),
    ("mastered", VerbRole::Mastered),
    ("asked", VerbRole::Ignore),
    ("attempted", VerbRole::Ignore),
    ("commented", VerbRole::Ignore),
    ("completed", VerbRole::Ignore),
    ("exited", VerbRole::Ignore),
    ("experienced", VerbRole::Ignore),
    ("imported", VerbRole::Ignore),
    ("initialized", VerbRole::Ignore),
    ("interacted", VerbRole::Ignore),
    ("launched", VerbRole::Ignore),
    ("preferred", VerbRole::Ignore),
    ("progressed", VerbRole::Ignore),
    ("registered", VerbRole::Ignore),
    ("resumed", VerbRole::Ignore),
    ("scored", VerbRole::Ignore),
    ("shared", VerbRole::Ignore),
    ("suspended", VerbRole::Ignore),
    ("terminated", VerbRole::Ignore),
    ("voided", VerbRole::Ignore),
];

type Str<'a> = Cow<'a, str>;

#[derive(Deserialize)]
struct Statement<'a> {
    #[serde(borrow, default)]
    id: Option<Str<'a>>,
    #[serde(borrow, default, deserialize_with = "map_only")]
    actor: Option<Agent<'a>>,
    #[serde(borrow, default, deserialize_with = "map_only")]
    verb: Option<Verb<'a>>,
    #[serde(borrow, default, deserialize_with = "map_only")]
    object: Option<Object<'a>>,
    #[serde(borrow, default, deserialize_with = "map_only")]
    result: Option<XResult<'a>>,
    #[serde(borrow, default, deserialize_with = "map_only")]
    context: Option<Context<'a>>,
    #[serde(borrow, default)]
    timestamp: Option<Str<'a>>,
    #[serde(borrow, default)]
    stored: Option<Str<'a>>,
}

/// An object field: an object or null, never the array serde would also take for a struct.
fn map_only<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> std::result::Result<Option<T>, D::Error> {
    struct MapOnly<T>(T);
    impl<'de, T: Deserialize<'de>> Deserialize<'de> for MapOnly<T> {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
            struct V<T>(std::marker::PhantomData<T>);
            impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for V<T> {
                type Value = T;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<M: serde::de::MapAccess<'de>>(
                    self,
                    map: M,
                ) -> std::result::Result<T, M::Error> {
                    T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                }
            }
            d.deserialize_map(V(std::marker::PhantomData)).map(MapOnly)
        }
    }
    Ok(Option::<MapOnly<T>>::deserialize(d)?.map(|m| m.0))
}

/// A top-level value that may be a batch (`statements`, `more`); other fields are skipped.
#[derive(Deserialize)]
struct Probe<'a> {
    #[serde(borrow, default)]
    statements: Option<Vec<&'a RawValue>>,
}

#[derive(Deserialize)]
#[allow(non_snake_case)]
struct Agent<'a> {
    #[serde(borrow, default)]
    objectType: Option<Str<'a>>,
    #[serde(borrow, default)]
    mbox: Option<Str<'a>>,
    #[serde(borrow, default)]
    mbox_sha1sum: Option<Str<'a>>,
    #[serde(borrow, default)]
    openid: Option<Str<'a>>,
    #[serde(borrow, default, deserialize_with = "map_only")]
    account: Option<Account<'a>>,
}

#[derive(Deserialize)]
#[allow(non_snake_case)]
struct Account<'a> {
    #[serde(borrow, default)]
    homePage: Option<Str<'a>>,
    #[serde(borrow, default)]
    name: Option<Str<'a>>,
}

#[derive(Deserialize)]
struct Verb<'a> {
    #[serde(borrow, default)]
    id: Option<Str<'a>>,
}

#[derive(Deserialize)]
#[allow(non_snake_case)]
struct Object<'a> {
    #[serde(borrow, default)]
    objectType: Option<Str<'a>>,
    #[serde(borrow, default)]
    id: Option<Str<'a>>,
    #[serde(borrow, default, deserialize_with = "map_only")]
    definition: Option<Definition<'a>>,
}

#[derive(Deserialize)]
struct Definition<'a> {
    #[serde(borrow, default)]
    extensions: Option<Extensions<'a>>,
}

/// An extensions map, kept raw: only the keys the mapping names are ever looked up.
#[derive(Deserialize)]
#[serde(transparent)]
struct Extensions<'a>(#[serde(borrow)] &'a RawValue);

impl<'a> Extensions<'a> {
    /// The raw value under `key`, found without building the map.
    fn get(&self, key: &str) -> Option<&'a RawValue> {
        use serde::de::DeserializeSeed;
        let mut de = serde_json::Deserializer::from_str(self.0.get());
        Seek(key).deserialize(&mut de).ok().flatten()
    }
}

/// Reads an object, keeping the raw value of one key.
struct Seek<'k>(&'k str);

impl<'de, 'k> serde::de::DeserializeSeed<'de> for Seek<'k> {
    type Value = Option<&'de RawValue>;
    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        d: D,
    ) -> std::result::Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, 'k> serde::de::Visitor<'de> for Seek<'k> {
    type Value = Option<&'de RawValue>;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object of extensions")
    }
    fn visit_map<M: serde::de::MapAccess<'de>>(
        self,
        mut map: M,
    ) -> std::result::Result<Self::Value, M::Error> {
        let mut found = None;
        while let Some(key) = map.next_key::<Str<'de>>()? {
            let value = map.next_value::<&'de RawValue>()?;
            if found.is_none() && key == self.0 {
                found = Some(value);
            }
        }
        Ok(found)
    }
}

#[derive(Deserialize)]
struct XResult<'a> {
    #[serde(default)]
    success: Option<bool>,
    #[serde(default, deserialize_with = "map_only")]
    score: Option<Score>,
    #[serde(borrow, default)]
    duration: Option<Str<'a>>,
}

#[derive(Deserialize)]
struct Score {
    #[serde(default)]
    scaled: Option<f64>,
    #[serde(default)]
    raw: Option<f64>,
    #[serde(default)]
    min: Option<f64>,
    #[serde(default)]
    max: Option<f64>,
}

#[derive(Deserialize)]
struct Context<'a> {
    #[serde(borrow, default)]
    registration: Option<Str<'a>>,
    #[serde(borrow, default)]
    extensions: Option<Extensions<'a>>,
}

/// Reads xAPI 1.0.3 statements as evidence: a statement batch as an LRS returns it
/// (`{"statements": [...], "more": ...}`), a JSON array of statements, one statement, or
/// JSON Lines of statements or batches.
///
/// The actor (`mbox`, `mbox_sha1sum` as `sha1:<hex>`, `openid`, or an `account`'s name) is
/// the learner; the activity is the item, its skills from the mapping's item map or skills
/// extension; `result.success`, else `result.score.scaled` (negative as 0), else
/// `raw` within `min`..`max`, says how the answer went; `passed`, `failed` and `mastered`
/// without a result count as right, wrong and right. A statement id read twice is dropped,
/// and a `voided` statement removes its target. Answers group into sittings by
/// [`EvidenceMapping::sittings`]; a sitting's event id (the statement id, or one derived
/// from learner, registration and context) makes a re-sent batch a no-op when replayed.
///
/// Errors name the statement (its id, or its place) and the field:
/// [`Error::InvalidRecord`], [`Error::UnknownVerb`], [`Error::UnmappedItem`],
/// [`Error::InvalidScore`] for a scaled score outside [-1, 1].
pub fn assessments_from_xapi(text: &str, mapping: &EvidenceMapping) -> Result<EvidenceImport> {
    if let Some(read) = crate::parallel::install(|| read_array_fast(text, mapping)) {
        return convert(read, mapping);
    }
    let raws = split_statements(text).map_err(|e| Error::Parse {
        format: "xAPI statements",
        message: e.to_string(),
    })?;
    // Each statement is read on its own, on every core; the batch's order decides the rest.
    let read = crate::parallel::install(|| map_ordered(&raws, |i, raw| read_one(raw, i, mapping)));
    convert(read, mapping)
}

/// The position of the first byte at or after `i` that is not JSON white space.
fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
    while bytes
        .get(i)
        .is_some_and(|b| matches!(b, b' ' | b'\n' | b'\r' | b'\t'))
    {
        i += 1;
    }
    i
}

/// The common shapes read fast: an array of statements, or one batch whose `statements`
/// come first. The array is cut into chunks read on all cores, each statement parsed once
/// where it stands. A cut is guessed (after a `}`, a comma and a `{`) and a chunk's reading
/// is kept only when the chunk before it stopped exactly there; a guess inside a string or a
/// nested array is never trusted, and that chunk is read again from where the one before
/// stopped. None for any other shape or any statement in error: the general path then reads
/// the text and names what is wrong.
fn read_array_fast<'a>(text: &'a str, mapping: &'a EvidenceMapping) -> Option<Vec<ReadOne<'a>>> {
    let bytes = text.as_bytes();
    let mut i = skip_ws(bytes, 0);
    let batch = match bytes.get(i)? {
        b'[' => false,
        b'{' => {
            i = skip_ws(bytes, i + 1);
            if !text[i..].starts_with("\"statements\"") {
                return None;
            }
            i = skip_ws(bytes, i + "\"statements\"".len());
            if bytes.get(i) != Some(&b':') {
                return None;
            }
            i = skip_ws(bytes, i + 1);
            if bytes.get(i) != Some(&b'[') {
                return None;
            }
            true
        }
        _ => return None,
    };
    let first = skip_ws(bytes, i + 1);
    let (read, end) = if bytes.get(first) == Some(&b']') {
        (Vec::new(), first + 1)
    } else {
        let threads = if cfg!(feature = "parallel") { 8 } else { 1 };
        let chunks = if bytes.len() > (1 << 20) { threads } else { 1 };
        let mut starts = vec![first];
        for k in 1..chunks {
            let from = first + (bytes.len() - first) * k / chunks;
            if let Some(cut) = guess_cut(bytes, from)
                && cut > *starts.last()?
            {
                starts.push(cut);
            }
        }
        let parts = map_ordered(&starts, |k, &start| {
            read_chunk(text, start, starts.get(k + 1).copied(), mapping)
        });
        // Chunks in order from a known element start: a chunk read from where the one before
        // stopped is kept; one read from a wrong guess is read again from the right place.
        let mut parts: Vec<_> = parts.into_iter().map(Some).collect();
        let mut read = Vec::new();
        let mut pos = first;
        let mut end = None;
        for k in 0..starts.len() {
            let next = starts.get(k + 1).copied();
            if next.is_some_and(|n| pos >= n) {
                continue; // read already, past this chunk
            }
            let part = match parts[k].take().flatten() {
                Some(part) if starts[k] == pos => part,
                _ => read_chunk(text, pos, next, mapping)?,
            };
            let (items, stop, closed) = part;
            read.extend(items);
            pos = stop;
            if closed {
                end = Some(stop);
                break;
            }
        }
        (read, end?)
    };
    // What follows the array: nothing (an array), or the rest of the batch object.
    let rest = &text[end..];
    if batch {
        let tail = format!("{{\"statements\": []{rest}");
        let mut stream = serde_json::Deserializer::from_str(&tail).into_iter::<Probe<'_>>();
        stream.next()?.ok()?;
        if stream.next().is_some() {
            return None; // more batches follow, as JSON Lines
        }
    } else if !rest.trim().is_empty() {
        return None;
    }
    Some(read)
}

/// A guess at where an array element starts, at or after `from`: the `{` after `}` `,`.
fn guess_cut(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        i += memchr::memchr(b'}', bytes.get(i..)?)?;
        let comma = skip_ws(bytes, i + 1);
        if bytes.get(comma) == Some(&b',') {
            let open = skip_ws(bytes, comma + 1);
            if bytes.get(open) == Some(&b'{') {
                return Some(open);
            }
        }
        i += 1;
    }
}

/// The statements from `start` until `limit` (the next chunk's start) or the array's end:
/// what they are, where reading stopped, and whether the array closed there. None on any
/// statement that does not read cleanly.
fn read_chunk<'a>(
    text: &'a str,
    start: usize,
    limit: Option<usize>,
    mapping: &'a EvidenceMapping,
) -> Option<(Vec<ReadOne<'a>>, usize, bool)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut pos = start;
    loop {
        let mut stream =
            serde_json::Deserializer::from_str(&text[pos..]).into_iter::<Statement<'a>>();
        let st = stream.next()?.ok()?;
        let end = pos + stream.byte_offset();
        // Numbered within the chunk: a statement in error sends the batch to the general path,
        // which numbers them all.
        let rec = Record::item(Standard::Xapi, st.id.as_deref(), out.len());
        let read = classify(&st, mapping, &rec).ok()?;
        out.push((st.id, Ok(read)));
        pos = skip_ws(bytes, end);
        match bytes.get(pos)? {
            b',' => {
                pos = skip_ws(bytes, pos + 1);
                if limit.is_some_and(|l| pos >= l) {
                    return Some((out, pos, false));
                }
            }
            b']' => return Some((out, pos + 1, true)),
            _ => return None,
        }
    }
}

/// The statements of a text, each as its raw JSON: a batch, an array, one statement, or
/// JSON Lines of statements or batches.
fn split_statements(text: &str) -> serde_json::Result<Vec<&RawValue>> {
    if text.trim_start().starts_with('[') {
        return serde_json::from_str::<Vec<&RawValue>>(text);
    }
    // One pass over a batch: its statements are kept raw as the batch is read.
    let mut out = Vec::new();
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Probe<'_>>();
    loop {
        let start = stream.byte_offset();
        match stream.next() {
            None => return Ok(out),
            Some(Err(e)) => return Err(e),
            Some(Ok(Probe {
                statements: Some(batch),
            })) => out.extend(batch),
            Some(Ok(Probe { statements: None })) => {
                let end = stream.byte_offset();
                out.push(serde_json::from_str::<&RawValue>(&text[start..end])?);
            }
        }
    }
}

/// `f` of every item, in order, on all cores when the `parallel` feature is on.
fn map_ordered<T: Sync, U: Send>(items: &[T], f: impl Fn(usize, &T) -> U + Sync + Send) -> Vec<U> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        items.par_iter().enumerate().map(|(i, t)| f(i, t)).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        items.iter().enumerate().map(|(i, t)| f(i, t)).collect()
    }
}

/// What one statement is, read on its own.
enum Read<'a> {
    /// An answer.
    Answer(Observed<'a>),
    /// A `voided` statement and the id it voids.
    Voiding(Str<'a>),
    /// Not evidence, with the reason counted in the summary.
    Skipped(String),
    /// An answer to an item no skill is mapped to (skipped by the mapping).
    Unmapped,
}

/// One statement: its id (for duplicates) and what it is, or the error it gives.
type ReadOne<'a> = (Option<Str<'a>>, Result<Read<'a>>);

fn read_one<'a>(raw: &'a RawValue, index: usize, mapping: &'a EvidenceMapping) -> ReadOne<'a> {
    let st: Statement<'a> = match serde_json::from_str(raw.get()) {
        Ok(st) => st,
        Err(e) => return (None, Err(statement_error(raw, index, e))),
    };
    let rec = Record::item(Standard::Xapi, st.id.as_deref(), index);
    let read = classify(&st, mapping, &rec);
    (st.id, read)
}

/// The error of a statement serde refused: a field of the wrong type as
/// [`Error::InvalidRecord`] naming it, anything else as [`Error::Parse`].
fn statement_error(raw: &RawValue, index: usize, error: serde_json::Error) -> Error {
    let Ok(v) = serde_json::from_str::<Value>(raw.get()) else {
        return Error::Parse {
            format: "xAPI statements",
            message: error.to_string(),
        };
    };
    let rec = Record::item(Standard::Xapi, v.get("id").and_then(Value::as_str), index);
    match mistyped(&v, "", STATEMENT) {
        Some((Some((field, expected)), found)) => {
            rec.invalid(&field, format!("expected {expected}, found {found}"))
        }
        Some((None, found)) => {
            rec.invalid("", format!("expected a statement object, found {found}"))
        }
        None => rec.invalid("", error.to_string()),
    }
}

/// The shape of the statement fields read: a name and a type (a leaf) or its fields.
enum Shape {
    Leaf(&'static str, fn(&Value) -> bool),
    Object(&'static str, &'static [Shape]),
}

const fn text(name: &'static str) -> Shape {
    Shape::Leaf(name, Value::is_string)
}

const fn number(name: &'static str) -> Shape {
    Shape::Leaf(name, Value::is_number)
}

const STATEMENT: &[Shape] = &[
    text("id"),
    Shape::Object(
        "actor",
        &[
            text("objectType"),
            text("mbox"),
            text("mbox_sha1sum"),
            text("openid"),
            Shape::Object("account", &[text("homePage"), text("name")]),
        ],
    ),
    Shape::Object("verb", &[text("id")]),
    Shape::Object(
        "object",
        &[
            text("objectType"),
            text("id"),
            Shape::Object("definition", &[Shape::Object("extensions", &[])]),
        ],
    ),
    Shape::Object(
        "result",
        &[
            Shape::Leaf("success", Value::is_boolean),
            Shape::Object(
                "score",
                &[
                    number("scaled"),
                    number("raw"),
                    number("min"),
                    number("max"),
                ],
            ),
            text("duration"),
        ],
    ),
    Shape::Object(
        "context",
        &[text("registration"), Shape::Object("extensions", &[])],
    ),
    text("timestamp"),
    text("stored"),
];

/// The first field of `v` (an object of `fields`) whose type is wrong: its path and the type
/// expected (none when `v` itself is not an object), and the kind found. Null is absent.
#[allow(clippy::type_complexity)]
fn mistyped(
    v: &Value,
    path: &str,
    fields: &[Shape],
) -> Option<(Option<(String, &'static str)>, &'static str)> {
    let Value::Object(obj) = v else {
        return Some((None, super::json::kind(v)));
    };
    let at = |name: &str| match path {
        "" => name.to_string(),
        _ => format!("{path}.{name}"),
    };
    for shape in fields {
        let (name, found) = match shape {
            Shape::Leaf(name, _) | Shape::Object(name, _) => (*name, obj.get(*name)),
        };
        let Some(found) = found.filter(|f| !f.is_null()) else {
            continue;
        };
        match shape {
            Shape::Leaf(_, ok) if !ok(found) => {
                let expected = match name {
                    "success" => "true or false",
                    "scaled" | "raw" | "min" | "max" => "a number",
                    _ => "a string",
                };
                return Some((Some((at(name), expected)), super::json::kind(found)));
            }
            Shape::Object(_, inner) => match mistyped(found, &at(name), inner) {
                Some((None, kind)) => return Some((Some((at(name), "an object")), kind)),
                Some(deeper) => return Some(deeper),
                None => {}
            },
            Shape::Leaf(..) => {}
        }
    }
    None
}

fn verb_role(verb: &str, mapping: &EvidenceMapping) -> Option<VerbRole> {
    if let Some(role) = mapping.verbs.get(verb) {
        return Some(*role);
    }
    let name = verb.strip_prefix(ADL_VERBS)?;
    ADL_ROLES.iter().find(|(n, _)| *n == name).map(|(_, r)| *r)
}

/// What a verb makes of a statement, before its answer is read.
fn classify<'a>(
    st: &Statement<'a>,
    mapping: &'a EvidenceMapping,
    rec: &Record<'_>,
) -> Result<Read<'a>> {
    let verb = st
        .verb
        .as_ref()
        .and_then(|v| v.id.as_deref())
        .ok_or_else(|| rec.invalid("verb.id", "required field is missing"))?;
    if verb == VOIDED {
        let target = st
            .object
            .as_ref()
            .filter(|o| o.objectType.as_deref() == Some("StatementRef"))
            .and_then(|o| o.id.clone())
            .ok_or_else(|| rec.invalid("object", "a voiding statement needs a StatementRef"))?;
        return Ok(Read::Voiding(target));
    }
    let role = match verb_role(verb, mapping) {
        Some(VerbRole::Ignore) => None,
        Some(role) => Some(role),
        None => match mapping.unknown_verbs {
            Unplaced::Error => {
                return Err(Error::UnknownVerb {
                    standard: Standard::Xapi,
                    record: rec.name.to_string(),
                    verb: verb.to_string(),
                });
            }
            Unplaced::Skip => None,
        },
    };
    let Some(role) = role else {
        return Ok(Read::Skipped(format!("verb {verb}")));
    };
    Ok(match observe(st, role, mapping, rec)? {
        Some(o) => Read::Answer(o),
        None => Read::Unmapped,
    })
}

/// The batch in order: duplicates dropped (a re-sent statement is not read again, valid or
/// not), the first error returned, voided statements removed, answers grouped.
fn convert(read: Vec<ReadOne<'_>>, mapping: &EvidenceMapping) -> Result<EvidenceImport> {
    let mut summary = EvidenceSummary {
        records: read.len(),
        ..EvidenceSummary::default()
    };
    let mut seen: HashSet<Str<'_>, foldhash::fast::RandomState> =
        HashSet::with_capacity_and_hasher(read.len(), Default::default());
    let mut voided: HashSet<Str<'_>, foldhash::fast::RandomState> = HashSet::default();
    let mut observed = Vec::with_capacity(read.len());
    for (id, item) in read {
        if let Some(id) = id
            && !seen.insert(id)
        {
            summary.duplicates += 1;
            continue;
        }
        match item? {
            Read::Answer(o) => observed.push(o),
            Read::Voiding(target) => {
                voided.insert(target);
                *summary.skipped.entry(format!("verb {VOIDED}")).or_default() += 1;
            }
            Read::Skipped(reason) => *summary.skipped.entry(reason).or_default() += 1,
            Read::Unmapped => *summary.skipped.entry("unmapped item".into()).or_default() += 1,
        }
    }
    if !voided.is_empty() {
        let before = observed.len();
        observed.retain(|o: &Observed<'_>| o.id.as_deref().is_none_or(|id| !voided.contains(id)));
        summary.voided = before - observed.len();
    }
    Ok(finish(observed, summary, mapping))
}

fn learner_of<'a>(
    actor: Option<&Agent<'a>>,
    mapping: &EvidenceMapping,
    rec: &Record<'_>,
) -> Result<Str<'a>> {
    let actor = actor.ok_or_else(|| rec.invalid("actor", "required field is missing"))?;
    if actor.objectType.as_deref() == Some("Group") {
        return Err(rec.invalid("actor.objectType", "a Group is not a learner"));
    }
    let mut found: Option<Str<'a>> = None;
    let mut count = 0;
    if let Some(m) = &actor.mbox {
        if !m.starts_with("mailto:") {
            return Err(rec.invalid("actor.mbox", "expected a mailto: IRI"));
        }
        count += 1;
        found = Some(m.clone());
    }
    if let Some(s) = &actor.mbox_sha1sum {
        count += 1;
        found = Some(Cow::Owned(format!("sha1:{s}")));
    }
    if let Some(o) = &actor.openid {
        count += 1;
        found = Some(o.clone());
    }
    if let Some(a) = &actor.account {
        let name = a
            .name
            .as_ref()
            .filter(|n| !n.is_empty())
            .ok_or_else(|| rec.invalid("actor.account.name", "required field is missing"))?;
        let home = a
            .homePage
            .as_deref()
            .ok_or_else(|| rec.invalid("actor.account.homePage", "required field is missing"))?;
        count += 1;
        found = Some(if mapping.qualify_accounts {
            Cow::Owned(format!("{home}#{name}"))
        } else {
            name.clone()
        });
    }
    match (count, found) {
        // `mailto:` alone, or an empty hash, openid or account name, identifies no one.
        (1, Some(id)) if id.trim().is_empty() || id.trim() == "mailto:" || id.trim() == "sha1:" => {
            Err(rec.invalid("actor", "its identifier is empty"))
        }
        (1, Some(id)) => Ok(id),
        (0, _) => Err(rec.invalid(
            "actor",
            "needs one identifier: mbox, mbox_sha1sum, openid or account",
        )),
        _ => Err(rec.invalid("actor", "has more than one identifier")),
    }
}

fn observe<'a>(
    st: &Statement<'a>,
    role: VerbRole,
    mapping: &'a EvidenceMapping,
    rec: &Record<'_>,
) -> Result<Option<Observed<'a>>> {
    let learner = learner_of(st.actor.as_ref(), mapping, rec)?;
    let object = st
        .object
        .as_ref()
        .ok_or_else(|| rec.invalid("object", "required field is missing"))?;
    if let Some(t) = object.objectType.as_deref()
        && t != "Activity"
    {
        return Err(rec.invalid("object.objectType", format!("expected Activity, found {t}")));
    }
    let item = object
        .id
        .as_deref()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| rec.invalid("object.id", "required field is missing"))?;
    let context_ext = st.context.as_ref().and_then(|c| c.extensions.as_ref());
    let definition_ext = object
        .definition
        .as_ref()
        .and_then(|d| d.extensions.as_ref());
    for (ext, field) in [
        (definition_ext, "object.definition.extensions"),
        (context_ext, "context.extensions"),
    ] {
        if let Some(ext) = ext
            && !ext.0.get().starts_with('{')
        {
            let found = serde_json::from_str::<Value>(ext.0.get()).unwrap_or(Value::Null);
            return Err(rec.invalid(
                field,
                format!("expected an object, found {}", super::json::kind(&found)),
            ));
        }
    }
    let skills = match mapping.item_skills(item) {
        Some(skills) => Some(skills),
        None => extension_skills(mapping, [definition_ext, context_ext], rec)?,
    };
    let Some(skills) = skills else {
        return match mapping.unmapped_items {
            Unplaced::Error => Err(Error::UnmappedItem {
                standard: Standard::Xapi,
                record: rec.name.to_string(),
                item: item.to_string(),
            }),
            Unplaced::Skip => Ok(None),
        };
    };
    let when = st
        .timestamp
        .as_deref()
        .map(|t| (t, "timestamp"))
        .or(st.stored.as_deref().map(|t| (t, "stored")))
        .ok_or_else(|| rec.invalid("timestamp", "required (or `stored`) to order evidence"))?;
    let timestamp = Timestamp::parse(when.0).map_err(|e| rec.invalid(when.1, e.to_string()))?;
    let (mut correct, mut score, mut duration) = (None, None, None);
    if let Some(r) = &st.result {
        if let Some(s) = r.success {
            correct = Some(s);
        } else if let Some(sc) = &r.score {
            score = Some(scaled_score(sc, rec)?);
        }
        if let Some(d) = r.duration.as_deref() {
            duration = Some(duration_seconds(d).ok_or_else(|| {
                rec.invalid(
                    "result.duration",
                    format!("`{d}` is not an ISO 8601 duration"),
                )
            })?);
        }
    }
    if correct.is_none() && score.is_none() {
        correct = Some(match role {
            VerbRole::Passed | VerbRole::Mastered => true,
            VerbRole::Failed => false,
            _ => {
                return Err(rec.invalid("result", "an answer needs result.success or result.score"));
            }
        });
    }
    let context = match context_ext.and_then(|e| e.get(&mapping.context_extension)) {
        Some(raw) if raw.get() != "null" => match serde_json::from_str::<Str<'a>>(raw.get()) {
            Ok(c) if !c.trim().is_empty() => c,
            _ => {
                return Err(rec.invalid(
                    &format!("context.extensions.{}", mapping.context_extension),
                    "expected a context name (a string)",
                ));
            }
        },
        _ => Cow::Borrowed(mapping.context.as_str()),
    };
    Ok(Some(Observed {
        learner,
        context,
        timestamp,
        group: st.context.as_ref().and_then(|c| c.registration.clone()),
        id: st.id.clone(),
        response: Response {
            item: item.to_string(),
            skills,
            correct,
            score,
            hints: None,
            duration,
            timestamp: Some(timestamp),
            bonus: false,
        },
    }))
}

/// The skills extension of the activity's definition, else of the context: a skill id or a
/// list of them.
fn extension_skills(
    mapping: &EvidenceMapping,
    sets: [Option<&Extensions<'_>>; 2],
    rec: &Record<'_>,
) -> Result<Option<Vec<String>>> {
    for ext in sets.into_iter().flatten() {
        let Some(raw) = ext.get(&mapping.skills_extension) else {
            continue;
        };
        let text = raw.get();
        if text == "null" {
            continue;
        }
        let field = format!("extensions.{}", mapping.skills_extension);
        let skills: Vec<String> = if let Ok(one) = serde_json::from_str::<Str<'_>>(text) {
            vec![one.into_owned()]
        } else {
            match serde_json::from_str::<Vec<Str<'_>>>(text) {
                Ok(many) => many.into_iter().map(Cow::into_owned).collect(),
                Err(_) => {
                    return Err(rec.invalid(&field, "expected a skill id or a list of them"));
                }
            }
        };
        if skills.is_empty() || skills.iter().any(|s| s.trim().is_empty()) {
            return Err(rec.invalid(&field, "expected skill ids, none of them empty"));
        }
        return Ok(Some(skills));
    }
    Ok(None)
}

fn scaled_score(sc: &Score, rec: &Record<'_>) -> Result<f64> {
    if let Some(s) = sc.scaled {
        if !(-1.0..=1.0).contains(&s) {
            return Err(Error::InvalidScore {
                location: format!(
                    "xAPI statement {} result.score.scaled (within [-1, 1])",
                    rec.name
                ),
                value: s,
            });
        }
        return Ok(s.max(0.0));
    }
    match (sc.raw, sc.min, sc.max) {
        // Finite bounds can still overflow when subtracted (-1e308 to 1e308): such a
        // score is refused rather than written as NaN.
        (Some(raw), Some(min), Some(max))
            if min < max
                && (min..=max).contains(&raw)
                && ((raw - min) / (max - min)).is_finite() =>
        {
            Ok((raw - min) / (max - min))
        }
        (Some(_), Some(_), Some(_)) => {
            Err(rec.invalid("result.score", "needs min < max and min <= raw <= max"))
        }
        _ => Err(rec.invalid(
            "result.score",
            "needs `scaled`, or `raw` with `min` and `max`",
        )),
    }
}

/// How level changes are written as xAPI statements.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct XapiExportOptions {
    /// The `homePage` of the accounts learners are written as (a learner id starting with
    /// `mailto:` is written as an `mbox` instead).
    pub home_page: String,
    /// The prefix of each skill's activity id (`{prefix}{skill}`).
    pub activity_prefix: String,
}

impl XapiExportOptions {
    /// Options from a JSON value (null: the defaults); unknown fields are errors.
    pub fn from_value(value: Value) -> Result<XapiExportOptions> {
        super::json::options_from_value(value, "xapi options")
    }
}

impl Default for XapiExportOptions {
    fn default() -> Self {
        XapiExportOptions {
            home_page: "https://example.org".into(),
            activity_prefix: "https://example.org/skills/".into(),
        }
    }
}

/// Level changes as xAPI 1.0.3 statements (a JSON array), for an LRS: a change to the
/// policy's top level is ADL `mastered`, any other ADL `progressed`. The levels before and
/// after, the context and the outcome are result and context extensions
/// (`urn:masterykit:level`, `urn:masterykit:previous_level`, `urn:masterykit:context`,
/// `urn:masterykit:outcome`). Each statement's id is derived from the change, so writing
/// the same changes twice gives the same statements (an LRS keeps one of each).
pub fn transitions_to_xapi(
    store: &LearnerStore,
    transitions: &[Transition],
    options: &XapiExportOptions,
) -> String {
    let top = store
        .policy()
        .levels()
        .last()
        .map(|l| l.id.as_str())
        .unwrap_or_default();
    let statements: Vec<Value> = transitions
        .iter()
        .map(|t| {
            let when = t.timestamp.to_rfc3339();
            let mastered = t.to == top;
            let verb = if mastered { "mastered" } else { "progressed" };
            let actor = match t.learner.strip_prefix("mailto:") {
                Some(_) => json!({"objectType": "Agent", "mbox": t.learner}),
                None => json!({"objectType": "Agent", "account": {"homePage": options.home_page, "name": t.learner}}),
            };
            let name = store
                .curriculum()
                .skill(&t.skill)
                .map(|s| s.display_name().to_string())
                .unwrap_or_else(|| t.skill.clone());
            let mut context_ext = Map::new();
            context_ext.insert(CONTEXT_EXTENSION.into(), json!(t.context));
            if let Some(o) = &t.outcome {
                context_ext.insert("urn:masterykit:outcome".into(), json!(o));
            }
            if let Some(e) = &t.event_id {
                context_ext.insert("urn:masterykit:event_id".into(), json!(e));
            }
            json!({
                "id": derived_uuid(&[&t.learner, &t.skill, &when, &t.from, &t.to, t.event_id.as_deref().unwrap_or("")]),
                "actor": actor,
                "verb": {"id": format!("{ADL_VERBS}{verb}"), "display": {"en-US": verb}},
                "object": {
                    "objectType": "Activity",
                    "id": format!("{}{}", options.activity_prefix, t.skill),
                    "definition": {
                        "name": {"en-US": name},
                        "type": "http://adlnet.gov/expapi/activities/objective",
                    },
                },
                "result": {
                    "completion": mastered,
                    "extensions": {
                        "urn:masterykit:level": t.to,
                        "urn:masterykit:previous_level": t.from,
                    },
                },
                "context": {"extensions": context_ext},
                "timestamp": when,
            })
        })
        .collect();
    serde_json::to_string_pretty(&statements).unwrap_or_default()
}
