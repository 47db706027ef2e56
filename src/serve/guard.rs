//! What `serve` answers at all, before any page: its own addresses only, reading methods
//! only, headers of a bounded size sent within a bounded time.
//!
//! `serve` shows drafts, bulletins held back until their day and build errors. A web page
//! elsewhere can make its own name point at 127.0.0.1 (DNS rebinding) and then read all of
//! it as same-origin, with the attacker's name in `Host`: so any `Host` but the server's
//! own addresses is refused. A client that opens connections and sends headers slowly
//! (slowloris) would hold the server's workers: headers must arrive within
//! [`HEADER_TIMEOUT`], and no larger than [`MAX_HEADER_BYTES`].

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::tr;

/// How long a client has to send a request's headers, counted from the connection's
/// opening or the end of its previous response: an idle connection is closed after it.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);

/// The most a request's start line and headers may take (32 KiB, as common servers allow:
/// room for the cookies a browser keeps for `localhost`); more is answered with 431.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;

/// Where the server listens, which decides the `Host` values it answers.
#[derive(Debug, Clone, Copy)]
pub struct Guard {
    pub port: u16,
    /// `--interface`: 127.0.0.1 unless the user named another address.
    pub interface: IpAddr,
}

impl Guard {
    /// Whether `host` (a `Host` header, or the authority of an absolute request target)
    /// names this server: `127.0.0.1`, `localhost`, `[::1]` or the `--interface` address,
    /// with the server's port (left out only when it is 80, as browsers do). Listening on
    /// every address (`0.0.0.0`, `::`), any IP address is this server's: a rebinding page
    /// always comes by a name, never by an address.
    pub fn allows(&self, host: &str) -> bool {
        let Some((name, port)) = split_host(host) else {
            return false;
        };
        if port.unwrap_or(80) != self.port {
            return false;
        }
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        let ip = match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
            Some(v6) => v6.parse::<Ipv6Addr>().map(IpAddr::V6),
            None => name.parse::<Ipv4Addr>().map(IpAddr::V4),
        };
        let Ok(ip) = ip else { return false };
        ip == IpAddr::V4(Ipv4Addr::LOCALHOST)
            || ip == IpAddr::V6(Ipv6Addr::LOCALHOST)
            || ip == self.interface
            || self.interface.is_unspecified()
    }
}

/// `name` and `port` of a `Host` value (`name`, `name:port`, `[v6]`, `[v6]:port`), or
/// `None` when it is not one.
fn split_host(host: &str) -> Option<(&str, Option<u16>)> {
    let (name, port) = if host.starts_with('[') {
        let end = host.find(']')? + 1;
        match &host[end..] {
            "" => (&host[..end], None),
            rest => (&host[..end], Some(rest.strip_prefix(':')?)),
        }
    } else {
        match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        }
    };
    let port = match port {
        None => None,
        // Digits only: `u16::from_str` would take a `+`.
        Some(p) if !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()) => {
            Some(p.parse().ok()?)
        }
        Some(_) => return None,
    };
    (!name.is_empty()).then_some((name, port))
}

/// The checks, as a layer in front of every route: 403 for a `Host` that is not the
/// server's (a missing, empty or repeated one too), 405 for a method other than GET or HEAD.
pub async fn check(State(guard): State<Guard>, request: Request, next: Next) -> Response {
    let mut hosts = request.headers().get_all(header::HOST).iter();
    let host = match (hosts.next(), hosts.next()) {
        (Some(h), None) => h.to_str().ok(),
        _ => None,
    };
    let authority_ok = request
        .uri()
        .authority()
        .is_none_or(|a| guard.allows(a.as_str()));
    if !host.is_some_and(|h| guard.allows(h)) || !authority_ok {
        return plain(
            StatusCode::FORBIDDEN,
            tr!("serve-refused-host", port = guard.port),
        );
    }
    // The workspace's writes (POST) have their own checks on top (src/workspace/auth.rs).
    let workspace_write = *request.method() == Method::POST
        && request.uri().path().starts_with(crate::workspace::WRITES);
    if !matches!(*request.method(), Method::GET | Method::HEAD) && !workspace_write {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, tr!("serve-refused-method"));
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    next.run(request).await
}

fn plain(code: StatusCode, text: String) -> Response {
    let mut r = (code, format!("{code}: {text}\n")).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// `app` behind the checks.
pub fn guarded(app: Router, guard: Guard) -> Router {
    app.layer(axum::middleware::from_fn_with_state(guard, check))
}

/// Serve `app` on `listener` until the task is dropped: HTTP/1.1 with the header timeout
/// and size limit above (`axum::serve` does not let them be set).
pub async fn serve(listener: tokio::net::TcpListener, app: Router) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .max_header_size(MAX_HEADER_BYTES);
    let http = Arc::new(http);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // One connection that failed while it was accepted: the next one may not.
            Err(e) if is_connection_error(&e) => continue,
            // Out of file descriptors and the like: wait for some to be freed.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let http = http.clone();
        tokio::spawn(async move {
            // A connection closed, timed out or refused is that client's business.
            let _ = http
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

fn is_connection_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind as K;
    matches!(
        e.kind(),
        K::ConnectionRefused | K::ConnectionAborted | K::ConnectionReset
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_servers_own_addresses_with_its_port() {
        let local = Guard {
            port: 1111,
            interface: IpAddr::V4(Ipv4Addr::LOCALHOST),
        };
        for good in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LocalHost:1111",
            "[::1]:1111",
            "[0:0:0:0:0:0:0:1]:1111",
        ] {
            assert!(local.allows(good), "{good}");
        }
        for bad in [
            "",
            ":1111",
            "evil.example",
            "evil.example:1111",
            "attacker.test:1111",
            "127.0.0.1.nip.io:1111",
            "localhost.:1111",
            "sub.localhost:1111",
            "127.0.0.1",
            "127.0.0.1:1112",
            "127.0.0.1:+1111",
            "127.0.0.1:",
            "127.0.0.1:1111:1111",
            "127.1:1111",
            "2130706433:1111",
            "127.0.0.2:1111",
            "192.168.1.5:1111",
            "[::1]",
            "[::1]x:1111",
            "::1:1111",
            "[fe80::1%25eth0]:1111",
            "localhost:1111 ",
        ] {
            assert!(!local.allows(bad), "{bad:?}");
        }
        let port_80 = Guard { port: 80, ..local };
        assert!(port_80.allows("localhost") && port_80.allows("127.0.0.1:80"));
        assert!(!port_80.allows("evil.example"));
    }

    #[test]
    fn the_interface_named_is_one_of_them() {
        let lan = Guard {
            port: 8080,
            interface: "192.168.1.5".parse().unwrap(),
        };
        assert!(lan.allows("192.168.1.5:8080") && lan.allows("127.0.0.1:8080"));
        assert!(!lan.allows("192.168.1.6:8080") && !lan.allows("evil.example:8080"));
        let every = Guard {
            port: 8080,
            interface: "0.0.0.0".parse().unwrap(),
        };
        assert!(every.allows("192.168.1.6:8080") && every.allows("[fd00::5]:8080"));
        assert!(!every.allows("rebound.example:8080") && !every.allows("10.0.0.1:80"));
    }
}
