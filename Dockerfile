# syntax=docker/dockerfile:1
# The one power-manager image: `power-manager manager | agent | uninstall | ...`.
#   docker build -t ghcr.io/power-manager/power-manager:0.1.0 .
# Not built in this repository's CI (no container engine there); docs/install.md says so.

# --- build: the Maven Wrapper on the JDK the project compiles for (release 17) -------------------
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests package -pl cli -am

# --- run: a Java 25 JRE, non-root, with an AOT cache (JEP 514) made by a training run -------------
FROM eclipse-temurin:25-jre
# The same flags the chart passes (manager.jvmOptions): the AOT cache records the GC and the
# object-header layout, and a JVM started with other ones skips the cache (a slower start, nothing
# worse). Override them with JDK_JAVA_OPTIONS; the chart does, and so does the agent DaemonSet the
# reconciler makes (AgentDaemonSet.JVM_FLAGS: a small heap, C1 only, no application AOT cache).
ENV JDK_JAVA_OPTIONS="-XX:+UseSerialGC -XX:+UseCompactObjectHeaders -XX:MaxRAMPercentage=60 -XX:ActiveProcessorCount=2 -XX:+ExitOnOutOfMemoryError"
RUN groupadd --system --gid 65532 power-manager \
 && useradd --system --uid 65532 --gid 65532 --home-dir /tmp --no-create-home \
      --shell /usr/sbin/nologin power-manager
WORKDIR /app
COPY --from=build /src/cli/target/power-manager.jar /app/power-manager.jar
COPY --from=build /src/examples /app/examples
# Training run: loads and links what the launcher, picocli, Jackson, fabric8's model and the
# admission rules need, then exits; the JVM writes the cache when it does. Not `simulate`: a JVM
# loads every class of its cache at start, and simulate's (121 MB, with the API server mock, the
# emulators and the agents) would cost the manager memory for classes it never uses. The agent
# DaemonSet turns the cache off (-XX:AOTMode=off in AgentJvmFlags): it costs the agent more
# resident memory than it saves.
RUN java -XX:AOTCacheOutput=/app/power-manager.aot -Xlog:aot=error \
      -jar /app/power-manager.jar validate -f /app/examples \
 && java -XX:AOTCache=/app/power-manager.aot -XX:AOTMode=on \
      -jar /app/power-manager.jar --version
USER 65532:65532
ENTRYPOINT ["java", "-XX:AOTCache=/app/power-manager.aot", "-jar", "/app/power-manager.jar"]
CMD ["--help"]
