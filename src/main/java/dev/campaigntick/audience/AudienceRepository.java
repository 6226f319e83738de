package dev.campaigntick.audience;

import static dev.campaigntick.db.Sql.ts;

import dev.campaigntick.db.DatabaseUnavailableException;
import dev.campaigntick.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Audience lists (whose members become a campaign's recipients) and the do-not-call list. */
@ApplicationScoped
public class AudienceRepository {

  /** An audience list and how many members it has. */
  public record AudienceList(
      long id, String organizationId, String name, long memberCount, Instant createdAt) {}

  /** A number never to call. */
  public record DoNotCall(String phone, String reason, Instant createdAt) {}

  private final DataSource dataSource;

  public AudienceRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public long createList(String organizationId, String name, Instant now) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "INSERT INTO audience_lists (organization_id, name, created_at) VALUES (?, ?, ?)"
                    + " RETURNING id")) {
      statement.setString(1, organizationId);
      statement.setString(2, name);
      statement.setObject(3, ts(now));
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(e);
    }
  }

  public Optional<AudienceList> findList(long id) {
    return lists("WHERE l.id = ?", List.of(id)).stream().findFirst();
  }

  /** Lists of one organization (or all), newest first, below the cursor id when given. */
  public List<AudienceList> lists(String organizationId, Long beforeId, int limit) {
    List<Object> params = new ArrayList<>();
    StringBuilder where = new StringBuilder("WHERE true");
    if (organizationId != null) {
      where.append(" AND l.organization_id = ?");
      params.add(organizationId);
    }
    if (beforeId != null) {
      where.append(" AND l.id < ?");
      params.add(beforeId);
    }
    where.append(" ORDER BY l.id DESC LIMIT ?");
    params.add(limit);
    return lists(where.toString(), params);
  }

  private List<AudienceList> lists(String where, List<Object> params) {
    String sql =
        "SELECT l.id, l.organization_id, l.name, l.created_at,"
            + " (SELECT count(*) FROM list_members m WHERE m.list_id = l.id) AS members"
            + " FROM audience_lists l "
            + where;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        statement.setObject(i + 1, params.get(i));
      }
      List<AudienceList> lists = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          lists.add(
              new AudienceList(
                  rs.getLong("id"),
                  rs.getString("organization_id"),
                  rs.getString("name"),
                  rs.getLong("members"),
                  Sql.instant(rs, "created_at")));
        }
      }
      return lists;
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(e);
    }
  }

  /** Adds numbers to the do-not-call list; returns how many were new. */
  public int addDoNotCall(List<DoNotCall> entries, Instant now) {
    if (entries.isEmpty()) {
      return 0;
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                """
                INSERT INTO do_not_call (phone, reason, created_at)
                SELECT u.phone, u.reason, ? FROM unnest(?::text[], ?::text[]) AS u(phone, reason)
                ON CONFLICT (phone) DO NOTHING
                """)) {
      statement.setObject(1, ts(now));
      statement.setArray(
          2, connection.createArrayOf("text", entries.stream().map(DoNotCall::phone).toArray()));
      statement.setArray(
          3, connection.createArrayOf("text", entries.stream().map(DoNotCall::reason).toArray()));
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(e);
    }
  }

  /** The do-not-call list in phone order, after the given phone when paging. */
  public List<DoNotCall> doNotCall(String afterPhone, int limit) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT phone, reason, created_at FROM do_not_call"
                    + " WHERE (?::text IS NULL OR phone > ?::text) ORDER BY phone LIMIT ?")) {
      statement.setString(1, afterPhone);
      statement.setString(2, afterPhone);
      statement.setInt(3, limit);
      List<DoNotCall> entries = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          entries.add(
              new DoNotCall(
                  rs.getString("phone"), rs.getString("reason"), Sql.instant(rs, "created_at")));
        }
      }
      return entries;
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(e);
    }
  }

  /** Removes a number; false when it was not on the list. */
  public boolean removeDoNotCall(String phone) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("DELETE FROM do_not_call WHERE phone = ?")) {
      statement.setString(1, phone);
      return statement.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(e);
    }
  }
}
