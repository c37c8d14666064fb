//! `bitext lsp`: a Language Server Protocol server over stdio. A driver
//! and a renderer over the same prepared run as `bitext check`: an open
//! buffer is read by the format readers, checked by
//! [`Prepared`](crate::pipeline::Prepared) (one per pair of `bitext.toml`,
//! compiled once), and its findings are rendered as diagnostics, quick
//! fixes and hovers ([`convert`]).
//!
//! Synchronous and single-threaded: a reader thread frames the input
//! ([`transport`]); the main loop applies edits as they come and checks
//! each changed document once its edits pause (the debounce), always at its
//! latest version.
//!
//! Two kinds of re-check after an edit of a target: at the debounce, an
//! incremental one ([`incremental`]: the source document as last read, only
//! a window of links around the edit aligned again, the checks on the
//! spliced alignment), which falls back to a full one when the edit is
//! large or the window disagrees with the links it keeps; and once the
//! document is idle ([`IDLE`] without edits, or saved), a full one, which
//! publishes again only if its diagnostics differ. So what the editor shows
//! while typing may differ from `bitext check` for at most an idle pause.

mod convert;
mod incremental;
mod text;
mod transport;
mod workspace;

use convert::Checked;
use incremental::Recheck;
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as note, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, Diagnostic,
    DiagnosticSeverity, DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern,
    HoverProviderCapability, InitializeParams, InitializeResult, MessageType, PositionEncodingKind,
    PublishDiagnosticsParams, Registration, RegistrationParams, SaveOptions, ServerCapabilities,
    ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri,
};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};
use text::LspText;
use transport::Incoming;
use workspace::{ClientSettings, Role, Workspace, path_to_uri, uri_to_path};

/// Serves LSP on standard input and output until `exit`; returns the exit
/// status LSP asks for: 0 after a `shutdown` request, 1 without one (or
/// when the input ends first).
pub fn serve_stdio() -> io::Result<u8> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let stdin = io::stdin();
        let mut input = stdin.lock();
        // Ends at the end of the input or when the main loop is gone; a
        // read error (a body cut short) is the end of the input too.
        while let Ok(Some(incoming)) = transport::read(&mut input) {
            if sender.send(incoming).is_err() {
                break;
            }
        }
    });
    let stdout = io::stdout();
    Server::new(stdout.lock()).run(&receiver)
}

/// Quiet time after an incremental re-check before the full one that
/// makes the diagnostics exactly those of `bitext check`.
const IDLE: Duration = Duration::from_millis(400);

/// An open document as the editor has it.
struct OpenDoc {
    version: i32,
    text: LspText,
}

struct Server<W: Write> {
    out: W,
    workspace: Workspace,
    docs: HashMap<Uri, OpenDoc>,
    /// The last check of each open target.
    checked: HashMap<Uri, Checked>,
    /// Source files (on disk) of the checked targets, to re-check them
    /// when the source changes.
    sources: HashMap<Uri, PathBuf>,
    /// Documents to check when `deadline` passes.
    pending: BTreeSet<Uri>,
    deadline: Option<Instant>,
    initialized: bool,
    shutdown: bool,
    /// The client can register file watchers for us.
    can_watch: bool,
    /// Documents whose reason for not being checked was logged.
    told: HashSet<Uri>,
    /// Documents whose next check must be full (saved, settings changed).
    full: HashSet<Uri>,
    /// Documents checked incrementally, and when to check them in full.
    idle: HashMap<Uri, Instant>,
    /// The diagnostics last published for each document, and its version.
    published: HashMap<Uri, (i32, Vec<Diagnostic>)>,
    /// How the re-checks after edits went, logged at shutdown.
    rechecks: incremental::Tally,
}

impl<W: Write> Server<W> {
    fn new(out: W) -> Server<W> {
        Server {
            out,
            workspace: Workspace::default(),
            docs: HashMap::new(),
            checked: HashMap::new(),
            sources: HashMap::new(),
            pending: BTreeSet::new(),
            deadline: None,
            initialized: false,
            shutdown: false,
            can_watch: false,
            told: HashSet::new(),
            full: HashSet::new(),
            idle: HashMap::new(),
            published: HashMap::new(),
            rechecks: incremental::Tally::default(),
        }
    }

