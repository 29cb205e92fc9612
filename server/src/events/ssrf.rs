//! The SSRF guard: a webhook target may not be (or resolve to) a loopback, private, link-local, shared,
//! unspecified, multicast or cloud metadata address, unless the configuration's allow-list names its host
//! (`--webhook-allow-host`; tests allow `127.0.0.1`). Checked on the URL when an endpoint is saved, and on
//! every address a name resolves to when a delivery connects ([`GuardedResolver`], so a name cannot switch to
//! an internal address after the check). Redirects are never followed (the dispatcher's client).

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use thiserror::Error;

/// Why a target is refused.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum SsrfError {
    #[error("the URL is not an absolute http or https URL")]
    BadUrl,
    #[error("{0} is an internal address (loopback, private, link-local or metadata); webhooks may not call it")]
    Internal(IpAddr),
}

/// Hosts (names or addresses, as written in URLs) that may be called even when internal.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AllowList(Vec<String>);

impl AllowList {
    pub fn new(hosts: &[String]) -> AllowList {
        AllowList(
            hosts
                .iter()
                .map(|h| h.trim().trim_matches(['[', ']']).to_ascii_lowercase())
                .filter(|h| !h.is_empty())
                .collect(),
        )
    }

    pub fn allows(&self, host: &str) -> bool {
        let host = host.trim_matches(['[', ']']).to_ascii_lowercase();
        self.0.contains(&host)
    }
}

/// Whether `ip` is an address no webhook may reach.
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => internal_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return internal_v4(v4);
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00 // unique local fc00::/7
                || (first & 0xffc0) == 0xfe80 // link-local fe80::/10
                || v6 == Ipv6Addr::new(0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x0254) // AWS metadata (IPv6)
        }
    }
}

fn internal_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local() // 169.254.0.0/16, cloud metadata 169.254.169.254 included
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // shared address space 100.64.0.0/10
        || (a == 192 && b == 0 && ip.octets()[2] == 0) // IETF protocol assignments
        || a >= 240 // reserved
}

/// Check a target URL: scheme http(s), a host, and an address host that is not internal unless allowed.
/// Names are checked when they resolve ([`GuardedResolver`]).
pub fn check_url(url: &str, allow: &AllowList) -> Result<(), SsrfError> {
    let parsed = reqwest::Url::parse(url).map_err(|_| SsrfError::BadUrl)?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(SsrfError::BadUrl);
    }
    let host = parsed.host_str().ok_or(SsrfError::BadUrl)?;
    if allow.allows(host) {
        return Ok(());
    }
    let literal = host.trim_matches(['[', ']']);
    if let Ok(ip) = literal.parse::<IpAddr>() {
        if is_internal(ip) {
            return Err(SsrfError::Internal(ip));
        }
    }
    if literal.eq_ignore_ascii_case("localhost") || literal.ends_with(".localhost") {
        return Err(SsrfError::Internal(IpAddr::V4(Ipv4Addr::LOCALHOST)));
    }
    Ok(())
}

/// The dispatcher's DNS resolver: the system's, keeping only addresses that may be called (all of them for an
/// allowed name); a name with none left fails to resolve.
#[derive(Clone, Debug)]
pub struct GuardedResolver {
    pub allow: Arc<AllowList>,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow = self.allow.clone();
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed = allow.allows(&host);
            let kept: Vec<SocketAddr> = found
                .into_iter()
                .filter(|a| allowed || !is_internal(a.ip()))
                .collect();
            if kept.is_empty() {
                return Err(format!("{host} resolves to no address webhooks may call").into());
            }
            let addrs: Addrs = Box::new(kept.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_targets_are_refused_unless_allowed() {
        let none = AllowList::default();
        for url in [
            "http://127.0.0.1:8080/hook",
            "http://10.1.2.3/",
            "http://192.168.0.10/",
            "http://172.16.5.4/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::1]/",
            "http://[fe80::1]/",
            "http://[fd00:ec2::254]/",
            "http://[::ffff:10.0.0.1]/",
            "http://0.0.0.0/",
            "http://100.64.1.1/",
            "http://localhost:3000/",
        ] {
            assert!(
                matches!(check_url(url, &none), Err(SsrfError::Internal(_))),
                "{url}"
            );
        }
        assert_eq!(
            check_url("ftp://example.com/", &none),
            Err(SsrfError::BadUrl)
        );
        assert_eq!(check_url("not a url", &none), Err(SsrfError::BadUrl));
        assert_eq!(check_url("https://hooks.example.com/pos", &none), Ok(()));
        assert_eq!(check_url("https://93.184.215.14/pos", &none), Ok(()));
        let tests = AllowList::new(&["127.0.0.1".into(), "LocalHost".into()]);
        assert_eq!(check_url("http://127.0.0.1:9/hook", &tests), Ok(()));
        assert_eq!(check_url("http://localhost:9/hook", &tests), Ok(()));
        assert!(check_url("http://10.0.0.1/", &tests).is_err());
    }
}
