package dev.campaigntick.provider;

/** A retryable provider failure (429, 5xx): counts against the circuit breaker. */
class ProviderUnavailableException extends RuntimeException {

  ProviderUnavailableException(String message) {
    super(message, null, false, false);
  }
}