    fn run(mut self, input: &mpsc::Receiver<Incoming>) -> io::Result<u8> {
        loop {
            let wake = self
                .deadline
                .into_iter()
                .chain(self.idle.values().copied())
                .min();
            let next = match wake {
                Some(at) => input.recv_timeout(at.saturating_duration_since(Instant::now())),
                None => input.recv().map_err(|_| RecvTimeoutError::Disconnected),
            };
            match next {
                Ok(Incoming::Message(message)) => {
                    if let Some(status) = self.handle(message)? {
                        return Ok(status);
                    }
                    // Edits arriving without a pause still get checked
                    // once a full debounce overdue.
                    if self
                        .deadline
                        .is_some_and(|at| at + self.workspace.settings.debounce() < Instant::now())
                    {
                        self.check_pending()?;
                    }
                }
                Ok(Incoming::Malformed { code, id, reason }) => {
                    transport::write_error(&mut self.out, code, id, &reason)?;
                }
                Err(RecvTimeoutError::Timeout) => {
                    if self.deadline.is_some_and(|at| at <= Instant::now()) {
                        self.check_pending()?;
                    }
                    self.check_idle()?;
                }
                Err(RecvTimeoutError::Disconnected) => return Ok(1),
            }
        }
    }

    fn send(&mut self, message: impl Into<Message>) -> io::Result<()> {
        transport::write(&mut self.out, message.into())
    }

    fn notify<N: note::Notification>(&mut self, params: N::Params) -> io::Result<()> {
        transport::write_notification(&mut self.out, N::METHOD, &params)
    }

    fn log(&mut self, typ: MessageType, message: String) -> io::Result<()> {
        self.notify::<note::LogMessage>(lsp_types::LogMessageParams { typ, message })
    }

    /// Handles one message; `Some(status)` when the server must exit.
    fn handle(&mut self, message: Message) -> io::Result<Option<u8>> {
        match message {
            Message::Request(request) => self.request(request)?,
            Message::Notification(n) if n.method == note::Exit::METHOD => {
                return Ok(Some(if self.shutdown { 0 } else { 1 }));
            }
            Message::Notification(n) => {
                if let Err(reason) = self.notification(n.clone()) {
                    self.log(
                        MessageType::ERROR,
                        format!("bitext: {}: {reason}", n.method),
                    )?;
                }
            }
            // Answers to our own requests (watcher registration).
            Message::Response(_) => {}
        }
        Ok(None)
    }

    fn request(&mut self, request: Request) -> io::Result<()> {
        let id = request.id.clone();
        let answer = if request.method == req::Initialize::METHOD {
            self.initialize(request)
        } else if !self.initialized {
            Err((
                ErrorCode::ServerNotInitialized,
                "initialize first".to_string(),
            ))
        } else if self.shutdown {
            Err((
                ErrorCode::InvalidRequest,
                "the server is shutting down".to_string(),
            ))
        } else {
            match request.method.as_str() {
                req::Shutdown::METHOD => {
                    self.shutdown = true;
                    if let Some(summary) = self.rechecks.summary() {
                        self.log(MessageType::LOG, format!("bitext: {summary}"))?;
                    }
                    Ok(serde_json::Value::Null)
                }
                req::CodeActionRequest::METHOD => self.code_action(request),
                req::HoverRequest::METHOD => self.hover(request),
                _ => Err((
                    ErrorCode::MethodNotFound,
                    format!("{}: not handled by bitext", request.method),
                )),
            }
        };
        let response = match answer {
            Ok(result) => Response::new_ok(id, result),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        };
        self.send(response)
    }

