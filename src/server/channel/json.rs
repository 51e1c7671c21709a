//! Tolerant readers over `serde_json::Value`: a field of the wrong type reads as absent, so
//! an odd event is skipped instead of failing the body. Ids may be JSON strings or numbers.

use serde_json::Value;

/// The value at `path` (object keys), if every step is an object holding the next key.
pub fn at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, key| v.get(key))
}

/// A string field, if it is a string.
pub fn str_at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a str> {
    at(value, path).and_then(Value::as_str)
}

/// A non-empty string field, owned.
pub fn string_at(value: &Value, path: &[&str]) -> Option<String> {
    str_at(value, path)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// An id: a non-empty string, or a number spelled as JSON spelled it.
pub fn id(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

pub fn id_at(value: &Value, path: &[&str]) -> Option<String> {
    at(value, path).and_then(id)
}

/// An integer: a JSON integer, an integral float, or a string of digits.
pub fn int(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub fn int_at(value: &Value, path: &[&str]) -> Option<i64> {
    at(value, path).and_then(int)
}

/// A number for display (coordinates): a JSON number or a numeric string, as written.
pub fn number_text(value: &Value) -> Option<String> {
    match value {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if s.trim().parse::<f64>().is_ok_and(f64::is_finite) => {
            Some(s.trim().to_owned())
        }
        _ => None,
    }
}

/// True only for JSON `true`.
pub fn flag(value: &Value, path: &[&str]) -> bool {
    matches!(at(value, path), Some(Value::Bool(true)))
}

/// The items of an array field; nothing when absent or not an array.
pub fn items<'a>(value: &'a Value, path: &[&str]) -> &'a [Value] {
    match at(value, path) {
        Some(Value::Array(items)) => items,
        _ => &[],
    }
}

/// Seconds (as WhatsApp spells them) to milliseconds; 0 when out of range.
pub fn seconds_to_ms(seconds: i64) -> i64 {
    seconds.checked_mul(1000).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_and_ints_read_strings_and_numbers() {
        let v = json!({"a": 104727532034518u64, "b": "x", "c": "", "d": [1], "t": "1749416383",
                       "f": 1.5, "g": 1.0e3, "h": {"i": true}, "j": "true"});
        assert_eq!(id_at(&v, &["a"]).as_deref(), Some("104727532034518"));
        assert_eq!(id_at(&v, &["b"]).as_deref(), Some("x"));
        assert_eq!(id_at(&v, &["c"]), None);
        assert_eq!(id_at(&v, &["d"]), None);
        assert_eq!(int_at(&v, &["t"]), Some(1_749_416_383));
        assert_eq!(int_at(&v, &["f"]), None);
        assert_eq!(int_at(&v, &["g"]), Some(1000));
        assert!(flag(&v, &["h", "i"]));
        assert!(!flag(&v, &["j"]));
        assert!(items(&v, &["b"]).is_empty());
        assert_eq!(seconds_to_ms(i64::MAX), 0);
    }
}
