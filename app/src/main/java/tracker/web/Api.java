package tracker.web;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import tracker.core.Numbers;
import tracker.core.FieldError;
import tracker.core.TrackerException;

/** What every JSON handler needs: strict body parsing, ids from the path, ETags, query checks. */
public final class Api {

  /** Bodies larger than this are refused with 413 (FrontDoor). */
  public static final int MAX_BODY_BYTES = 1024 * 1024;

  /** The bulk routes take a whole plan (10,000 tasks is about 2 MiB), up to this size. */
  public static final int MAX_BULK_BODY_BYTES = 32 * 1024 * 1024;

  /** The body limit of a route. */
  public static int bodyLimit(String path) {
    return path.startsWith("/api/tasks/bulk") ? MAX_BULK_BODY_BYTES : MAX_BODY_BYTES;
  }

  private static final ObjectMapper MAPPER = Json.mapper();

  private Api() {}

  /** A parsed body and the names of the fields the client actually sent (for partial updates). */
  public record Body<T>(T value, Set<String> fields) {}

  /** The JSON object in the body as a T: malformed JSON, a wrong type or an unknown field is a 400. */
  public static <T> Body<T> body(Context ctx, Class<T> type) {
    String contentType = ctx.contentType();
    if (contentType != null && !contentType.toLowerCase().matches("application/([a-z.+-]*\\+)?json\\s*(;.*)?")) {
      throw new TrackerException(415, "Unsupported media type",
          "send the body as application/json, not " + contentType, List.of());
    }
    byte[] bytes = ctx.bodyAsBytes(); // within the route's limit: FrontDoor refused a larger one
    String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    if (text.isBlank()) {
      throw TrackerException.badRequest("the request needs a JSON object body", List.of());
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      java.util.regex.Matcher twice = java.util.regex.Pattern.compile("^Duplicate field '([^']{1,100})'")
          .matcher(String.valueOf(e.getOriginalMessage()));
      throw TrackerException.badRequest("malformed JSON" + where(e), twice.find()
          ? List.of(new FieldError(twice.group(1), "is given twice; give it once")) : List.of());
    }
    if (node == null || !node.isObject()) {
      throw TrackerException.badRequest("the body must be a JSON object", List.of());
    }
    List<FieldError> nulls = new java.util.ArrayList<>();
    refuseNulls(node, type, "", nulls);
    if (!nulls.isEmpty()) {
      throw TrackerException.badRequest("null where the contract allows no null: '" + nulls.get(0).field() + "'", nulls);
    }
    Set<String> fields = new LinkedHashSet<>();
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      fields.add(names.next());
    }
    return new Body<>(fromTree(node, type), fields);
  }

  /** The fields of a request that takes none. */
  public record NoFields() {}

  /** A route whose body has no fields: nothing, or {@code {}}; anything else is a 400, as its schema says. */
  public static void emptyBody(Context ctx) {
    if (!ctx.body().isBlank()) {
      body(ctx, NoFields.class);
    }
  }

  /**
   * A JSON object as a T (a body, a tool's arguments): an unknown field or a wrong type is a 400
   * naming the field and what it must be, never the mapper's own words (class names, internals).
   */
  public static <T> T fromTree(JsonNode node, Class<T> type) {
    try {
      return MAPPER.treeToValue(node, type);
    } catch (UnrecognizedPropertyException e) {
      throw TrackerException.badRequest("unknown field '" + e.getPropertyName() + "'",
          List.of(new FieldError(e.getPropertyName(), "is not a field of this request; known fields: "
              + e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")))));
    } catch (MismatchedInputException e) {
      String field = path(e);
      String expected = e instanceof InvalidFormatException invalid
          ? invalid.getTargetType().getSimpleName() : e.getTargetType() == null ? "value" : e.getTargetType().getSimpleName();
      throw TrackerException.badRequest("wrong type for '" + field + "'",
          List.of(new FieldError(field, "must be " + describe(expected))));
    } catch (com.fasterxml.jackson.core.exc.InputCoercionException e) {
      // a number beyond what its field can hold: the parser knows where it was
      throw outOfRange(e.getProcessor() == null ? "" : path(e.getProcessor().getParsingContext()), e);
    } catch (JsonMappingException e) {
      if (e.getCause() instanceof com.fasterxml.jackson.core.exc.InputCoercionException inList) {
        throw outOfRange(path(e), inList); // an element of a list (a 20-digit id in task_ids)
      }
      throw TrackerException.badRequest("the body does not match this request" + where(e), List.of());
    } catch (JsonProcessingException e) {
      throw TrackerException.badRequest("the body does not match this request" + where(e), List.of());
    }
  }

  private static TrackerException outOfRange(String field, com.fasterxml.jackson.core.exc.InputCoercionException e) {
    String value = java.util.regex.Pattern.compile("^Numeric value \\(([-0-9]{1,40})\\)")
        .matcher(String.valueOf(e.getOriginalMessage())).results().map(found -> ": " + found.group(1))
        .findFirst().orElse("");
    return TrackerException.badRequest("number out of range for '" + field + "'",
        List.of(new FieldError(field, "is a number out of range" + value)));
  }

  /** The field a parser is at, as errors name fields: task_ids[2], depends_on[0].task_id. */
  private static String path(com.fasterxml.jackson.core.JsonStreamContext at) {
    java.util.Deque<String> parts = new java.util.ArrayDeque<>();
    for (var context = at; context != null && !context.inRoot(); context = context.getParent()) {
      parts.push(context.inArray() ? "[" + Math.max(0, context.getCurrentIndex()) + "]"
          : "." + context.getCurrentName());
    }
    String joined = String.join("", parts);
    return joined.startsWith(".") ? joined.substring(1) : joined;
  }

  /**
   * An explicit null is refused (400) unless the field is marked as clearing a value with
   * {@code @JsonSetter(nulls = Nulls.SET)}, as the contract marks it nullable; a null inside an
   * array never is. (Absent fields stay absent: only a written null is checked.)
   */
  private static void refuseNulls(JsonNode node, java.lang.reflect.Type type, String path, List<FieldError> errors) {
    Class<?> raw = type instanceof java.lang.reflect.ParameterizedType p ? (Class<?>) p.getRawType()
        : type instanceof Class<?> c ? c : Object.class;
    if (node.isArray() && List.class.isAssignableFrom(raw)) {
      java.lang.reflect.Type element = type instanceof java.lang.reflect.ParameterizedType p
          ? p.getActualTypeArguments()[0] : Object.class;
      for (int i = 0; i < node.size(); i++) {
        if (node.get(i).isNull()) {
          errors.add(new FieldError(path + "[" + i + "]", "must not be null"));
        } else {
          refuseNulls(node.get(i), element, path + "[" + i + "]", errors);
        }
      }
    } else if (node.isObject() && raw.isRecord()) {
      for (java.lang.reflect.RecordComponent component : raw.getRecordComponents()) {
        String name = SNAKE.translate(component.getName());
        JsonNode value = node.get(name);
        String field = path.isEmpty() ? name : path + "." + name;
        JsonSetter setter = component.getAccessor().getAnnotation(JsonSetter.class); // it lands on the accessor
        if (value != null && value.isNull() && (setter == null || setter.nulls() != Nulls.SET)) {
          errors.add(new FieldError(field, "must not be null (leave it out instead)"));
        } else if (value != null) {
          refuseNulls(value, component.getGenericType(), field, errors);
        }
      }
    }
  }

  private static final com.fasterxml.jackson.databind.PropertyNamingStrategies.NamingBase SNAKE =
      (com.fasterxml.jackson.databind.PropertyNamingStrategies.NamingBase)
          com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE;

  /** Where in the body a parse failed, without the parser's internals (class names, buffers). */
  private static String where(JsonProcessingException e) {
    var location = e.getLocation();
    String at = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    String message = String.valueOf(e.getOriginalMessage());
    String reason = message.startsWith("Duplicate field") ? ": a field is given twice"
        : message.contains("out of range") ? ": a number is out of range" : "";
    return at + reason;
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
  }

  private static String describe(String javaType) {
    return switch (javaType) {
      case "Integer", "int", "Long", "long" -> "an integer";
      case "Double", "double" -> "a number";
      case "Boolean", "boolean" -> "true or false";
      case "String" -> "a string";
      case "List", "ArrayList" -> "an array";
      case "Map", "LinkedHashMap" -> "an object";
      default -> "a " + javaType;
    };
  }

  /** A true/false query parameter (absent: false); anything else is a 400. */
  public static boolean flag(Context ctx, String name) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.equals("false")) {
      return false;
    }
    if (raw.equals("true")) {
      return true;
    }
    throw TrackerException.badRequest(name + " must be true or false, not " + tracker.core.Rules.quote(raw),
        List.of(new FieldError(name, "must be true or false")));
  }

  /** A positive integer path parameter; anything else is a 400. */
  public static long id(Context ctx, String name) {
    String raw = ctx.pathParam(name);
    Long id = Numbers.whole(raw);
    if (id != null && id > 0) {
      return id;
    }
    throw TrackerException.badRequest(name + " must be a positive integer, not '" + raw + "'",
        List.of(new FieldError(name, "must be a positive integer")));
  }

  /**
   * Refuses query parameters the route does not document in /openapi.json: a typo must not
   * silently widen a filter. Runs before every matched /api route.
   */
  public static void onlyDocumentedQueryParams(Context ctx) {
    if (ctx.queryString() == null) {
      return; // the common case, decided without looking anything up
    }
    var endpoint = ctx.endpoints().matchedHttpEndpoint();
    Set<String> known = endpoint == null ? null
        : OpenApiDocument.queryParameters(endpoint.method.name(), endpoint.path);
    if (known == null || ctx.queryParamMap().isEmpty()) {
      return;
    }
    Pages.refuseRepeatedQuery(ctx, OpenApiDocument.repeatableQueryParameters(endpoint.method.name(), endpoint.path));
    List<FieldError> unknown = ctx.queryParamMap().keySet().stream()
        .filter(name -> !known.contains(name))
        .map(name -> new FieldError(name, "is not a parameter of this route; known: "
            + known.stream().sorted().collect(Collectors.joining(", "))))
        .toList();
    if (!unknown.isEmpty()) {
      throw TrackerException.badRequest("unknown query parameter '" + unknown.get(0).field() + "'", unknown);
    }
  }

  /**
   * The version an {@code If-Match} header asks for, or null without one (or with {@code *}). A
   * list of tags matches when any does (RFC 9110): of several, the one that is {@code current}
   * (asked only then) is answered, else the first, which the write's own check then refuses (412).
   * A weak tag or one we never issued never matches (-1).
   */
  public static Long ifMatch(Context ctx, java.util.function.LongSupplier current) {
    // several If-Match headers are one list (RFC 9110), as if sent comma-separated in one
    String header = String.join(",", java.util.Collections.list(ctx.req().getHeaders("If-Match")));
    if (header.isBlank() || header.trim().equals("*")) {
      return null;
    }
    List<Long> tags = java.util.Arrays.stream(header.split(",")).map(String::trim).map(tag -> {
      if (!tag.matches("\"(0|[1-9][0-9]{0,17})\"")) {
        return -1L; // compared strongly, byte for byte: only a tag as we issued it ("7", not 7, "07" or W/"7") matches
      }
      return Long.parseLong(tag.substring(1, tag.length() - 1));
    }).toList();
    if (tags.size() == 1) {
      return tags.get(0);
    }
    long now = current.getAsLong();
    return tags.contains(now) ? now : tags.get(0);
  }

  public static void etag(Context ctx, long version) {
    ctx.header("ETag", "\"" + version + "\"");
  }
}
