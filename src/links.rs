//! The inbox's addresses under `PUBLIC_URL`, written in one place: the web
//! mounts its routes at these paths, the bot sends links to them. Neither
//! door knows the other's code; both know these.
//!
//! And the one-time login link ([`LoginLink`]): its token, made here and
//! kept in the store only as its SHA-256 ([`hash`]), and the change that
//! makes it good for [`LOGIN_LINK_SECONDS`]. The bot sends the link it is
//! given; the web trades it for a session.

use sha2::{Digest, Sha256};
use url::Url;

use crate::model::{Change, UnixTime, WebLogin};

/// The inbox's page, under the public address.
pub const APP: &str = "/app";

/// The route of a one-time login link; `:token` is the token.
pub const LOGIN_ROUTE: &str = "/app/login/:token";

/// The inbox's address under the public one (`PUBLIC_URL` + `app`), kept
/// under any path `PUBLIC_URL` has.
pub fn app_url(public: &Url) -> Url {
    under(public, APP)
}

/// The address of the one-time login link with `token` (see
/// [`LOGIN_ROUTE`]), kept under any path `PUBLIC_URL` has.
pub fn login_url(public: &Url, token: &str) -> Url {
    under(public, &LOGIN_ROUTE.replace(":token", token))
}

/// Whether Telegram lets the inbox open as a Mini App (Web Apps are https
/// only); otherwise it is offered as a plain link.
pub fn opens_as_mini_app(public: &Url) -> bool {
    public.scheme() == "https"
}

/// How long a one-time login link stays good.
pub const LOGIN_LINK_SECONDS: u64 = 5 * 60;

/// A one-time login link to the inbox, made for a team member: the
/// address to send them and the change that makes it good (saved before
/// the address is given out). The token is in the address only, never in
/// the store.
#[derive(Debug)]
pub struct LoginLink {
    pub url: Url,
    pub change: Change,
}

impl LoginLink {
    /// A fresh login link for `member` (named `name`), made at `now`,
    /// under the public address `public`.
    pub fn new(public: &Url, member: i64, name: &str, now: UnixTime) -> LoginLink {
        LoginLink::with_token(public, &new_token(), member, name, now)
    }

    /// The login link with `token` (tests choose theirs).
    pub fn with_token(
        public: &Url,
        token: &str,
        member: i64,
        name: &str,
        now: UnixTime,
    ) -> LoginLink {
        LoginLink {
            url: login_url(public, token),
            change: Change::WebLogin {
                hash: hash(token),
                login: Some(WebLogin {
                    member,
                    name: name.to_string(),
                    expires: now + LOGIN_LINK_SECONDS,
                }),
            },
        }
    }
}

/// A fresh random token (244 random bits, URL-safe): a login link's or a
/// session cookie's.
pub fn new_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// The SHA-256 of a token, in hex: the only form the store keeps.
pub fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `path` under the public address `public` (and under its own path).
fn under(public: &Url, path: &str) -> Url {
    let mut url = public.clone();
    let path = format!("{}{path}", url.path().trim_end_matches('/'));
    url.set_path(&path);
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inbox_and_its_login_links_stay_under_the_public_address_and_its_path() {
        for (public, app, login) in [
            (
                "https://support.example.com",
                "https://support.example.com/app",
                "https://support.example.com/app/login/abc",
            ),
            (
                "https://example.com/support/",
                "https://example.com/support/app",
                "https://example.com/support/app/login/abc",
            ),
        ] {
            let public = Url::parse(public).unwrap();
            assert_eq!(app_url(&public).as_str(), app);
            assert_eq!(login_url(&public, "abc").as_str(), login);
        }
        assert!(opens_as_mini_app(&Url::parse("https://a.example").unwrap()));
        assert!(!opens_as_mini_app(&Url::parse("http://a.example").unwrap()));
    }

    #[test]
    fn a_login_link_carries_its_token_and_the_store_gets_only_its_hash_for_five_minutes() {
        let public = Url::parse("https://example.com/support").unwrap();
        let link = LoginLink::with_token(&public, "abc", 9001, "Alex", 1_000);
        assert_eq!(
            link.url.as_str(),
            "https://example.com/support/app/login/abc"
        );
        let Change::WebLogin {
            hash: saved,
            login: Some(login),
        } = link.change
        else {
            panic!("not a login: {:?}", link.change);
        };
        assert_eq!(saved, hash("abc"));
        assert_ne!(saved, "abc");
        assert_eq!((login.member, login.name.as_str()), (9001, "Alex"));
        assert_eq!(login.expires, 1_000 + LOGIN_LINK_SECONDS);

        assert!(LoginLink::new(&public, 1, "A", 0)
            .url
            .as_str()
            .starts_with("https://example.com/support/app/login/"));
    }

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(hash(&a).len(), 64);
        assert_ne!(hash(&a), a);
        assert_eq!(hash(&a), hash(&a));
    }
}
