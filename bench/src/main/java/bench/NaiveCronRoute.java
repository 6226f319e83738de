package bench;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The cron route as many teams write it: one query per campaign, one insert per contact, one
 * launch at a time, within a 10-s budget. It frames what set-based claiming buys.
 *
 * <p>Arguments: jdbcUrl user password providerUrl port
 */
public final class NaiveCronRoute {

  static final String SCHEMA =
      """
      CREATE TABLE campaigns (id bigserial PRIMARY KEY, status text NOT NULL,
          scheduled_at timestamptz NOT NULL, max_concurrent_calls int NOT NULL);
      CREATE TABLE contacts (id bigserial PRIMARY KEY, campaign_id bigint NOT NULL
          REFERENCES campaigns, phone text NOT NULL, state text NOT NULL DEFAULT 'PENDING');
      CREATE INDEX contacts_campaign_idx ON contacts (campaign_id);
      CREATE TABLE call_jobs (id bigserial PRIMARY KEY, campaign_id bigint NOT NULL,
          contact_id bigint NOT NULL, status text NOT NULL, provider_call_id text,
          created_at timestamptz NOT NULL);
      CREATE INDEX call_jobs_campaign_idx ON call_jobs (campaign_id, status);
      """;

  private NaiveCronRoute() {}

  public static void main(String[] args) throws Exception {
    Connection db = DriverManager.getConnection(args[0], args[1], args[2]);
    String providerUrl = args[3];
    HttpClient http = HttpClient.newHttpClient();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[4])), 16);
    server.createContext(
        "/tick",
        exchange -> {
          String answer;
          synchronized (db) {
            try {
              answer = "{\"launched\":" + tick(db, http, providerUrl) + "}";
            } catch (Exception e) {
              answer = "{\"error\":\"" + e.getMessage().replace('"', '\'') + "\"}";
            }
          }
          byte[] body = answer.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    System.out.println("READY");
  }

  static int tick(Connection db, HttpClient http, String providerUrl) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int launched = 0;
    List<long[]> campaigns = new ArrayList<>();
    try (PreparedStatement due =
            db.prepareStatement(
                "SELECT id, max_concurrent_calls, status = 'SCHEDULED' FROM campaigns"
                    + " WHERE status IN ('SCHEDULED', 'RUNNING') AND scheduled_at <= now()"
                    + " ORDER BY id");
        ResultSet rs = due.executeQuery()) {
      while (rs.next()) {
        campaigns.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getBoolean(3) ? 1 : 0});
      }
    }
    for (long[] campaign : campaigns) {
      if (System.nanoTime() > deadline) {
        break;
      }
      long id = campaign[0];
      if (campaign[2] == 1) {
        update(db, "UPDATE campaigns SET status = 'RUNNING' WHERE id = ?", id);
      }
      long active;
      try (PreparedStatement count =
          db.prepareStatement(
              "SELECT count(*) FROM call_jobs WHERE campaign_id = ? AND status = 'ACTIVE'")) {
        count.setLong(1, id);
        try (ResultSet rs = count.executeQuery()) {
          rs.next();
          active = rs.getLong(1);
        }
      }
      List<String[]> contacts = new ArrayList<>();
      try (PreparedStatement pending =
          db.prepareStatement(
              "SELECT id, phone FROM contacts WHERE campaign_id = ? AND state = 'PENDING'"
                  + " ORDER BY id LIMIT ?")) {
        pending.setLong(1, id);
        pending.setLong(2, Math.max(0, campaign[1] - active));
        try (ResultSet rs = pending.executeQuery()) {
          while (rs.next()) {
            contacts.add(new String[] {rs.getString(1), rs.getString(2)});
          }
        }
      }
      for (String[] contact : contacts) {
        if (System.nanoTime() > deadline) {
          break;
        }
        long jobId;
        try (PreparedStatement insert =
            db.prepareStatement(
                "INSERT INTO call_jobs (campaign_id, contact_id, status, created_at)"
                    + " VALUES (?, ?, 'QUEUED', now()) RETURNING id")) {
          insert.setLong(1, id);
          insert.setLong(2, Long.parseLong(contact[0]));
          try (ResultSet rs = insert.executeQuery()) {
            rs.next();
            jobId = rs.getLong(1);
          }
        }
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(URI.create(providerUrl))
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", "naive-" + jobId)
                    .timeout(Duration.ofSeconds(5))
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"phone\":\"" + contact[1] + "\",\"campaignId\":" + id + "}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        String callId = response.body();
        try (PreparedStatement active2 =
            db.prepareStatement(
                "UPDATE call_jobs SET status = 'ACTIVE', provider_call_id = ? WHERE id = ?")) {
          active2.setString(1, callId);
          active2.setLong(2, jobId);
          active2.executeUpdate();
        }
        update(db, "UPDATE contacts SET state = 'IN_PROGRESS' WHERE id = ?", Long.parseLong(contact[0]));
        launched++;
      }
    }
    return launched;
  }

  private static void update(Connection db, String sql, long id) throws Exception {
    try (PreparedStatement statement = db.prepareStatement(sql)) {
      statement.setLong(1, id);
      statement.executeUpdate();
    }
  }
}
