//! Timestamps: milliseconds since the Unix epoch, UTC. Written as RFC 3339 strings; read from
//! RFC 3339 strings, `YYYY-MM-DD` dates (midnight UTC) or integer Unix seconds.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime, UtcOffset};

use crate::error::{Error, Result};

/// A point in time, to the millisecond, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(i64);

/// Milliseconds in an hour.
pub const HOUR_MS: i64 = 3_600_000;
/// Milliseconds in a day.
pub const DAY_MS: i64 = 24 * HOUR_MS;

/// The text forms a timestamp is read from.
const TEXT_FORMS: &str =
    "expected RFC 3339 (2026-09-01T08:30:00Z), a date (2026-09-01) or integer Unix seconds";

impl Timestamp {
    /// The earliest timestamp accepted anywhere: 0000-01-01T00:00:00Z. Every accepted
    /// timestamp has an RFC 3339 form, so whatever is stored can be written and read back.
    pub const MIN: Timestamp = Timestamp(-62_167_219_200_000);
    /// The latest timestamp accepted anywhere: 9999-12-31T23:59:59.999Z.
    pub const MAX: Timestamp = Timestamp(253_402_300_799_999);

    /// From milliseconds since the Unix epoch, or an `invalid_timestamp` error outside
    /// [`Timestamp::MIN`, `Timestamp::MAX`] (years 0 to 9999).
    pub fn try_from_millis(ms: i64) -> Result<Timestamp> {
        if (Self::MIN.0..=Self::MAX.0).contains(&ms) {
            return Ok(Timestamp(ms));
        }
        Err(Error::InvalidTimestamp {
            value: ms.to_string(),
            expected: "milliseconds since the Unix epoch within the years 0 to 9999".into(),
        })
    }

    /// From whole seconds since the Unix epoch, or an `invalid_timestamp` error outside the
    /// years 0 to 9999 (saying so when the number looks like milliseconds).
    ///
    /// ```
    /// use masterykit::Timestamp;
    /// assert_eq!(Timestamp::try_from_secs(1_788_000_000)?.to_string(), "2026-08-29T10:40:00Z");
    /// let err = Timestamp::try_from_secs(1_796_156_956_818).unwrap_err();
    /// assert!(err.to_string().contains("looks like milliseconds"));
    /// # Ok::<(), masterykit::Error>(())
    /// ```
    pub fn try_from_secs(s: i64) -> Result<Timestamp> {
        let ms = s.checked_mul(1000).unwrap_or(i64::MAX);
        Self::try_from_millis(ms).map_err(|_| {
            let hint = if Self::try_from_millis(s).is_ok() {
                "; it looks like milliseconds: integers are seconds"
            } else {
                ""
            };
            Error::InvalidTimestamp {
                value: s.to_string(),
                expected: format!("Unix seconds within the years 0 to 9999{hint}"),
            }
        })
    }

    /// A column of whole seconds since the Unix epoch as milliseconds, for
    /// [`crate::EvidenceColumns::timestamp`]; an error names the first row out of range
    /// (`row 3: invalid timestamp ...`, saying so when it looks like milliseconds).
    ///
    /// ```
    /// use masterykit::Timestamp;
    /// assert_eq!(Timestamp::millis_from_secs(&[0, 60])?, [0, 60_000]);
    /// let err = Timestamp::millis_from_secs(&[0, 1_796_156_956_818]).unwrap_err();
    /// assert!(err.to_string().starts_with("row 1: "));
    /// # Ok::<(), masterykit::Error>(())
    /// ```
    pub fn millis_from_secs(secs: &[i64]) -> Result<Vec<i64>> {
        secs.iter()
            .enumerate()
            .map(|(row, &s)| {
                Self::try_from_secs(s)
                    .map(Timestamp::as_millis)
                    .map_err(|e| Error::AtRow {
                        row,
                        error: Box::new(e),
                    })
            })
            .collect()
    }

    /// This timestamp when it is within [`Timestamp::MIN`, `Timestamp::MAX`], or an
    /// `invalid_timestamp` error: the check every document taking timestamps applies, since
    /// integer seconds in JSON are read as given.
    pub fn check(self) -> Result<Timestamp> {
        if (Self::MIN..=Self::MAX).contains(&self) {
            return Ok(self);
        }
        match self.0 % 1000 {
            0 => Self::try_from_secs(self.0 / 1000),
            _ => Self::try_from_millis(self.0),
        }
    }

    /// From milliseconds since the Unix epoch.
    pub const fn from_millis(ms: i64) -> Timestamp {
        Timestamp(ms)
    }

