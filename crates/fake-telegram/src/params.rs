//! Request parameters: the query string plus a JSON, form or multipart body,
//! as the Bot API accepts them.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use crate::server::{bad, ApiErr};

/// A file part of a multipart request.
pub(crate) struct Upload {
    pub file_name: String,
    pub size: usize,
}

/// Request parameters from the query string and the body.
#[derive(Default)]
pub(crate) struct Params {
    values: Map<String, Value>,
    pub files: HashMap<String, Upload>,
}

impl Params {
    /// A parameter as given; `null` counts as absent.
    pub fn raw(&self, key: &str) -> Option<&Value> {
        self.values.get(key).filter(|v| !v.is_null())
    }

    /// Integer parameter; numbers and numeric strings both work. `Err` if
    /// present but not an integer.
    pub fn int(&self, key: &str) -> Result<Option<i64>, ()> {
        match self.raw(key) {
            None => Ok(None),
            Some(Value::Number(n)) => n.as_i64().map(Some).ok_or(()),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => s.trim().parse().map(Some).map_err(|_| ()),
            Some(_) => Err(()),
        }
    }

    pub fn text(&self, key: &str) -> Option<String> {
        match self.raw(key)? {
            Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        }
    }

    pub fn flag(&self, key: &str) -> bool {
        match self.raw(key) {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => {
                matches!(s.trim().to_ascii_lowercase().as_str(), "true" | "1")
            }
            Some(Value::Number(n)) => n.as_i64() == Some(1),
            _ => false,
        }
    }

    /// JSON-typed parameter (object/array), given directly or as a JSON string.
    pub fn json(&self, key: &str) -> Result<Option<Value>, ()> {
        match self.raw(key) {
            None => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => serde_json::from_str(s).map(Some).map_err(|_| ()),
            Some(v @ (Value::Object(_) | Value::Array(_))) => Ok(Some(v.clone())),
            Some(_) => Err(()),
        }
    }

    /// All parameters as one JSON object; uploads appear as their file name and size.
    pub fn to_json(&self) -> Value {
        let mut all = self.values.clone();
        for (name, up) in &self.files {
            all.insert(
                name.clone(),
                json!({"uploaded_file": up.file_name, "bytes": up.size}),
            );
        }
        Value::Object(all)
    }
}

pub(crate) fn parse_params(query: &str, content_type: &str, body: &[u8]) -> Result<Params, ApiErr> {
    let mut params = Params::default();
    parse_urlencoded(query, &mut params.values);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(params);
    }
    let ct = content_type.to_ascii_lowercase();
    if ct.starts_with("multipart/form-data") {
        let boundary = multipart_boundary(content_type)
            .ok_or_else(|| bad("invalid multipart/form-data request"))?;
        parse_multipart(body, &boundary, &mut params)?;
    } else if ct.starts_with("application/x-www-form-urlencoded") {
        parse_urlencoded(&String::from_utf8_lossy(body), &mut params.values);
    } else if ct.starts_with("application/json") || body.first() == Some(&b'{') {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(obj)) => params.values.extend(obj),
            _ => return Err(bad("can't parse JSON object")),
        }
    } else {
        parse_urlencoded(&String::from_utf8_lossy(body), &mut params.values);
    }
    Ok(params)
}

fn parse_urlencoded(input: &str, into: &mut Map<String, Value>) {
    for pair in input.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        into.insert(
            percent_decode(key, true),
            Value::String(percent_decode(value, true)),
        );
    }
}

pub(crate) fn percent_decode(input: &str, plus_is_space: bool) -> String {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'+' if plus_is_space => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn multipart_boundary(content_type: &str) -> Option<String> {
    content_type.split(';').map(str::trim).find_map(|part| {
        let (key, value) = part.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| value.trim().trim_matches('"').to_string())
    })
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from > haystack.len() {
        return None;
    }
    haystack[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn parse_multipart(body: &[u8], boundary: &str, params: &mut Params) -> Result<(), ApiErr> {
    let malformed = || bad("invalid multipart/form-data request");
    let delimiter = format!("--{boundary}").into_bytes();
    let mut pos = find(body, &delimiter, 0).ok_or_else(malformed)?;
    loop {
        pos += delimiter.len();
        let rest = body.get(pos..).ok_or_else(malformed)?;
        if rest.starts_with(b"--") {
            return Ok(());
        }
        if rest.starts_with(b"\r\n") {
            pos += 2;
        }
        let next = find(body, &delimiter, pos).ok_or_else(malformed)?;
        let mut part = body.get(pos..next).ok_or_else(malformed)?;
        if part.ends_with(b"\r\n") {
            part = &part[..part.len() - 2];
        }
        let split = find(part, b"\r\n\r\n", 0).ok_or_else(malformed)?;
        let headers = String::from_utf8_lossy(&part[..split]);
        let data = &part[split + 4..];
        let (name, file_name) = content_disposition(&headers).ok_or_else(malformed)?;
        match file_name {
            Some(file_name) => {
                let upload = Upload {
                    file_name,
                    size: data.len(),
                };
                params.files.insert(name, upload);
            }
            None => {
                let value = Value::String(String::from_utf8_lossy(data).into_owned());
                params.values.insert(name, value);
            }
        }
        pos = next;
    }
}

/// (name, filename) from a part's Content-Disposition header.
fn content_disposition(headers: &str) -> Option<(String, Option<String>)> {
    let line = headers
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))?;
    let mut name = None;
    let mut file_name = None;
    for item in line.split(';').skip(1) {
        let Some((key, value)) = item.trim().split_once('=') else {
            continue;
        };
        let value = value.trim().trim_matches('"').to_string();
        match key.trim().to_ascii_lowercase().as_str() {
            "name" => name = Some(value),
            "filename" => file_name = Some(value),
            _ => {}
        }
    }
    Some((name?, file_name))
}
