#!/usr/bin/env bash
# Builds the base image CI builds the Switchboard image on, with no Docker daemon and no registry: a minimal Debian
# root from debootstrap (--variant=minbase) plus a jlinked JRE in /opt/java, saved as a docker-archive tarball that Jib
# takes as a tar:// base. Prints the tarball's path. The result is cached under ~/.cache/switchboard keyed by a hash of
# its inputs (this script, the suite, the mirror and the JDK), so only the first run pays for debootstrap.
# Needs root (debootstrap), debootstrap and a JDK 21+ with jlink in $JAVA_HOME.
set -euo pipefail

SUITE="${SWITCHBOARD_BASE_SUITE:-bookworm}"
MIRROR="${SWITCHBOARD_BASE_MIRROR:-http://deb.debian.org/debian}"
# java.se is every standard module; the rest: sun.misc.Unsafe (Netty, Caffeine), com.sun.management (process and
# JVM metrics) and zip file systems. A JDK 22+ without jmods links from its own run-time image (JEP 493).
JRE_MODULES="java.se,jdk.unsupported,jdk.management,jdk.zipfs"
CACHE="${SWITCHBOARD_CACHE_DIR:-$HOME/.cache/switchboard}/base-image"

: "${JAVA_HOME:?set JAVA_HOME to a JDK 21+ with jlink}"
command -v debootstrap >/dev/null || { echo "base-image: debootstrap is missing (apt-get install debootstrap)" >&2; exit 1; }
[[ $(id -u) == 0 ]] || { echo "base-image: debootstrap needs root" >&2; exit 1; }

key=$({ cat "$0"; echo "$SUITE $MIRROR"; "$JAVA_HOME/bin/java" -version 2>&1; } | sha256sum | cut -c1-16)
out="$CACHE/$key/base.tar"
if [[ -s "$out" ]]; then echo "$out"; exit 0; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/root"
echo "base-image: debootstrap --variant=minbase $SUITE (a minute or two, once)" >&2
debootstrap --variant=minbase "$SUITE" "$root" "$MIRROR" >"$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log" >&2; echo "base-image: debootstrap failed" >&2; exit 1; }
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/var/log/* "$root"/usr/share/doc/* \
  "$root"/usr/share/man/* "$root"/usr/share/locale/* "$root"/dev/*

echo "base-image: jlink $JRE_MODULES" >&2
"$JAVA_HOME/bin/jlink" --add-modules "$JRE_MODULES" --strip-debug --compress=zip-6 --no-man-pages --no-header-files \
  --output "$root/opt/java" >&2

# docker-archive (docker save) format: one layer, its config and a manifest naming both
mkdir -p "$work/archive/layer"
tar --numeric-owner --sort=name --mtime='2000-01-01 00:00Z' -C "$root" -cf "$work/archive/layer/layer.tar" .
diff_id=$(sha256sum "$work/archive/layer/layer.tar" | cut -d' ' -f1)
java_version=$("$root/opt/java/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.version =/ {print $2}')
cat >"$work/archive/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"2000-01-01T00:00:00Z",
 "config":{"Env":["PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/opt/java","JAVA_VERSION=$java_version","LANG=C.UTF-8"],
  "Labels":{"org.opencontainers.image.description":"Debian $SUITE minbase + jlinked JRE $java_version (Switchboard CI base)"}},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created":"2000-01-01T00:00:00Z","created_by":".ci/base-image.sh: debootstrap --variant=minbase $SUITE + jlink"}]}
JSON
config_id=$(sha256sum "$work/archive/config.json" | cut -d' ' -f1)
mv "$work/archive/config.json" "$work/archive/$config_id.json"
echo "[{\"Config\":\"$config_id.json\",\"RepoTags\":[\"switchboard-base:$key\"],\"Layers\":[\"layer/layer.tar\"]}]" \
  >"$work/archive/manifest.json"
mkdir -p "$CACHE/$key"
tar -C "$work/archive" -cf "$out.partial" manifest.json "$config_id.json" layer/layer.tar
mv "$out.partial" "$out"
echo "base-image: $(du -h "$out" | cut -f1) at $out" >&2
echo "$out"
