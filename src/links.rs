//! The inbox's addresses under `PUBLIC_URL`, written in one place: the web
//! mounts its routes at these paths, the bot sends links to them. Neither
//! door knows the other's code; both know these.

use url::Url;

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
}
