package dev.campaigntick.admin;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.campaigntick.support.Api;
import dev.campaigntick.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A 100,000-row CSV in one request, and an import that fails half-way leaving nothing behind. */
@QuarkusTest
class LargeImportTests {

  @Inject TestDatabase db;

  long campaign;

  @BeforeEach
  void setUp() {
    db.reset();
    campaign =
        Api.admin()
            .body("{\"organizationId\":\"acme\",\"name\":\"Big\",\"maxConcurrentCalls\":10}")
            .post("/api/campaigns")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
  }

  static byte[] csv(int rows, int brokenAt) {
    StringBuilder csv = new StringBuilder(rows * 110).append("phone,name,plan,region,note\n");
    for (int i = 1; i <= rows; i++) {
      if (i == brokenAt) {
        csv.append("\"+1415").append(i).append(",unterminated quote\n");
      }
      csv.append(
          String.format(
              "+1415%07d,Contact %d,gold,west,renewal due; prefers mornings; spoke to us twice in"
                  + " October 2025%n",
              2_000_000 + i, i));
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void importsATenMegabyteHundredThousandRowFileInOneRequest() {
    byte[] body = csv(100_000, -1);
    assertTrue(body.length > 10_000_000, "a 10 MB file: " + body.length);
    Api.admin()
        .contentType("text/csv")
        .body(body)
        .post("/api/campaigns/" + campaign + "/contacts")
        .then()
        .statusCode(200)
        .body("added", equalTo(100_000))
        .body("duplicates", equalTo(0));
    assertEquals(
        "gold",
        db.scalar(
            String.class,
            "SELECT attributes->>'plan' FROM contacts WHERE campaign_id = ? LIMIT 1",
            campaign));
  }

  @Test
  void aFileThatBreaksHalfWayImportsNothing() {
    Api.admin()
        .contentType("text/csv")
        .body(csv(20_000, 15_000))
        .post("/api/campaigns/" + campaign + "/contacts")
        .then()
        .statusCode(400)
        .body("message", containsString("CSV"));
    assertEquals(0L, db.scalar(Long.class, "SELECT count(*) FROM contacts"));
  }

  @Test
  void refusesABodyOverTheLimitWithTheApiErrorBeforeReadingIt() throws IOException {
    // Only the request's head is sent: the refusal must come from the declared length alone.
    try (Socket socket = new Socket("localhost", RestAssured.port)) {
      socket.setSoTimeout(10_000);
      String head =
          "POST /api/campaigns/"
              + campaign
              + "/contacts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
              + Api.ADMIN_TOKEN
              + "\r\nContent-Type: text/csv\r\nContent-Length: "
              + 17 * 1024 * 1024
              + "\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      // Read to the end: the server closes the connection, whose unread body nobody wants.
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
      assertTrue(
          answer.toLowerCase(Locale.ROOT).contains("content-type: application/json"), answer);
      JsonObject error = new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
      assertEquals("payload_too_large", error.getString("error"));
      assertTrue(
          error.getString("message").contains("over the limit of 16,777,216 bytes"),
          error.getString("message"));
    }
    assertEquals(0L, db.scalar(Long.class, "SELECT count(*) FROM contacts"));
  }
}
