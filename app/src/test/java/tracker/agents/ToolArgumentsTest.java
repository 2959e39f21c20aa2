package tracker.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import tracker.core.TrackerException;

/** A tool's arguments against its published schema, alone. */
class ToolArgumentsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void a_number_too_large_to_be_finite_is_refused_by_name_not_an_internal_error() throws Exception {
    JsonNode schema = JSON.readTree("{\"type\": \"object\", \"properties\": {\"hours\": {\"type\": \"number\","
        + " \"minimum\": 0.1, \"maximum\": 200}}, \"additionalProperties\": false}");
    for (String infinite : new String[] {"1e400", "-1e400"}) {
      assertThatThrownBy(() -> ToolArguments.check(schema, JSON.readTree("{\"hours\": " + infinite + "}")))
          .isInstanceOf(TrackerException.class)
          .satisfies(e -> assertThat(((TrackerException) e).errors().get(0).field()).isEqualTo("hours"))
          .satisfies(e -> assertThat(((TrackerException) e).errors().get(0).message()).contains("finite"));
    }
    ToolArguments.check(schema, JSON.readTree("{\"hours\": 2.5}"));
    assertThat(JSON.readTree("{\"hours\": 2.5}").get("hours").asDouble()).isEqualTo(2.5);
  }
}
