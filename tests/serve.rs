//! `kam serve` through the binary: a temporary site served on a free port, read with raw
//! HTTP requests, edited while it runs. Waits poll with a generous deadline and never
//! assert a duration.

mod common;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(60);
const ACCOUNT: &str = "content/accounts/vitsand-tryck-ab.md";
const PAGE: &str = "/accounts/vitsand-tryck-ab/";

/// A running `kam serve`, stopped when dropped.
struct Serving {
    child: Child,
    port: u16,
    /// Lines the server printed after its address, stdout and stderr together.
    output: mpsc::Receiver<String>,
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn kam_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_kam"))
}

fn new_site() -> tempfile::TempDir {
    let temp = tempfile::tempdir().expect("tempdir");
    let status = Command::new(kam_binary())
        .arg("init")
        .arg(temp.path())
        .stdout(Stdio::null())
        .status()
        .expect("kam init");
    assert!(status.success());
    temp
}

fn serve(root: &Path, extra: &[&str]) -> Serving {
    let mut child = Command::new(kam_binary())
        .args(["serve", "--port", "0", "--today", "2026-11-27", "--root"])
        .arg(root)
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start kam serve");
    let (sender, output) = mpsc::channel();
    for stream in [
        Box::new(child.stdout.take().expect("stdout")) as Box<dyn Read + Send>,
        Box::new(child.stderr.take().expect("stderr")),
    ] {
        let sender = sender.clone();
        thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
    }
    let started = Instant::now();
    let port = loop {
        let line = output
            .recv_timeout(DEADLINE.saturating_sub(started.elapsed()))
            .expect("kam serve prints its address");
        if let Some(rest) = line.strip_prefix("serving ") {
            let address = rest.rsplit(" at http://").next().expect("an address");
            let port = address
                .split(['/', ':'])
                .nth(1)
                .and_then(|port| port.parse().ok())
                .expect("a port");
            break port;
        }
    };
    Serving {
        child,
        port,
        output,
    }
}

struct Reply {
    status: u16,
    headers: String,
    body: String,
}

fn request(port: u16, method: &str, path: &str, host: &str) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(DEADLINE))
        .expect("read timeout");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .expect("send request");
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).expect("read reply");
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("a status line");
    Reply {
        status,
        headers: head.to_ascii_lowercase(),
        body: body.to_string(),
    }
}

fn get(serving: &Serving, path: &str) -> Reply {
    request(
        serving.port,
        "GET",
        path,
        &format!("127.0.0.1:{}", serving.port),
    )
}

/// Polls `path` until its body satisfies `done`; panics with the last body at the deadline.
fn wait_for(serving: &Serving, path: &str, what: &str, done: impl Fn(&str) -> bool) -> String {
    let started = Instant::now();
    loop {
        let reply = get(serving, path);
        if done(&reply.body) {
            return reply.body;
        }
        assert!(
            started.elapsed() < DEADLINE,
            "{path} never showed {what}; last reply:\n{}",
            reply.body
        );
        thread::sleep(Duration::from_millis(50));
    }
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|entry| entry.path().display().to_string())
        .collect();
    names.sort();
    names
}

#[test]
fn serves_pages_from_memory_with_the_reload_script() {
    let site = new_site();
    let before = entries(site.path());
    let serving = serve(site.path(), &[]);
    let index = get(&serving, "/");
    assert_eq!(index.status, 200);
    assert!(
        index
            .headers
            .contains("content-type: text/html; charset=utf-8")
    );
    assert!(index.body.contains("__kam/reload.js"));
    let page = get(&serving, PAGE);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Vitsand Tryck AB"));
    assert!(
        page.body
            .contains("data-page=\"accounts/vitsand-tryck-ab/index.html\"")
    );
    let css = get(&serving, "/static/kam.css");
    assert_eq!(css.status, 200);
    assert!(css.headers.contains("content-type: text/css"));
    assert!(!css.body.contains("__kam"));
    let json = get(&serving, "/data/portfolio.json");
    assert!(json.headers.contains("content-type: application/json"));
    let script = get(&serving, "/__kam/reload.js");
    assert!(script.body.contains("EventSource"));
    // A folder's page without its slash is redirected, since its links are relative.
    let bare = get(&serving, "/accounts/vitsand-tryck-ab");
    assert_eq!(bare.status, 302);
    assert!(
        bare.headers
            .contains("location: /accounts/vitsand-tryck-ab/")
    );
    let head = request(serving.port, "HEAD", PAGE, "localhost");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(get(&serving, "/no/such/page.html").status, 404);
    // No listing of a folder without a page.
    assert_eq!(get(&serving, "/static/").status, 404);
    drop(serving);
    assert_eq!(
        entries(site.path()),
        before,
        "serve wrote into the site folder"
    );
}

