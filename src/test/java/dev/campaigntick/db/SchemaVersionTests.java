package dev.campaigntick.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The version the function checks for must be the highest migration it ships. */
class SchemaVersionTests {

  @Test
  void expectsTheHighestMigration() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
      int highest =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.matches("V\\d+__.*\\.sql"))
              .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
              .max()
              .orElseThrow();
      assertEquals(highest, SchemaVersion.EXPECTED);
    }
  }
}
