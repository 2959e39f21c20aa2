package tracker.client;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A read-only view of parsed JSON (maps, lists, strings, numbers, booleans, null, as jackson-jr
 * reads them) that forgives absent fields: a missing one reads as null, empty text, zero.
 */
final class JsonView {

  private static final JsonView MISSING = new JsonView(null);
  // a null that a plan file or a JSON-RPC answer holds is sent on as null, not dropped
  private static final JSON WRITER = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

  private final Object value;

  private JsonView(Object value) {
    this.value = value;
  }

  /** Parses JSON text; an empty text is null. */
  static JsonView parse(String text) throws IOException {
    return new JsonView(text.isBlank() ? null : JSON.std.anyFrom(text));
  }

  /** JSON text of maps, lists and plain values. */
  static String write(Object value) {
    try {
      return WRITER.asString(value instanceof JsonView view ? view.value : value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  JsonView get(String field) {
    return value instanceof Map<?, ?> map && map.get(field) != null ? new JsonView(map.get(field)) : MISSING;
  }

  JsonView get(int index) {
    return value instanceof List<?> list && index >= 0 && index < list.size() ? new JsonView(list.get(index))
        : MISSING;
  }

  boolean isNull() {
    return value == null;
  }

  boolean isList() {
    return value instanceof List;
  }

  /** The parsed value itself, to send on unchanged. */
  Object value() {
    return value;
  }

  int size() {
    return value instanceof List<?> list ? list.size() : value instanceof Map<?, ?> map ? map.size() : 0;
  }

  long asLong() {
    return value instanceof Number number ? number.longValue() : 0;
  }

  int asInt() {
    return value instanceof Number number ? number.intValue() : 0;
  }

  double asDouble() {
    return value instanceof Number number ? number.doubleValue() : 0;
  }

  boolean asBoolean() {
    return Boolean.TRUE.equals(value);
  }

  /** The value as text: a string as it is, a number or boolean printed, null as empty. */
  String asText() {
    return value == null ? "" : value instanceof Map || value instanceof List ? write(value) : value.toString();
  }

  void forEach(Consumer<JsonView> action) {
    if (value instanceof List<?> list) {
      list.forEach(item -> action.accept(new JsonView(item)));
    }
  }

  void forEachField(BiConsumer<String, JsonView> action) {
    Map<?, ?> map = value instanceof Map<?, ?> fields ? fields : Collections.emptyMap();
    map.forEach((name, field) -> action.accept(String.valueOf(name), new JsonView(field)));
  }

  @Override
  public String toString() {
    return write(value);
  }
}