#[test]
fn an_output_folder_receives_every_good_build() {
    let site = new_site();
    let out = tempfile::tempdir().expect("tempdir");
    let public = out.path().join("public");
    let public_arg = public.to_str().expect("a UTF-8 path");
    let serving = serve(site.path(), &["--output", public_arg]);
    let page = public.join("accounts/vitsand-tryck-ab/index.html");
    assert!(
        fs::read_to_string(&page)
            .expect("written")
            .contains("Vitsand Tryck AB")
    );
    let file = site.path().join(ACCOUNT);
    let text = fs::read_to_string(&file).expect("read");
    fs::write(
        &file,
        text.replace("Vitsand Tryck AB", "Vitsand Written AB"),
    )
    .expect("edit");
    wait_for(&serving, PAGE, "the edit", |body| {
        body.contains("Vitsand Written AB")
    });
    let started = Instant::now();
    while !fs::read_to_string(&page)
        .unwrap_or_default()
        .contains("Vitsand Written AB")
    {
        assert!(
            started.elapsed() < DEADLINE,
            "the output folder was not updated"
        );
        thread::sleep(Duration::from_millis(50));
    }
    let written = fs::read_to_string(&page).expect("read");
    assert!(
        !written.contains("__kam"),
        "the copy on disk has no reload script"
    );
    assert!(!site.path().join("public").exists());
}

#[test]
fn a_built_site_never_carries_the_reload_script() {
    let site = new_site();
    let status = Command::new(kam_binary())
        .args(["build", "--quiet", "--root"])
        .arg(site.path())
        .status()
        .expect("kam build");
    assert!(status.success());
    for (path, text) in common::html_pages(&site.path().join("public")) {
        assert!(!text.contains("__kam"), "{path} carries serve's script");
    }
}

