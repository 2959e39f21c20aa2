package tracker.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A client command's line, read by its {@link Param}s: {@code --name value} or
 * {@code --name=value}, flags alone, lists separated by commas (and the option repeated), the
 * positionals in order, and everything after {@code --} positional. Each value is converted as it
 * is read, so a wrong one is a usage error naming the option.
 */
final class Arguments {

  private final Map<String, Object> values = new HashMap<>();
  private boolean help;

  private Arguments() {}

  static Arguments read(List<Param> params, List<String> line) {
    Arguments read = new Arguments();
    Map<String, Param> options = new HashMap<>();
    List<Param> positionals = new ArrayList<>();
    for (Param param : params) {
      if (param.isPositional()) {
        positionals.add(param);
      } else {
        options.put(param.name(), param);
      }
    }
    // --help before any -- wins over every other mistake on the line
    for (String arg : line) {
      if (arg.equals("--")) {
        break;
      }
      if (isHelp(arg)) {
        read.help = true;
        return read;
      }
    }
    int position = 0;
    boolean onlyPositionals = false;
    for (int i = 0; i < line.size(); i++) {
      String arg = line.get(i);
      if (!onlyPositionals && arg.equals("--")) {
        onlyPositionals = true;
      } else if (!onlyPositionals && isOptionLike(arg)) {
        int equals = arg.indexOf('=');
        String name = equals < 0 ? arg : arg.substring(0, equals);
        Param option = options.get(name);
        if (option == null) {
          throw new UsageError("Unknown option: '" + name + "'");
        }
        String value;
        if (option.kind() == Param.Kind.FLAG) {
          value = equals < 0 ? "true" : arg.substring(equals + 1);
        } else if (equals >= 0) {
          value = arg.substring(equals + 1);
        } else if (i + 1 < line.size() && !isOptionName(options, line.get(i + 1))) {
          value = line.get(++i);
        } else {
          throw new UsageError("Missing value for option '" + name + "' (" + option.shown() + "; a value that"
              + " is itself an option's name goes as " + name + "=VALUE)");
        }
        read.put(option, value);
      } else if (position < positionals.size()) {
        read.put(positionals.get(position++), arg);
      } else {
        throw new UsageError("Unmatched argument: '" + arg + "'");
      }
    }
    for (Param param : params) {
      if (param.required() && !read.values.containsKey(param.key())) {
        throw new UsageError("Missing required " + (param.isPositional() ? "parameter" : "option") + ": '"
            + param.shown() + "'");
      }
    }
    return read;
  }

  private void put(Param param, String value) {
    if (param.kind().isList()) {
      @SuppressWarnings("unchecked")
      List<Object> list = (List<Object>) values.computeIfAbsent(param.key(), key -> new ArrayList<>());
      for (String item : value.split(",")) {
        list.add(converted(param, item.trim()));
      }
    } else if (values.put(param.key(), converted(param, value)) != null) {
      throw new UsageError("option '" + param.key() + "' should be given only once");
    }
  }

  /** Plain ASCII digits, as the server reads them: "+1", "٣" or "1e3" are usage errors here, not ids. */
  private static long plainWhole(String value) {
    Long whole = tracker.core.Numbers.whole(value);
    if (whole == null) {
      throw new NumberFormatException();
    }
    return whole;
  }

  private static Object converted(Param param, String value) {
    try {
      return switch (param.kind()) {
        case TEXT, TEXTS -> value;
        case WHOLE -> Math.toIntExact(plainWhole(value));
        case ID, IDS -> {
          long id = plainWhole(value);
          if (id < 1) { // ids count from 1: the server would only refuse it
            throw new NumberFormatException();
          }
          yield id;
        }
        case SEED -> {
          if (!value.matches("-?[0-9]{1,19}")) { // any 64-bit number, as the API takes; Long.parseLong refuses overflow
            throw new NumberFormatException();
          }
          yield Long.parseLong(value);
        }
        case DATE -> {
          try {
            tracker.core.Times.date(value);
          } catch (java.time.format.DateTimeParseException e) {
            throw new NumberFormatException();
          }
          yield value;
        }
        case DECIMAL -> {
          if (!value.matches("-?([0-9]{1,18}(\\.[0-9]{0,17})?|\\.[0-9]{1,17})")) { // ASCII digits, as typed: 2, 2.5, .5
            throw new NumberFormatException();
          }
          yield Double.parseDouble(value); // never NaN nor Infinity: they pass every range check and are not JSON
        }
        case FLAG -> {
          if (!value.equals("true") && !value.equals("false")) {
            throw new NumberFormatException();
          }
          yield Boolean.valueOf(value);
        }
      };
    } catch (NumberFormatException | ArithmeticException e) {
      String wanted = switch (param.kind()) {
        case DECIMAL -> "a number";
        case FLAG -> "true or false";
        case ID, IDS -> "an id: ids must be whole numbers from 1";
        case DATE -> "a date: dates must be like 2027-03-15";
        default -> "a whole number";
      };
      throw new UsageError("Invalid value for " + (param.isPositional() ? "" : "option ") + "'" + param.key()
          + "': '" + value + "' is not " + wanted);
    }
  }

  /** An option, not a value: starts with a dash, but is neither a lone dash (standard input, or text) nor a negative number. */
  private static boolean isOptionLike(String arg) {
    return arg.startsWith("-") && arg.length() > 1 && !Character.isDigit(arg.charAt(1)) && arg.charAt(1) != '.';
  }

  /** The next word names an option of this command (or help, or the end of options): the value was left out. */
  private static boolean isOptionName(Map<String, Param> options, String next) {
    int equals = next.indexOf('=');
    return isHelp(next) || next.equals("--") || options.containsKey(equals < 0 ? next : next.substring(0, equals));
  }

  private static boolean isHelp(String arg) {
    return arg.equals("--help") || arg.equals("-h");
  }

  boolean help() {
    return help;
  }

  String text(String key) {
    return (String) values.get(key);
  }

  Integer whole(String key) {
    return (Integer) values.get(key);
  }

  Long id(String key) {
    return (Long) values.get(key);
  }

  Long seed(String key) {
    return (Long) values.get(key);
  }

  Double decimal(String key) {
    return (Double) values.get(key);
  }

  boolean flag(String key) {
    return Boolean.TRUE.equals(values.get(key));
  }

  @SuppressWarnings("unchecked")
  <T> List<T> list(String key) {
    return (List<T>) values.get(key);
  }
}
