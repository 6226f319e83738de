package dev.campaigntick.packaging;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.campaigntick.support.Api;
import dev.campaigntick.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The event that infra/aws/template.yaml's EventBridge schedule sends every minute, taken from the
 * template as it is (the secret filled in, as CloudFormation does at deploy time) and handed to the
 * Lambda handler: it must run a tick. Only the Lambda profile has the handler; its mock event
 * server takes raw events at {@code /_lambda_}. cfn-lint checks the template's form, this its
 * meaning.
 */
@QuarkusTest
@EnabledIf("dev.campaigntick.support.Packaging#isLambda")
class ScheduledEventTests {

  /** CloudFormation's short-form tags, which a plain YAML reader does not know. */
  private static final String INTRINSIC_TAGS =
      "!(Sub|Ref|GetAtt|If|Equals|Not|And|Or|Join|Select|Split|FindInMap|ImportValue|GetAZs"
          + "|Base64|Cidr|Condition)\\b";

  @Inject TestDatabase db;

  @BeforeEach
  void reset() {
    db.reset();
  }

  /** The schedule's Input: a !Sub of the event text and the secret it resolves. */
  static String scheduledEvent(String secret) throws Exception {
    String template =
        Files.readString(Path.of("infra/aws/template.yaml")).replaceAll(INTRINSIC_TAGS, "");
    JsonNode input =
        new YAMLMapper().readTree(template).at("/Resources/TickSchedule/Properties/Target/Input");
    assertFalse(input.isMissingNode(), "TickSchedule's Target.Input in infra/aws/template.yaml");
    return input.get(0).asText().replace("${Secret}", secret);
  }

  /** Hands a raw event to the Lambda handler; the answer is the handler's HTTP-API response. */
  static String invoke(String event) {
    return given().body(event).post("/_lambda_").then().statusCode(200).extract().asString();
  }

  @Test
  void theScheduledEventRunsATick() throws Exception {
    String answer = invoke(scheduledEvent(Api.CRON_SECRET));
    JsonNode response = new ObjectMapper().readTree(answer);
    assertEquals(200, response.get("statusCode").asInt(), answer);
    String body = response.get("body").asText();
    if (response.path("isBase64Encoded").asBoolean()) {
      body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
    }
    JsonNode tick = new ObjectMapper().readTree(body);
    assertEquals("CRON", tick.get("trigger").asText(), body);
    assertEquals("COMPLETED", tick.get("status").asText(), body);
    // The answer goes nowhere (an asynchronous invocation): the schedule asks for the summary.
    assertFalse(tick.has("campaigns"), body);
    assertEquals(
        1L, db.scalar(Long.class, "SELECT count(*) FROM scheduler_runs WHERE trigger = 'CRON'"));
  }

  @Test
  void aScheduledEventWithAWrongSecretIsRefused() throws Exception {
    String answer = invoke(scheduledEvent("not-the-secret"));
    assertEquals(401, new ObjectMapper().readTree(answer).get("statusCode").asInt(), answer);
    assertEquals(0L, db.scalar(Long.class, "SELECT count(*) FROM scheduler_runs"));
  }
}
