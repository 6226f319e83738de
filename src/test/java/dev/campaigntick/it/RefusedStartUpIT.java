package dev.campaigntick.it;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged function refuses to start with a set-up that cannot work, instead of starting and
 * failing tick after tick: a deploy with the mistake fails at once, naming the variable to set.
 */
class RefusedStartUpIT {

  static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

  /**
   * A remote provider whose call events could never reach the function (PUBLIC_URL left on
   * localhost): every call would time out and be dialled again.
   */
  @Test
  void aRemoteProviderWithoutAPublicUrlStopsStartUp(@TempDir Path dir) throws Exception {
    assertRefused(
        dir,
        Map.of(
            "CALL_PROVIDER", "http",
            "CALL_PROVIDER_URL", "https://calls.example.com/v1/calls",
            "CALL_PROVIDER_TOKEN", "token"),
        "CALL_PROVIDER=http needs PUBLIC_URL");
  }

  /** A budget no tick can launch in, named with the value it got. */
  @Test
  void aBudgetTooSmallToLaunchInStopsStartUp(@TempDir Path dir) throws Exception {
    assertRefused(
        dir, Map.of("TICK_BUDGET_MS", "0"), "TICK_BUDGET_MS must be at least 1000, got 0");
  }

  private static void assertRefused(Path dir, Map<String, String> setUp, String expected)
      throws Exception {
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
    Map<String, String> settings = new HashMap<>(setUp);
    settings.putAll(
        Map.of(
            "QUARKUS_HTTP_PORT", "0",
            // Never reached: start-up stops before anything needs the database.
            "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:9/none",
            "MIGRATE_AT_START", "false",
            "CRON_SECRET", "secret"));
    env.putAll(settings);
    Process process = start.start();
    boolean ended = process.waitFor(60, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly();
    }
    String output = Files.readString(log);
    assertTrue(ended, "still running after 60 s:\n" + output);
    assertNotEquals(0, process.exitValue(), output);
    assertTrue(output.contains(expected), output);
  }
}
