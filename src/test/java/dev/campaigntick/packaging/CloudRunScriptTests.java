package dev.campaigntick.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * infra/gcp/deploy.sh, run against a recording stand-in for {@code gcloud} (there is no Google
 * Cloud here): what it sets up, builds, deploys and schedules, on a first deploy and on a redeploy,
 * and what its build uploads (.gcloudignore). The stand-in keeps the state a real project would
 * (the image repository, the service and the job exist once created) and answers the reads the
 * script makes.
 */
class CloudRunScriptTests {

  static final Path SCRIPT = Path.of("infra/gcp/deploy.sh").toAbsolutePath();
  static final String SERVICE_URL = "https://campaign-tick-abc123-ew.a.run.app";
  static final String DB_URL = "jdbc:postgresql://10.1.2.3:5432/campaign_tick";

  /** A gcloud that appends each call (arguments split by tabs) to calls.log. */
  static final String FAKE_GCLOUD =
      """
      #!/usr/bin/env bash
      state=$(dirname "$0")
      (IFS=$'\\t'; echo "$*") >> "$state/calls.log"
      case "$1 $2 $3" in
        "builds submit --project")
          while [ $# -gt 0 ]; do
            [ "$1" = --config ] && cp "$2" "$state/cloudbuild.yaml"
            shift
          done ;;
        "artifacts repositories describe") [ -f "$state/repository" ] || exit 1 ;;
        "artifacts repositories create") touch "$state/repository" ;;
        "projects describe acme-calls") echo 123456789012 ;;
        "run deploy campaign-tick") touch "$state/service" ;;
        "run services describe")
          [ -f "$state/service" ] || { echo "not found" >&2; exit 1; }
          echo "%s" ;;
        "secrets versions access") echo "new-cron-secret,old-cron-secret" ;;
        "scheduler jobs describe") [ -f "$state/job" ] || exit 1 ;;
        "scheduler jobs create") touch "$state/job" ;;
      esac
      """
          .formatted(SERVICE_URL);

  @TempDir Path work;
  Path bin;

  @BeforeEach
  void standIns() throws IOException {
    bin = Files.createDirectory(work.resolve("bin"));
    executable(bin.resolve("gcloud"), FAKE_GCLOUD);
    executable(bin.resolve("git"), "#!/bin/sh\necho 1a2b3c4\n");
    executable(work.resolve("mvnw"), "#!/bin/sh\nexit 0\n");
  }

  @Test
  void aFirstDeployPublishesTheServiceSetsItsUrlAndCreatesTheMinuteJob() throws Exception {
    deploy();
    assertEquals(1, calls("artifacts repositories create campaign-tick").size(), "the image repo");
    List<List<String>> grants = calls("secrets add-iam-policy-binding");
    assertEquals(5, grants.size(), "every secret the service reads: " + grants);
    for (List<String> grant : grants) {
      assertEquals(
          "serviceAccount:123456789012-compute@developer.gserviceaccount.com",
          after(grant, "--member"));
      assertEquals("roles/secretmanager.secretAccessor", after(grant, "--role"));
    }

    List<String> build = call("builds submit");
    assertFalse(build.contains("--tag"), "--tag and --config exclude each other: " + build);
    String image = "europe-west1-docker.pkg.dev/acme-calls/campaign-tick/campaign-tick:1a2b3c4";
    assertTrue(
        Files.readString(bin.resolve("cloudbuild.yaml"))
            .contains("[build, -f, src/main/docker/Dockerfile.jvm, -t, \"" + image + "\", .]"));

    List<String> deployCall = call("run deploy");
    assertEquals(image, after(deployCall, "--image"));
    assertTrue(deployCall.contains("--allow-unauthenticated"), "callbacks reach it: " + deployCall);
    assertEquals("QUARKUS_DATASOURCE_JDBC_URL=" + DB_URL, after(deployCall, "--update-env-vars"));
    List<String> secrets = Arrays.asList(after(deployCall, "--set-secrets").split(","));
    assertTrue(secrets.contains("CRON_SECRET=campaign-tick-cron-secret:latest"), "" + secrets);
    assertTrue(secrets.contains("QUARKUS_DATASOURCE_PASSWORD=campaign-tick-db-password:latest"));

    assertEquals(
        "PUBLIC_URL=" + SERVICE_URL, after(call("run services update"), "--update-env-vars"));

    List<String> job = call("scheduler jobs create http");
    assertEquals("* * * * *", after(job, "--schedule"));
    assertEquals(SERVICE_URL + "/api/scheduler/tick?summary=true", after(job, "--uri"));
    assertEquals("POST", after(job, "--http-method"));
    assertEquals("X-Cron-Secret=new-cron-secret", after(job, "--headers"), "the current secret");
    assertEquals("0", after(job, "--max-retry-attempts"), "the next minute makes up a miss");
  }

