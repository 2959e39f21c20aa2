package tracker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tracker.web.OpenApiDocument;

/** The OpenAPI document as a test oracle: every response a test sees must match its documented schema. */
public final class Contract {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  public static final Contract INSTANCE = new Contract();

  private final JsonNode document;
  private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

  private Contract() {
    try {
      String text = OpenApiDocument.json();
      SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(text, null, null);
      if (parsed.getOpenAPI() == null || (parsed.getMessages() != null && !parsed.getMessages().isEmpty())) {
        throw new IllegalStateException("openapi.json does not parse cleanly: " + parsed.getMessages());
      }
      document = MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public JsonNode document() {
    return document;
  }

  /** The documented path template a concrete path matches, e.g. /api/tasks/{id} for /api/tasks/7; null if none. */
  public String template(String path) {
    if (document.get("paths").has(path)) {
      return path; // a literal route wins over a template, as in the router
    }
    for (Iterator<String> it = document.get("paths").fieldNames(); it.hasNext(); ) {
      String template = it.next();
      String regex = Pattern.quote(template).replaceAll("\\{[a-z_]+}", "\\\\E[^/]+\\\\Q");
      if (path.matches(regex)) {
        return template;
      }
    }
    return null;
  }

  /** Fails unless the status is documented for the operation and the body matches its schema. */
  public void check(String method, String pathWithQuery, int status, String contentType, String body) {
    String path = pathWithQuery.split("\\?")[0];
    String template = template(path);
    if (template == null) {
      assertThat(status).as("an undocumented route %s", path).isEqualTo(404);
      assertThat(contentType).startsWith("application/problem+json");
      return;
    }
    JsonNode operation = document.get("paths").get(template).get(method.toLowerCase());
    if (operation == null && !method.equals("HEAD")) {
      assertThat(status).as("%s on %s, which documents no such method", method, template).isEqualTo(405);
      assertThat(contentType).startsWith("application/problem+json");
      return;
    }
    if (operation == null) {
      operation = document.get("paths").get(template).get("get");
    }
    assertThat(operation).as("%s %s is documented", method, template).isNotNull();
    JsonNode response = operation.get("responses").get(String.valueOf(status));
    assertThat(response).as("%s %s documents status %d (body %s)", method, template, status, body).isNotNull();
    JsonNode content = response.get("content");
    if (content == null) {
      assertThat(body).as("%s %s %d has no body", method, template, status).isEmpty();
      return;
    }
    String mediaType = content.fieldNames().next();
    assertThat(contentType).as("content type of %s %s %d", method, template, status).startsWith(mediaType);
    String key = method + " " + template + " " + status;
    Schema schema = schemas.computeIfAbsent(key, k -> compile(content.get(mediaType).get("schema")));
    List<Error> errors = schema.validate(body, InputFormat.JSON);
    assertThat(errors).as("%s %s %d body %s", method, template, status, body).isEmpty();
  }

  private Schema compile(JsonNode responseSchema) {
    ObjectNode schema = MAPPER.createObjectNode();
    schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    schema.setAll((ObjectNode) responseSchema.deepCopy());
    schema.set("components", document.get("components"));
    return registry.getSchema(schema.toString(), InputFormat.JSON);
  }
}
