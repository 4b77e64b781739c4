#!/usr/bin/env bash
# Starts the built hub the fast way: from the extracted jar (Spring Boot's `extract` layout: plain jars on the class
# path instead of jars nested in the fat jar) with a class cache trained on this very jar and JDK:
#   - on JDK 25 or newer, an AOT cache (JEP 483/514: classes loaded and linked ahead of time; -XX:AOTCache);
#   - on JDK 17 to 24, a dynamic CDS archive (-XX:SharedArchiveFile).
# The first call extracts and trains (a training start that stops once the application context is refreshed, on a
# throw-away embedded database; a minute or two), later calls start at once; a newer jar or another JDK trains again.
#
#   server/fast-start.sh [hub arguments...]        e.g. server/fast-start.sh --server.port=18080
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 server/fast-start.sh
#   FAST_START_TRAIN_ONLY=1 server/fast-start.sh   (extract and train, do not start; the Docker image does this)
#
# Without JAVA_HOME the newest JDK under /usr/lib/jvm that is 25 or newer is taken, else `java` on the PATH.
# FAST_START_DIR (default server/target/fast-start) holds the extracted jar and the cache.
# The hub runs in the caller's working directory, as `java -jar` would (its embedded database's ./data is there).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"

JAR=${FAST_START_JAR:-$ROOT/server/target/godstart-hub.jar}
DIR=${FAST_START_DIR:-$ROOT/server/target/fast-start}
[ -f "$JAR" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 2; }

if [ -n "${JAVA_HOME:-}" ]; then
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA=java
  for candidate in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -V -r); do
    if [ -x "$candidate/bin/java" ]; then
      v=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2}')
      if [ "${v%%.*}" -ge 25 ] 2>/dev/null; then JAVA="$candidate/bin/java"; break; fi
    fi
  done
fi
FEATURE=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2}')
FEATURE=${FEATURE%%.*}
[ "$FEATURE" -ge 17 ] 2>/dev/null || { echo "needs JDK 17 or newer ($JAVA is $FEATURE)" >&2; exit 2; }

APP="$DIR/godstart-hub.jar"
CACHE="$DIR/godstart-hub-jdk$FEATURE.aot"
USE=()
STAMP="$DIR/trained-from"
WANT="$(stat -c '%s %Y' "$JAR") $("$JAVA" -version 2>&1 | head -1)"

if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT" ]; then
  rm -rf "$DIR"
  "$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$DIR" >/dev/null
  [ "$(basename "$JAR")" = godstart-hub.jar ] || mv "$DIR/$(basename "$JAR")" "$APP"
fi
if [ "$FEATURE" -ge 25 ] && { [ ! -f "$CACHE" ] || [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ]; }; then
  echo "fast-start: training an AOT cache for $APP on JDK $FEATURE (once per jar and JDK)" >&2
  TRAIN=(-XX:AOTCacheOutput="$CACHE")
  TRAINING_DATA=$(mktemp -d)
  # The training start: the whole context is built (every class start-up needs is loaded), then the JVM exits before
  # anything starts listening (Spring's spring.context.exit=onRefresh) and writes the cache. It runs on an embedded
  # database of its own, thrown away afterwards.
  if ! "$JAVA" "${TRAIN[@]}" -Dspring.context.exit=onRefresh -jar "$APP" \
      --server.port=0 --godstart.embedded-database.data-directory="$TRAINING_DATA/db" >"$DIR/training.log" 2>&1; then
    echo "fast-start: the training start failed; see $DIR/training.log" >&2
    rm -rf "$TRAINING_DATA"; exit 1
  fi
  rm -rf "$TRAINING_DATA"
  [ -f "$CACHE" ] || { echo "fast-start: no cache written; see $DIR/training.log" >&2; exit 1; }
fi
echo "$WANT" >"$STAMP"
[ "$FEATURE" -ge 25 ] && USE=(-XX:AOTCache="$CACHE")

[ -n "${FAST_START_TRAIN_ONLY:-}" ] && { echo "fast-start: $DIR is ready" >&2; exit 0; }
# shellcheck disable=SC2086
exec "$JAVA" ${USE[@]+"${USE[@]}"} ${JAVA_OPTS:-} -jar "$APP" "$@"
