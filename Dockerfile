# syntax=docker/dockerfile:1
# The livedecode image: one image for the decoder service (default command `serve`) and the
# simulator (`replay ...`). Build from the repository root:
#   docker build -t livedecode:dev .

# ---- build: the Maven reactor (protocol <- simulator <- decoder) -> decoder/target/{livedecode.jar,lib/}
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
# Poms first, so a source-only change keeps the dependency layer of the BuildKit cache warm.
COPY pom.xml ./
COPY protocol/pom.xml protocol/
COPY simulator/pom.xml simulator/
COPY decoder/pom.xml decoder/
COPY protocol/src protocol/src
COPY simulator/src simulator/src
COPY decoder/src decoder/src
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests -pl decoder -am package \
    && test -f decoder/target/livedecode.jar \
    && test -d decoder/target/lib

# ---- runtime: JRE + the system OpenBLAS that Smile calls through the foreign-function API
FROM eclipse-temurin:25-jre AS runtime
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# libopenblas-dev (not just libopenblas0) because Smile opens the unversioned libopenblas.so;
# libdeflate0 inflates NWB recordings for `replay`; curl serves HEALTHCHECK. The ldconfig test
# fails the build if the unversioned name is missing.
# Versions are not pinned: the base image's Ubuntu release fixes them, security fixes included.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libopenblas-dev libdeflate0 curl \
    && rm -rf /var/lib/apt/lists/* \
    && ldconfig -p | grep -q 'libopenblas\.so ' \
    && groupadd --system --gid 10001 livedecode \
    && useradd --system --uid 10001 --gid livedecode --no-create-home --home-dir /app livedecode

WORKDIR /app
COPY --from=build /src/decoder/target/lib/ lib/
COPY --from=build /src/decoder/target/livedecode.jar livedecode.jar

# Heap as a share of the container limit (not the host's RAM); a JVM that ran out of heap is
# restarted by the orchestrator instead of limping on; no marking cycle is started merely because
# the classes loaded at start pass the JVM's small default metaspace threshold, and G1 keeps its
# pauses near 20 ms, under a 30 Hz frame interval (see ./livedecode). Override the whole variable to tune.
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError -XX:MetaspaceSize=256m -XX:MaxGCPauseMillis=20 -Dvertx.cacheDirBase=/tmp/vertx-cache" \
    LIVEDECODE_HTTP_HOST=0.0.0.0 \
    LIVEDECODE_HTTP_PORT=8080

# Numeric, so that Kubernetes runAsNonRoot can verify it without reading /etc/passwd.
USER 10001:10001
EXPOSE 8080

# Liveness only: /ready turns 503 while partitions move, which must not restart the container.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${LIVEDECODE_HTTP_PORT}/health" || exit 1

# The java launcher expands lib/* itself, so the exec form needs no shell.
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector", "--sun-misc-unsafe-memory-access=allow", "-cp", "livedecode.jar:lib/*", "io.livedecode.decoder.cli.Main"]
CMD ["serve"]
