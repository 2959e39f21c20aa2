package tracker.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;

/**
 * Javalin's JSON mapping over {@link Json#mapper()}, writing each answer to a byte array.
 * (JavalinJackson streams every answer through a pipe fed by another thread, which cost more
 * than the database work of a task lookup; the API's answers are small.)
 */
public final class JsonBodies implements JsonMapper {

  private final ObjectMapper mapper = Json.mapper();

  @Override
  public String toJsonString(Object value, Type type) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  @Override
  public InputStream toJsonStream(Object value, Type type) {
    try {
      return new ByteArrayInputStream(mapper.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  @Override
  public <T> T fromJsonString(String json, Type type) {
    try {
      return mapper.readValue(json, mapper.constructType(type));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
  }

  @Override
  public <T> T fromJsonStream(InputStream json, Type type) {
    try {
      return mapper.readValue(json, mapper.constructType(type));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
