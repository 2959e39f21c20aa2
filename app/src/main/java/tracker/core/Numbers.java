package tracker.core;

import java.util.regex.Pattern;

/**
 * Numbers in paths and query strings, read strictly: only the plain decimal digits JSON would
 * write. Java's parsers also take "+1", "٣" (other scripts' digits) or "1e3", so "/api/tasks/+1"
 * would read task 1 and two spellings would name one resource.
 */
public final class Numbers {

  private static final Pattern WHOLE = Pattern.compile("-?[0-9]{1,18}");
  private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]{0,17})(\\.[0-9]{1,17})?");

  private Numbers() {}

  /**
   * Hours as the tracker keeps and shows them: to the hundredth, so sums of estimates read
   * 3.9 h, not 3.9000000000000004 h.
   */
  public static double hours(double value) {
    return Math.round(value * 100.0) / 100.0;
  }

  /** Hours for people: 8, 2.5, 0.25 (no trailing zeros). */
  public static String hoursText(double value) {
    return java.math.BigDecimal.valueOf(hours(value)).stripTrailingZeros().toPlainString();
  }

  /** The whole number a text spells exactly, or null. */
  public static Long whole(String text) {
    return text != null && WHOLE.matcher(text).matches() ? Long.valueOf(text) : null;
  }

  /** The decimal number a text spells exactly ("2", "-0.5"; no exponent, no sign "+"), or null. */
  public static Double decimal(String text) {
    return text != null && DECIMAL.matcher(text).matches() ? Double.valueOf(text) : null;
  }
}
