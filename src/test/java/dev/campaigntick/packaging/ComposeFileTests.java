package dev.campaigntick.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * infra/local/compose.yaml holds together: there is no Docker here to bring it up, so these check
 * what a typo would break (the database the function is pointed at, the port, the image's build)
 * and run one round of the scheduler's loop against a recording stand-in for curl.
 */
class ComposeFileTests {

  static final Path COMPOSE = Path.of("infra/local/compose.yaml");

  static JsonNode services;

  @BeforeAll
  static void read() throws IOException {
    services = new YAMLMapper().readTree(Files.readString(COMPOSE)).get("services");
  }

  static JsonNode env(String service) {
    return services.at("/" + service + "/environment");
  }

  @Test
  void theFunctionUsesTheComposedDatabaseOnceItIsHealthy() {
    JsonNode postgres = env("postgres");
    URI url =
        URI.create(env("campaign-tick").get("QUARKUS_DATASOURCE_JDBC_URL").asText().substring(5));
    assertEquals("postgres", url.getHost(), "the database service's name");
    assertEquals(5432, url.getPort());
    assertEquals("/" + postgres.get("POSTGRES_DB").asText(), url.getPath());
    assertEquals(
        postgres.get("POSTGRES_USER"), env("campaign-tick").get("QUARKUS_DATASOURCE_USERNAME"));
    assertEquals(
        postgres.get("POSTGRES_PASSWORD"), env("campaign-tick").get("QUARKUS_DATASOURCE_PASSWORD"));
    assertEquals(
        "service_healthy",
        services.at("/campaign-tick/depends_on/postgres/condition").asText(),
        "no start before PostgreSQL answers");
    assertTrue(services.at("/postgres/healthcheck/test").toString().contains("pg_isready"));
  }

  @Test
  void theImageIsBuiltFromTheRepositorysDockerfileAndPublishedOnItsPort() throws IOException {
    JsonNode build = services.at("/campaign-tick/build");
    Path context = COMPOSE.getParent().resolve(build.get("context").asText()).normalize();
    Path dockerfile = context.resolve(build.get("dockerfile").asText());
    assertTrue(Files.isRegularFile(dockerfile), dockerfile + " exists");
    String[] ports = services.at("/campaign-tick/ports/0").asText().split(":");
    assertTrue(Files.readString(dockerfile).contains("EXPOSE " + ports[1]), "the image's port");
  }

  @Test
  void oneRoundOfTheSchedulerTicksTheFunctionWithTheCurrentSecret(@TempDir Path dir)
      throws Exception {
    assertEquals(
        env("campaign-tick").get("CRON_SECRET"),
        env("scheduler").get("CRON_SECRET"),
        "the same secret by default");
    // Compose turns $$ into $; the header file goes to the test's directory.
    String loop =
        services
            .at("/scheduler/command/0")
            .asText()
            .replace("$$", "$")
            .replace("/tmp/h", dir.resolve("h").toString());
    Path bin = Files.createDirectory(dir.resolve("bin"));
    // curl records its arguments and the header file it was given; sleep ends the loop.
    executable(
        bin.resolve("curl"),
        "#!/bin/sh\necho \"$*\" > \"" + dir + "/curl.args\"\ncat \"" + dir + "/h\"\n");
    executable(bin.resolve("sleep"), "#!/bin/sh\nkill -TERM $PPID\n");

    ProcessBuilder round =
        new ProcessBuilder("sh", "-c", loop)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out").toFile());
    round.environment().put("PATH", bin + ":" + round.environment().get("PATH"));
    round.environment().put("CRON_SECRET", "new-secret,old-secret"); // mid-rotation
    Process process = round.start();
    assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the loop did not stop at its sleep");

    assertEquals(
        List.of(
            "-sS --max-time 30 -X POST -H @"
                + dir.resolve("h")
                + " http://campaign-tick:8080/api/scheduler/tick?summary=true"),
        Files.readAllLines(dir.resolve("curl.args")));
    assertEquals(List.of("X-Cron-Secret: new-secret"), Files.readAllLines(dir.resolve("h")));
    String entrypoint = services.at("/scheduler/entrypoint").toString();
    assertEquals("[\"/bin/sh\",\"-c\"]", entrypoint);
  }

  private static void executable(Path path, String text) throws IOException {
    Files.writeString(path, text);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
