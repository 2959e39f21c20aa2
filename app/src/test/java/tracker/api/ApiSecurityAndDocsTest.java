package tracker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tracker.support.ApiTests;
import tracker.app.WebApp;

class ApiSecurityAndDocsTest extends ApiTests {

  static final String TASK = "{\"title\": \"T\", \"component_area\": \"API\", \"phase\": 1, \"source_document\": \"s\"}";

  @Test
  void with_a_token_changes_need_the_bearer_and_reads_do_not() {
    JavalinTest.test(WebApp.create(tracker, "s3cret"), (server, client) -> {
      ApiClient api = new ApiClient(server.port());
      long before = tracker.statistics().stats().totalTasks();

      ApiClient.Reply missing = api.post("/api/tasks", TASK);
      assertThat(missing.status()).isEqualTo(401);
      assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer");
      assertThat(api.post("/api/tasks", TASK, "Authorization", "Bearer nope").status()).isEqualTo(401);
      assertThat(api.delete("/api/tasks/1", "Authorization", "Basic s3cret").status()).isEqualTo(401);
      assertThat(tracker.statistics().stats().totalTasks()).isEqualTo(before);

      assertThat(api.post("/api/tasks", TASK, "Authorization", "Bearer s3cret").status()).isEqualTo(201);
      assertThat(api.get("/api/tasks").status()).isEqualTo(200);
      assertThat(api.get("/api/stats").status()).isEqualTo(200);
    });
  }

  @Test
  void without_a_token_changes_are_open() {
    JavalinTest.test(WebApp.create(tracker), (server, client) ->
        assertThat(new ApiClient(server.port()).post("/api/tasks", TASK).status()).isEqualTo(201));
  }

  @Test
  void the_openapi_document_covers_every_api_route_with_schemas() {
    JavalinTest.test(WebApp.create(tracker), (server, client) -> {
      ApiClient api = new ApiClient(server.port());
      ApiClient.Reply reply = api.get("/openapi.json");
      assertThat(reply.status()).isEqualTo(200);
      JsonNode doc = reply.json();
      List<String> routes = new ArrayList<>();
      doc.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
        if (!method.equals("parameters")) {
          routes.add(method.toUpperCase() + " " + path.getKey());
          JsonNode operation = path.getValue().get(method);
          assertThat(operation.get("responses")).as(method + " " + path.getKey()).isNotEmpty();
          if (method.equals("post") || method.equals("patch")) {
            assertThat(operation.has("requestBody")).as(method + " " + path.getKey()).isTrue();
          }
        }
      }));
      assertThat(routes).contains("GET /api/tasks", "POST /api/tasks", "GET /api/tasks/{id}", "PATCH /api/tasks/{id}",
          "DELETE /api/tasks/{id}", "POST /api/tasks/{id}/status", "GET /api/tasks/{id}/progress",
          "POST /api/tasks/{id}/progress", "GET /api/tasks/{id}/comments", "POST /api/tasks/{id}/comments",
          "POST /api/tasks/{id}/dependencies", "DELETE /api/tasks/{id}/dependencies/{depends_on_task_id}",
          "GET /api/stats");
      assertThat(Contract.INSTANCE.document().get("openapi").asText()).startsWith("3.1");
    });
  }

  @Test
  void swagger_ui_is_served_from_the_jar() {
    JavalinTest.test(WebApp.create(tracker), (server, client) -> {
      ApiClient api = new ApiClient(server.port());
      ApiClient.Reply page = api.get("/api/docs");
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.text()).contains("/webjars/swagger-ui/5.34.1/swagger-ui-bundle.js").doesNotContain("https://");
      assertThat(api.get("/webjars/swagger-ui/5.34.1/swagger-ui-bundle.js").status()).isEqualTo(200);
      assertThat(api.get("/static/swagger-init.js").text()).contains("/openapi.json");
    });
  }
}
