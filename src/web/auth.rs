//! Who is asking: Telegram's Mini App sign-in (`initData`), one-time login
//! links and browser sessions. Pure where it can be: the time is an
//! argument, and the store only ever sees the SHA-256 of a token.
//!
//! - [`check_init_data`]: the data Telegram hands a Mini App, signed with a
//!   key derived from the bot's token: secret = HMAC-SHA256(key
//!   `"WebAppData"`, the token); hash = hex(HMAC-SHA256(key secret, the
//!   sorted `key=value` lines except `hash`)), compared in constant time,
//!   and `auth_date` no older than `WEB_AUTH_MAX_AGE`.
//! - A session cookie's token is made and hashed as a login link's is
//!   ([`crate::links::new_token`], [`crate::links::hash`]): the store
//!   keeps only the hash.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::model::UnixTime;

/// How long a browser stays signed in (while its member is on the team).
pub const SESSION_SECONDS: u64 = 7 * 24 * 3600;
/// The session cookie's name on plain http (tests, a local trial).
pub const COOKIE: &str = "support_bot_session";
/// The session cookie's name on https: the `__Host-` prefix makes the
/// browser take it only from this host, `Secure`, with `Path=/`, so no
/// sibling subdomain can set or shadow it.
pub const HOST_COOKIE: &str = "__Host-support_bot_session";
/// How long a stream token (for the live stream and photos, which cannot
/// send headers) stays good.
pub const STREAM_TOKEN_SECONDS: u64 = 10 * 60;

/// A team member as a sign-in names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Login {
    /// Their Telegram user id.
    pub member: i64,
    pub first_name: String,
}

/// Why `initData` was refused. Never says more than that to the browser.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum InitDataError {
    #[error("initData lacks {0}")]
    Missing(&'static str),
    #[error("initData is not signed by this bot")]
    BadHash,
    #[error("initData is older than allowed")]
    Stale,
    #[error("initData is malformed: {0}")]
    Malformed(&'static str),
}

type HmacSha256 = Hmac<Sha256>;

pub(crate) fn hmac(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// Checks a Mini App's `initData` (the query string Telegram gives the
/// page) against the bot's token at `now`, and returns who signed in.
pub fn check_init_data(
    init_data: &str,
    bot_token: &str,
    now: UnixTime,
    max_age: u64,
) -> Result<Login, InitDataError> {
    let mut pairs: Vec<(String, String)> = url::form_urlencoded::parse(init_data.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let position = pairs
        .iter()
        .position(|(k, _)| k == "hash")
        .ok_or(InitDataError::Missing("hash"))?;
    let (_, given) = pairs.remove(position);
    if pairs.iter().any(|(k, _)| k == "hash") {
        return Err(InitDataError::Malformed("two hashes"));
    }
    pairs.sort();
    let check_string = pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("\n");
    let secret = hmac(b"WebAppData", bot_token.as_bytes());
    let expected = hex(&hmac(&secret, check_string.as_bytes()));
    if !bool::from(
        expected
            .as_bytes()
            .ct_eq(given.to_ascii_lowercase().as_bytes()),
    ) {
        return Err(InitDataError::BadHash);
    }
    let field = |name: &'static str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .ok_or(InitDataError::Missing(name))
    };
    let auth_date: u64 = field("auth_date")?
        .parse()
        .map_err(|_| InitDataError::Malformed("auth_date"))?;
    if now.saturating_sub(auth_date) > max_age {
        return Err(InitDataError::Stale);
    }
    #[derive(serde::Deserialize)]
    struct User {
        id: i64,
        #[serde(default)]
        first_name: String,
    }
    let user: User =
        serde_json::from_str(field("user")?).map_err(|_| InitDataError::Malformed("user"))?;
    Ok(Login {
        member: user.id,
        first_name: user.first_name,
    })
}

/// Signs `fields` as Telegram would for a bot with `bot_token`: the query
/// string a Mini App receives. For tests (and the browser tests' pages).
pub fn sign_init_data(fields: &[(&str, &str)], bot_token: &str) -> String {
    let mut sorted: Vec<_> = fields.to_vec();
    sorted.sort();
    let check_string = sorted
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("\n");
    let secret = hmac(b"WebAppData", bot_token.as_bytes());
    let hash = hex(&hmac(&secret, check_string.as_bytes()));
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        query.append_pair(k, v);
    }
    query.append_pair("hash", &hash);
    query.finish()
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The value of cookie `name` in a `Cookie` header, if there is one.
pub fn cookie<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .filter_map(|part| part.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.trim())
        .filter(|v| !v.is_empty())
}

/// The session token in a `Cookie` header, if there is one (`secure`: the
/// public address is https, and the cookie has its `__Host-` name).
pub fn session_from_cookies(header: &str, secure: bool) -> Option<&str> {
    cookie(header, session_cookie_name(secure))
}

fn session_cookie_name(secure: bool) -> &'static str {
    if secure {
        HOST_COOKIE
    } else {
        COOKIE
    }
}

