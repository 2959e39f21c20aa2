package tracker.agents;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import tracker.core.FieldError;
import tracker.core.TrackerException;

/**
 * A tool's arguments held to the input schema the tool list publishes, before the tool runs:
 * an agent that sends what the schema forbids (a status outside its enum, a progress of 101, a
 * missing task_id) is told so in the tool's own words, and nothing changes. Only the parts of
 * JSON Schema the list uses are read: type, enum, minimum, maximum, minLength, maxLength,
 * maxItems, items, required and additionalProperties.
 */
final class ToolArguments {

  private ToolArguments() {}

  /** Refuses (400, each broken argument named) arguments the schema does not allow. */
  static void check(JsonNode schema, JsonNode arguments) {
    List<FieldError> errors = new ArrayList<>();
    object(schema, arguments, "", errors);
    if (!errors.isEmpty()) {
      throw TrackerException.badRequest("the arguments do not match the tool's input schema", errors);
    }
  }

  private static void object(JsonNode schema, JsonNode value, String path, List<FieldError> errors) {
    JsonNode properties = schema.path("properties");
    for (JsonNode required : schema.path("required")) {
      JsonNode given = value.get(required.asText());
      if (given == null || given.isNull()) {
        errors.add(new FieldError(path + required.asText(), "is required"));
      }
    }
    for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      JsonNode property = properties.get(name);
      if (property == null) {
        if (schema.path("additionalProperties").isBoolean() && !schema.get("additionalProperties").asBoolean()) {
          errors.add(new FieldError(path + name, "is not an argument of this tool"));
        }
      } else if (!value.get(name).isNull()) {
        value(property, value.get(name), path + name, errors);
      }
    }
  }

  private static void value(JsonNode schema, JsonNode value, String field, List<FieldError> errors) {
    String type = schema.path("type").asText("");
    boolean fits = switch (type) {
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "string" -> value.isTextual();
      case "boolean" -> value.isBoolean();
      case "array" -> value.isArray();
      case "object" -> value.isObject();
      default -> true;
    };
    if (!fits) {
      errors.add(new FieldError(field, "must be " + (type.equals("integer") || type.equals("array")
          || type.equals("object") ? "an " : "a ") + type));
      return;
    }
    if (value.isNumber() && !Double.isFinite(value.asDouble())) {
      errors.add(new FieldError(field, "must be a finite number, not " + value)); // 1e400 reads as Infinity
      return;
    }
    if (schema.has("enum")) {
      boolean listed = false;
      for (JsonNode allowed : schema.get("enum")) {
        listed |= allowed.equals(value);
      }
      if (!listed) {
        List<String> names = new ArrayList<>();
        schema.get("enum").forEach(allowed -> names.add(allowed.asText()));
        errors.add(new FieldError(field, "must be one of " + String.join(", ", names) + ", not " + value));
      }
    }
    if (value.isNumber() && schema.has("minimum") && value.decimalValue().compareTo(schema.get("minimum").decimalValue()) < 0) {
      errors.add(new FieldError(field, "must be at least " + schema.get("minimum") + ", not " + value));
    }
    if (value.isNumber() && schema.has("maximum") && value.decimalValue().compareTo(schema.get("maximum").decimalValue()) > 0) {
      errors.add(new FieldError(field, "must be at most " + schema.get("maximum") + ", not " + value));
    }
    if (value.isTextual()) {
      int length = value.asText().codePointCount(0, value.asText().length());
      if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
        errors.add(new FieldError(field, schema.get("minLength").asInt() == 1 ? "must not be empty"
            : "must be at least " + schema.get("minLength") + " characters"));
      }
      if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
        errors.add(new FieldError(field, "must be at most " + schema.get("maxLength") + " characters, not " + length));
      }
    }
    if (value.isArray()) {
      if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
        errors.add(new FieldError(field, "holds at most " + schema.get("maxItems") + " items, not " + value.size()));
      }
      if (schema.has("items")) {
        for (int i = 0; i < value.size(); i++) {
          value(schema.get("items"), value.get(i), field + "[" + i + "]", errors);
        }
      }
    }
    if (value.isObject() && schema.has("properties")) {
      object(schema, value, field + ".", errors);
    }
  }
}
