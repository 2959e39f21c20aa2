package tracker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.testtools.JavalinTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tracker.support.ApiTests;
import tracker.support.DatabaseSnapshot;
import tracker.tasks.TaskDraft;
import tracker.app.WebApp;

/**
 * A fuzzer that reads its cases from the OpenAPI document: for every operation a valid request,
 * then that request broken one way at a time (each field missing, null, of the wrong type, past
 * its bounds, holding control characters; unknown fields and parameters; bad path ids; bodies
 * that are not objects, repeat a key or come in another charset). Every answer must be documented
 * for its operation and match the documented schema (ApiClient checks each against the
 * contract), none may be a 5xx, and a refused request must change nothing.
 */
class ApiSpecFuzzTest extends ApiTests {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> BAD_TEXTS = List.of("\u0000starts with NUL", "bell\u0007inside", "\ud800 half",
      "esc\u001b[31m", "del\u007f", "line\nbreak");

  private final Random random = new Random(20261130);
  private JsonNode document;
  private ApiClient api;
  private int requests;

  record Case(String method, String path, String query, String contentType, String body) {}

  @Test
  void every_operation_answers_only_what_the_spec_says_and_never_a_5xx() {
    for (int i = 1; i <= 3; i++) {
      long id = tracker.tasks().create(new TaskDraft("Task " + i, "d", "API", i, null, null, null, "s", null, 2.0,
          null)).id();
      if (i > 1) {
        tracker.tasks().addDependency(id, id - 1, null);
      }
    }
    tracker.groups().create(new tracker.groups.GroupRecords.GroupDraft("G", 2, List.of(1L, 2L), Map.of()));
    document = Contract.INSTANCE.document();
    JavalinTest.test(WebApp.create(tracker), (server, http) -> {
      api = new ApiClient(server.port());
      List<Map.Entry<String, String>> operations = new ArrayList<>();
      document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
        if (!method.equals("parameters") && !path.getValue().get(method).path("x-event-stream").asBoolean()) {
          operations.add(Map.entry(method.toUpperCase(), path.getKey())); // a stream stays open: EventsTest has it
        }
      }));
      // deletions last, so the other operations meet their rows
      operations.sort(Comparator.comparing((Map.Entry<String, String> op) -> op.getKey().equals("DELETE")));
      for (Map.Entry<String, String> operation : operations) {
        fuzz(operation.getKey(), operation.getValue());
      }
    });
    System.out.println("ApiSpecFuzzTest: " + requests + " requests over " + document.get("paths").size()
        + " paths, no 5xx, every answer as documented");
    assertThat(requests).isGreaterThan(1000);
  }

  private void fuzz(String method, String template) {
    JsonNode operation = document.get("paths").get(template).get(method.toLowerCase());
    List<JsonNode> parameters = new ArrayList<>();
    operation.path("parameters").forEach(parameters::add);
    document.get("paths").get(template).path("parameters").forEach(parameters::add);
    JsonNode bodySchema = operation.path("requestBody").path("content").path("application/json").path("schema");

    String path = validPath(template);
    String query = validQuery(parameters);
    ObjectNode body = bodySchema.isMissingNode() ? null : (ObjectNode) valid(resolve(bodySchema));
    send(new Case(method, path, query, "application/json", text(body)));

    for (String badId : List.of("0", "-1", "+1", "abc", "99999999999999999999", "1.5", "%20", "%E2%9C%93", "%00")) {
      if (template.contains("{")) {
        refused(new Case(method, template.replaceAll("\\{[a-z_]+}", badId), query, "application/json", text(body)));
      }
    }
    for (JsonNode parameter : parameters) {
      if (parameter.path("in").asText().equals("query")) {
        JsonNode schema = resolve(parameter.path("schema"));
        for (String odd : List.of("", " 1", "\"", "%", "line\nbreak", "x".repeat(600))) {
          send(new Case(method, path, join(query, parameter.get("name").asText(), odd), "application/json",
              text(body)));
        }
        for (String bad : invalidQueryValues(schema)) {
          refused(new Case(method, path, join(query, parameter.get("name").asText(), bad), "application/json",
              text(body)));
        }
      }
    }
    Case unknownParameter = new Case(method, path, join(query, "no_such_parameter", "1"), "application/json",
        text(body));
    if (template.startsWith("/api/")) {
      refused(unknownParameter);
    } else {
      send(unknownParameter); // /health and /ping take a load balancer's cache-buster
    }
    if (body == null) {
      return;
    }
    JsonNode schema = resolve(bodySchema);
    mutate(method, path, query, body, schema, body, "");
    for (String broken : List.of("[]", "null", "42", "\"text\"", "{", "{\"a\":1}{", text(body) + " x")) {
      refused(new Case(method, path, query, "application/json", broken));
    }
    Case empty = new Case(method, path, query, "application/json", "");
    if (operation.path("requestBody").path("required").asBoolean()) {
      refused(empty);
    } else {
      send(empty);
    }
    refused(new Case(method, path, query, "text/plain", text(body)));
    refused(new Case(method, path, query, "application/json; charset=latin-1", text(body)));
    if (body.size() > 0) {
      String first = body.fieldNames().next();
      refused(new Case(method, path, query, "application/json", text(body).replaceFirst("\\{",
          "{\"" + first + "\": " + body.get(first) + ", ")));
    }
  }

  /** Breaks one field of {@code target} (inside {@code root}) at a time, and recurses into objects and arrays. */
  private void mutate(String method, String path, String query, ObjectNode root, JsonNode schema, ObjectNode target,
      String where) {
    JsonNode properties = schema.path("properties");
    for (Iterator<String> names = properties.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      JsonNode property = resolve(properties.get(name));
      JsonNode original = target.get(name);
      List<JsonNode> invalid = new ArrayList<>(wrongTypes(property));
      invalid.addAll(outOfBounds(property));
      if (!nullable(property)) {
        invalid.add(NODES.nullNode());
      }
      for (JsonNode variant : invalid) {
        target.set(name, variant);
        refused(new Case(method, path, query, "application/json", text(root)));
      }
      if (type(property).equals("string")) {
        for (String odd : List.of("   ", BAD_TEXTS.get(random.nextInt(BAD_TEXTS.size())), "ünï\tcode ✓")) {
          target.set(name, NODES.textNode(odd));
          send(new Case(method, path, query, "application/json", text(root)));
        }
      }
      target.remove(name);
      boolean required = false;
      for (JsonNode r : schema.path("required")) {
        required |= r.asText().equals(name);
      }
      Case missing = new Case(method, path, query, "application/json", text(root));
      if (required) {
        refused(missing);
      } else {
        send(missing);
      }
      if (original == null) {
        original = valid(property);
      }
      target.set(name, original);
      if (original.isObject() && property.has("properties")) {
        mutate(method, path, query, root, property, (ObjectNode) original, where + name + ".");
      } else if (original.isArray() && original.size() > 0 && original.get(0).isObject()) {
        mutate(method, path, query, root, resolve(property.get("items")), (ObjectNode) original.get(0),
            where + name + "[0].");
      }
    }
    target.put("no_such_field", 1);
    refused(new Case(method, path, query, "application/json", text(root)));
    target.remove("no_such_field");
  }

  private List<JsonNode> wrongTypes(JsonNode schema) {
    String type = type(schema);
    List<JsonNode> wrong = new ArrayList<>();
    if (!type.equals("string")) {
      wrong.add(NODES.textNode("1"));
    }
    if (!type.equals("integer") && !type.equals("number")) {
      wrong.add(NODES.numberNode(7));
    }
    if (!type.equals("boolean")) {
      wrong.add(NODES.booleanNode(true));
    }
    if (!type.equals("array")) {
      wrong.add(NODES.arrayNode().add(1));
    }
    if (!type.equals("object")) {
      wrong.add(NODES.objectNode().put("x", 1));
    }
    if (type.equals("integer")) {
      wrong.add(NODES.numberNode(1.5));
    }
    if (type.equals("array")) {
      wrong.add(NODES.arrayNode().addNull());
    }
    return wrong;
  }

  /** Values of the right type that the schema refuses: past a bound, not in the enum, a NUL. */
  private List<JsonNode> outOfBounds(JsonNode schema) {
    List<JsonNode> bad = new ArrayList<>();
    switch (type(schema)) {
      case "string" -> {
        if (schema.has("maxLength")) {
          bad.add(NODES.textNode("x".repeat(schema.get("maxLength").asInt() + 1)));
        }
        if (schema.has("enum")) {
          bad.add(NODES.textNode(schema.get("enum").get(0).asText().toUpperCase() + "x"));
        }
        if (schema.path("minLength").asInt(0) > 0) {
          bad.add(NODES.textNode(""));
        }
        bad.add(NODES.textNode("\u0000"));
        bad.add(NODES.textNode("a\u0000b"));
        bad.add(NODES.textNode("\ud800 half a pair"));
      }
      case "integer" -> {
        if (schema.has("minimum")) {
          bad.add(NODES.numberNode(schema.get("minimum").asLong() - 1));
        }
        if (schema.has("maximum")) {
          bad.add(NODES.numberNode(schema.get("maximum").asLong() + 1));
          bad.add(NODES.numberNode(Long.MAX_VALUE));
        }
        bad.add(NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890")));
      }
      case "number" -> {
        if (schema.has("minimum")) {
          bad.add(NODES.numberNode(schema.get("minimum").asDouble() - 0.05));
        }
        if (schema.has("maximum")) {
          bad.add(NODES.numberNode(schema.get("maximum").asDouble() + 0.05));
        }
        bad.add(NODES.numberNode(Double.POSITIVE_INFINITY));
      }
      case "array" -> {
        if (schema.path("minItems").asInt(0) > 0) {
          bad.add(NODES.arrayNode());
        }
      }
      default -> { }
    }
    return bad;
  }

  /** Query values the parameter's schema refuses. */
  private List<String> invalidQueryValues(JsonNode schema) {
    List<String> bad = new ArrayList<>(List.of("\u0000", "x\u0007y"));
    switch (type(schema)) {
      case "integer", "number" -> bad.addAll(List.of("abc", "+1", "1e3", "0x10", "\u0663", "1,5"));
      case "boolean" -> bad.addAll(List.of("yes", "1"));
      default -> { }
    }
    for (JsonNode node : outOfBounds(schema)) {
      bad.add(node.asText());
    }
    bad.remove("");
    bad.removeIf(v -> v.chars().anyMatch(c -> Character.isSurrogate((char) c))); // not expressible in a URL
    return bad;
  }

  private boolean nullable(JsonNode schema) {
    for (JsonNode t : resolve(schema).path("type")) {
      if (t.asText().equals("null")) {
        return true;
      }
    }
    return false;
  }

  /** A valid value for a schema: the first enum value, the minimum, one item, the required properties. */
  private JsonNode valid(JsonNode given) {
    JsonNode schema = resolve(given);
    if (schema.has("enum")) {
      return schema.get("enum").get(0);
    }
    switch (type(schema)) {
      case "string" -> {
        return NODES.textNode("valid");
      }
      case "integer" -> {
        return NODES.numberNode(Math.max(1, schema.path("minimum").asLong(1)));
      }
      case "number" -> {
        return NODES.numberNode(Math.max(1.0, schema.path("minimum").asDouble(1.0)));
      }
      case "boolean" -> {
        return NODES.booleanNode(true);
      }
      case "array" -> {
        ArrayNode array = NODES.arrayNode();
        array.add(valid(schema.path("items")));
        return array;
      }
      default -> {
        ObjectNode object = NODES.objectNode();
        schema.path("required").forEach(name -> object.set(name.asText(),
            valid(schema.path("properties").path(name.asText()))));
        return object;
      }
    }
  }

  private String type(JsonNode schema) {
    JsonNode type = resolve(schema).path("type");
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (!t.asText().equals("null")) {
          return t.asText();
        }
      }
    }
    return type.isMissingNode() ? (schema.has("properties") ? "object" : "string") : type.asText();
  }

  private JsonNode resolve(JsonNode schema) {
    while (schema.has("$ref")) {
      String[] parts = schema.get("$ref").asText().substring(2).split("/");
      JsonNode at = document;
      for (String part : parts) {
        at = at.get(part);
      }
      schema = at;
    }
    return schema;
  }

  private String validPath(String template) {
    return template.replace("{id}", template.startsWith("/api/groups") ? "1" : "2")
        .replace("{task_id}", "1").replace("{depends_on_task_id}", "1");
  }

  private String validQuery(List<JsonNode> parameters) {
    String query = "";
    for (JsonNode parameter : parameters) {
      if (parameter.path("in").asText().equals("query") && parameter.path("required").asBoolean()) {
        query = join(query, parameter.get("name").asText(), valid(parameter.path("schema")).asText());
      }
    }
    return query;
  }

  private static String join(String query, String name, String value) {
    String pair = URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    return query.isEmpty() ? pair : query + "&" + pair;
  }

  private static String text(JsonNode body) {
    try {
      // a half surrogate pair travels as its JSON escape (as UTF-8 it would turn into "?" on the way)
      return body == null ? null : JSON.writeValueAsString(body).replace("\ud800", "\\ud800");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A request the contract says must be refused: a 4xx that changes nothing. */
  private void refused(Case request) {
    int status = send(request);
    assertThat(status).as("%s must be refused", request).isBetween(400, 499);
  }

  /** Sends a request; answers its status (never a 5xx; a 4xx changed nothing). */
  private int send(Case request) {
    requests++;
    // a lease the fuzz took (1 s at the least) would run out under a later request, and the lease
    // sweeper, a writer of its own, would change data between that request's two snapshots
    tracker.database().ebean().sqlUpdate("update tasks set lease_expires_at = ? where lease_expires_at is not null")
        .setParameter(java.sql.Timestamp.from(java.time.Instant.now().plus(java.time.Duration.ofDays(1)))).execute();
    String before = DatabaseSnapshot.of(tracker.database().ebean());
    String target = request.path() + (request.query().isEmpty() ? "" : "?" + request.query());
    ApiClient.Reply reply = request.body() == null
        ? api.send(request.method(), target, null)
        : api.send(request.method(), target, request.body(), "Content-Type", request.contentType());
    assertThat(reply.status()).as("%s -> %s", request, reply.text()).isLessThan(500);
    if (reply.status() >= 400) {
      assertThat(DatabaseSnapshot.of(tracker.database().ebean())).as("%s changed data", request).isEqualTo(before);
    }
    return reply.status();
  }
}
