package tracker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tracker.core.NumberField;
import tracker.core.TextField;

/** The document states the limits the server keeps: each text field's maxLength is its TextField's. */
class OpenApiLimitsTest {

  @Test
  void every_text_field_of_a_request_has_the_servers_limit_and_every_limit_is_documented() {
    JsonNode document = Contract.INSTANCE.document();
    Map<String, TextField> byName = new HashMap<>();
    for (TextField field : TextField.values()) {
      if (!OWN_NAMES.containsValue(field)) {
        byName.put(field.field(), field);
      }
    }
    Set<TextField> documented = new HashSet<>();
    document.get("components").get("schemas").fields().forEachRemaining(schema -> {
      if (isRequest(schema.getKey())) {
        // the team's names share the JSON name "name" with a group's, under limits of their own
        Map<String, TextField> fields = new HashMap<>(byName);
        OWN_NAMES.entrySet().stream().filter(e -> e.getKey().equals(schema.getKey()))
            .forEach(e -> fields.put("name", e.getValue()));
        check(schema.getKey(), schema.getValue(), fields, documented);
      }
    });
    document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op ->
        op.getValue().path("parameters").forEach(parameter -> {
          TextField field = byName.get(parameter.path("name").asText());
          JsonNode schema = valueSchema(parameter);
          if (field != null && schema.path("type").asText().equals("string")) {
            assertThat(schema.path("maxLength").asInt(-1))
                .as("%s %s ?%s", op.getKey(), path.getKey(), field.field()).isEqualTo(field.maxLength());
            documented.add(field);
          }
        })));
    assertThat(documented).as("every text field the server limits is in the document")
        .containsAll(Set.of(TextField.values()).stream().filter(f -> f != TextField.ACTOR && f != TextField.AUTHOR
            && f != TextField.METADATA_KEY && f != TextField.METADATA_TEXT).toList());
  }

  /** A parameter's schema, or its items' when it takes several values. */
  private static JsonNode valueSchema(JsonNode parameter) {
    JsonNode schema = parameter.path("schema");
    return schema.path("type").asText().equals("array") ? schema.path("items") : schema;
  }

  @Test
  void every_number_field_has_the_servers_range_wherever_the_document_names_it() {
    JsonNode document = Contract.INSTANCE.document();
    Map<String, NumberField> byName = new HashMap<>();
    for (NumberField field : NumberField.values()) {
      byName.put(field.field(), field);
    }
    Set<NumberField> documented = new HashSet<>();
    java.util.List<JsonNode> places = new java.util.ArrayList<>();
    document.get("components").get("schemas").fields().forEachRemaining(schema -> {
      if (isRequest(schema.getKey())) {
        collect(schema.getValue(), places);
      }
    });
    document.get("paths").forEach(path -> path.forEach(op -> op.path("parameters").forEach(p -> {
      var holder = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
      holder.putObject("properties").set(p.path("name").asText(), valueSchema(p));
      places.add(holder);
    })));
    for (JsonNode place : places) {
      place.path("properties").fields().forEachRemaining(property -> {
        NumberField field = byName.get(property.getKey());
        if (field != null) {
          assertThat(property.getValue().path("minimum").asDouble(Double.NaN)).as(property.getKey() + " minimum")
              .isEqualTo(field.min());
          assertThat(property.getValue().path("maximum").asDouble(Double.NaN)).as(property.getKey() + " maximum")
              .isEqualTo(field.max());
          documented.add(field);
        }
      });
    }
    assertThat(documented).containsExactlyInAnyOrder(NumberField.values());
  }

  private static final Map<String, TextField> OWN_NAMES = Map.of("IdentityCreate", TextField.IDENTITY_NAME,
      "TokenCreate", TextField.TOKEN_NAME, "ScenarioCreate", TextField.SCENARIO_NAME, "ViewCreate",
      TextField.VIEW_NAME);

  /** The schemas of request bodies (the answers' schemas describe what is stored, not what is accepted). */
  private static boolean isRequest(String schema) {
    return schema.endsWith("Create") || schema.endsWith("Patch") || schema.endsWith("Change")
        || schema.endsWith("Request") || schema.startsWith("Bulk") || schema.equals("GroupsFromPlan");
  }

  private static void collect(JsonNode schema, java.util.List<JsonNode> places) {
    if (schema.has("properties")) {
      places.add(schema);
      schema.get("properties").forEach(p -> {
        collect(p, places);
        collect(p.path("items"), places);
      });
    }
  }

  private static void check(String where, JsonNode schema, Map<String, TextField> byName, Set<TextField> documented) {
    schema.path("properties").fields().forEachRemaining(property -> {
      JsonNode value = property.getValue();
      TextField field = byName.get(property.getKey());
      boolean text = value.path("type").asText().equals("string")
          || value.path("type").toString().contains("\"string\"");
      if (field != null && text && !value.has("enum")) {
        assertThat(value.path("maxLength").asInt(-1)).as("%s.%s", where, property.getKey())
            .isEqualTo(field.maxLength());
        documented.add(field);
      }
      check(where + "." + property.getKey(), value, byName, documented);
      check(where + "." + property.getKey() + "[]", value.path("items"), byName, documented);
    });
  }
}
