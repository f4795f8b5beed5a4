//! The HTTP side of `kam serve`: which requests are answered, and with what.
//!
//! Files come from the in-memory site by a normalised key, never from the disk, so no
//! request can reach a file outside the built site. Requests with a foreign `Host` are
//! refused (DNS rebinding), only GET and HEAD are allowed, and there are no listings.

use std::convert::Infallible;
use std::net::IpAddr;
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use futures_util::stream;
use tokio::sync::broadcast;

use crate::serve::reload::{self, RESERVED};
use crate::serve::site::{Change, Snapshot};

/// What the request handlers share.
pub struct Shared {
    pub snapshot: RwLock<Snapshot>,
    pub changes: broadcast::Sender<Change>,
    /// `/` or `/sub/path/`.
    pub base: String,
    pub bind: IpAddr,
}

impl Shared {
    pub fn current(&self) -> Snapshot {
        self.snapshot
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }
}

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new().fallback(handle).with_state(shared)
}

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    /// A file of the site, by its key in the in-memory map.
    File(String),
    Redirect(String),
    Events,
    Script,
    OverlayStyles,
    NotFound,
    Bad,
}

/// Resolves a raw (still percent-encoded) request path under `base`.
pub fn resolve(raw: &str, base: &str) -> Route {
    let lowered = raw.to_ascii_lowercase();
    // An encoded slash or backslash would let one segment pose as two.
    if raw.contains('\\')
        || ["%2f", "%5c", "%00"]
            .iter()
            .any(|bad| lowered.contains(bad))
    {
        return Route::Bad;
    }
    let Ok(decoded) = percent_encoding::percent_decode_str(raw).decode_utf8() else {
        return Route::Bad;
    };
    if !decoded.starts_with('/')
        || decoded.split('/').any(|segment| {
            segment == "." || segment == ".." || segment.chars().any(char::is_control)
        })
    {
        return Route::Bad;
    }
    if base != "/" && (decoded == "/" || format!("{decoded}/") == base) {
        return Route::Redirect(base.to_string());
    }
    let Some(rest) = decoded.strip_prefix(base) else {
        return Route::NotFound;
    };
    if let Some(own) = rest.strip_prefix(RESERVED) {
        return match own {
            "events" => Route::Events,
            "reload.js" => Route::Script,
            "overlay.css" => Route::OverlayStyles,
            _ => Route::NotFound,
        };
    }
    if rest.is_empty() || rest.ends_with('/') {
        Route::File(format!("{rest}index.html"))
    } else {
        Route::File(rest.to_string())
    }
}

/// The host part of a `Host` header, without the port; IPv6 literals keep no brackets.
fn host_name(header: &str) -> &str {
    if let Some(rest) = header.strip_prefix('[') {
        return rest.split(']').next().unwrap_or_default();
    }
    header.rsplit_once(':').map_or(header, |(host, _)| host)
}

/// Whether a request naming `header` as its host may be answered. A name other than
/// localhost could be an attacker's domain pointed at this machine (DNS rebinding); an IP
/// address cannot, but it must be one the server listens on.
pub fn host_allowed(header: &str, bind: IpAddr) -> bool {
    let host = host_name(header).to_ascii_lowercase();
    if host == "localhost" || host.ends_with(".localhost") {
        return true;
    }
    match host.parse::<IpAddr>() {
        Ok(ip) => ip == bind || ip.is_loopback() || bind.is_unspecified(),
        Err(_) => false,
    }
}

/// The content type of a file, by its extension.
pub fn content_type(key: &str) -> &'static str {
    let extension = key.rsplit_once('.').map_or("", |(_, ext)| ext);
    match extension.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

fn body(status: StatusCode, content_type: &'static str, bytes: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn redirect(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(value) => {
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::FOUND;
            response.headers_mut().insert(header::LOCATION, value);
            response
        }
        Err(_) => plain(StatusCode::BAD_REQUEST, "bad request path\n"),
    }
}

async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        let mut response = plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "kam serve answers GET and HEAD only\n",
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|value| value.to_str().ok());
    match host {
        None => return plain(StatusCode::BAD_REQUEST, "a Host header is required\n"),
        Some(host) if !host_allowed(host, shared.bind) => {
            return plain(
                StatusCode::FORBIDDEN,
                "kam serve answers only requests for localhost or its own address\n",
            );
        }
        Some(_) => {}
    }
    let raw = request.uri().path();
    match resolve(raw, &shared.base) {
        Route::Bad => plain(StatusCode::BAD_REQUEST, "bad request path\n"),
        Route::Redirect(location) => redirect(&location),
        Route::Script => body(
            StatusCode::OK,
            "text/javascript; charset=utf-8",
            reload::SCRIPT.as_bytes().to_vec(),
        ),
        Route::OverlayStyles => body(
            StatusCode::OK,
            "text/css; charset=utf-8",
            reload::OVERLAY_CSS.as_bytes().to_vec(),
        ),
        Route::Events => events(&shared).into_response(),
        Route::NotFound => not_found(&shared),
        Route::File(key) => file(&shared, raw, &key),
    }
}

