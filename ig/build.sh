#!/usr/bin/env bash
# Compiles the FSH sources in input/fsh/ with SUSHI into fsh-generated/.
#
#   ./build.sh           regenerate fsh-generated/ (replaced only when SUSHI succeeds)
#   ./build.sh --check   regenerate into a temporary folder and fail if the committed
#                        fsh-generated/ differs from it (used by CI)
#
# Works without the FHIR package registry, which our machines cannot reach:
#  * hl7.fhir.r4.core#4.0.1 is unpacked from the Maven Central artifact
#    com.ibm.fhir:fhir-registry:4.11.1 (it carries the complete R4 core package under
#    hl7/fhir/core/package/, everything except package.json, which we write).
#  * SUSHI 3.21 has no setting for its package cache: it always reads
#    <home>/.fhir/packages/<id>#<version>/package/. We therefore run it with HOME pointing
#    at a private folder (default ig/.fhir-home/, override with GODSTART_FHIR_HOME), so
#    the developer's own ~/.fhir is neither read nor written.
#  * SUSHI also tries to pull "latest" versions of a few helper packages for the IG
#    Publisher (hl7.fhir.uv.tools.r4, hl7.terminology.r4, hl7.fhir.uv.extensions.r4). The
#    guide needs none of them. FPL_REGISTRY points at a closed loopback port, so those
#    lookups fail at once instead of leaving the machine; sushi-ignoreWarnings.txt
#    names the three resulting warnings.
# Any other SUSHI warning or error fails the build.
set -euo pipefail

IG_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
FHIR_HOME="${GODSTART_FHIR_HOME:-$IG_DIR/.fhir-home}"
CORE_ARTIFACT="com.ibm.fhir:fhir-registry:4.11.1"
CORE_PACKAGE_DIR="$FHIR_HOME/.fhir/packages/hl7.fhir.r4.core#4.0.1"
DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.6.1"
OFFLINE_REGISTRY="http://127.0.0.1:9"

mode=build
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

log() { echo "[ig/build] $*" >&2; }
die() { echo "[ig/build] ERROR: $*" >&2; exit 1; }

for tool in node npm; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is required but not on PATH"
done

temp_dirs=()
cleanup() {
  local d
  for d in "${temp_dirs[@]+"${temp_dirs[@]}"}"; do rm -rf "$d"; done
}
trap cleanup EXIT

# new_temp_dir VAR: creates a scratch folder, stores its path in VAR and removes it on exit.
# Inside ig/ so the final move is a rename on the same file system.
new_temp_dir() {
  local d
  d="$(mktemp -d "$IG_DIR/.tmp-build.XXXXXX")"
  temp_dirs+=("$d")
  printf -v "$1" '%s' "$d"
}

extract_core_package() {
  local jar="$1" dest="$2"
  if command -v unzip >/dev/null 2>&1; then
    unzip -q "$jar" 'hl7/fhir/core/package/*' -d "$dest"
  elif command -v jar >/dev/null 2>&1; then
    (cd "$dest" && jar xf "$jar" hl7/fhir/core/package)
  else
    die "need 'unzip' or the JDK's 'jar' tool to unpack $CORE_ARTIFACT"
  fi
}

