package tracker.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A read-only view of parsed JSON (maps, lists, strings, numbers, booleans, null) that forgives
 * absent fields: a missing one reads as null, empty text, zero. Read and written with
 * jackson-core's streaming parser and generator alone: the object mappers above it cost a
 * command-line call tens of milliseconds of class loading before the first byte is read.
 */
final class JsonView implements Iterable<JsonView> {

  private static final JsonView MISSING = new JsonView(null);
  private static final JsonFactory JSON = new JsonFactory();

  private final Object value;

  private JsonView(Object value) {
    this.value = value;
  }

  /** Parses JSON text; an empty text is null. */
  static JsonView parse(String text) throws IOException {
    if (text.isBlank()) {
      return MISSING;
    }
    try (JsonParser parser = JSON.createParser(text)) {
      parser.nextToken();
      Object value = read(parser);
      if (parser.nextToken() != null) {
        throw new JsonParseException(parser, "more after the value");
      }
      return new JsonView(value);
    }
  }

  private static Object read(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == null) {
      throw new JsonParseException(parser, "no value");
    }
    switch (token) {
      case START_OBJECT -> {
        Map<String, Object> fields = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          fields.put(name, read(parser));
        }
        return fields;
      }
      case START_ARRAY -> {
        List<Object> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(read(parser));
        }
        return items;
      }
      case VALUE_STRING -> {
        return parser.getText();
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return parser.getNumberValue();
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return parser.getBooleanValue();
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new JsonParseException(parser, "unexpected " + token);
    }
  }

  /** JSON text of maps, lists and plain values; a null is written, not dropped (a plan file's or a JSON-RPC answer's). */
  static String write(Object value) {
    StringWriter text = new StringWriter();
    try (JsonGenerator generator = JSON.createGenerator(text)) {
      write(generator, value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return text.toString();
  }

  private static void write(JsonGenerator generator, Object value) throws IOException {
    if (value instanceof JsonView view) {
      write(generator, view.value);
    } else if (value == null) {
      generator.writeNull();
    } else if (value instanceof Map<?, ?> map) {
      generator.writeStartObject();
      for (Map.Entry<?, ?> field : map.entrySet()) {
        generator.writeFieldName(String.valueOf(field.getKey()));
        write(generator, field.getValue());
      }
      generator.writeEndObject();
    } else if (value instanceof Iterable<?> items) {
      generator.writeStartArray();
      for (Object item : items) {
        write(generator, item);
      }
      generator.writeEndArray();
    } else if (value instanceof Integer || value instanceof Long) {
      generator.writeNumber(((Number) value).longValue());
    } else if (value instanceof Number number) {
      generator.writeNumber(number.toString());
    } else if (value instanceof Boolean bool) {
      generator.writeBoolean(bool);
    } else {
      generator.writeString(value.toString());
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

  /** The items of a list; nothing for anything else. */
  @Override
  public Iterator<JsonView> iterator() {
    List<?> items = value instanceof List<?> list ? list : Collections.emptyList();
    Iterator<?> each = items.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return each.hasNext();
      }

      @Override
      public JsonView next() {
        return new JsonView(each.next());
      }
    };
  }

  /** The names of an object's fields, in order; none for anything else. */
  Iterable<String> fieldNames() {
    List<String> names = new ArrayList<>();
    if (value instanceof Map<?, ?> map) {
      for (Object name : map.keySet()) {
        names.add(String.valueOf(name));
      }
    }
    return names;
  }

  @Override
  public String toString() {
    return write(value);
  }
}
