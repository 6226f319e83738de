package dev.campaigntick.provider;

/** A permanent provider refusal (4xx other than 409/429): not a sign the provider is down. */
class ProviderRejectedException extends RuntimeException {

  private final int status;

  ProviderRejectedException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }
}