#[test]
fn edits_in_place_and_by_rename_change_the_served_page() {
    let site = new_site();
    let serving = serve(site.path(), &[]);
    let file = site.path().join(ACCOUNT);
    let original = fs::read_to_string(&file).expect("read account");

    fs::write(
        &file,
        original.replace("Vitsand Tryck AB", "Vitsand Edited AB"),
    )
    .expect("edit");
    wait_for(&serving, PAGE, "the in-place edit", |body| {
        body.contains("Vitsand Edited AB")
    });

    // Editors save by writing a temporary file and renaming it over the original.
    let temporary = site
        .path()
        .join("content/accounts/.vitsand-tryck-ab.md.tmp");
    fs::write(
        &temporary,
        original.replace("Vitsand Tryck AB", "Vitsand Renamed AB"),
    )
    .expect("write temporary");
    fs::rename(&temporary, &file).expect("rename over");
    wait_for(&serving, PAGE, "the renamed save", |body| {
        body.contains("Vitsand Renamed AB")
    });

    // A new account file and a deleted one.
    let added = site.path().join("content/accounts/ny-kund-ab.md");
    fs::write(&added, original.replace("Vitsand Tryck AB", "Ny Kund AB")).expect("add");
    wait_for(
        &serving,
        "/accounts/ny-kund-ab/",
        "the new account",
        |body| body.contains("Ny Kund AB"),
    );
    fs::remove_file(&added).expect("delete");
    let started = Instant::now();
    while get(&serving, "/accounts/ny-kund-ab/").status != 404 {
        assert!(
            started.elapsed() < DEADLINE,
            "the deleted account is still served"
        );
        thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_broken_edit_shows_an_overlay_over_the_last_good_site_until_fixed() {
    let site = new_site();
    let serving = serve(site.path(), &[]);
    let file = site.path().join(ACCOUNT);
    let original = fs::read_to_string(&file).expect("read account");
    let broken = original.replace("stage = \"basic\"", "stage = \"<b>basik</b>\"");
    assert_ne!(broken, original);
    fs::write(&file, &broken).expect("break");
    let line = broken
        .lines()
        .position(|line| line.starts_with("stage"))
        .expect("stage line")
        + 1;
    let location = format!("{ACCOUNT}:{line}:");
    let body = wait_for(&serving, PAGE, "the overlay", |body| {
        body.contains("kam-serve-problems")
    });
    assert!(
        body.contains(&location),
        "the overlay names {location}:\n{body}"
    );
    assert!(
        body.contains("Vitsand Tryck AB"),
        "the last good page is still served"
    );
    assert!(!body.contains("<b>basik</b>"), "the message is escaped");
    let other = get(&serving, "/");
    assert!(
        other.body.contains("kam-serve-problems"),
        "every page shows it"
    );
    // The terminal has the problem too.
    let started = Instant::now();
    loop {
        let line = serving
            .output
            .recv_timeout(DEADLINE.saturating_sub(started.elapsed()))
            .expect("the problem is printed");
        if line.contains(&location) {
            break;
        }
    }

    fs::write(&file, &original).expect("fix");
    wait_for(&serving, PAGE, "the overlay gone", |body| {
        !body.contains("kam-serve-problems") && body.contains("Vitsand Tryck AB")
    });
}

#[test]
fn foreign_hosts_traversal_and_other_methods_are_refused() {
    let site = new_site();
    let serving = serve(site.path(), &[]);
    let port = serving.port;
    for host in [
        "evil.example",
        "evil.example:1111",
        "kam.localhost.evil.example",
    ] {
        let reply = request(port, "GET", "/", host);
        assert!(
            [400, 403, 421].contains(&reply.status),
            "{host}: {}",
            reply.status
        );
    }
    assert_eq!(request(port, "GET", "/", "localhost").status, 200);
    for path in [
        "/../kam.toml",
        "/static/../../kam.toml",
        "/%2e%2e/kam.toml",
        "/static/%2E%2E/%2e%2e/kam.toml",
        "/static%2f..%2f..%2fkam.toml",
        "/static%5c..%5ckam.toml",
    ] {
        let reply = get(&serving, path);
        assert!(
            reply.status == 400 || reply.status == 404,
            "{path}: {}",
            reply.status
        );
        assert!(!reply.body.contains("title ="), "{path} leaked kam.toml");
    }
    assert_eq!(get(&serving, "/kam.toml").status, 404);
    assert_eq!(
        get(&serving, "/content/accounts/vitsand-tryck-ab.md").status,
        404
    );
    for method in ["POST", "PUT", "DELETE"] {
        let reply = request(port, method, "/", "localhost");
        assert_eq!(reply.status, 405, "{method}");
        assert!(reply.headers.contains("allow: get, head"));
    }
}

#[test]
fn a_base_path_moves_the_site_and_the_root_redirects_there() {
    let site = new_site();
    let serving = serve(site.path(), &["--base-path", "/kam/"]);
    let root = get(&serving, "/");
    assert_eq!(root.status, 302);
    assert!(root.headers.contains("location: /kam/"));
    let index = get(&serving, "/kam/");
    assert_eq!(index.status, 200);
    assert!(index.body.contains("src=\"/kam/__kam/reload.js\""));
    assert_eq!(get(&serving, "/kam/accounts/vitsand-tryck-ab/").status, 200);
    assert_eq!(get(&serving, "/accounts/vitsand-tryck-ab/").status, 404);
}

#[cfg(unix)]
#[test]
fn sigint_stops_the_server() {
    let site = new_site();
    let mut serving = serve(site.path(), &[]);
    assert_eq!(get(&serving, "/").status, 200);
    let status = Command::new("kill")
        .args(["-INT", &serving.child.id().to_string()])
        .status()
        .expect("send SIGINT");
    assert!(status.success());
    let started = Instant::now();
    let exit = loop {
        if let Some(exit) = serving.child.try_wait().expect("wait") {
            break exit;
        }
        assert!(started.elapsed() < DEADLINE, "kam serve ignored SIGINT");
        thread::sleep(Duration::from_millis(50));
    };
    assert!(
        exit.code() == Some(0) || exit.code() == Some(130),
        "exit: {exit:?}"
    );
}

#[test]
fn binding_every_address_warns() {
    let site = new_site();
    let output = Command::new(kam_binary())
        .args(["serve", "--port", "0", "--bind", "0.0.0.0", "--root"])
        .arg(site.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            let mut line = String::new();
            let stderr = child.stderr.take().expect("stderr");
            BufReader::new(stderr).read_line(&mut line)?;
            let _ = child.kill();
            let _ = child.wait();
            Ok(line)
        })
        .expect("kam serve");
    assert!(output.starts_with("warning:"), "{output}");
}

/// Reads the event stream until an event other than the greeting arrives; returns its data.
fn next_rebuild_event(stream: &mut TcpStream) -> String {
    rebuild_events(stream, 1).remove(0)
}

/// The data of the next `count` rebuild events (not the greeting).
fn rebuild_events(stream: &mut TcpStream, count: usize) -> Vec<String> {
    let started = Instant::now();
    let mut seen = String::new();
    let mut buffer = [0u8; 4096];
    loop {
        let events: Vec<String> = seen
            .split("data: ")
            .filter_map(|event| Some(event[..event.find("\"first\":false")?].to_string()))
            .collect();
        if events.len() >= count {
            return events.into_iter().take(count).collect();
        }
        assert!(started.elapsed() < DEADLINE, "no rebuild event:\n{seen}");
        let read = stream.read(&mut buffer).expect("read events");
        assert!(read > 0, "the event stream ended:\n{seen}");
        seen.push_str(&String::from_utf8_lossy(&buffer[..read]));
    }
}

/// A stream of the server's rebuild events, once it is live.
fn subscribe(port: u16) -> TcpStream {
    let mut events = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    events.set_read_timeout(Some(DEADLINE)).expect("timeout");
    write!(
        events,
        "GET /__kam/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .expect("subscribe");
    // The greeting comes first; once it is in, the subscription is live.
    let mut greeting = [0u8; 4096];
    let read = events.read(&mut greeting).expect("greeting");
    let greeting = String::from_utf8_lossy(&greeting[..read]);
    assert!(greeting.contains("text/event-stream"), "{greeting}");
    events
}

#[test]
fn the_edited_page_is_served_first_then_the_pages_that_list_it() {
    let site = new_site();
    let serving = serve(site.path(), &[]);
    let mut events = subscribe(serving.port);
    let file = site.path().join(ACCOUNT);
    let text = fs::read_to_string(&file).expect("read");
    let name = text
        .lines()
        .find(|line| line.starts_with("name = "))
        .expect("a name line");
    fs::write(
        &file,
        text.replacen(name, "name = \"Vitsand Renamed AB\"", 1),
    )
    .expect("rename");
    let events = rebuild_events(&mut events, 2);
    let page = "\"accounts/vitsand-tryck-ab/index.html\"";
    assert!(events[0].contains(page), "{events:?}");
    assert_eq!(events[0].matches(".html").count(), 1, "{events:?}");
    assert!(!events[1].contains(page), "{events:?}");
    assert!(events[1].contains("\"index.html\""), "{events:?}");
    // Both events are sent: the whole rebuild is served.
    for path in [PAGE, "/"] {
        let served = get(&serving, path).body;
        assert!(served.contains("Vitsand Renamed AB"), "{path}: {served}");
    }
}

#[test]
fn a_rebuild_names_only_the_pages_whose_bytes_changed() {
    let site = new_site();
    let serving = serve(site.path(), &[]);
    let mut events = subscribe(serving.port);

    let file = site.path().join(ACCOUNT);
    let text = fs::read_to_string(&file).expect("read");
    fs::write(&file, format!("{text}\nA note only this page shows.\n")).expect("edit notes");
    let event = next_rebuild_event(&mut events);
    assert!(
        event.contains("\"accounts/vitsand-tryck-ab/index.html\""),
        "{event}"
    );
    assert!(!event.contains("norrskog-kartong-ab"), "{event}");
    assert!(event.contains("\"all\":false"), "{event}");
}
