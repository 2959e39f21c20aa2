package tracker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tracker.core.TextField;

/** The document states the limits the server keeps: each text field's maxLength is its TextField's. */
class OpenApiLimitsTest {

  @Test
  void every_text_field_of_a_request_has_the_servers_limit_and_every_limit_is_documented() {
    JsonNode document = Contract.INSTANCE.document();
    Map<String, TextField> byName = new HashMap<>();
    for (TextField field : TextField.values()) {
      byName.put(field.field(), field);
    }
    Set<TextField> documented = new HashSet<>();
    document.get("components").get("schemas").fields().forEachRemaining(schema -> {
      if (schema.getKey().endsWith("Create") || schema.getKey().endsWith("Patch") || schema.getKey().endsWith("Change")
          || schema.getKey().endsWith("Request") || schema.getKey().startsWith("Bulk")
          || schema.getKey().equals("GroupsFromPlan")) {
        check(schema.getKey(), schema.getValue(), byName, documented);
      }
    });
    document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op ->
        op.getValue().path("parameters").forEach(parameter -> {
          TextField field = byName.get(parameter.path("name").asText());
          if (field != null && parameter.path("schema").path("type").asText().equals("string")) {
            assertThat(parameter.path("schema").path("maxLength").asInt(-1))
                .as("%s %s ?%s", op.getKey(), path.getKey(), field.field()).isEqualTo(field.maxLength());
            documented.add(field);
          }
        })));
    assertThat(documented).as("every text field the server limits is in the document")
        .containsAll(Set.of(TextField.values()).stream().filter(f -> f != TextField.ACTOR
            && f != TextField.METADATA_KEY && f != TextField.METADATA_TEXT).toList());
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