    /// From whole seconds since the Unix epoch.
    pub const fn from_secs(s: i64) -> Timestamp {
        Timestamp(s.saturating_mul(1000))
    }

    /// Milliseconds since the Unix epoch.
    pub const fn as_millis(self) -> i64 {
        self.0
    }

    /// Parses RFC 3339 (`2026-09-01T08:30:00Z`, any offset) or a date (`2026-09-01`, midnight UTC).
    pub fn parse(text: &str) -> Result<Timestamp> {
        let bad = || Error::InvalidTimestamp {
            value: text.to_string(),
            expected: TEXT_FORMS.into(),
        };
        if text.len() == 10 {
            // Digits only: `parse::<i32>` would take a sign ("-026-05-01", before year 0).
            let part = |r: std::ops::Range<usize>| {
                text.get(r)
                    .filter(|p| p.bytes().all(|b| b.is_ascii_digit()))
                    .and_then(|p| p.parse::<i32>().ok())
            };
            let (Some(y), Some(m), Some(d)) = (part(0..4), part(5..7), part(8..10)) else {
                return Err(bad());
            };
            if text.as_bytes()[4] != b'-' || text.as_bytes()[7] != b'-' {
                return Err(bad());
            }
            let month = Month::try_from(m as u8).map_err(|_| bad())?;
            let date = Date::from_calendar_date(y, month, d as u8).map_err(|_| bad())?;
            let dt = date.midnight().assume_offset(UtcOffset::UTC);
            return Ok(Timestamp(millis(dt)));
        }
        let dt = OffsetDateTime::parse(text, &Rfc3339).map_err(|_| bad())?;
        Ok(Timestamp(millis(dt)))
    }

    /// The RFC 3339 form in UTC, with milliseconds only when they are not zero.
    pub fn to_rfc3339(self) -> String {
        let Ok(dt) = OffsetDateTime::from_unix_timestamp_nanos(i128::from(self.0) * 1_000_000)
        else {
            return self.0.to_string();
        };
        let (y, mo, d) = (dt.year(), u8::from(dt.month()), dt.day());
        let (h, mi, s) = (dt.hour(), dt.minute(), dt.second());
        let ms = self.0.rem_euclid(1000);
        if ms == 0 {
            format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
        } else {
            format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}Z")
        }
    }
}

fn millis(dt: OffsetDateTime) -> i64 {
    (dt.unix_timestamp_nanos() / 1_000_000) as i64
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_rfc3339())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 timestamp, a YYYY-MM-DD date or integer Unix seconds")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Timestamp, E> {
                Timestamp::parse(v).map_err(E::custom)
            }
            // Integers are read as given (saturating) and checked by whoever takes the
            // document ([`Timestamp::check`]), so an out-of-range one is an
            // `invalid_timestamp` error there rather than a parse error here.
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Timestamp, E> {
                Ok(Timestamp::from_secs(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Timestamp, E> {
                Ok(Timestamp::from_secs(i64::try_from(v).unwrap_or(i64::MAX)))
            }
        }
        d.deserialize_any(V)
    }
}

/// In documents: RFC 3339 text or a date (written as RFC 3339 in UTC), or integer Unix
/// seconds.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Timestamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An RFC 3339 timestamp (2026-09-01T08:30:00Z, any offset), a date (2026-09-01, midnight UTC) or integer Unix seconds; written as RFC 3339 in UTC.",
            "anyOf": [
                {"type": "string", "format": "date-time"},
                {"type": "string", "format": "date"},
                {"type": "integer"}
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trips_with_offsets() {
        let t = Timestamp::parse("2026-09-01T10:30:00+02:00").expect("valid");
        assert_eq!(t.to_rfc3339(), "2026-09-01T08:30:00Z");
        assert_eq!(Timestamp::parse(&t.to_rfc3339()), Ok(t));
        let ms = Timestamp::parse("2026-09-01T08:30:00.250Z").expect("valid");
        assert_eq!(ms.as_millis() - t.as_millis(), 250);
        assert_eq!(ms.to_rfc3339(), "2026-09-01T08:30:00.250Z");
    }

    #[test]
    fn dates_are_midnight_utc_and_garbage_is_rejected() {
        assert_eq!(
            Timestamp::parse("2026-09-01").expect("date").to_rfc3339(),
            "2026-09-01T00:00:00Z"
        );
        let err = Timestamp::parse("yesterday").expect_err("bad");
        assert_eq!(err.code(), "invalid_timestamp");
        assert_eq!(Timestamp::from_secs(0).to_rfc3339(), "1970-01-01T00:00:00Z");
    }
}
