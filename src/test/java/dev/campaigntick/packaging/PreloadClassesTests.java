package dev.campaigntick.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The classes Quarkus' SnapStart support preloads before the snapshot (infra/aws/preload-classes.sh
 * writes the list) still exist: a class renamed by a dependency upgrade would be skipped without a
 * word, and the first tick after a restore would load it again.
 */
class PreloadClassesTests {

  static final Path LIST = Path.of("src/main/resources/META-INF/quarkus-preload-classes.txt");

  @Test
  void everyListedClassLoads() throws IOException {
    List<String> classes =
        Files.readAllLines(LIST).stream()
            .map(line -> line.replaceFirst("#.*", "").strip())
            .filter(line -> !line.isEmpty())
            .toList();
    assertTrue(classes.size() > 100, "the list is the first tick's classes: " + classes.size());
    List<String> missing = new ArrayList<>();
    for (String name : classes) {
      try {
        Class.forName(name, false, getClass().getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        missing.add(name);
      }
    }
    assertEquals(List.of(), missing, "regenerate with infra/aws/preload-classes.sh");
  }
}
