package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where things are, shared by every system. */
record Bench(Postgres postgres, Path root, Path logs, int inFlight, String java, String node) {

  Path log(String system, Dispatcher.Work work) {
    return logs.resolve(system.replaceAll("[^a-zA-Z0-9]+", "-") + "-" + work.label() + ".log");
  }

  /** The classpath of this folder's classes and their dependencies (after bench's package). */
  String classpath() throws IOException {
    Path target = root.resolve("bench/target");
    return target.resolve("classes")
        + ":"
        + Files.readString(target.resolve("classpath.txt")).trim();
  }

  /**
   * The JVM options campaign-tick's container ships ({@code JAVA_OPTS_APPEND} of Dockerfile.jvm;
   * the JIT setting is the one the Lambda template ships too).
   */
  List<String> shippedJvmOptions() throws IOException {
    Path dockerfile = root.resolve("src/main/docker/Dockerfile.jvm");
    Matcher options =
        Pattern.compile("(?m)^ENV JAVA_OPTS_APPEND=\"([^\"]*)\"")
            .matcher(Files.readString(dockerfile));
    if (!options.find()) {
      throw new IllegalStateException(dockerfile + " sets no JAVA_OPTS_APPEND");
    }
    return List.of(options.group(1).trim().split("\\s+"));
  }

  /**
   * The JVM options of the other Java systems: campaign-tick's JIT setting (the {@code -XX:} options
   * its container ships; the rest are Quarkus's), which within a 20-s run made db-scheduler faster
   * too (bench/README.md), so each Java system runs at its best. {@code -Dbench.main.javaopts}
   * replaces them; empty, it restores the default JIT.
   */
  List<String> javaOptions() throws IOException {
    String override = System.getProperty("bench.main.javaopts");
    if (override != null) {
      return override.isBlank() ? List.of() : List.of(override.trim().split("\\s+"));
    }
    return shippedJvmOptions().stream().filter(o -> o.startsWith("-XX:")).toList();
  }

  /** The phone of contact {@code index} (0-based) over all campaigns: the same for every system. */
  static String phoneSql(String indexExpression) {
    return "'+1' || (2000000000 + " + indexExpression + ")::text";
  }

  void sql(String database, String... statements) throws Exception {
    try (Connection c = postgres.connect(database);
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }
}
