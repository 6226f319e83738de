package dev.campaigntick.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Supplies a real, embedded PostgreSQL (and generated dev secrets) in the dev and test profiles
 * when no datasource is configured, so the function and its tests run with nothing installed.
 *
 * <p>Never active in production: there a missing datasource is a startup error.
 */
public class EmbeddedDatabaseConfigSourceFactory implements ConfigSourceFactory {

  static final String JDBC_URL = "quarkus.datasource.jdbc.url";

  /**
   * Above application.properties (250), whose {@code ${CRON_SECRET:}} would otherwise win with an
   * empty value; below environment variables (300) and system properties (400). Only values that
   * are missing or blank are supplied.
   */
  private static final int ORDINAL = 275;

  @Override
  public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
    List<String> profiles = context.getProfiles();
    boolean dev = profiles.contains("dev");
    boolean test = profiles.contains("test");
    if (!dev && !test) {
      return List.of();
    }
    Map<String, String> values = new HashMap<>();
    ConfigValue url = context.getValue(JDBC_URL);
    if (url == null || url.getValue() == null || url.getValue().isBlank()) {
      EmbeddedDatabase.Connection db = EmbeddedDatabase.startOnce();
      values.put(JDBC_URL, db.jdbcUrl());
      values.put("quarkus.datasource.username", db.username());
      values.put("quarkus.datasource.password", db.password());
      values.put("quarkus.devservices.enabled", "false");
    }
    if (dev) {
      // A developer gets working secrets without configuring anything; DevBanner prints them.
      putGeneratedSecret(context, values, "campaign-tick.cron-secret");
      putGeneratedSecret(context, values, "campaign-tick.admin-token");
      putGeneratedSecret(context, values, "campaign-tick.webhook-secret");
    }
    return List.of(new PropertiesConfigSource(values, "embedded-dev-database", ORDINAL));
  }

  private static void putGeneratedSecret(
      ConfigSourceContext context, Map<String, String> values, String name) {
    ConfigValue configured = context.getValue(name);
    if (configured == null || configured.getValue() == null || configured.getValue().isBlank()) {
      values.put(name, DevSecrets.generatedFor(name));
    }
  }

  @Override
  public OptionalInt getPriority() {
    return OptionalInt.of(ORDINAL);
  }
}
