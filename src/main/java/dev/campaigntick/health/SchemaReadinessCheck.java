package dev.campaigntick.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

/** Ready only when every migration this build ships has been applied to the database. */
@Readiness
@ApplicationScoped
public class SchemaReadinessCheck implements HealthCheck {

  private final Instance<Flyway> flyway;
  private volatile boolean confirmed;

  public SchemaReadinessCheck(Instance<Flyway> flyway) {
    this.flyway = flyway;
  }

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("schema");
    if (confirmed) {
      return response.up().build();
    }
    try {
      var info = flyway.get().info();
      MigrationInfo current = info.current();
      int pending = info.pending().length;
      response
          .withData("version", current == null ? "none" : current.getVersion().getVersion())
          .withData("pending", pending);
      if (pending > 0 || current == null) {
        return response.down().build();
      }
      confirmed = true;
      return response.up().build();
    } catch (RuntimeException e) {
      return response.down().withData("error", "database unreachable").build();
    }
  }
}