  @Test
  void aRedeployKeepsTheUrlInOneRevisionAndUpdatesTheJob() throws Exception {
    deploy();
    Files.delete(bin.resolve("calls.log"));

    deploy();
    assertEquals(
        "QUARKUS_DATASOURCE_JDBC_URL=" + DB_URL + ",PUBLIC_URL=" + SERVICE_URL,
        after(call("run deploy"), "--update-env-vars"));
    assertTrue(calls("run services update").isEmpty(), "no second revision");
    assertTrue(calls("scheduler jobs create").isEmpty());
    assertTrue(calls("artifacts repositories create").isEmpty());
    List<String> job = call("scheduler jobs update http");
    assertEquals(SERVICE_URL + "/api/scheduler/tick?summary=true", after(job, "--uri"));
    assertEquals("X-Cron-Secret=new-cron-secret", after(job, "--update-headers"));
  }

  /**
   * .gcloudignore (gitignore syntax, read here by git itself) uploads what Dockerfile.jvm and its
   * .dockerignore read, and not the sources or other builds.
   */
  @Test
  void theBuildUploadsWhatTheImagesBuildReadsAndNothingElse() throws Exception {
    Path repo = Files.createDirectory(work.resolve("repo"));
    Files.copy(Path.of(".gcloudignore"), repo.resolve(".gitignore"));
    List<String> uploaded =
        new ArrayList<>(List.of("src/main/docker/Dockerfile.jvm", ".dockerignore"));
    for (String line : Files.readAllLines(Path.of("src/main/docker/Dockerfile.jvm"))) {
      if (line.startsWith("COPY ")) {
        String source = line.split("\\s+")[2];
        uploaded.add(source.replace("*", "quarkus-run") + (source.endsWith("/") ? "x" : ""));
      }
    }
    List<String> left =
        List.of(
            "pom.xml",
            "src/main/java/dev/campaigntick/tick/TickService.java",
            "target/classes/application.properties",
            "target-lambda/function.zip",
            "bench/pom.xml",
            "infra/gcp/deploy.sh");
    for (String file : concat(uploaded, left)) {
      Files.createDirectories(
          repo.resolve(file).getParent() == null ? repo : repo.resolve(file).getParent());
      Files.writeString(repo.resolve(file), "");
    }
    git(repo, "init", "-q");
    for (String file : uploaded) {
      assertEquals(1, git(repo, "check-ignore", "-q", file), file + " is uploaded");
    }
    for (String file : left) {
      assertEquals(0, git(repo, "check-ignore", "-q", file), file + " stays behind");
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** Runs git in {@code dir}; its exit code (check-ignore: 0 ignored, 1 not). */
  private static int git(Path dir, String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(arguments));
    Process git = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
    assertTrue(git.waitFor(30, TimeUnit.SECONDS));
    return git.exitValue();
  }

  private void deploy() throws Exception {
    ProcessBuilder run =
        new ProcessBuilder("bash", SCRIPT.toString())
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("deploy.log").toFile());
    Map<String, String> env = run.environment();
    env.put("PATH", bin + ":" + env.get("PATH"));
    env.put("PROJECT", "acme-calls");
    env.put("REGION", "europe-west1");
    env.put("DB_URL", DB_URL);
    Process process = run.start();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "deploy.sh did not end");
    String output = Files.readString(work.resolve("deploy.log"));
    assertEquals(0, process.exitValue(), output);
    assertTrue(output.contains("deployed: " + SERVICE_URL), output);
  }

  /** The one gcloud call whose arguments start with {@code command}. */
  private List<String> call(String command) throws IOException {
    List<List<String>> matching = calls(command);
    assertEquals(1, matching.size(), command + ": " + matching);
    return matching.get(0);
  }

  private List<List<String>> calls(String command) throws IOException {
    List<List<String>> matching = new ArrayList<>();
    try (Stream<String> lines = Files.lines(bin.resolve("calls.log"))) {
      lines
          .filter(line -> String.join(" ", line.split("\t")).startsWith(command))
          .forEach(line -> matching.add(List.of(line.split("\t"))));
    }
    return matching;
  }

  /** The value after {@code flag}. */
  private static String after(List<String> arguments, String flag) {
    int at = arguments.indexOf(flag);
    assertTrue(at >= 0 && at + 1 < arguments.size(), flag + " missing: " + arguments);
    return arguments.get(at + 1);
  }

  private static void executable(Path path, String text) throws IOException {
    Files.writeString(path, text);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
