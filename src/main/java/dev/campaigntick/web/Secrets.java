package dev.campaigntick.web;

import dev.campaigntick.config.TickConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** The configured secrets, as matchers; built on first use from the runtime configuration. */
@ApplicationScoped
public class Secrets {

  private final SecretMatcher cron;
  private final SecretMatcher admin;
  private final SecretMatcher webhook;

  public Secrets(TickConfig config) {
    this.cron = SecretMatcher.of(config.cronSecret());
    this.admin = SecretMatcher.of(config.adminToken());
    this.webhook = SecretMatcher.of(config.webhookSecret());
  }

  /** CRON_SECRET. */
  public SecretMatcher cron() {
    return cron;
  }

  /** ADMIN_TOKEN. */
  public SecretMatcher admin() {
    return admin;
  }

  /** WEBHOOK_SECRET. */
  public SecretMatcher webhook() {
    return webhook;
  }
}
