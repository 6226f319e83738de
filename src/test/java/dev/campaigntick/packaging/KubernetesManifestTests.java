package dev.campaigntick.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * infra/kubernetes/campaign-tick.yaml holds together: there is no cluster here to apply it to, so
 * these check what a typo would break after a deploy (a port, a name, a route the CronJob calls).
 */
class KubernetesManifestTests {

  static final Path MANIFEST = Path.of("infra/kubernetes/campaign-tick.yaml");

  static Map<String, JsonNode> byKind = new HashMap<>();

  @BeforeAll
  static void read() throws IOException {
    try (MappingIterator<JsonNode> documents =
        new YAMLMapper().readerFor(JsonNode.class).readValues(Files.readString(MANIFEST))) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        byKind.put(document.get("kind").asText(), document);
      }
    }
  }

  static JsonNode container() {
    return byKind.get("Deployment").at("/spec/template/spec/containers/0");
  }

  static JsonNode cronContainer() {
    return byKind.get("CronJob").at("/spec/jobTemplate/spec/template/spec/containers/0");
  }

  @Test
  void theServiceReachesTheDeploymentsPodsOnTheImagesPort() throws IOException {
    JsonNode service = byKind.get("Service");
    JsonNode deployment = byKind.get("Deployment");
    assertEquals(
        deployment.at("/spec/template/metadata/labels"), service.at("/spec/selector"), "selector");
    int containerPort = container().at("/ports/0/containerPort").asInt();
    assertEquals(containerPort, service.at("/spec/ports/0/targetPort").asInt(), "targetPort");
    String dockerfile = Files.readString(Path.of("src/main/docker/Dockerfile.jvm"));
    assertTrue(dockerfile.contains("EXPOSE " + containerPort), "Dockerfile.jvm exposes the port");
    assertEquals("/q/health/ready", container().at("/readinessProbe/httpGet/path").asText());
    assertEquals("/q/health/live", container().at("/livenessProbe/httpGet/path").asText());
    assertEquals(containerPort, container().at("/readinessProbe/httpGet/port").asInt());
  }

  @Test
  void theCronJobCallsTheTickThroughTheServiceEveryMinuteWithTheSecret() {
    JsonNode cron = byKind.get("CronJob");
    assertEquals("* * * * *", cron.at("/spec/schedule").asText());
    assertEquals("Forbid", cron.at("/spec/concurrencyPolicy").asText());
    // Longer than a tick's budget (10 s by default), shorter than the minute to the next one.
    int deadline = cron.at("/spec/jobTemplate/spec/activeDeadlineSeconds").asInt();
    assertTrue(deadline > 10 && deadline < 60, "activeDeadlineSeconds " + deadline);

    JsonNode secret = cronContainer().at("/env/0");
    assertEquals("CRON_SECRET", secret.get("name").asText());
    assertEquals(
        container().at("/envFrom/0/secretRef/name").asText(),
        secret.at("/valueFrom/secretKeyRef/name").asText(),
        "the CronJob reads the secret the Deployment is given");

    Matcher url = Pattern.compile("'?(http://[^\\s']+)'?").matcher(cronContainer().toString());
    assertTrue(url.find(), "the CronJob's curl names a URL");
    URI tick = URI.create(url.group(1));
    JsonNode service = byKind.get("Service");
    assertEquals(service.at("/metadata/name").asText(), tick.getHost());
    assertEquals(service.at("/spec/ports/0/port").asInt(), tick.getPort());
    assertEquals("/api/scheduler/tick", tick.getPath());
    assertEquals("summary=true", tick.getQuery());
  }
}
