//! The client address of a request: the socket peer, or with `--trust-proxy` the address the proxy reports.

use axum::extract::{ConnectInfo, Request};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// The client's IP address. Behind a trusted proxy it is the last (rightmost) `X-Forwarded-For` entry: the one
/// the proxy itself added, which a client cannot forge. Without connection info (in-process use) it is
/// `0.0.0.0`.
pub fn client_ip(req: &Request, trust_proxy: bool) -> IpAddr {
    if trust_proxy {
        let forwarded = req
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|s| s.trim().parse::<IpAddr>().ok())
            .next_back();
        if let Some(ip) = forwarded {
            return ip;
        }
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip())
}

/// True when a trusted proxy says the client connected over HTTPS.
pub fn forwarded_https(req_headers: &axum::http::HeaderMap, trust_proxy: bool) -> bool {
    trust_proxy
        && req_headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn request(forwarded: &[&str]) -> Request {
        let mut b = axum::http::Request::builder();
        for f in forwarded {
            b = b.header("x-forwarded-for", *f);
        }
        let mut req = b.body(Body::empty()).expect("request");
        req.extensions_mut()
            .insert(ConnectInfo(SocketAddr::from(([10, 0, 0, 1], 5000))));
        req
    }

    #[test]
    fn proxy_headers_count_only_when_trusted() {
        let req = request(&["1.2.3.4, 5.6.7.8"]);
        assert_eq!(client_ip(&req, false).to_string(), "10.0.0.1");
        assert_eq!(client_ip(&req, true).to_string(), "5.6.7.8");
        assert_eq!(
            client_ip(&request(&["garbage"]), true).to_string(),
            "10.0.0.1"
        );
    }
}
