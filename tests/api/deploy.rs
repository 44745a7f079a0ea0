//! The shipped deployment files, read as Docker Compose and Caddy read them
//! (no Docker needed): what is published where, and which settings compose
//! refuses to start without.

use std::path::Path;

use serde_yaml::Value;

/// Every compose file the repository ships.
const STACKS: [&str; 2] = ["docker-compose.yml", "deploy/docker-compose.replicas.yml"];

/// Settings that are secrets or that a stack cannot run without: wherever a
/// stack uses one, it is `${NAME:?message}`.
const REQUIRED: [&str; 3] = ["BOT_TOKEN", "POSTGRES_PASSWORD", "DOMAIN"];

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn services(stack: &Value) -> Vec<(String, &Value)> {
    stack["services"]
        .as_mapping()
        .expect("services")
        .iter()
        .map(|(name, service)| (name.as_str().unwrap().to_string(), service))
        .collect()
}

/// The service's environment as (name, value) pairs.
fn environment(service: &Value) -> Vec<(String, String)> {
    service["environment"]
        .as_mapping()
        .map(|env| {
            env.iter()
                .map(|(k, v)| {
                    let v = match v {
                        Value::String(s) => s.clone(),
                        other => serde_yaml::to_string(other).unwrap().trim().to_string(),
                    };
                    (k.as_str().unwrap().to_string(), v)
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn every_published_port_binds_127_0_0_1_except_the_https_front() {
    for path in STACKS {
        let stack: Value = serde_yaml::from_str(&read(path)).unwrap();
        for (name, service) in services(&stack) {
            let ports = service["ports"].as_sequence().cloned().unwrap_or_default();
            let is_front = service["image"]
                .as_str()
                .is_some_and(|i| i.starts_with("caddy"));
            for port in ports {
                let port = port.as_str().expect("ports written as strings").to_string();
                if is_front {
                    assert!(
                        port == "80:80" || port == "443:443",
                        "{path}: {name} publishes {port}: the front serves 80 and 443"
                    );
                } else {
                    assert!(
                        port.starts_with("127.0.0.1:"),
                        "{path}: {name} publishes {port} on every interface"
                    );
                }
            }
            if name == "postgres" {
                assert!(
                    service["ports"].is_null(),
                    "{path}: the database is not published"
                );
            }
        }
    }
}

#[test]
fn every_secret_and_required_setting_makes_compose_refuse_to_start_without_it() {
    for path in STACKS {
        let text = read(path);
        let stack: Value = serde_yaml::from_str(&text).unwrap();
        for var in REQUIRED {
            let uses = text.matches(&format!("${{{var}")).count();
            let required = text.matches(&format!("${{{var}:?")).count();
            assert_eq!(uses, required, "{path}: ${{{var}}} without :?");
        }
        for (name, service) in services(&stack) {
            let env = environment(service);
            let value = |key: &str| env.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
            if service["image"].as_str() == Some("support-bot") {
                let token = value("BOT_TOKEN").unwrap_or_default();
                assert!(
                    token.starts_with("${BOT_TOKEN:?"),
                    "{path}: {name} starts without BOT_TOKEN"
                );
                assert!(
                    value("WEBHOOK_SECRET").is_none(),
                    "{path}: {name}: no fixed secret"
                );
            }
            if let Some(password) = value("POSTGRES_PASSWORD") {
                assert!(
                    password.starts_with("${POSTGRES_PASSWORD:?"),
                    "{path}: {name}"
                );
            }
            if let Some(url) = value("DATABASE_URL") {
                let password = url
                    .strip_prefix("postgres://")
                    .and_then(|rest| rest.split_once('@'))
                    .and_then(|(user, _)| user.split_once(':'))
                    .map(|(_, password)| password.to_string());
                assert!(
                    password.is_some_and(|p| p.starts_with("${POSTGRES_PASSWORD:?")),
                    "{path}: {name}: DATABASE_URL's password comes from .env: {url}"
                );
            }
        }
    }
}

#[test]
fn the_replicas_stack_serves_https_for_domain_and_derives_the_webhook_address_from_it() {
    let stack: Value = serde_yaml::from_str(&read("deploy/docker-compose.replicas.yml")).unwrap();
    let bots: Vec<_> = services(&stack)
        .into_iter()
        .filter(|(_, s)| s["image"].as_str() == Some("support-bot"))
        .collect();
    assert_eq!(bots.len(), 2);
    for (name, bot) in bots {
        let env = environment(bot);
        let url = env
            .iter()
            .find(|(k, _)| k == "WEBHOOK_URL")
            .map(|(_, v)| v.as_str());
        assert_eq!(url, Some("https://${DOMAIN:?set DOMAIN in .env}"), "{name}");
    }
    let caddyfile = read("deploy/Caddyfile");
    let site = caddyfile
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .unwrap();
    // A site address that is a name gets Caddy's automatic HTTPS.
    assert_eq!(site.trim(), "{$DOMAIN} {");
    assert!(caddyfile.contains("@internal path /metrics /status"));
    assert!(caddyfile.contains("respond @internal 404"));
}
