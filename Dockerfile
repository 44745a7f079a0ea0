# support-bot in a container: built with the official Rust image, run on
# Debian slim as an unprivileged user. The data file lives in the /data volume.
#
#   docker build -t support-bot .
#   docker run -d --env-file .env -v support-bot-data:/data -p 8000:8000 support-bot

ARG RUST_VERSION=1.95
ARG DEBIAN_RELEASE=trixie

FROM rust:${RUST_VERSION}-${DEBIAN_RELEASE} AS builder
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
# The workspace (the fake Bot API is a member), the test and bench targets
# the manifest names, and what the program embeds: messages, assets, the
# database's migrations.
COPY crates ./crates
COPY tests ./tests
COPY src ./src
COPY locales ./locales
COPY assets ./assets
COPY migrations ./migrations
RUN cargo build --release --locked --bin support-bot

FROM debian:${DEBIAN_RELEASE}-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 support-bot \
    && useradd --system --uid 10001 --gid support-bot --home-dir /data --no-create-home support-bot \
    && mkdir /data \
    && chown support-bot:support-bot /data
COPY --from=builder /src/target/release/support-bot /usr/local/bin/support-bot
COPY deploy/healthcheck.sh /usr/local/bin/support-bot-healthcheck
USER support-bot
WORKDIR /data
ENV DATA_FILE=/data/ticket_data.json \
    HTTP_PORT=8000
VOLUME ["/data"]
EXPOSE 8000
# Healthy while GET /status answers "ok" (bash only, no curl in the image).
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 \
    CMD ["bash", "/usr/local/bin/support-bot-healthcheck"]
STOPSIGNAL SIGTERM
# No arguments runs the bot; `docker run ... support-bot check-config` and
# `... export` run the operator's commands.
ENTRYPOINT ["support-bot"]
