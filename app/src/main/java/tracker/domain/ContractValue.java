package tracker.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** An enum whose constants are stored and serialised as the contract's exact strings. */
public interface ContractValue {

  String value();

  /** The constant for a contract string, or empty when the string is not one of them. */
  static <E extends Enum<E> & ContractValue> Optional<E> parse(Class<E> type, String text) {
    return Arrays.stream(type.getEnumConstants()).filter(c -> c.value().equals(text)).findFirst();
  }

  /** The contract strings of an enum, in declaration order. */
  static <E extends Enum<E> & ContractValue> List<String> values(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(ContractValue::value).toList();
  }
}
