package tracker.client;

/**
 * One option ({@code --limit N}) or positional parameter ({@code ID}) of a client command: what
 * it takes and the line its help prints. The same description parses a command line and writes
 * its help, so the two cannot disagree.
 */
record Param(String name, String label, Kind kind, String help, boolean required) {

  /** What a value is read as; a list takes values separated by commas, and the option may repeat. */
  enum Kind {
    TEXT, WHOLE, ID, SEED, DATE, DECIMAL, FLAG, TEXTS, IDS;

    boolean isList() {
      return this == TEXTS || this == IDS;
    }
  }

  /** An option; its value is named after it in the help ({@code --worker WORKER}). */
  static Param option(String name, Kind kind, String help) {
    return new Param(name, kind == Kind.FLAG ? null : name.substring(2).toUpperCase(java.util.Locale.ROOT), kind,
        help, false);
  }

  /** A positional parameter, in the order given; always required. */
  static Param positional(String label, Kind kind, String help) {
    return new Param(null, label, kind, help, true);
  }

  Param labelled(String valueLabel) {
    return new Param(name, valueLabel, kind, help, required);
  }

  Param mandatory() {
    return new Param(name, label, kind, help, true);
  }

  boolean isPositional() {
    return name == null;
  }

  /** The key its value is kept under: the option's name, or the positional's label. */
  String key() {
    return isPositional() ? label : name;
  }

  /** As the help's first column shows it: {@code --limit LIMIT}, {@code ID}. */
  String shown() {
    return isPositional() ? label : label == null ? name : name + " " + label;
  }
}
