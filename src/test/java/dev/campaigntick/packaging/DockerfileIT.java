package dev.campaigntick.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No Docker engine runs here, so this checks what a `docker build` would: every path a Dockerfile
 * copies exists after the build (the native executable only where a native build ran) and is let
 * through by the whitelist .dockerignore; the image runs as a non-root user.
 */
class DockerfileIT {

  static final Path ROOT = Path.of("").toAbsolutePath();

  /** One rule of .dockerignore: a glob, and whether it excludes or (with !) lets through. */
  record Rule(PathMatcher glob, boolean exclude) {}

  static List<Rule> dockerignore() throws IOException {
    List<Rule> rules = new ArrayList<>();
    for (String line : Files.readAllLines(ROOT.resolve(".dockerignore"))) {
      String pattern = line.strip();
      if (pattern.isEmpty() || pattern.startsWith("#")) {
        continue;
      }
      boolean exclude = !pattern.startsWith("!");
      pattern = pattern.replaceFirst("^!", "").replaceAll("/+$", "");
      rules.add(new Rule(FileSystems.getDefault().getPathMatcher("glob:" + pattern), exclude));
    }
    return rules;
  }

  /** Docker's rule: the last rule matching the path or one of its parents decides. */
  static boolean sentToDocker(Path relative, List<Rule> rules) {
    boolean included = true;
    for (Rule rule : rules) {
      for (Path p = relative; p != null; p = p.getParent()) {
        if (rule.glob().matches(p)) {
          included = !rule.exclude();
          break;
        }
      }
    }
    return included;
  }

  static List<String> copySources(Path dockerfile) throws IOException {
    List<String> sources = new ArrayList<>();
    for (String line : Files.readAllLines(dockerfile)) {
      String trimmed = line.strip();
      if (!trimmed.startsWith("COPY ")) {
        continue;
      }
      List<String> words = new ArrayList<>(List.of(trimmed.substring(5).trim().split("\\s+")));
      words.removeIf(w -> w.startsWith("--"));
      sources.addAll(words.subList(0, words.size() - 1));
    }
    return sources;
  }

  static List<Path> expand(String source) throws IOException {
    String glob = source.replaceAll("/+$", "");
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    Path base = ROOT.resolve(glob.contains("*") ? glob.substring(0, glob.lastIndexOf('/')) : glob);
    if (!glob.contains("*")) {
      return Files.exists(base) ? List.of(ROOT.relativize(base)) : List.of();
    }
    if (!Files.isDirectory(base)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(base)) {
      return files.map(ROOT::relativize).filter(matcher::matches).toList();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile.jvm", "Dockerfile.native", "Dockerfile.native-micro"})
  void copiesOnlyWhatTheBuildMadeAndDockerignoreLetsThrough(String name) throws IOException {
    Path dockerfile = ROOT.resolve("src/main/docker").resolve(name);
    List<Rule> rules = dockerignore();
    List<String> sources = copySources(dockerfile);
    assertFalse(sources.isEmpty(), name + " copies something");
    boolean nativeImage = name.contains("native");
    for (String source : sources) {
      List<Path> found = expand(source);
      if (nativeImage && found.isEmpty()) {
        // No native toolchain here: the executable the native build would make must get through.
        found = List.of(Path.of(source.replace("*", "campaign-tick-0.1.0-SNAPSHOT")));
      }
      assertFalse(found.isEmpty(), name + " copies " + source + ", which the build did not make");
      for (Path path : found) {
        assertTrue(sentToDocker(path, rules), path + " is excluded by .dockerignore");
      }
    }
    String text = Files.readString(dockerfile);
    assertTrue(text.matches("(?s).*\\nUSER (185|1001)\\b.*"), name + " runs as a non-root user");
  }

  @ParameterizedTest
  @ValueSource(strings = {"src/main/java/dev/campaigntick/tick/TickService.java", "pom.xml"})
  void keepsSourcesOutOfTheBuildContext(String path) throws IOException {
    assertEquals(false, sentToDocker(Path.of(path), dockerignore()));
  }

  /**
   * The container and the Lambda run the JVM the same way (C1 only, see Dockerfile.jvm), and the
   * side-by-side benchmark runs the jar with the container's options (bench/CampaignTick.java).
   */
  @Test
  void containerAndLambdaShipTheSameJit() throws IOException {
    String jit = "-XX:TieredStopAtLevel=1";
    String dockerfile = Files.readString(ROOT.resolve("src/main/docker/Dockerfile.jvm"));
    assertTrue(
        dockerfile.matches("(?s).*\\nENV JAVA_OPTS_APPEND=\"[^\"]*" + jit + "[^\"]*\".*"),
        "Dockerfile.jvm sets " + jit);
    String template = Files.readString(ROOT.resolve("infra/aws/template.yaml"));
    assertTrue(
        template.matches("(?s).*\\n\\s+JAVA_TOOL_OPTIONS: [^\\n]*" + jit + ".*"),
        "the Lambda template sets " + jit);
  }
}
