package dev.campaigntick.it;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged function refuses to start with a real provider whose call events could never reach
 * it (PUBLIC_URL left on localhost), instead of starting and dialling every contact again once its
 * calls time out: a deploy with that mistake fails at once, with the variable to set.
 */
class ProviderSetupIT {

  static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

  @Test
  void aRemoteProviderWithoutAPublicUrlStopsStartUp(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("start.log");
    ProcessBuilder start =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = start.environment();
    env.keySet().removeIf(name -> name.startsWith("QUARKUS_") || name.equals("PUBLIC_URL"));
    env.putAll(
        Map.of(
            "QUARKUS_HTTP_PORT", "0",
            // Never reached: start-up stops before anything needs the database.
            "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:9/none",
            "MIGRATE_AT_START", "false",
            "CRON_SECRET", "secret",
            "CALL_PROVIDER", "http",
            "CALL_PROVIDER_URL", "https://calls.example.com/v1/calls",
            "CALL_PROVIDER_TOKEN", "token"));
    Process process = start.start();
    boolean ended = process.waitFor(60, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly();
    }
    String output = Files.readString(log);
    assertTrue(ended, "still running after 60 s:\n" + output);
    assertNotEquals(0, process.exitValue(), output);
    assertTrue(output.contains("CALL_PROVIDER=http needs PUBLIC_URL"), output);
  }
}