fn file(shared: &Shared, raw: &str, key: &str) -> Response {
    let snapshot = shared.current();
    if snapshot.files.is_empty() {
        let page = reload::no_site_yet(key, &shared.base, &snapshot);
        return body(
            StatusCode::SERVICE_UNAVAILABLE,
            "text/html; charset=utf-8",
            page,
        );
    }
    match snapshot.files.get(key) {
        Some(bytes) if key.ends_with(".html") => body(
            StatusCode::OK,
            content_type(key),
            reload::decorate(bytes, key, &shared.base, &snapshot),
        ),
        Some(bytes) => body(StatusCode::OK, content_type(key), bytes.to_vec()),
        // A folder's page asked for without its slash: relative links need the slash.
        None if snapshot.files.contains_key(&format!("{key}/index.html")) => {
            redirect(&format!("{raw}/"))
        }
        None => not_found(shared),
    }
}

fn not_found(shared: &Shared) -> Response {
    let snapshot = shared.current();
    match snapshot.files.get("404.html") {
        Some(page) => body(
            StatusCode::NOT_FOUND,
            "text/html; charset=utf-8",
            reload::decorate(page, "404.html", &shared.base, &snapshot),
        ),
        None => plain(StatusCode::NOT_FOUND, "not found\n"),
    }
}

fn build_event(change: &Change, first: bool) -> Result<Event, Infallible> {
    Ok(Event::default().event("build").data(change.to_json(first)))
}

/// Server-sent events: first the current build, then one event per rebuild that changed
/// something.
fn events(
    shared: &Shared,
) -> Sse<impl futures_util::Stream<Item = Result<Event, Infallible>> + use<>> {
    let receiver = shared.changes.subscribe();
    let hello = Change {
        generation: shared.current().generation,
        pages: Vec::new(),
        all: false,
        styles: false,
    };
    let first = stream::once(std::future::ready(build_event(&hello, true)));
    let rest = stream::unfold(receiver, |mut receiver| async move {
        let change = match receiver.recv().await {
            Ok(change) => change,
            // Missed events: tell every page it may be stale.
            Err(broadcast::error::RecvError::Lagged(_)) => Change {
                generation: u64::MAX,
                pages: Vec::new(),
                all: true,
                styles: false,
            },
            Err(broadcast::error::RecvError::Closed) => return None,
        };
        Some((build_event(&change, false), receiver))
    });
    Sse::new(first.chain(rest)).keep_alive(KeepAlive::default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    #[test]
    fn paths_resolve_to_keys() {
        assert_eq!(resolve("/", "/"), Route::File("index.html".into()));
        assert_eq!(
            resolve("/accounts/a/", "/"),
            Route::File("accounts/a/index.html".into())
        );
        assert_eq!(
            resolve("/static/kam%2Ecss", "/"),
            Route::File("static/kam.css".into())
        );
        assert_eq!(resolve("/__kam/events", "/"), Route::Events);
        assert_eq!(resolve("/__kam/other", "/"), Route::NotFound);
    }

    #[test]
    fn traversal_is_refused() {
        for raw in [
            "/../etc/passwd",
            "/static/../../kam.toml",
            "/%2e%2e/kam.toml",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/static%2f..%2fkam.toml",
            "/static%5C..%5Ckam.toml",
            "/a\\..\\b",
            "/./index.html",
            "/%00",
            "/%ff",
        ] {
            assert_eq!(resolve(raw, "/"), Route::Bad, "{raw}");
        }
    }

    #[test]
    fn the_base_path_is_where_the_site_lives() {
        assert_eq!(resolve("/", "/kam/"), Route::Redirect("/kam/".into()));
        assert_eq!(resolve("/kam", "/kam/"), Route::Redirect("/kam/".into()));
        assert_eq!(resolve("/kam/", "/kam/"), Route::File("index.html".into()));
        assert_eq!(resolve("/index.html", "/kam/"), Route::NotFound);
        assert_eq!(resolve("/kam/__kam/reload.js", "/kam/"), Route::Script);
    }

    #[test]
    fn foreign_hosts_are_refused() {
        let loopback = IpAddr::V4(Ipv4Addr::LOCALHOST);
        for host in [
            "localhost",
            "localhost:1111",
            "127.0.0.1:1111",
            "[::1]:80",
            "app.localhost",
        ] {
            assert!(host_allowed(host, loopback), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "192.168.1.5:1111",
            "localhost.evil.example",
        ] {
            assert!(!host_allowed(host, loopback), "{host}");
        }
        let any = IpAddr::V4(Ipv4Addr::UNSPECIFIED);
        assert!(host_allowed("192.168.1.5:1111", any));
        assert!(!host_allowed("evil.example", any));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("static/kam.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("data/portfolio.json"), "application/json");
        assert_eq!(
            content_type("sitemap.xml"),
            "application/xml; charset=utf-8"
        );
        assert_eq!(content_type("static/fonts/x.woff2"), "font/woff2");
        assert_eq!(content_type("README"), "application/octet-stream");
    }
}
