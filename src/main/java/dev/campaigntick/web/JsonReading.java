package dev.campaigntick.web;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * How request bodies are read: a fraction where the API takes a whole number ({@code
 * "maxConcurrentCalls": 1.5}) is refused naming the field, instead of Jackson's default of silently
 * dropping what follows the point.
 */
@Singleton
public class JsonReading implements ObjectMapperCustomizer {

  @Override
  public void customize(ObjectMapper mapper) {
    mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
  }
}
