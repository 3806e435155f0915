//! The one conversion hub: serde values to Python objects and back.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use serde_json::Value;

/// A JSON value as plain Python objects (dict, list, str, int, float, bool, None).
pub fn to_py(py: Python<'_>, v: &Value) -> PyResult<Py<PyAny>> {
    Ok(match v {
        Value::Null => py.None(),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any().unbind(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any().unbind(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any().unbind(),
            _ => PyFloat::new(py, n.as_f64().unwrap_or(f64::NAN))
                .into_any()
                .unbind(),
        },
        Value::String(s) => PyString::new(py, s).into_any().unbind(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any().unbind()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, item) in map {
                dict.set_item(k, to_py(py, item)?)?;
            }
            dict.into_any().unbind()
        }
    })
}

/// Any serializable core value as Python objects.
pub fn ser_to_py<T: serde::Serialize>(py: Python<'_>, value: &T) -> PyResult<Py<PyAny>> {
    let v = serde_json::to_value(value).map_err(|e| {
        crate::error::Error(masterykit::Error::Parse {
            format: "json",
            message: e.to_string(),
        })
    })?;
    to_py(py, &v)
}

/// Plain Python objects (dict, list, tuple, str, int, float, bool, None) as a JSON value.
pub fn from_py(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.cast::<PyInt>().is_ok() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::from(u));
        }
        // Beyond 64 bits: no field takes such a number.
        return Err(crate::error::Error(masterykit::Error::InvalidNumber {
            location: format!("integer {} given from Python", obj.str()?),
            value: obj.extract::<f64>().unwrap_or(f64::MAX),
            expected: "an integer within 64 bits",
        })
        .into());
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        // NaN and infinities have no JSON form: an error, never a silent `null`.
        let v = f.value();
        return serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| {
                crate::error::Error(masterykit::Error::InvalidNumber {
                    location: "number given from Python".into(),
                    value: v,
                    expected: "a finite number",
                })
                .into()
            });
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.extract::<String>()?));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = serde_json::Map::new();
        for (k, v) in d.iter() {
            map.insert(k.str()?.extract::<String>()?, from_py(&v)?);
        }
        return Ok(Value::Object(map));
    }
    if let Ok(l) = obj.cast::<PyList>() {
        return l
            .iter()
            .map(|x| from_py(&x))
            .collect::<PyResult<_>>()
            .map(Value::Array);
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        return t
            .iter()
            .map(|x| from_py(&x))
            .collect::<PyResult<_>>()
            .map(Value::Array);
    }
    if let Some(text) = iso_text(obj)? {
        return Ok(Value::String(text));
    }
    Err(crate::error::argument(
        "value",
        format!(
            "cannot convert {} to plain data (dict, list, tuple, str, int, float, bool, None)",
            obj.get_type().name()?
        ),
    ))
}

/// `__reduce__` for classes that rebuild from their JSON form: `(Class.from_json, (json,))`,
/// so objects pickle and travel to Dask, Ray or Spark workers.
pub fn reduce_via_json<'py>(
    class: &Bound<'py, PyType>,
    json: String,
) -> PyResult<Bound<'py, PyTuple>> {
    let py = class.py();
    let ctor = class.getattr("from_json")?;
    let args = PyTuple::new(py, [json])?;
    PyTuple::new(py, [ctor, args.into_any()])
}

/// A one-dimensional int64 numpy array taken from any integer array (int32, uint16, ...:
/// converted once), as pandas and numpy hand out codes; anything else is a `MasteryError`
/// naming the argument. Derefs to the readonly int64 view.
pub struct Int64s<'py>(pub numpy::PyReadonlyArray1<'py, i64>);

impl<'py> std::ops::Deref for Int64s<'py> {
    type Target = numpy::PyReadonlyArray1<'py, i64>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

/// `obj` as int64, converting an array of another integer type once.
fn as_int64<'py>(obj: &Bound<'py, PyAny>) -> PyResult<numpy::PyReadonlyArray1<'py, i64>> {
    use numpy::{PyArrayDescrMethods, PyUntypedArray, PyUntypedArrayMethods};
    if let Ok(a) = obj.extract::<numpy::PyReadonlyArray1<'py, i64>>() {
        return Ok(a);
    }
    let integer = obj.cast::<PyUntypedArray>().is_ok_and(|a| {
        let kind = a.dtype().kind();
        a.ndim() == 1 && (kind == b'i' || kind == b'u' || kind == b'b')
    });
    if !integer {
        return Err(crate::error::argument(
            "array",
            format!(
                "expected a one-dimensional integer numpy array, got {}",
                obj.get_type().name()?
            ),
        ));
    }
    obj.call_method1("astype", ("int64",))?.extract()
}

impl<'a, 'py> FromPyObject<'a, 'py> for Int64s<'py> {
    type Error = PyErr;

    fn extract(obj: pyo3::Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(Int64s(as_int64(&obj)?))
    }
}