    fn initialize(&mut self, request: Request) -> Result<serde_json::Value, (ErrorCode, String)> {
        if self.initialized {
            return Err((ErrorCode::InvalidRequest, "initialized already".into()));
        }
        let params: InitializeParams = params(request.params)?;
        #[allow(deprecated)] // root_uri: clients without workspace folders still send it.
        let root = params
            .workspace_folders
            .as_ref()
            .and_then(|f| f.first())
            .map(|f| f.uri.clone())
            .or(params.root_uri.clone())
            .and_then(|u| uri_to_path(&u));
        self.workspace.root = root;
        let (settings, problems) =
            ClientSettings::from_json(params.initialization_options.as_ref());
        self.workspace.settings = settings;
        self.can_watch = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        self.initialized = true;
        for problem in problems {
            // Written before the response: the client reads them in order.
            let _ = self.log(MessageType::WARNING, format!("bitext: {problem}"));
        }
        let result = InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(PositionEncodingKind::UTF16),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                            include_text: Some(false),
                        })),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..CodeActionOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "bitext".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        };
        Ok(serde_json::to_value(result).expect("serializable"))
    }

    /// Asks the client to tell us about changes to files no editor has open
    /// (sources, glossaries, bitext.toml).
    fn register_watchers(&mut self) -> io::Result<()> {
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String(
                    "**/{bitext.toml,*.toml,*.tbx,*.csv,*.tsv,*.md,*.markdown,*.txt,*.po,*.pot,*.xlf,*.xliff,*.json}"
                        .into(),
                ),
                kind: None,
            }],
        };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "bitext-watch".into(),
                method: note::DidChangeWatchedFiles::METHOD.into(),
                register_options: Some(serde_json::to_value(options).expect("serializable")),
            }],
        };
        self.send(Request::new(
            RequestId::from("bitext-register".to_string()),
            req::RegisterCapability::METHOD.into(),
            params,
        ))
    }

    fn notification(&mut self, n: Notification) -> Result<(), String> {
        if !self.initialized && n.method != note::Initialized::METHOD {
            return Err("not initialized".into());
        }
        match n.method.as_str() {
            note::Initialized::METHOD if self.can_watch => {
                self.register_watchers().map_err(|e| e.to_string())?;
            }
            note::Initialized::METHOD => {}
            note::DidOpenTextDocument::METHOD => {
                let p: lsp_types::DidOpenTextDocumentParams = note_params(n.params)?;
                let doc = p.text_document;
                self.docs.insert(
                    doc.uri.clone(),
                    OpenDoc {
                        version: doc.version,
                        text: LspText::new(doc.text),
                    },
                );
                self.changed(&doc.uri, true);
            }
            note::DidChangeTextDocument::METHOD => {
                let p: lsp_types::DidChangeTextDocumentParams = note_params(n.params)?;
                let uri = p.text_document.uri;
                let doc = self
                    .docs
                    .get_mut(&uri)
                    .ok_or_else(|| format!("{}: not open", uri.as_str()))?;
                doc.version = p.text_document.version;
                for change in p.content_changes {
                    doc.text.apply(change);
                }
                self.changed(&uri, false);
            }
            note::DidSaveTextDocument::METHOD => {
                let p: lsp_types::DidSaveTextDocumentParams = note_params(n.params)?;
                let uri = p.text_document.uri;
                if self.idle.contains_key(&uri) {
                    self.idle.insert(uri.clone(), Instant::now());
                }
                self.file_changed(&uri);
            }
            note::DidCloseTextDocument::METHOD => {
                let p: lsp_types::DidCloseTextDocumentParams = note_params(n.params)?;
                let uri = p.text_document.uri;
                self.docs.remove(&uri);
                self.pending.remove(&uri);
                self.told.remove(&uri);
                self.idle.remove(&uri);
                self.full.remove(&uri);
                self.published.remove(&uri);
                if self.checked.remove(&uri).is_some() {
                    self.publish(uri.clone(), Vec::new(), None)
                        .map_err(|e| e.to_string())?;
                }
                self.sources.remove(&uri);
                // Its targets now read the file on disk.
                self.schedule_targets_of(&uri, false);
            }
            note::DidChangeConfiguration::METHOD => {
                let p: lsp_types::DidChangeConfigurationParams = note_params(n.params)?;
                let (settings, problems) = ClientSettings::from_json(Some(&p.settings));
                self.workspace.settings = settings;
                self.workspace.reset();
                self.schedule_all();
                if !problems.is_empty() {
                    return Err(problems.join("; "));
                }
            }
            note::DidChangeWatchedFiles::METHOD => {
                let p: lsp_types::DidChangeWatchedFilesParams = note_params(n.params)?;
                for change in p.changes {
                    self.file_changed(&change.uri);
                }
            }
            // `$/cancelRequest`, `$/setTrace` and the like.
            m if m.starts_with("$/") => {}
            m => return Err(format!("{m}: not handled by bitext")),
        }
        Ok(())
    }

    /// An open document changed: check it (at once when just opened, after
    /// the debounce when edited) and the open targets of which it is the
    /// source.
    fn changed(&mut self, uri: &Uri, opened: bool) {
        if opened {
            self.full.insert(uri.clone());
        }
        // Rescheduled after the re-check, if it is incremental.
        self.idle.remove(uri);
        let at = if opened {
            Instant::now()
        } else {
            Instant::now() + self.workspace.settings.debounce()
        };
        self.pending.insert(uri.clone());
        self.schedule_targets_of(uri, false);
        self.deadline = Some(match self.deadline {
            Some(d) if opened => d.min(at),
            _ => at,
        });
    }

    /// A file changed on disk (saved, or seen by a watcher).
    fn file_changed(&mut self, uri: &Uri) {
        let Some(path) = uri_to_path(uri) else {
            return;
        };
        if self.workspace.is_config(&path) {
            self.workspace.reset();
            self.schedule_all();
        } else {
            self.schedule_targets_of(uri, true);
        }
    }

    /// Schedules the checked targets whose source is `uri`.
    fn schedule_targets_of(&mut self, uri: &Uri, now: bool) {
        let Some(path) = uri_to_path(uri) else {
            return;
        };
        let targets: Vec<Uri> = self
            .sources
            .iter()
            .filter(|(target, source)| *source == &path && *target != uri)
            .map(|(target, _)| target.clone())
            .collect();
        if targets.is_empty() {
            return;
        }
        self.pending.extend(targets);
        let at = Instant::now() + self.workspace.settings.debounce();
        let at = if now { Instant::now() } else { at };
        self.deadline = Some(self.deadline.map_or(at, |d| d.min(at)));
    }

    fn schedule_all(&mut self) {
        self.pending.extend(self.docs.keys().cloned());
        self.full.extend(self.docs.keys().cloned());
        self.deadline = Some(Instant::now());
    }

    fn check_pending(&mut self) -> io::Result<()> {
        self.deadline = None;
        for uri in std::mem::take(&mut self.pending) {
            self.check(&uri)?;
        }
        Ok(())
    }

    /// Checks in full the documents idle since an incremental check.
    fn check_idle(&mut self) -> io::Result<()> {
        let now = Instant::now();
        let due: Vec<Uri> = self
            .idle
            .iter()
            .filter(|(_, at)| **at <= now)
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in due {
            self.idle.remove(&uri);
            self.full.insert(uri.clone());
            self.check(&uri)?;
        }
        Ok(())
    }

    /// Checks `uri` now if a check of it is due (a request about it must
    /// see its latest text).
    fn check_if_pending(&mut self, uri: &Uri) -> io::Result<()> {
        if self.pending.remove(uri) {
            self.check(uri)?;
        }
        Ok(())
    }

    fn publish(
        &mut self,
        uri: Uri,
        diagnostics: Vec<Diagnostic>,
        version: Option<i32>,
    ) -> io::Result<()> {
        self.notify::<note::PublishDiagnostics>(PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        })
    }

    /// Checks one open document at its current version and publishes.
    fn check(&mut self, uri: &Uri) -> io::Result<()> {
        let Some(doc) = self.docs.get(uri) else {
            return Ok(());
        };
        let version = doc.version;
        let full = self.full.remove(uri) || self.workspace.settings.incremental == Some(false);
        let outcome = match uri_to_path(uri) {
            None => Outcome::Unchecked(format!("{}: not a file", uri.as_str())),
            Some(path) => self.run_check(uri, &path, full),
        };
        let had = self.checked.remove(uri).is_some();
        match outcome {
            Outcome::Checked(checked, source, how) => {
                let diagnostics = checked.diagnostics(self.workspace.settings.fail_on());
                self.sources.insert(uri.clone(), source);
                self.checked.insert(uri.clone(), *checked);
                self.rechecks.add(how);
                if how == Recheck::Incremental {
                    self.idle.insert(uri.clone(), Instant::now() + IDLE);
                }
                // A full check of an unchanged version (idle, saved) says
                // again only what changed.
                let same = self
                    .published
                    .get(uri)
                    .is_some_and(|(v, d)| *v == version && *d == diagnostics);
                if !same {
                    self.publish(uri.clone(), diagnostics.clone(), Some(version))?;
                    self.published.insert(uri.clone(), (version, diagnostics));
                }
            }
            Outcome::Failed(message) => {
                self.published.remove(uri);
                // Shown where the user looks: on the file itself.
                let diagnostic = Diagnostic {
                    severity: Some(DiagnosticSeverity::ERROR),
                    source: Some("bitext".into()),
                    message: message.clone(),
                    ..Diagnostic::default()
                };
                self.publish(uri.clone(), vec![diagnostic], Some(version))?;
                self.log(MessageType::ERROR, format!("bitext: {message}"))?;
            }
            Outcome::Unchecked(why) => {
                self.published.remove(uri);
                if had {
                    self.publish(uri.clone(), Vec::new(), Some(version))?;
                }
                self.sources.remove(uri);
                if self.told.insert(uri.clone()) {
                    self.log(MessageType::INFO, format!("bitext: {why}"))?;
                }
            }
        }
        Ok(())
    }

    /// Checks `uri`; incrementally when `full` is false and its last
    /// check was against the same source text.
    fn run_check(&mut self, uri: &Uri, path: &Path, full: bool) -> Outcome {
        let role = match self.workspace.role(path) {
            Ok(role) => role,
            Err(message) => return Outcome::Failed(message),
        };
        let target_text = self.docs[uri].text.clone();
        let mut how = Recheck::Full;
        let result = match role {
            Role::Unchecked(why) => return Outcome::Unchecked(why),
            Role::Catalogue(prepared) => {
                let name = path.display().to_string();
                prepared
                    .read_bilingual(&name, buffer(&target_text))
                    .map_err(|e| e.to_string())
                    .and_then(|file| {
                        let format = prepared.settings.format.resolve(&name);
                        Ok((
                            prepared.check_bilingual(file).map_err(|e| e.to_string())?,
                            uri.clone(),
                            target_text.clone(),
                            format,
                            path.to_path_buf(),
                        ))
                    })
            }
            Role::Pair { runs, pair } => {
                let prepared = &runs.runs[pair.spec];
                let format = prepared.settings.format.resolve(&pair.target);
                let bilingual = runs.project.pairs[pair.spec].target.is_none();
                let checked = if bilingual {
                    prepared
                        .read_bilingual(&pair.target, buffer(&target_text))
                        .map_err(|e| e.to_string())
                        .and_then(|file| {
                            Ok((
                                prepared.check_bilingual(file).map_err(|e| e.to_string())?,
                                uri.clone(),
                                target_text.clone(),
                                path.to_path_buf(),
                            ))
                        })
                } else {
                    let source_path = runs.project.root.join(&pair.source);
                    let source_uri = path_to_uri(&source_path);
                    self.source_text(&source_uri, &source_path, &pair.source)
                        .and_then(|source_text| {
                            let target = prepared
                                .read(&pair.target, buffer(&target_text), false)
                                .map_err(|e| e.to_string())?;
                            // The last check against the same source.
                            let previous = self.checked.get(uri).filter(|c| {
                                !full
                                    && c.source_uri == source_uri
                                    && c.source_text.as_str() == source_text.as_str()
                                    && !crate::format::catalogue::is_catalogue(&c.report.source)
                            });
                            let report = match previous {
                                Some(previous) => {
                                    let report;
                                    (report, how) =
                                        incremental::recheck(prepared, &previous.report, target);
                                    report
                                }
                                None => {
                                    let source = prepared
                                        .read(&pair.source, buffer(&source_text), true)
                                        .map_err(|e| e.to_string())?;
                                    prepared.check_pair(source, target)
                                }
                            };
                            Ok((report, source_uri, source_text, source_path))
                        })
                };
                checked.map(|(mut report, source_uri, source_text, source_path)| {
                    crate::project::apply_ignores(&runs.project, &pair, &mut report);
                    (report, source_uri, source_text, format, source_path)
                })
            }
        };
        match result {
            Ok((report, source_uri, source_text, format, source_path)) => Outcome::Checked(
                Box::new(Checked {
                    report,
                    target_text,
                    source_uri,
                    source_text,
                    format,
                }),
                source_path,
                how,
            ),
            Err(message) => Outcome::Failed(message),
        }
    }

    /// The source's text: the editor's buffer when it is open, else the
    /// file on disk.
    fn source_text(&self, uri: &Uri, path: &Path, name: &str) -> Result<LspText, String> {
        if let Some(doc) = self.docs.get(uri) {
            return Ok(doc.text.clone());
        }
        let decoded = crate::input::read_file_decoded(path, name).map_err(|e| e.to_string())?;
        // As an editor would show it: decoded, no BOM.
        Ok(LspText::new(decoded.text))
    }

    fn code_action(&mut self, request: Request) -> Result<serde_json::Value, (ErrorCode, String)> {
        let p: lsp_types::CodeActionParams = params(request.params)?;
        let uri = p.text_document.uri;
        self.known(&uri)?;
        self.check_if_pending(&uri).map_err(internal)?;
        let Some(checked) = self.checked.get(&uri) else {
            return Ok(serde_json::json!([]));
        };
        let actions = checked.code_actions(&uri, p.range, self.workspace.settings.fail_on());
        Ok(serde_json::to_value(actions).expect("serializable"))
    }

    fn hover(&mut self, request: Request) -> Result<serde_json::Value, (ErrorCode, String)> {
        let p: lsp_types::HoverParams = params(request.params)?;
        let uri = p.text_document_position_params.text_document.uri;
        self.known(&uri)?;
        self.check_if_pending(&uri).map_err(internal)?;
        let Some(checked) = self.checked.get(&uri) else {
            return Ok(serde_json::Value::Null);
        };
        let offset = checked
            .target_text
            .offset(p.text_document_position_params.position);
        Ok(serde_json::to_value(checked.hover(offset)).expect("serializable"))
    }

    /// A request about a document the editor has not opened is an error.
    fn known(&self, uri: &Uri) -> Result<(), (ErrorCode, String)> {
        if self.docs.contains_key(uri) {
            Ok(())
        } else {
            Err((
                ErrorCode::InvalidParams,
                format!("{}: not an open document", uri.as_str()),
            ))
        }
    }
}

enum Outcome {
    /// Checked: the result, the source file it was checked against, and
    /// how.
    Checked(Box<Checked>, PathBuf, Recheck),
    /// The check could not run (unreadable source, malformed file, bad
    /// glossary): the message names the file.
    Failed(String),
    /// Nothing to check, and why.
    Unchecked(String),
}

/// A buffer as the readers take it: without its BOM, the BOM counted so
/// that disk offsets are the buffer's byte offsets.
fn buffer(text: &LspText) -> crate::input::Decoded {
    let bom = text.bom_len();
    crate::input::Decoded {
        text: text.as_str()[bom..].to_string(),
        bom,
        utf16: false,
    }
}

fn params<P: serde::de::DeserializeOwned>(
    value: serde_json::Value,
) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(value).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
}

fn note_params<P: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<P, String> {
    serde_json::from_value(value).map_err(|e| format!("bad parameters: {e}"))
}

fn internal(e: io::Error) -> (ErrorCode, String) {
    (ErrorCode::InternalError, e.to_string())
}
