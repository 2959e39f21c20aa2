package tracker.core;

import java.text.Normalizer;
import java.util.Locale;

/** Names people give things (scenarios, saved views), which must differ in more than their spelling. */
public final class Names {

  private Names() {}

  /** What makes two names the same one: case, Unicode forms, spaces around and invisible characters aside. */
  public static String sameKey(String name) {
    return Normalizer.normalize(name, Normalizer.Form.NFKC).replaceAll(UNSEEN, "").strip()
        .toLowerCase(Locale.ROOT);
  }

  /**
   * Characters that show nothing (Unicode's default-ignorable code points): format characters
   * (zero-width space, joiners), variation selectors, the Hangul fillers, the combining grapheme
   * joiner and the like.
   */
  private static final String UNSEEN = "[\\p{Cf}\\x{034F}\\x{115F}\\x{1160}\\x{17B4}\\x{17B5}\\x{180B}-\\x{180F}"
      + "\\x{3164}\\x{FE00}-\\x{FE0F}\\x{FFA0}\\x{1BCA0}-\\x{1BCA3}\\x{E0000}-\\x{E0FFF}]";

  /** Whether a text shows nothing at all: only spaces and {@link #UNSEEN} characters. */
  public static boolean invisible(String text) {
    return text.replaceAll(UNSEEN, "").isBlank();
  }
}
