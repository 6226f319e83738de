package dev.campaigntick.support;

/** Which packaging the tests run in: the plain build, or the Lambda profile's (-Plambda). */
public final class Packaging {

  private Packaging() {}

  /** Whether the Lambda handler is on the class path: tests then run through its event server. */
  public static boolean isLambda() {
    try {
      Class.forName("io.quarkus.amazon.lambda.http.LambdaHttpHandler");
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
