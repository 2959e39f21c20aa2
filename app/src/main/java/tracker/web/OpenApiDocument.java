package tracker.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The OpenAPI document as served: {@code openapi.json} from the jar, plus the answers every
 * operation can get before its handler runs ({@link FrontDoor}, Jetty), written once here
 * instead of on each of the operations by hand.
 */
public final class OpenApiDocument {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** Answers any request can get, whatever its route. */
  private static final Map<String, String> EVERY_REQUEST = Map.of(
      "400", "a malformed request line, URI, header or parameter",
      "414", "the URI is too long",
      "421", "a Host name this loopback server does not answer to (see --allowed-hosts)",
      "431", "the request headers are too large");

  /** Answers a request with a body can get besides. */
  private static final Map<String, String> WITH_A_BODY = Map.of(
      "408", "the body arrived slower than the minimum rate",
      "413", "the body is over the route's limit",
      "415", "the body is not UTF-8 JSON");

  private static final ObjectNode DOCUMENT = build(); // after the maps it reads
  private static final String JSON = DOCUMENT.toString();

  /** The query parameters of each operation, by "METHOD /path/{template}". */
  private static final Map<String, Set<String>> QUERY_PARAMETERS = queryParameters(DOCUMENT, false);
  private static final Map<String, Set<String>> REPEATABLE_PARAMETERS = queryParameters(DOCUMENT, true);

  private OpenApiDocument() {}

  /** The document's text. */
  public static String json() {
    return JSON;
  }

  /** The query parameters an operation documents (null for an undocumented operation). */
  public static Set<String> queryParameters(String method, String template) {
    return QUERY_PARAMETERS.get(method + " " + template);
  }

  /** The query parameters of an operation that take several values (an array, given once per value). */
  public static Set<String> repeatableQueryParameters(String method, String template) {
    return REPEATABLE_PARAMETERS.getOrDefault(method + " " + template, Set.of());
  }

  /** Each operation's query parameters, or only those documented as arrays. */
  private static Map<String, Set<String>> queryParameters(JsonNode document, boolean onlyArrays) {
    Map<String, Set<String>> byOperation = new HashMap<>();
    document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
      if (!op.getKey().equals("parameters")) {
        Set<String> names = new TreeSet<>();
        for (JsonNode parameters : List.of(op.getValue().path("parameters"), path.getValue().path("parameters"))) {
          parameters.forEach(p -> {
            if (p.path("in").asText().equals("query")
                && (!onlyArrays || p.path("schema").path("type").asText().equals("array"))) {
              names.add(p.get("name").asText());
            }
          });
        }
        byOperation.put(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), Set.copyOf(names));
      }
    }));
    return Map.copyOf(byOperation);
  }

  private static ObjectNode build() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream("/openapi.json")) {
      if (in == null) {
        throw new IOException("the jar lacks /openapi.json");
      }
      ObjectNode document = (ObjectNode) MAPPER.readTree(in);
      for (Iterator<JsonNode> paths = document.get("paths").elements(); paths.hasNext(); ) {
        for (Iterator<Map.Entry<String, JsonNode>> ops = paths.next().fields(); ops.hasNext(); ) {
          Map.Entry<String, JsonNode> op = ops.next();
          if (op.getKey().equals("parameters")) {
            continue;
          }
          ObjectNode answers = (ObjectNode) op.getValue().get("responses");
          EVERY_REQUEST.forEach((status, why) -> refusal(answers, status, why));
          if (op.getValue().has("requestBody") || !op.getKey().equals("get")) {
            WITH_A_BODY.forEach((status, why) -> refusal(answers, status, why));
          }
          if (answers.has("401")) {
            refusal(answers, "429", "too many wrong tokens from this address lately; see Retry-After");
          }
        }
      }
      return document;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void refusal(ObjectNode answers, String status, String why) {
    if (!answers.has(status)) {
      answers.putObject(status).put("description", why).putObject("content").putObject("application/problem+json")
          .putObject("schema").put("$ref", "#/components/schemas/Problem");
    }
  }
}
