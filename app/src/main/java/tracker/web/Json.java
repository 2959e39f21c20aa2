package tracker.web;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import java.io.IOException;
import java.time.Instant;

/** The one JSON mapping of the contract: snake_case, ISO-8601 UTC times, strict about input. */
public final class Json {

  private Json() {}

  public static ObjectMapper mapper() {
    SimpleModule instants = new SimpleModule().addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
      @Override
      public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeString(tracker.core.Times.shown(value));
      }
    });
    // Jackson reads the strings "NaN" and "Infinity" as numbers before any coercion setting is
    // asked: text is a wrong type for a number like any other text (a 400, as "abc" is)
    com.fasterxml.jackson.databind.JsonDeserializer<Double> onlyNumbers =
        new com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer<>(Double.class) {
          @Override
          public Double deserialize(com.fasterxml.jackson.core.JsonParser p,
              com.fasterxml.jackson.databind.DeserializationContext ctxt) throws IOException {
            return p.currentToken().isNumeric() ? p.getDoubleValue() : (Double) ctxt.handleUnexpectedToken(Double.class, p);
          }
        };
    instants.addDeserializer(Double.class, onlyNumbers).addDeserializer(double.class, onlyNumbers);
    ObjectMapper mapper = JsonMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .addModule(new JavaTimeModule())
        .addModule(instants)
        .addModule(new BlackbirdModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        // A typo in a field name or a wrong type must be a 400, never silently dropped or coerced.
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        // {"title": "a", "title": "b"} is ambiguous: refused rather than read as the last one
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    // Numbers and booleans are not text, and text is not a number: "phase": "2" is a 400.
    mapper.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    return mapper;
  }
}