prepare_core_package() {
  # package.json is written last, so its presence marks a complete unpack.
  if [[ -f "$CORE_PACKAGE_DIR/package/package.json" ]]; then
    log "hl7.fhir.r4.core#4.0.1 already in $FHIR_HOME/.fhir/packages"
    return
  fi
  # The project's Maven wrapper needs only a JDK; a plain mvn on PATH is the fallback.
  local mvn_cmd="$IG_DIR/../mvnw"
  [ -x "$mvn_cmd" ] || mvn_cmd="$(command -v mvn || true)"
  [ -n "$mvn_cmd" ] || die "Maven (../mvnw or mvn) is required to fetch $CORE_ARTIFACT"
  log "preparing hl7.fhir.r4.core#4.0.1 from Maven artifact $CORE_ARTIFACT"
  local work jar staging
  new_temp_dir work
  # Run Maven outside any project so no pom.xml is picked up.
  if ! (cd "$work" && "$mvn_cmd" -B -Dstyle.color=never "$DEPENDENCY_PLUGIN:copy" \
      -Dartifact="$CORE_ARTIFACT" -DoutputDirectory="$work/jar") >"$work/mvn.log" 2>&1; then
    cat "$work/mvn.log" >&2
    die "could not fetch $CORE_ARTIFACT from the Maven repository"
  fi
  jar="$(ls "$work"/jar/fhir-registry-*.jar)"
  extract_core_package "$jar" "$work/unpacked"
  [[ -f "$work/unpacked/hl7/fhir/core/package/StructureDefinition-Patient.json" ]] \
    || die "$CORE_ARTIFACT does not contain hl7/fhir/core/package/ as expected"

  staging="$work/hl7.fhir.r4.core#4.0.1"
  mkdir -p "$staging"
  mv "$work/unpacked/hl7/fhir/core/package" "$staging/package"
  # The jar's .index.json is IBM's own, thinner than the FHIR package index; dropping it
  # makes any tool that wants an index build a correct one.
  rm -f "$staging/package/.index.json"
  cat >"$staging/package/package.json" <<'JSON'
{
  "name": "hl7.fhir.r4.core",
  "version": "4.0.1",
  "description": "Definitions (API, structures and terminologies) for the R4 version of the FHIR standard",
  "type": "Core",
  "license": "CC0-1.0",
  "canonical": "http://hl7.org/fhir",
  "url": "http://hl7.org/fhir/R4",
  "fhirVersions": ["4.0.1"],
  "dependencies": {}
}
JSON
  mkdir -p "$(dirname "$CORE_PACKAGE_DIR")"
  rm -rf "$CORE_PACKAGE_DIR"
  mv "$staging" "$CORE_PACKAGE_DIR"
  log "hl7.fhir.r4.core#4.0.1 ready ($(ls "$CORE_PACKAGE_DIR/package" | wc -l) files)"
}

prepare_node_modules() {
  local stamp="$IG_DIR/node_modules/.godstart-lock-stamp" want
  want="$(cksum <"$IG_DIR/package-lock.json")"
  if [[ -x "$IG_DIR/node_modules/.bin/sushi" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return
  fi
  log "installing SUSHI with npm ci"
  (cd "$IG_DIR" && npm ci --no-audit --no-fund --loglevel=error)
  printf '%s\n' "$want" >"$stamp"
}

# run_sushi OUT_DIR: compiles the project into OUT_DIR/fsh-generated.
run_sushi() {
  local out="$1" logfile="$1/sushi.log" status=0
  (
    cd "$IG_DIR"
    HOME="$FHIR_HOME" FPL_REGISTRY="$OFFLINE_REGISTRY" npm_config_update_notifier=false \
      "$IG_DIR/node_modules/.bin/sushi" build "$IG_DIR" --out "$out"
  ) >"$logfile" 2>&1 || status=$?
  if [[ "$mode" == build || $status -ne 0 ]]; then
    cat "$logfile" >&2
  fi
  if [[ $status -ne 0 ]]; then
    die "SUSHI failed (exit $status)"
  fi
  if grep -qE '^warn ' "$logfile"; then
    [[ "$mode" == build ]] || cat "$logfile" >&2
    die "SUSHI reported warnings; fix them or, if truly harmless, list them in sushi-ignoreWarnings.txt"
  fi
  [[ -d "$out/fsh-generated/resources" ]] || die "SUSHI produced no fsh-generated/resources"
}

mkdir -p "$FHIR_HOME"
prepare_core_package
prepare_node_modules

new_temp_dir out
run_sushi "$out"

if [[ "$mode" == build ]]; then
  rm -rf "$IG_DIR/fsh-generated"
  mv "$out/fsh-generated" "$IG_DIR/fsh-generated"
  log "fsh-generated/ updated ($(ls "$IG_DIR/fsh-generated/resources" | wc -l) resources)"
  exit 0
fi

if [[ ! -d "$IG_DIR/fsh-generated" ]]; then
  die "ig/fsh-generated/ is missing; run ig/build.sh and commit the result"
fi
committed="$IG_DIR/fsh-generated" fresh="$out/fsh-generated"
if ! differences="$(diff -rq "$committed" "$fresh")"; then
  echo "[ig/build] ERROR: the committed ig/fsh-generated/ is stale. Differing files:" >&2
  while IFS= read -r line; do
    case "$line" in
      "Files $committed/"*) line="${line#"Files $committed/"}"; echo "  changed: ${line%% and *}" ;;
      "Only in $committed"*) line="${line#"Only in $committed"}"; line="${line#/}"; echo "  no longer generated: ${line/: //}" ;;
      "Only in $fresh"*) line="${line#"Only in $fresh"}"; line="${line#/}"; echo "  not committed: ${line/: //}" ;;
      *) echo "  $line" ;;
    esac
  done <<<"$differences" | sed 's#: /#: #' >&2
  echo "[ig/build] run ig/build.sh and commit ig/fsh-generated/" >&2
  exit 1
fi
log "ig/fsh-generated/ is up to date"
