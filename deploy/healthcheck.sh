#!/usr/bin/env bash
# Health check for containers: succeeds when GET /status on this machine's
# HTTP_PORT (default 8000) answers 200 with "status":"ok". It fails while the
# data file cannot be written ("degraded") or the server does not answer.
# Uses only bash and coreutils, so the image needs no curl.
set -euo pipefail
port="${HTTP_PORT:-8000}"
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET /status HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
response="$(timeout 5 cat <&3)"
[[ "${response}" == "HTTP/1.1 200"* && "${response}" == *'"status":"ok"'* ]]