/// Right-or-wrong outcomes: a bool numpy array, or an integer one holding only 0 and 1.
pub struct Outcomes<'py>(pub numpy::PyReadonlyArray1<'py, bool>);

impl<'py> std::ops::Deref for Outcomes<'py> {
    type Target = numpy::PyReadonlyArray1<'py, bool>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Outcomes<'py> {
    type Error = PyErr;

    fn extract(obj: pyo3::Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(a) = obj.extract::<numpy::PyReadonlyArray1<'py, bool>>() {
            return Ok(Outcomes(a));
        }
        let wide = as_int64(&obj)?;
        if let Some(row) = wide.as_array().iter().position(|&v| v != 0 && v != 1) {
            return Err(crate::error::argument(
                "correct",
                format!("row {row} holds {}: expected 0 or 1", wide.as_array()[row]),
            ));
        }
        Ok(Outcomes(obj.call_method1("astype", ("bool",))?.extract()?))
    }
}

/// Right-or-wrong outcomes as a list: booleans, or the integers 0 and 1 (as pyBKT's
/// `correct` column holds them); anything else is an error naming the row.
pub struct Corrects(pub Vec<bool>);

impl<'a, 'py> FromPyObject<'a, 'py> for Corrects {
    type Error = PyErr;

    fn extract(obj: pyo3::Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let mut out = Vec::new();
        for (row, item) in obj.try_iter()?.enumerate() {
            let item = item?;
            let value = if let Ok(b) = item.cast::<PyBool>() {
                b.is_true()
            } else {
                match item.extract::<i64>() {
                    Ok(0) => false,
                    Ok(1) => true,
                    _ => {
                        return Err(crate::error::argument(
                            "correct",
                            format!("row {row} holds {}: expected a bool, 0 or 1", item.repr()?),
                        ));
                    }
                }
            };
            out.push(value);
        }
        Ok(Corrects(out))
    }
}

/// The ISO 8601 text of a `datetime`, `date` or pandas `Timestamp` (anything with
/// `isoformat`), or `None` for other objects. A datetime without a time zone gives text
/// without an offset, which timestamps reject: the instant it means is not known.
fn iso_text(obj: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    if !obj.hasattr("isoformat")? {
        return Ok(None);
    }
    Ok(Some(obj.call_method0("isoformat")?.extract::<String>()?))
}

/// A timestamp from RFC 3339 text, a date, a time-zone-aware `datetime`, a `date`, a
/// pandas `Timestamp`, or whole seconds since the Unix epoch (as in every document).
pub fn timestamp(obj: &Bound<'_, PyAny>) -> PyResult<masterykit::Timestamp> {
    let invalid = |e| -> PyErr { crate::error::Error(e).into() };
    if obj.cast::<PyInt>().is_ok() && obj.cast::<PyBool>().is_err() {
        let value = from_py(obj)?;
        return match value.as_i64() {
            Some(secs) => masterykit::Timestamp::try_from_secs(secs).map_err(invalid),
            None => Err(invalid(masterykit::Error::InvalidTimestamp {
                value: value.to_string(),
                expected: "Unix seconds within the years 0 to 9999".into(),
            })),
        };
    }
    let text = match obj.extract::<String>() {
        Ok(text) => text,
        Err(_) => iso_text(obj)?.ok_or_else(|| {
            crate::error::argument(
                "timestamp",
                "expected RFC 3339 text, a date, a datetime with a time zone or a date object"
                    .into(),
            )
        })?,
    };
    masterykit::Timestamp::parse(&text).map_err(invalid)
}

/// Ids given as a sequence (a list, tuple or array) of strings or integers: real data often
/// numbers its learners, skills or items, and an integer id means its decimal text
/// (`17` and `"17"` are the same learner). Anything else is a `MasteryError` naming the
/// position.
pub struct IdList(pub Vec<String>);

impl<'a, 'py> FromPyObject<'a, 'py> for IdList {
    type Error = PyErr;

    fn extract(obj: pyo3::Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if obj.cast::<PyString>().is_ok() {
            // A string is a sequence of characters, never meant as ids.
            return Err(crate::error::argument(
                "ids",
                "expected a sequence of ids, not one string".into(),
            ));
        }
        let mut ids = Vec::with_capacity(obj.len().unwrap_or(0));
        for (k, item) in obj.try_iter()?.enumerate() {
            let item = item?;
            if let Ok(s) = item.cast::<PyString>() {
                ids.push(s.extract::<String>()?);
            } else if item.cast::<PyBool>().is_err()
                && let Ok(n) = item.extract::<i64>()
            {
                ids.push(n.to_string());
            } else {
                return Err(crate::error::argument(
                    "ids",
                    format!(
                        "position {k} holds a {}: expected a string or an integer",
                        item.get_type().name()?
                    ),
                ));
            }
        }
        Ok(IdList(ids))
    }
}

impl std::ops::Deref for IdList {
    type Target = Vec<String>;
    fn deref(&self) -> &Vec<String> {
        &self.0
    }
}
