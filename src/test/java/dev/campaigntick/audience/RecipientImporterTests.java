package dev.campaigntick.audience;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.campaigntick.db.DatabaseUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A well-formed file whose write fails must be reported as the database's failure (503), not as a
 * malformed file (400): the operator would otherwise go looking for a fault in a correct CSV.
 */
class RecipientImporterTests {

  @Test
  void aDatabaseFailureWhileImportingCsvIsNotABadFile() throws IOException {
    PGSimpleDataSource unreachable = new PGSimpleDataSource();
    unreachable.setUrl("jdbc:postgresql://127.0.0.1:" + closedPort() + "/postgres");
    unreachable.setConnectTimeout(2);
    RecipientImporter importer = new RecipientImporter(unreachable, new ObjectMapper());
    byte[] csv = "phone,name\n+14155550101,Ann\n".getBytes(StandardCharsets.UTF_8);

    assertThrows(
        DatabaseUnavailableException.class,
        () ->
            importer.importCsv(
                new ByteArrayInputStream(csv),
                RecipientImporter.Target.CAMPAIGN_CONTACTS,
                1,
                null,
                Instant.parse("2026-11-23T09:00:00Z")));
  }

  /** A loopback port nothing listens on: a real connection attempt that is refused. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
