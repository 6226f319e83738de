package dev.campaigntick.health;

import dev.campaigntick.db.SchemaVersion;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when every migration this build ships has been applied to the database. */
@Readiness
@ApplicationScoped
public class SchemaReadinessCheck implements HealthCheck {

  private final SchemaVersion schema;
  private volatile boolean confirmed;

  public SchemaReadinessCheck(SchemaVersion schema) {
    this.schema = schema;
  }

  @Override
  public HealthCheckResponse call() {
    var response =
        HealthCheckResponse.named("schema").withData("expectedVersion", SchemaVersion.EXPECTED);
    if (confirmed) {
      return response.up().withData("pending", 0).build();
    }
    try {
      var applied = schema.applied();
      int pending = SchemaVersion.EXPECTED - applied.orElse(0);
      response.withData("version", applied.map(String::valueOf).orElse("none"));
      response.withData("pending", Math.max(0, pending));
      if (pending > 0) {
        return response.down().build();
      }
      confirmed = true;
      return response.up().build();
    } catch (RuntimeException e) {
      return response.down().withData("error", "database unreachable").build();
    }
  }
}
