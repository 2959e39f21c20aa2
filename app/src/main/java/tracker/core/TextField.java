package tracker.core;

/**
 * Every free-text field a client can send, with its one limit and its kind: a line (a name, an
 * area, a worker) holds no control character at all; a paragraph (a description, a comment)
 * may hold tabs and line breaks. The API's validation, the forms, bulk, both imports and the
 * OpenAPI document's maxLength all read these (OpenApiContractTest checks the document).
 */
public enum TextField {
  TITLE("title", 500, false),
  DESCRIPTION("description", 2000, true),
  COMPONENT_AREA("component_area", 100, false),
  SOURCE_DOCUMENT("source_document", 200, false),
  SUCCESS_CRITERIA("success_criteria", 1000, true),
  PROGRESS_NOTES("notes", 1000, true),
  UPDATED_BY("updated_by", 100, false),
  COMMENT("comment", 2000, true),
  WORKER("worker", 100, false),
  AUTHOR("author", 100, false),
  IDENTITY_NAME("name", 50, false),
  SCENARIO_NAME("name", 100, false),
  VIEW_NAME("name", 60, false),
  TOKEN_NAME("name", 100, false),
  LABEL("label", 50, false),
  GROUP_NAME("name", 200, false),
  GROUP_NAME_PREFIX("name_prefix", 180, false),
  LOG_MESSAGE("message", 2000, true),
  ACTOR("X-Actor", 100, false),
  REF("ref", 100, false),
  METADATA_KEY("metadata key", 200, false),
  METADATA_TEXT("metadata text", 10_000, true),
  SEARCH("q", 500, false);

  private final String field;
  private final int maxLength;
  private final boolean multiline;

  TextField(String field, int maxLength, boolean multiline) {
    this.field = field;
    this.maxLength = maxLength;
    this.multiline = multiline;
  }

  /** The field's name in the contract's JSON. */
  public String field() {
    return field;
  }

  /** The most characters (Unicode code points) it may hold. */
  public int maxLength() {
    return maxLength;
  }

  public boolean multiline() {
    return multiline;
  }

  /**
   * What is wrong with a value's characters, or null when nothing is: a control character
   * (other than tab, line feed and carriage return in a paragraph) or half of a surrogate pair
   * cannot be stored faithfully or shown safely (a NUL ends a string in SQLite's length()); a
   * one-line value also takes no line or paragraph separator (U+2028, U+2029) and no bidi
   * embedding, override or isolate (U+202A-U+202E, U+2066-U+2069), which make a title read
   * otherwise than it is written.
   */
  public String badCharacter(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "must be valid Unicode text (half a surrogate pair at position " + (i + 1) + ")";
      } else if (Character.isISOControl(c) && !(multiline && (c == '\t' || c == '\n' || c == '\r'))
          || !multiline && (c == '\u2028' || c == '\u2029' || c >= '\u202A' && c <= '\u202E'
              || c >= '\u2066' && c <= '\u2069')) {
        // on one line, also Unicode's own line breaks and the marks that reorder what is shown after them
        return (multiline ? "must not contain control characters other than tab and line breaks"
            : "must be one line without control characters")
            + " (U+" + String.format("%04X", (int) c) + " at position " + (i + 1) + ")";
      }
    }
    return null;
  }

  /** The complaint about a value (length or characters), or null when it may be stored. */
  public String problem(String value) {
    if (value.codePointCount(0, value.length()) > maxLength) {
      return "must be at most " + maxLength + " characters, not " + value.codePointCount(0, value.length());
    }
    return badCharacter(value);
  }
}
