#!/usr/bin/env bash
# `make release-check`: builds what a release builds, without signing (the publish profile: every published module's
# jar, sources jar and javadoc jar, javadoc's doclint on the public API), twice, each time in a fresh copy of the
# working tree at a different path, and fails unless every jar of the two builds is byte-identical (reproducible
# builds: project.build.outputTimestamp in the parent). Tests are not run here; `make test` runs them.
set -euo pipefail
cd "$(dirname "$0")/.."

MVN=${MVN:-mvn}
MVN_FLAGS=${MVN_FLAGS:--B -ntp}
# the published modules: every Trae artifact of trae-bom, the BOM itself, and the Quarkus extension's deployment module
MODULES=(bom trae-aws-core trae-testkit trae-security trae-aws-bedrock trae-aws-vision trae-aws-lex trae-aws-robotics
         trae-aws-training trae-oracle trae-ocr trae-mcp trae-spring-boot-autoconfigure trae-spring-boot-starter
         trae-quarkus/runtime trae-quarkus/deployment)
PL=$(IFS=,; echo "${MODULES[*]}")

work=$(mktemp -d "${TMPDIR:-/tmp}/trae-release-check.XXXXXX")
# KEEP=1 keeps both builds for a look at what differs
[ "${KEEP:-}" = 1 ] && echo "release-check: builds kept in $work" || trap 'rm -rf "$work"' EXIT

start=$(date +%s)
# both copies first: the working tree may change while the builds run
for copy in first second; do
  mkdir -p "$work/$copy"
  # the working tree as it is (tracked and new files, not ignored ones such as target/)
  git ls-files -z --cached --others --exclude-standard \
    | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
    | tar -c --null -T - | tar -x -C "$work/$copy"
done
for copy in first second; do
  echo "release-check: building the published modules ($copy build)"
  (cd "$work/$copy" && $MVN $MVN_FLAGS -q -Ppublish -DskipTests package -pl "$PL" -am)
done

checked=0
differ=()
missing=()
for m in "${MODULES[@]}"; do
  for a in "$work/first/$m"/target/*.jar; do
    [ -e "$a" ] || continue
    b="$work/second/$m/target/$(basename "$a")"
    checked=$((checked + 1))
    if [ ! -e "$b" ] || ! cmp -s "$a" "$b"; then
      differ+=("$m/target/$(basename "$a")")
    fi
  done
  case "$m" in
    bom) ;;
    *) for kind in sources javadoc; do
         ls "$work/first/$m"/target/*-"$kind".jar >/dev/null 2>&1 || missing+=("$m: no $kind jar")
       done ;;
  esac
done
elapsed=$(( $(date +%s) - start ))
if [ ${#differ[@]} -gt 0 ] || [ ${#missing[@]} -gt 0 ]; then
  [ ${#differ[@]} -gt 0 ] && { echo "release-check: FAILED, these jars differ between two builds of the same sources:"; printf '  %s\n' "${differ[@]}"; }
  [ ${#missing[@]} -gt 0 ] && { echo "release-check: FAILED, Central needs a sources and a javadoc jar beside each jar:"; printf '  %s\n' "${missing[@]}"; }
  exit 1
fi
echo "release-check: $checked jars (main, sources, javadoc, test-jars) byte-identical across two builds; ${elapsed}s"
