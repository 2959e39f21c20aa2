package tracker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import tracker.support.ApiTests;
import tracker.support.DatabaseSnapshot;

class SavedViewsTest extends ApiTests {

  @Test
  void a_view_is_saved_in_a_fixed_form_listed_by_name_opened_by_its_link_and_deleted() {
    api(api -> {
      ApiClient.Reply saved = api.post("/api/views", "{\"name\": \"Blocked backend\","
          + " \"query\": \"/tasks?status=blocked,in_progress&component_area=Back+end&sort=-priority&offset=50\"}");
      assertThat(saved.status()).isEqualTo(201);
      JsonNode view = saved.json();
      assertThat(view.get("query").asText()).as("every value once, in a fixed order, no page")
          .isEqualTo("status=blocked%2Cin_progress&component_area=Back+end&sort=-priority");
      assertThat(view.get("url").asText()).startsWith("/tasks?status=");
      assertThat(saved.header("Location")).isEqualTo("/api/views/" + view.get("id").asLong());
      assertThat(api.post("/api/views", "{\"name\": \"all\", \"query\": \"\"}").status()).isEqualTo(201);
      ApiClient.Reply invisible = api.post("/api/views", "{\"name\": \"\\u200b\\u2060\", \"query\": \"\"}");
      assertThat(invisible.status()).as("a name people cannot see").isEqualTo(422);
      assertThat(invisible.json().get("errors").get(0).get("message").asText()).contains("only invisible characters");
      assertThat(api.post("/api/views", "{\"name\": \"\\u3164\\u034f\", \"query\": \"\"}").status())
          .as("Hangul filler, grapheme joiner").isEqualTo(422);
      assertThat(api.post("/api/views", "{\"name\": \"twice\", \"query\": \"q=a&q=b\"}").status())
          .as("the list reads q once").isEqualTo(422);
      ApiClient.Reply taken = api.post("/api/views", "{\"name\": \"all\\ufe0f\", \"query\": \"\"}");
      assertThat(taken.status()).as("a variation selector makes no other name").isEqualTo(409);
      assertThat(taken.json().get("errors").get(0).get("field").asText()).isEqualTo("name");

      assertThat(api.get("/api/views").json().findValuesAsText("name")).containsExactly("all", "Blocked backend");
      ApiClient.Reply opened = api.get("/views/" + view.get("id").asLong());
      assertThat(opened.status()).isEqualTo(303);
      assertThat(opened.header("Location")).isEqualTo(view.get("url").asText());
      assertThat(api.get(view.get("url").asText()).status()).isEqualTo(200);

      assertThat(api.delete("/api/views/" + view.get("id").asLong()).status()).isEqualTo(204);
      assertThat(api.get("/api/views/" + view.get("id").asLong()).status()).isEqualTo(404);
      assertThat(api.get("/views/" + view.get("id").asLong()).status()).isEqualTo(404);
      assertThat(api.post("/api/views", "{\"name\": \"next\", \"query\": \"\"}").json().get("id").asLong())
          .as("an id is never given twice: a shared link never opens another view")
          .isGreaterThan(view.get("id").asLong() + 1);
    });
  }

  @Test
  void a_wrong_view_is_refused_naming_why_and_saves_nothing() {
    api(api -> {
      assertThat(api.post("/api/views", "{\"name\": \"Mine\", \"query\": \"priority=High\"}").status()).isEqualTo(201);
      String before = DatabaseSnapshot.of(tracker.database().ebean());
      for (String body : new String[] {
          "{\"name\": \"\", \"query\": \"\"}",
          "{\"name\": \"" + "n".repeat(61) + "\", \"query\": \"\"}",
          "{\"name\": \"bad\\u0007bell\", \"query\": \"\"}",
          "{\"name\": \"x\", \"query\": \"colour=red\"}",
          "{\"name\": \"x\", \"query\": \"status=doing\"}",
          "{\"name\": \"x\", \"query\": \"phase=1,9&sort=colour\"}",
          "{\"name\": \"x\", \"query\": \"limit=100000\"}",
          "{\"name\": \"x\", \"query\": \"q=%zz\"}",
          "{\"name\": \"x\", \"query\": \"q=%ED%A0%80\"}",
          "{\"name\": \"x\"}",
          "{\"name\": \"x\", \"query\": \"q=" + "a".repeat(400) + "&label=" + "b".repeat(50) + "&label="
              + "c".repeat(50) + "&component_area=" + "d".repeat(100) + "&component_area=" + "e".repeat(100)
              + "&component_area=" + "f".repeat(100) + "&component_area=" + "g".repeat(100) + "&component_area="
              + "h".repeat(100) + "&component_area=" + "i".repeat(100) + "&component_area=" + "j".repeat(100)
              + "&component_area=" + "k".repeat(100) + "&component_area=" + "l".repeat(100) + "&component_area="
              + "m".repeat(100) + "&component_area=" + "o".repeat(100) + "&component_area=" + "p".repeat(100)
              + "&component_area=" + "q".repeat(100) + "&component_area=" + "r".repeat(100) + "\"}"}) {
        ApiClient.Reply refused = api.post("/api/views", body);
        assertThat(refused.status()).as(body).isEqualTo(422);
        assertThat(refused.json().get("errors").get(0).get("field").asText()).as(body).isIn("name", "query");
      }
      assertThat(api.post("/api/views", "{\"name\": \" MINE\\u200b \", \"query\": \"\"}").status())
          .as("the same name, spelt otherwise").isEqualTo(409);
      assertThat(api.post("/api/views", "{\"name\": \"x\", \"query\": \"\", \"shared\": true}").status()).isEqualTo(400);
      assertThat(api.delete("/api/views/999999").status()).isEqualTo(404);
      assertThat(DatabaseSnapshot.of(tracker.database().ebean())).isEqualTo(before);
    });
  }
}
