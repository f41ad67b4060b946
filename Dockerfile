# Multi-stage build of the notifier-worker service.
#   docker build -t sms-notifier-worker .
# The runtime image runs the Spring Boot executable jar (the `exec` classifier produced by
# spring-boot-maven-plugin) as a non-root user. docker-compose.yaml does the health check.

# ---------------------------------------------------------------- build stage
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src

# Maven wrapper and every module's pom first: this layer (and the dependency download below)
# is reused as long as no pom changes. All three module poms are needed because the parent
# pom lists them as reactor modules.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY notifier-events/pom.xml notifier-events/
COPY notifier-worker/pom.xml notifier-worker/
COPY integration-tests/pom.xml integration-tests/
RUN chmod +x mvnw \
 && ./mvnw -B -q -pl notifier-worker -am \
      org.apache.maven.plugins:maven-dependency-plugin:3.8.1:go-offline

# Sources, then the real build (tests run in CI, not in the image build).
COPY notifier-events/src/ notifier-events/src/
COPY notifier-worker/src/ notifier-worker/src/
RUN ./mvnw -B -q -pl notifier-worker -am package -DskipTests \
 && cp notifier-worker/target/notifier-worker-*-exec.jar /src/notifier-worker.jar

# -------------------------------------------------------------- runtime stage
FROM eclipse-temurin:21-jre

# curl is for the container health check in docker-compose.yaml (the JRE image does not
# guarantee curl or wget).
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system notifier \
 && useradd --system --gid notifier --home-dir /app --shell /usr/sbin/nologin notifier

WORKDIR /app
COPY --from=build --chown=notifier:notifier /src/notifier-worker.jar /app/notifier-worker.jar

USER notifier
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/notifier-worker.jar"]
