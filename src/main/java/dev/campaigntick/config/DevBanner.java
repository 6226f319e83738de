package dev.campaigntick.config;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * In dev mode only, prints where the tick is, the secrets in use and a curl line to paste, so a
 * newcomer can tick the function right away. Never runs in production, where secrets are never
 * printed.
 */
@ApplicationScoped
public class DevBanner {

  void onStart(
      @Observes StartupEvent event,
      TickConfig config,
      @ConfigProperty(name = "quarkus.http.port") int port) {
    if (LaunchMode.current() != LaunchMode.DEVELOPMENT) {
      return;
    }
    String base = "http://localhost:" + port;
    String cron = config.cronSecret().orElse("");
    String admin = config.adminToken().orElse("");
    System.out.printf(
        """

        ─── campaign-tick (dev mode, embedded PostgreSQL unless QUARKUS_DATASOURCE_JDBC_URL is set)
          tick URL      %1$s/api/scheduler/tick
          CRON_SECRET   %2$s
          ADMIN_TOKEN   %3$s
          WEBHOOK_SECRET %4$s
          tick now:     curl -s -X POST -H 'X-Cron-Secret: %2$s' %1$s/api/scheduler/tick
          dashboard:    %1$s/dashboard  (sign in with the ADMIN_TOKEN above)
          health:       %1$s/q/health/ready
          every minute: CRON_SECRET=%2$s infra/local/scheduler.sh
        ───
        %n""",
        base, cron, admin, config.webhookSecret().orElse(""));
  }
}
