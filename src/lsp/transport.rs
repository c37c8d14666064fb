//! JSON-RPC framing (`Content-Length: N\r\n\r\n` + N bytes of JSON) over
//! any reader and writer. Our own reader rather than `lsp-server`'s stdio
//! transport: that one's reader thread ends at the first malformed message,
//! and a language server must answer it with an error and go on.

use lsp_server::Message;
use std::io::{self, BufRead, Write};

/// What one frame of input turned out to be.
#[derive(Debug)]
pub(crate) enum Incoming {
    /// A well-formed request, response or notification.
    Message(Message),
    /// Input that is not a message: JSON-RPC error `code` (parse error or
    /// invalid request), the request id when one could be read, and why.
    Malformed {
        code: i32,
        id: Option<serde_json::Value>,
        reason: String,
    },
}

/// JSON-RPC's "Parse error".
const PARSE_ERROR: i32 = -32700;
/// JSON-RPC's "Invalid Request".
const INVALID_REQUEST: i32 = -32600;

/// Reads the next frame; `None` at the end of the input. A malformed
/// header or body is an [`Incoming::Malformed`], and reading goes on at
/// the next header.
pub(crate) fn read(input: &mut impl BufRead) -> io::Result<Option<Incoming>> {
    let mut length = None;
    let mut bad_header = None;
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(bad_header.map(|reason| Incoming::Malformed {
                code: PARSE_ERROR,
                id: None,
                reason,
            }));
        }
        // Garbage before a header (a body longer than announced, a stray
        // line) is skipped up to where the next header starts.
        let header = match line.find("Content-Length:") {
            Some(at) => &line[at..],
            None => line.as_str(),
        };
        let header = header.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if length.is_some() || bad_header.is_some() {
                break;
            }
            continue;
        }
        match header.split_once(':') {
            Some((name, value)) if name.eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) => length = Some(n),
                    Err(_) => {
                        bad_header = Some(format!("bad Content-Length {:?}", value.trim()));
                    }
                }
            }
            Some(_) => {} // Content-Type and others.
            None => {
                bad_header.get_or_insert_with(|| format!("malformed header {header:?}"));
            }
        }
    }
    let Some(length) = length else {
        return Ok(Some(Incoming::Malformed {
            code: PARSE_ERROR,
            id: None,
            reason: bad_header.unwrap_or_else(|| "no Content-Length header".into()),
        }));
    };
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    if let Some(reason) = bad_header {
        return Ok(Some(Incoming::Malformed {
            code: PARSE_ERROR,
            id: None,
            reason,
        }));
    }
    Ok(Some(parse(&body)))
}

/// A frame's body as a message, or why it is not one.
fn parse(body: &[u8]) -> Incoming {
    let value: serde_json::Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            return Incoming::Malformed {
                code: PARSE_ERROR,
                id: None,
                reason: format!("not JSON: {e}"),
            };
        }
    };
    let id = value
        .get("id")
        .filter(|id| id.is_string() || id.is_number())
        .cloned();
    match serde_json::from_value::<Message>(value) {
        Ok(message) => Incoming::Message(message),
        Err(e) => Incoming::Malformed {
            code: INVALID_REQUEST,
            id,
            reason: format!("not a JSON-RPC message: {e}"),
        },
    }
}

/// Writes one message, framed, and flushes.
pub(crate) fn write(out: &mut impl Write, message: Message) -> io::Result<()> {
    message.write(out)
}

/// Writes one notification, framed, and flushes: serialized straight
/// from `params`, not through a `serde_json::Value` as
/// [`lsp_server::Notification`] is (a publish of a thousand diagnostics
/// spent more time building and dropping that tree than writing it).
pub(crate) fn write_notification(
    out: &mut impl Write,
    method: &str,
    params: &impl serde::Serialize,
) -> io::Result<()> {
    #[derive(serde::Serialize)]
    struct Frame<'a, P> {
        jsonrpc: &'static str,
        method: &'a str,
        params: &'a P,
    }
    let body = serde_json::to_vec(&Frame {
        jsonrpc: "2.0",
        method,
        params,
    })?;
    write!(out, "Content-Length: {}\r\n\r\n", body.len())?;
    out.write_all(&body)?;
    out.flush()
}

/// Writes the error response to a malformed frame (id `null` when its id
/// could not be read, as JSON-RPC says).
pub(crate) fn write_error(
    out: &mut impl Write,
    code: i32,
    id: Option<serde_json::Value>,
    message: &str,
) -> io::Result<()> {
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": id.unwrap_or(serde_json::Value::Null),
        "error": {"code": code, "message": message},
    })
    .to_string();
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<Incoming> {
        let mut reader = io::BufReader::new(input.as_bytes());
        std::iter::from_fn(|| read(&mut reader).unwrap()).collect()
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    // Prevents: the direct notification writer framing or spelling a
    // message otherwise than lsp-server does (a wrong Content-Length, a
    // field left out).
    #[test]
    fn a_notification_is_written_as_lsp_server_writes_it() {
        let params = lsp_types::PublishDiagnosticsParams {
            uri: "file:///t/en/a.md".parse().unwrap(),
            diagnostics: vec![lsp_types::Diagnostic {
                message: "« été » – 2 €".into(),
                data: Some(serde_json::json!({"fingerprint": "ab12"})),
                ..Default::default()
            }],
            version: Some(3),
        };
        let mut ours = Vec::new();
        write_notification(&mut ours, "textDocument/publishDiagnostics", &params).unwrap();
        let mut theirs = Vec::new();
        Message::from(lsp_server::Notification::new(
            "textDocument/publishDiagnostics".into(),
            &params,
        ))
        .write(&mut theirs)
        .unwrap();
        let body = |frame: &[u8]| -> serde_json::Value {
            let text = std::str::from_utf8(frame).unwrap();
            let (head, body) = text.split_once("\r\n\r\n").unwrap();
            assert_eq!(head, format!("Content-Length: {}", body.len()));
            serde_json::from_str(body).unwrap()
        };
        assert_eq!(body(&ours), body(&theirs));
        let read_back = frames(std::str::from_utf8(&ours).unwrap());
        assert!(
            matches!(&read_back[..], [Incoming::Message(Message::Notification(n))]
            if n.method == "textDocument/publishDiagnostics")
        );
    }

    #[test]
    fn malformed_frames_are_reported_and_reading_goes_on() {
        let ok = frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
        let input = [
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","id":7,"params":{}}"#),
            "Content-Length: x\r\n\r\n".into(),
            ok.clone(),
        ]
        .concat();
        let got = frames(&input);
        assert!(
            matches!(
                &got[0],
                Incoming::Malformed {
                    code: PARSE_ERROR,
                    id: None,
                    ..
                }
            ),
            "{got:?}"
        );
        assert!(
            matches!(&got[1], Incoming::Malformed { code: INVALID_REQUEST, id: Some(id), .. } if id == 7),
            "{got:?}"
        );
        assert!(matches!(&got[2], Incoming::Malformed { .. }), "{got:?}");
        assert!(
            matches!(&got[3], Incoming::Message(Message::Notification(n)) if n.method == "initialized")
        );
        assert_eq!(got.len(), 4);
    }

    #[test]
    fn garbage_before_a_header_is_skipped() {
        let ok = frame(r#"{"jsonrpc":"2.0","method":"exit"}"#);
        let got = frames(&format!("junk{ok}"));
        assert!(matches!(&got[..], [Incoming::Message(_)]), "{got:?}");
    }
}