/// The `Set-Cookie` value that signs a browser in (`Secure` and
/// `__Host-` when the public address is https).
pub fn session_cookie(token: &str, secure: bool) -> String {
    let name = session_cookie_name(secure);
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={SESSION_SECONDS}{secure}")
}

/// The `Set-Cookie` value that signs a browser out.
pub fn cleared_cookie(secure: bool) -> String {
    let name = session_cookie_name(secure);
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}")
}

/// The key stream tokens are signed with, derived from the bot's token
/// (so every replica of one bot makes and accepts the same tokens).
pub fn stream_key(bot_token: &str) -> [u8; 32] {
    hmac(b"support-bot stream token", bot_token.as_bytes())
}

/// A token for team member `member`'s live stream and photos, good until
/// `expires`: `member.expires.signature`. Nothing else accepts it.
pub fn stream_token(member: i64, expires: UnixTime, key: &[u8; 32]) -> String {
    let claim = format!("{member}.{expires}");
    let signature = hex(&hmac(key, claim.as_bytes()));
    format!("{claim}.{signature}")
}

/// The member a stream token was made for, if it is signed with `key`
/// and not past its time at `now`.
pub fn check_stream_token(token: &str, key: &[u8; 32], now: UnixTime) -> Option<i64> {
    let (claim, signature) = token.rsplit_once('.')?;
    let expected = hex(&hmac(key, claim.as_bytes()));
    if !bool::from(expected.as_bytes().ct_eq(signature.as_bytes())) {
        return None;
    }
    let (member, expires) = claim.split_once('.')?;
    let expires: UnixTime = expires.parse().ok()?;
    (expires > now).then_some(())?;
    member.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "4242:TEST-secret_token-do-not-log";
    /// Signed by an independent implementation (Python's `hmac`), so the
    /// check is held to Telegram's algorithm, not to itself.
    const SIGNED: &str = "auth_date=1700000000&query_id=AAHdF6IQAAAAAN0XohDhrOrc&user=%7B%22id%22%3A9001%2C%22first_name%22%3A%22Alex%22%2C%22username%22%3A%22alex_support%22%2C%22language_code%22%3A%22en%22%7D&hash=8ccf72eb7ed9c7b2c25775d2f777231072a37246c8394b8b2d7d19d9544e0340";
    const SIGNED_AT: u64 = 1_700_000_000;

    #[test]
    fn telegrams_signature_is_accepted_and_names_the_user() {
        let login = check_init_data(SIGNED, TOKEN, SIGNED_AT + 10, 3600).unwrap();
        assert_eq!(
            login,
            Login {
                member: 9001,
                first_name: "Alex".into()
            }
        );
    }

    #[test]
    fn the_order_of_the_fields_does_not_matter() {
        let mut parts: Vec<&str> = SIGNED.split('&').collect();
        parts.reverse();
        let reordered = parts.join("&");
        assert!(check_init_data(&reordered, TOKEN, SIGNED_AT, 3600).is_ok());
    }

    #[test]
    fn another_bots_token_or_a_wrong_hash_is_refused() {
        assert_eq!(
            check_init_data(SIGNED, "4242:another", SIGNED_AT, 3600),
            Err(InitDataError::BadHash)
        );
        let wrong = SIGNED.replace("hash=8c", "hash=9c");
        assert_eq!(
            check_init_data(&wrong, TOKEN, SIGNED_AT, 3600),
            Err(InitDataError::BadHash)
        );
    }

    #[test]
    fn a_field_changed_after_signing_is_refused() {
        let changed = SIGNED.replace("9001", "9002");
        assert_eq!(
            check_init_data(&changed, TOKEN, SIGNED_AT, 3600),
            Err(InitDataError::BadHash)
        );
        let added = format!("{SIGNED}&start_param=x");
        assert_eq!(
            check_init_data(&added, TOKEN, SIGNED_AT, 3600),
            Err(InitDataError::BadHash)
        );
    }

    #[test]
    fn a_stale_sign_in_is_refused() {
        assert_eq!(
            check_init_data(SIGNED, TOKEN, SIGNED_AT + 3601, 3600),
            Err(InitDataError::Stale)
        );
        assert!(check_init_data(SIGNED, TOKEN, SIGNED_AT + 3600, 3600).is_ok());
    }

    #[test]
    fn missing_fields_are_refused() {
        let no_hash = SIGNED.split("&hash=").next().unwrap();
        assert_eq!(
            check_init_data(no_hash, TOKEN, SIGNED_AT, 3600),
            Err(InitDataError::Missing("hash"))
        );
        assert_eq!(
            check_init_data("", TOKEN, SIGNED_AT, 3600),
            Err(InitDataError::Missing("hash"))
        );
        let no_user = sign_init_data(&[("auth_date", "1700000000")], TOKEN);
        assert_eq!(
            check_init_data(&no_user, TOKEN, SIGNED_AT, 3600),
            Err(InitDataError::Missing("user"))
        );
        let no_date = sign_init_data(&[("user", r#"{"id":1,"first_name":"A"}"#)], TOKEN);
        assert_eq!(
            check_init_data(&no_date, TOKEN, SIGNED_AT, 3600),
            Err(InitDataError::Missing("auth_date"))
        );
    }

    #[test]
    fn signing_here_matches_telegrams_algorithm() {
        let signed = sign_init_data(
            &[
                ("auth_date", "1700000000"),
                ("query_id", "AAHdF6IQAAAAAN0XohDhrOrc"),
                (
                    "user",
                    r#"{"id":9001,"first_name":"Alex","username":"alex_support","language_code":"en"}"#,
                ),
            ],
            TOKEN,
        );
        assert_eq!(signed, SIGNED);
    }

    #[test]
    fn the_session_cookie_is_http_only_strict_and_secure_on_https() {
        let cookie = session_cookie("abc", true);
        for part in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/"] {
            assert!(cookie.contains(part), "{cookie}");
        }
        assert!(
            cookie.starts_with("__Host-support_bot_session=abc;"),
            "{cookie}"
        );
        assert!(!session_cookie("abc", false).contains("Secure"));
        assert_eq!(
            session_from_cookies("a=1; support_bot_session=abc; b=2", false),
            Some("abc")
        );
        // On https only the __Host- cookie counts: a sibling subdomain
        // cannot plant a plain one.
        assert_eq!(
            session_from_cookies("support_bot_session=planted", true),
            None
        );
        assert_eq!(session_from_cookies("a=1", false), None);
    }

    #[test]
    fn a_stream_token_names_its_member_until_it_expires_and_cannot_be_changed() {
        let key = stream_key(TOKEN);
        let token = stream_token(9001, SIGNED_AT + 600, &key);
        assert_eq!(check_stream_token(&token, &key, SIGNED_AT), Some(9001));
        assert_eq!(check_stream_token(&token, &key, SIGNED_AT + 600), None);
        assert_eq!(
            check_stream_token(&token, &stream_key("4242:another"), SIGNED_AT),
            None
        );
        let forged = token.replacen("9001", "9002", 1);
        assert_eq!(check_stream_token(&forged, &key, SIGNED_AT), None);
        let longer = token.replacen(&(SIGNED_AT + 600).to_string(), "9999999999", 1);
        assert_eq!(check_stream_token(&longer, &key, SIGNED_AT), None);
        assert_eq!(check_stream_token("", &key, SIGNED_AT), None);
    }
}
