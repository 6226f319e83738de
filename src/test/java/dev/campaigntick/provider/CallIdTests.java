package dev.campaigntick.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** The call id read from a provider's answer, streamed (no ObjectMapper on the launch path). */
class CallIdTests {

  private static String id(String answer) {
    return HttpCallProvider.callId(Buffer.buffer(answer));
  }

  @Test
  void takesTheTopLevelIdAsText() {
    assertEquals("call-1", id("{\"id\":\"call-1\",\"status\":\"queued\"}"));
    assertEquals(
        "call-2", id("{\"status\":\"queued\",\"meta\":{\"id\":\"nested\"},\"id\":\"call-2\"}"));
    assertEquals("12345", id("{\"id\":12345}"));
  }

  @Test
  void hasNoIdWhenTheAnswerNamesNone() {
    assertNull(id(""));
    assertNull(id("{}"));
    assertNull(id("{\"id\":null}"));
    assertNull(id("{\"meta\":{\"id\":\"nested\"}}"));
    assertNull(id("[{\"id\":\"in-an-array\"}]"));
    assertNull(id("not json"));
    assertNull(id("{\"id\":"));
  }
}
