package tracker.domain;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An enum whose constants are stored and serialised as the contract's exact strings. */
public interface ContractValue {

  String value();

  /** The constant for a contract string, or empty when the string is not one of them. */
  static <E extends Enum<E> & ContractValue> Optional<E> parse(Class<E> type, String text) {
    return text == null ? Optional.empty() : Optional.ofNullable(type.cast(Lookup.BY_VALUE.get(type).get(text)));
  }

  /** The contract strings of an enum, in declaration order. */
  static <E extends Enum<E> & ContractValue> List<String> values(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(ContractValue::value).toList();
  }

  /** Each enum's constants by contract string, built once per enum (validation runs per field). */
  final class Lookup {
    private static final ClassValue<Map<String, Object>> BY_VALUE = new ClassValue<>() {
      @Override
      protected Map<String, Object> computeValue(Class<?> type) {
        Map<String, Object> byValue = new HashMap<>();
        for (Object constant : type.getEnumConstants()) {
          byValue.put(((ContractValue) constant).value(), constant);
        }
        return Map.copyOf(byValue);
      }
    };

    private Lookup() {}
  }
}
